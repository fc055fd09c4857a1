/*
 * safety-data case: data_ptr_retarget
 * change:   a data pointer is retargeted: static int *pool = &pool_a  ->  = &pool_b
 * verdict:  unsafe
 * entity:   variable pool
 * kind:     initializer   old: &pool_a   new: &pool_b
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
 *           The pointer's bytes are 0 on both sides (RELA): only the relocation differs.
 *           Without -fdata-sections, gcc's is .bss+0 against .bss+4; clang swaps pool_a and
 *           pool_b in .bss, so its relocation is .bss+0 on both sides and only resolving
 *           it to pool_a / pool_b shows the change.
 */
#define noinline __attribute__((noinline))

static int pool_a __attribute__((used));
static int pool_b __attribute__((used));
#ifdef PATCHED
static int *pool __attribute__((used)) = &pool_b;
#else
static int *pool __attribute__((used)) = &pool_a;
#endif

noinline void pool_add(int n)
{
	*pool += n;
}
