typedef unsigned short u16;
typedef unsigned short __be16;
typedef unsigned char u8;
typedef unsigned int u32;

struct an_arrays {
	int count;
	struct {
		u16 id;
		__be16 proto;
	} vlan[2];
	union {
		u32 word;
		u8 bytes[4];
	} regs[3];
	enum {
		ST_IDLE,
		ST_RUN = 5,
		ST_DONE,
	} state;
	enum {
		LS_A,
		LS_B,
	} link_state:1;
	unsigned int flags:3;
	struct {
		int a;
		long b;
	} *ptr;
	union {
		int i;
		float f;
	} *uptr;
	enum { E_ONE = 1, E_TWO } *eptr;
	struct {
		struct {
			char c;
			enum { DEEP_X, DEEP_Y } kind;
		} inner[2];
	} outer;
};

struct an_nested_attrs {
	char c;
	struct {
		long x;
		char y;
	} __attribute__((aligned(16))) al;
	struct {
		char p;
		int q;
	} __attribute__((packed)) pk;
	union {
		int u;
		char v;
	} __attribute__((aligned(8))) ua;
	struct {
		char m;
		long n;
	} __attribute__((packed, aligned(4))) pa;
};

struct fnptr_quals {
	int (*cb1)(const unsigned char *p, unsigned int len);
	void (*cb2)(const int gfp, volatile long *v, const char *const *names);
	const char *(*cb3)(struct an_arrays *const a);
};
struct an_arrays g_an_arrays;
struct an_nested_attrs g_an_nested_attrs;
struct fnptr_quals g_fnptr_quals;
