/*
 * safety-data case: read_mostly_init
 * change:   a __read_mostly global's initializer: int poll_ms __read_mostly = 250  ->  = 500
 * verdict:  unsafe
 * entity:   variable poll_ms
 * kind:     initializer   old: 250   new: 500
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           R7 kpatch doc/patch-author-guide.md, '"Once" macros': kpatch-build disallows
 *           any change to the .data..read_mostly section.
 */
#define noinline __attribute__((noinline))
#define __read_mostly __attribute__((__section__(".data..read_mostly")))

#ifdef PATCHED
int poll_ms __read_mostly = 500;
#else
int poll_ms __read_mostly = 250;
#endif

noinline int poll_due(int elapsed)
{
	return elapsed >= poll_ms;
}
