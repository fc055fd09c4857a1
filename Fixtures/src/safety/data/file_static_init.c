/*
 * safety-data case: file_static_init
 * change:   a file static's initializer: static int max_conns = 10  ->  = 20
 * verdict:  unsafe
 * entity:   variable max_conns
 * kind:     initializer   old: 10   new: 20
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           The running kernel keeps max_conns == 10; the patched conn_allowed() is
 *           relocated to that copy and never sees 20.
 */
#define noinline __attribute__((noinline))

#ifdef PATCHED
static int max_conns __attribute__((used)) = 20;
#else
static int max_conns __attribute__((used)) = 10;
#endif

noinline int conn_allowed(int open)
{
	return open < max_conns;
}
