/*
 * safety-data case: same_value_spelled
 * change:   the same initial value spelled differently: int window = 10  ->  = 5 + 5
 * verdict:  safe
 * entity:   variable window (same bytes: must not be reported)
 * kind:     -
 * rule:     checksum_update_object() hashes the object's bytes, not its source
 *           (tools/objtool/klp-checksum.c): same size and bytes, same checksum.
 */
#define noinline __attribute__((noinline))

#ifdef PATCHED
int window = 5 + 5;
#else
int window = 10;
#endif

noinline int window_left(int used)
{
	return window - used;
}
