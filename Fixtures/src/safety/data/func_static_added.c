/*
 * safety-data case: func_static_added
 * change:   conn_open() gains a function static: static int failures;
 *           (with gcc, failures.1 takes .bss+0 and the unchanged opened.0 moves to .bss+4;
 *           func_static_renumbered is the case where the suffixes shift)
 * verdict:  safe
 * entity:   variable conn_open::failures is new (not a finding); conn_open::opened is
 *           unchanged and must not be reported
 * kind:     -
 * rule:     R2 new data: mark_changed_functions() only checks original symbols that have a twin; a
 *           symbol only in the patched object is new and the patch module carries it
 *           (klp-diff.c clone_symbol(), klp_reloc_needed()).
 *           R5 pairing: klp-diff correlate_symbols()/find_twin() match function statics by
 *           demangled name (gcc's .N suffix dropped, elf.c demangle_name()), then scope, file
 *           and checksum, then position (find_twin_positional()); klp-layout pairs them by
 *           function and name from DWARF (issue #25). Both give the pairs named here.
 */
#define noinline __attribute__((noinline))

noinline int conn_open(int fd)
{
	static int opened __attribute__((used));
#ifdef PATCHED
	static int failures __attribute__((used));

	if (fd < 0)
		return ++failures;
#endif
	return ++opened + fd;
}
