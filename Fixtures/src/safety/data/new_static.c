/*
 * safety-data case: new_static
 * change:   the fix adds a file static, static int drops = 7, used by conn_drop()
 * verdict:  safe
 * entity:   variable drops (new: not a finding)
 * kind:     -
 * rule:     R2 new data: mark_changed_functions() only checks original symbols that have a twin; a
 *           symbol only in the patched object is new and the patch module carries it
 *           (klp-diff.c clone_symbol(), klp_reloc_needed()).
 */
#define noinline __attribute__((noinline))

#ifdef PATCHED
static int drops __attribute__((used)) = 7;
#endif

noinline int conn_drop(int fd)
{
#ifdef PATCHED
	drops++;
#endif
	return -fd;
}
