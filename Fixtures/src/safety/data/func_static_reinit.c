/*
 * safety-data case: func_static_reinit
 * change:   a function static's initializer: conn_open() { static int opened = 0; }  ->  = 5
 *           (it moves from .bss to .data)
 * verdict:  unsafe
 * entity:   variable conn_open::opened   (gcc symbol opened.N, clang conn_open.opened)
 * kind:     initializer   old: 0   new: 5
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           The original is NOBITS (size hashed only), the patched one has bytes: the
 *           checksums differ.
 */
#define noinline __attribute__((noinline))

noinline int conn_open(int fd)
{
#ifdef PATCHED
	static int opened __attribute__((used)) = 5;
#else
	static int opened __attribute__((used)) = 0;
#endif
	opened++;
	return fd + opened;
}
