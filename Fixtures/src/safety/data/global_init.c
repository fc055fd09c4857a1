/*
 * safety-data case: global_init
 * change:   a global's initializer: int conn_timeout = 30  ->  = 60
 * verdict:  unsafe
 * entity:   variable conn_timeout
 * kind:     initializer   old: 30   new: 60
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 */
#define noinline __attribute__((noinline))

#ifdef PATCHED
int conn_timeout = 60;
#else
int conn_timeout = 30;
#endif

noinline int conn_expired(int idle)
{
	return idle > conn_timeout;
}
