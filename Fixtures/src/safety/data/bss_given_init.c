/*
 * safety-data case: bss_given_init
 * change:   a zero-initialized static gets an initializer: static int retries;  ->  = 3;
 *           (it moves from .bss to .data)
 * verdict:  unsafe
 * entity:   variable retries
 * kind:     initializer   old: 0   new: 3
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           The original is NOBITS (size hashed only), the patched one has bytes.
 */
#define noinline __attribute__((noinline))

#ifdef PATCHED
static int retries __attribute__((used)) = 3;
#else
static int retries __attribute__((used));
#endif

noinline int retries_left(int done)
{
	return retries - done;
}
