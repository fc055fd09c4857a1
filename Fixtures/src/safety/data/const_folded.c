/*
 * safety-data case: const_folded
 * change:   a scalar const: static const int limit = 5  ->  = 6 (no "used" attribute)
 * verdict:  gcc: unsafe: with -fno-toplevel-reorder gcc keeps limit as a named object in
 *           .rodata even though cap() uses the folded constant;
 *           clang: safe: clang folds limit into cap() and emits no symbol at all
 * entity:   variable limit
 * kind:     initializer   old: 5   new: 6
 * rule:     gcc: R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           clang: there is no data symbol on either side; cap() is a changed function,
 *           which klp-diff patches.
 */
#define noinline __attribute__((noinline))

#ifdef PATCHED
static const int limit = 6;
#else
static const int limit = 5;
#endif

noinline int cap(int v)
{
	return v > limit ? limit : v;
}
