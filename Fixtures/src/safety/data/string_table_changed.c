/*
 * safety-data case: string_table_changed
 * change:   one string of a const table of string pointers: names[1] "read"  ->  "recv"
 *           (same length: the relocation addends stay, only the pointed-to text changes).
 *           "used" keeps clang (PIE by default) from replacing names[] by a relative lookup
 *           table "reltable.op_name" of PC-relative entries (see README.md).
 * verdict:  unsafe
 * entity:   variable names
 * kind:     initializer   at: [1]   old: "read"   new: "recv"
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           A relocation into a string section (SHF_STRINGS) is hashed as the string it
 *           points to, not as symbol and addend (klp-checksum.c checksum_update_object()).
 */
#define noinline __attribute__((noinline))

#ifdef PATCHED
static const char *const names[3] __attribute__((used)) = { "open", "recv", "close" };
#else
static const char *const names[3] __attribute__((used)) = { "open", "read", "close" };
#endif

noinline const char *op_name(unsigned int op)
{
	return names[op % 3];
}
