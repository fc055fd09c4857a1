struct fx_flex {
	int n;
	char data[];
};

struct fx_zero {
	int n;
	char data[0];
};

struct fx_inner_zero {
	struct fx_zero z;
	long tail;
};

struct fx_nested_flex {
	int len;
	struct {
		int k;
		char v[0];
	} pair;
	long last[0];
};

struct fx_packed_flex {
	char a;
	int b;
	char c[];
} __attribute__((packed));

/* a zero-length array as the only member, and in a union: pahole keeps [0] */
struct fx_only_zero {
	char marker[0];
};

union fx_union_zero {
	int n;
	char bytes[0];
};

struct fx_zero_mid {
	int a;
	char mark[0];
	int b;
};

struct fx_flex g_fx_flex;
struct fx_zero g_fx_zero;
struct fx_inner_zero g_fx_inner_zero;
struct fx_nested_flex g_fx_nested_flex;
struct fx_packed_flex g_fx_packed_flex;
struct fx_only_zero g_fx_only_zero;
union fx_union_zero g_fx_union_zero;
struct fx_zero_mid g_fx_zero_mid;
