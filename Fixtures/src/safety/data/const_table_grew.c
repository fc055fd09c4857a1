/*
 * safety-data case: const_table_grew
 * change:   the const table small[3] grows to small[5]; codes[5], declared after it, is
 *           unchanged but moves within .rodata (not with -fdata-sections)
 * verdict:  unsafe (small); codes must not be reported
 * entity:   variable small (size); variable codes (unchanged, moved)
 * kind:     size   old: 12   new: 20   (bytes)
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           Sizes avoid 16 and 32 bytes, so clang keeps both in .rodata (not .rodata.cstN).
 */
#define noinline __attribute__((noinline))

#ifdef PATCHED
static const int small[5] = { 1, 2, 3, 4, 5 };
#else
static const int small[3] = { 1, 2, 3 };
#endif
static const int codes[5] = { 100, 200, 300, 400, 500 };

noinline int lookup(unsigned int i)
{
	return small[i % (sizeof(small) / sizeof(small[0]))] + codes[i % 5];
}
