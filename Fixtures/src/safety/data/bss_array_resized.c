/*
 * safety-data case: bss_array_resized
 * change:   a zero-initialized (.bss) array grows: static char scratch[64]  ->  scratch[128]
 * verdict:  unsafe
 * entity:   variable scratch
 * kind:     size   old: 64   new: 128   (bytes)
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           .bss has no bytes in the object: the checksum is the size alone, and it changes.
 */
#define noinline __attribute__((noinline))

#ifdef PATCHED
static char scratch[128] __attribute__((used));
#else
static char scratch[64] __attribute__((used));
#endif

noinline void scratch_put(unsigned int i, char c)
{
	scratch[i % sizeof(scratch)] = c;
}
