/*
 * safety-data case: code_only_moves
 * change:   code only: check() gains a bounds check and grows, moving clamp() in .text
 * verdict:  safe (a changed function; no data changes)
 * entity:   variable limits (unchanged: must not be reported)
 * kind:     -
 * rule:     klp-diff mark_changed_functions(): a changed STT_FUNC symbol is a changed
 *           function to patch, not an error; the data objects' checksums are unchanged
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 */
#define noinline __attribute__((noinline))

extern void sink(int v);

int limits[4] = { 10, 20, 30, 40 };

noinline int check(int v)
{
#ifdef PATCHED
	if (v < 0 || v > 4096) {
		sink(v);
		return -22;
	}
#endif
	return v * 2;
}

noinline int clamp(int v)
{
	return v > limits[3] ? limits[3] : check(v);
}
