/*
 * safety-data case: func_static_resized
 * change:   a function static array grows: record_latency() { static unsigned int hist[4]; }
 *           ->  hist[8]
 * verdict:  unsafe
 * entity:   variable record_latency::hist   (gcc hist.N, clang record_latency.hist)
 * kind:     size   old: 16   new: 32   (bytes)
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           The size is the first thing checksum_update_object() hashes.
 */
#define noinline __attribute__((noinline))

noinline unsigned int record_latency(unsigned int us)
{
#ifdef PATCHED
	static unsigned int hist[8] __attribute__((used));
#else
	static unsigned int hist[4] __attribute__((used));
#endif
	unsigned int slot = us % (sizeof(hist) / sizeof(hist[0]));

	return ++hist[slot];
}
