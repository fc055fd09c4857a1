/*
 * safety-data case: func_static_retyped
 * change:   a function static's type: conn_open() { static int opened; }  ->  static long opened;
 * verdict:  unsafe
 * entity:   variable conn_open::opened   (gcc symbol opened.N, clang conn_open.opened)
 * kind:     type   old: int   new: long int (gcc's DWARF name; clang's is long)
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           Here the size changes (4 -> 8 bytes; in .bss only the size is hashed).
 *           kpatch guide "Removing references to static local variables": a function
 *           static is a global variable the patched function must keep using.
 */
#define noinline __attribute__((noinline))

noinline int conn_open(int fd)
{
#ifdef PATCHED
	static long opened __attribute__((used));
#else
	static int opened __attribute__((used));
#endif
	opened++;
	return fd + (int)opened;
}
