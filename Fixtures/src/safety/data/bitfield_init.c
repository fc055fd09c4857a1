/*
 * safety-data case: bitfield_init
 * change:   one bit field of a struct-typed static: lf.level 5  ->  9
 * verdict:  unsafe
 * entity:   variable lf
 * kind:     initializer   at: .level   old: 5   new: 9
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           level occupies bits 3..6 of the first word on little-endian targets and a
 *           different bit range on big-endian s390x: the value must be read with the
 *           member's DWARF bit offset and size in the target's byte order.
 */
#define noinline __attribute__((noinline))

struct link_flags {
	unsigned int mode : 3;
	unsigned int level : 4;
	unsigned int up : 1;
	unsigned int speed : 8;
};

static struct link_flags lf __attribute__((used)) = {
	.mode = 2,
#ifdef PATCHED
	.level = 9,
#else
	.level = 5,
#endif
	.up = 1,
	.speed = 100,
};

noinline unsigned int link_level(void)
{
	return lf.level + lf.mode;
}
