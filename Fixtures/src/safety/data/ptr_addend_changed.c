/*
 * safety-data case: ptr_addend_changed
 * change:   a pointer into an array moves one element on: static int *cursor = &slots[1]
 *           ->  = &slots[2]  (same target symbol, addend 4 -> 8)
 * verdict:  unsafe
 * entity:   variable cursor
 * kind:     initializer   old: &slots+4   new: &slots+8
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           Each relocation inside the object is hashed as the target symbol's name and
 *           addend; a relocation against a section symbol is first resolved to the symbol
 *           containing the addend (find_symbol_containing()), with the addend made relative
 *           to it (klp-checksum.c checksum_update_object()).
 */
#define noinline __attribute__((noinline))

static int slots[4] __attribute__((used));
#ifdef PATCHED
static int *cursor __attribute__((used)) = &slots[2];
#else
static int *cursor __attribute__((used)) = &slots[1];
#endif

noinline int cursor_next(void)
{
	return ++*cursor;
}
