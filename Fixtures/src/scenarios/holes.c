/* klp-layout fixture: holes and padding.  SPDX-License-Identifier: MIT */
#define USED __attribute__((used))

/* 3-byte hole after 'a', 4-byte hole after 'b' on LP64. */
struct hole_basic {
	char a;
	int b;
	long c;
	char d;
	/* tail padding follows 'd' */
};

/* Only tail padding, no interior holes. */
struct hole_tail {
	long x;
	short y;
	char z;
};

/* No holes at all (reference). */
struct hole_none {
	int a;
	int b;
	long c;
};

/* Nested struct that itself has padding, followed by a small member. */
struct hole_inner {
	short s;
	double d;
	char c;
};

struct hole_nested {
	char tag;
	struct hole_inner inner;
	char after;
	struct hole_inner pair[2];
	short last;
};

/* > 64 bytes, members straddle the 64-byte cacheline boundary. */
struct hole_cacheline {
	char head;
	long words[6];
	char mid;          /* at offset 56 */
	int straddle[3];   /* 60..72: crosses the first cacheline boundary */
	char gap;
	double tail[5];
	char end;
};

/* Pointer-heavy struct with holes between pointers and small ints. */
struct hole_ptrs {
	void *p;
	char flag;
	const char *name;
	short id;
	int *values;
	unsigned char kind;
};

USED struct hole_basic g_hole_basic;
USED struct hole_tail g_hole_tail;
USED struct hole_none g_hole_none;
USED struct hole_inner g_hole_inner;
USED struct hole_nested g_hole_nested;
USED struct hole_cacheline g_hole_cacheline;
USED struct hole_ptrs g_hole_ptrs;
