/*
 * safety-data case: func_static_renumbered
 * change:   a new function stat_err() with its own "static int count" is added after
 *           stat_rx() and stat_tx(), which keep theirs unchanged. gcc 12 numbers function
 *           statics from the end of the file, so the existing count.N symbols are renamed:
 *           stat_rx's count.1 -> count.2, stat_tx's count.0 -> count.1, and the new
 *           stat_err's static takes count.0, stat_tx's old name. Pairing by suffix would
 *           compare stat_tx's 2 with stat_err's 3 and report a change that is not there.
 * verdict:  safe
 * entity:   variable stat_rx::count and stat_tx::count unchanged (not reported);
 *           stat_err::count is new (not a finding)
 * kind:     -
 * rule:     R5 pairing: klp-diff correlate_symbols()/find_twin() match function statics by
 *           demangled name (gcc's .N suffix dropped, elf.c demangle_name()), then scope, file
 *           and checksum, then position (find_twin_positional()); klp-layout pairs them by
 *           function and name from DWARF (issue #25). Both give the pairs named here.
 *           R2 new data: mark_changed_functions() only checks original symbols that have
 *           a twin; a symbol only in the patched object is new and the patch module
 *           carries it (klp-diff.c clone_symbol(), klp_reloc_needed()).
 */
#define noinline __attribute__((noinline))

noinline int stat_rx(int n)
{
	static int count __attribute__((used)) = 1;

	count += n;
	return count;
}

noinline int stat_tx(int n)
{
	static int count __attribute__((used)) = 2;

	count += n;
	return count;
}

#ifdef PATCHED
noinline int stat_err(int n)
{
	static int count __attribute__((used)) = 3;

	count += n;
	return count;
}
#endif
