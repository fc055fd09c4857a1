/*
 * safety-data case: func_static_same_name
 * change:   two functions each have "static int calls"; only stat_tx's initializer changes:
 *           stat_tx() { static int calls = 2; }  ->  = 3
 * verdict:  unsafe
 * entity:   variable stat_tx::calls (reported); stat_rx::calls unchanged (not reported)
 *           gcc names both calls.N, clang stat_rx.calls and stat_tx.calls
 * kind:     initializer   old: 2   new: 3
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           R5 pairing: klp-diff correlate_symbols()/find_twin() match function statics by
 *           demangled name (gcc's .N suffix dropped, elf.c demangle_name()), then scope, file
 *           and checksum, then position (find_twin_positional()); klp-layout pairs them by
 *           function and name from DWARF (issue #25). Both give the pairs named here.
 */
#define noinline __attribute__((noinline))

noinline int stat_rx(int n)
{
	static int calls __attribute__((used)) = 1;

	calls += n;
	return calls;
}

noinline int stat_tx(int n)
{
#ifdef PATCHED
	static int calls __attribute__((used)) = 3;
#else
	static int calls __attribute__((used)) = 2;
#endif
	calls += n;
	return calls;
}
