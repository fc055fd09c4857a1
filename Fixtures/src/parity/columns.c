/* Type-column spacing pahole derives from how it prints each kind of type: a volatile
 * type's name ends with a space (struct ip_vs_conn's `volatile unsigned long timeout`),
 * a named struct deep in nested types is padded after its keyword (struct sw_flow_key),
 * restrict-qualified parameters (struct xor_block_template). */
struct co_addr { unsigned char bytes[16]; };

struct co_conn {
	long head[3];
	volatile unsigned long timeout;
	volatile unsigned short state;
	const unsigned long limit;
};

struct co_deep {
	int kind;
	struct {
		union {
			struct {
				union {
					struct {
						struct co_addr src;
						struct co_addr dst;
					} orig;
					struct {
						struct co_addr target;
						unsigned char sll[6];
					} nd;
				};
			} ipv6;
		};
	} key;
};

struct co_xor {
	const char *name;
	void (*do_2)(unsigned long, unsigned long *__restrict, const unsigned long *__restrict);
};

struct co_conn g_co_conn;
struct co_deep g_co_deep;
struct co_xor g_co_xor;
