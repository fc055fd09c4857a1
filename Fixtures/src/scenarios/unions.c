/* klp-layout fixture: unions.  SPDX-License-Identifier: MIT */
#define USED __attribute__((used))

union un_basic {
	char c;
	int i;
	long l;
	double d;
	unsigned char bytes[12];
};

struct un_pair {
	int lo;
	int hi;
};

/* Struct inside a union. */
union un_words {
	unsigned long long whole;
	struct un_pair halves;
	struct {
		unsigned short q0, q1, q2, q3;
	} quarters;
};

/* Union inside a struct, with a hole before it. */
struct un_holder {
	char kind;
	union un_basic value;
	union {
		void *ptr;
		unsigned long addr;
	} target;
	short count;
};

/* Union whose members contain bit fields. */
union un_bits {
	unsigned int raw;
	struct {
		unsigned int type:4;
		unsigned int len:12;
		unsigned int seq:16;
	} f;
};

/* Struct containing union containing struct containing union. */
struct un_deep {
	int id;
	union {
		struct {
			char tag;
			union {
				short s;
				float f;
			} payload;
		} small;
		struct un_pair pair;
		long big;
	} u;
};

USED union un_basic g_un_basic;
USED union un_words g_un_words;
USED struct un_holder g_un_holder;
USED union un_bits g_un_bits;
USED struct un_deep g_un_deep;
