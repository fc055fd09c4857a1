/*
 * safety-data case: func_static_removed
 * change:   conn_reset() drops its function static and every use of it:
 *           static int resets; resets++;  ->  (gone)
 * verdict:  warning
 * entity:   variable conn_reset::resets (only in the original)
 * kind:     removed
 * rule:     R4 no correlation: klp-diff correlate_symbols() warns "no correlation: <symbol>"
 *           for an original symbol left without a twin (tools/objtool/klp-diff.c); it is
 *           not an error. kpatch doc/patch-author-guide.md, "Removing references to static
 *           local variables": such a patch fails unless a reference to the static is kept.
 */
#define noinline __attribute__((noinline))

noinline int conn_reset(int fd)
{
#ifndef PATCHED
	static int resets __attribute__((used));

	resets++;
#endif
	return fd * 2;
}
