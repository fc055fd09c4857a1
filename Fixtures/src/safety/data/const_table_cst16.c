/*
 * safety-data case: const_table_cst16
 * change:   one element of a 16-byte const table: weights[2] 4  ->  5
 * verdict:  unsafe with gcc (a named object in .rodata / .rodata.weights);
 *           safe with clang, which puts weights in the mergeable .rodata.cst16 section
 * entity:   variable weights
 * kind:     initializer   at: [2]   old: 4   new: 5
 * rule:     gcc: R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           clang: R3 anonymous: klp-diff.c dont_correlate() -> is_anonymous_rodata() never
 *           correlates a symbol in .rodata.cst*; the patch module gets its own copy of the
 *           table, so no "changed data".
 */
#define noinline __attribute__((noinline))

#ifdef PATCHED
static const int weights[4] = { 1, 2, 5, 8 };
#else
static const int weights[4] = { 1, 2, 4, 8 };
#endif

noinline int weight_of(unsigned int i)
{
	return weights[i & 3];
}
