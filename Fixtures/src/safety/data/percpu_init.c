/*
 * safety-data case: percpu_init
 * change:   a per-cpu variable's initializer: DEFINE_PER_CPU(int, cpu_quota) = 100  ->  = 200
 *           (section .data..percpu, as the kernel's DEFINE_PER_CPU places it)
 * verdict:  unsafe
 * entity:   variable cpu_quota
 * kind:     initializer   old: 100   new: 200
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           klp-diff has no exemption for .data..percpu (is_special_section() and
 *           dont_correlate() do not name it). Each CPU's copy was made from the original
 *           image at boot.
 */
#define noinline __attribute__((noinline))
/* the shape of include/linux/percpu-defs.h DEFINE_PER_CPU(), without kernel headers */
#define DEFINE_PER_CPU(type, name) \
	__attribute__((section(".data..percpu"))) __typeof__(type) name

#ifdef PATCHED
DEFINE_PER_CPU(int, cpu_quota) = 200;
#else
DEFINE_PER_CPU(int, cpu_quota) = 100;
#endif

noinline int quota_left(int used)
{
	return cpu_quota - used;
}
