/* klp-layout fixture: flexible, zero-length and multi-dim arrays.  SPDX-License-Identifier: MIT */
#define USED __attribute__((used))

struct fx_flex {
	unsigned int len;
	char kind;
	unsigned long data[];  /* flexible array member */
};

struct fx_zero {
	short count;
	int items[0];          /* GNU zero-length array */
};

struct fx_zero_mid {
	int a;
	char marker[0];        /* zero-length array not at the end */
	int b;
};

struct fx_matrix {
	double m[3][4];
	char names[2][3][5];
	short flag;
	int cube[2][2][2];
};

struct fx_ptr_arrays {
	char *argv[4];
	int (*rows)[8];        /* pointer to array */
	struct fx_matrix mats[2];
	unsigned char last[1];
};

USED struct fx_flex g_fx_flex;
USED struct fx_zero g_fx_zero;
USED struct fx_zero_mid g_fx_zero_mid;
USED struct fx_matrix g_fx_matrix;
USED struct fx_ptr_arrays g_fx_ptr_arrays;
