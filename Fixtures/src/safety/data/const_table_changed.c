/*
 * safety-data case: const_table_changed
 * change:   one element of a const table: ports[3] 80  ->  8080
 * verdict:  unsafe
 * entity:   variable ports
 * kind:     initializer   at: [3]   old: 80   new: 8080
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           A named object in .rodata is correlated like any other (klp-diff.c
 *           is_anonymous_rodata() exempts only non-OBJECT symbols and .rodata.cst*).
 *           12 bytes: no compiler puts it in a .rodata.cstN section.
 */
#define noinline __attribute__((noinline))

#ifdef PATCHED
static const unsigned short ports[6] = { 21, 22, 25, 8080, 443, 993 };
#else
static const unsigned short ports[6] = { 21, 22, 25, 80, 443, 993 };
#endif

noinline unsigned short port_at(unsigned int i)
{
	return ports[i % 6];
}
