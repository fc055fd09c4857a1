/* klp-layout fixture: anonymous struct/union members.  SPDX-License-Identifier: MIT */
#define USED __attribute__((used))

struct an_simple {
	int kind;
	union {
		int ival;
		float fval;
		void *pval;
	};
	char trailer;
};

struct an_struct_in_union {
	union {
		struct {
			unsigned short lo;
			unsigned short hi;
		};
		unsigned int word;
	};
	long after;
};

/* Several levels of anonymous nesting. */
struct an_deep {
	char head;
	union {
		struct {
			int a;
			union {
				struct {
					char b1;
					short b2;
				};
				long b;
			};
		};
		struct {
			double x;
			struct {
				char y1;
				int y2;
			};
		};
	};
	union {
		unsigned int flags;
		struct {
			unsigned int f_read:1;
			unsigned int f_write:1;
			unsigned int f_exec:1;
		};
	};
	char tail;
};

/* Anonymous members mixed with named nested aggregates. */
struct an_mixed {
	struct {
		int x, y;
	} pos;
	union {
		struct {
			int w, h;
		};
		long long area_key;
	};
	struct {
		char label[5];
		union {
			short code;
			char pair[2];
		};
	} meta;
};

USED struct an_simple g_an_simple;
USED struct an_struct_in_union g_an_struct_in_union;
USED struct an_deep g_an_deep;
USED struct an_mixed g_an_mixed;
