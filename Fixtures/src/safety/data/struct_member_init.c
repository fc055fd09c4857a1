/*
 * safety-data case: struct_member_init
 * change:   one member of a struct-typed static: cfg.timeout 30  ->  45
 * verdict:  unsafe
 * entity:   variable cfg
 * kind:     initializer   at: .timeout (offset 4)   old: 30   new: 45
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 */
#define noinline __attribute__((noinline))

struct conn_cfg {
	unsigned short port;
	int timeout;
	int retries;
};

static struct conn_cfg cfg __attribute__((used)) = {
	.port = 80,
#ifdef PATCHED
	.timeout = 45,
#else
	.timeout = 30,
#endif
	.retries = 3,
};

noinline int cfg_timeout(int scale)
{
	return cfg.timeout * scale + cfg.retries;
}
