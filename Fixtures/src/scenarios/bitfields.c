/* klp-layout fixture: bit fields.  SPDX-License-Identifier: MIT */
#define USED __attribute__((used))

enum bf_color { BF_RED, BF_GREEN, BF_BLUE, BF_ALPHA = 7 };

/* Mixed widths in one unsigned int storage unit. */
struct bf_basic {
	unsigned int a:1;
	unsigned int b:3;
	unsigned int c:7;
	unsigned int d:21;
	unsigned int e:5;      /* starts a new unit */
};

/* Signed bit fields. */
struct bf_signed {
	signed int s1:1;
	signed int s4:4;
	int s12:12;
	signed char sc:3;
	short sh:9;
	long long sll:40;
};

/* Bit fields of several underlying types. */
struct bf_types {
	unsigned char uc:2;
	unsigned short us:11;
	unsigned int ui:17;
	unsigned long long ull:33;
	_Bool flag:1;
};

/* Enum bit fields. */
struct bf_enum {
	enum bf_color color:3;
	enum bf_color shade:3;
	unsigned int rest:26;
};

/* A bit field that does not fit in the remaining bits of the unit. */
struct bf_span {
	unsigned int lo:30;
	unsigned int hi:5;        /* cannot share with lo: moves to next int */
	unsigned long long big:60;
	unsigned long long more:10; /* spills into next 64-bit unit */
};

/* Zero-width separators. */
struct bf_zero {
	unsigned int a:3;
	unsigned int :0;
	unsigned int b:3;
	unsigned char :0;
	unsigned char c:2;
	unsigned int :0;
	unsigned int d:1;
};

/* Bit holes: unnamed padding bit fields and mixed regular members. */
struct bf_holes {
	unsigned int x:4;
	unsigned int :4;          /* unnamed padding bits */
	unsigned int y:4;
	char regular;
	unsigned int z:2;
	unsigned int :6;
	unsigned int w:1;
	long after;
};

/* kobject-style trailing flags. */
struct bf_flags {
	const char *name;
	unsigned int initialized:1;
	unsigned int in_sysfs:1;
	unsigned int add_sent:1;
	unsigned int remove_sent:1;
	unsigned int suppress:1;
};

USED struct bf_basic g_bf_basic;
USED struct bf_signed g_bf_signed;
USED struct bf_types g_bf_types;
USED struct bf_enum g_bf_enum;
USED struct bf_span g_bf_span;
USED struct bf_zero g_bf_zero;
USED struct bf_holes g_bf_holes;
USED struct bf_flags g_bf_flags;
