/*
 * safety-data case: string_literal_changed
 * change:   a string literal in code: log_msg("conn %d opened\n")  ->  log_msg("conn %d up\n")
 * verdict:  safe (the function changes; no data entity does)
 * entity:   - (the literal is an anonymous .rodata.str1.* constant, not an entity);
 *           conn_count is unchanged and must not be reported
 * kind:     -
 * rule:     R3 anonymous: klp-diff.c dont_correlate() never correlates a symbol in a string
 *           section (SHF_STRINGS, is_string_sec()), a .L local label, or anonymous rodata
 *           (is_anonymous_rodata()); the patch module carries its own copy, nothing is
 *           reported.
 */
#define noinline __attribute__((noinline))

extern void log_msg(const char *fmt, int v);

int conn_count = 1;

noinline void conn_up(int id)
{
#ifdef PATCHED
	log_msg("conn %d up\n", id + conn_count);
#else
	log_msg("conn %d opened\n", id + conn_count);
#endif
}
