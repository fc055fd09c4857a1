/*
 * safety-data case: const_table_moved
 * change:   a new const table extra[3] is declared before the unchanged codes[5], which
 *           moves within .rodata (not with -fdata-sections)
 * verdict:  safe
 * entity:   variable codes (unchanged, moved: not reported); variable extra (new)
 * kind:     -
 * rule:     R2 new data: mark_changed_functions() only checks original symbols that have a twin; a
 *           symbol only in the patched object is new and the patch module carries it
 *           (klp-diff.c clone_symbol(), klp_reloc_needed()).
 *           Moving changes neither the size, the bytes nor the relocations that
 *           checksum_update_object() hashes.
 */
#define noinline __attribute__((noinline))

#ifdef PATCHED
static const int extra[3] = { 7, 8, 9 };
#endif
static const int codes[5] = { 100, 200, 300, 400, 500 };

noinline int lookup(unsigned int i)
{
	int r = codes[i % 5];

#ifdef PATCHED
	r += extra[i % 3];
#endif
	return r;
}
