/*
 * safety-data case: u64_value
 * change:   a 64-bit global's initializer: unsigned long long boot_magic = 0x100000000
 *           ->  = 0x200000001  (4294967296 -> 8589934593)
 * verdict:  unsafe
 * entity:   variable boot_magic
 * kind:     initializer   old: 4294967296   new: 8589934593
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           The printable values must be decoded in the target's byte order (s390x is
 *           big-endian) and at full width: read as 32 bits, both would look like 0 or 1.
 */
#define noinline __attribute__((noinline))

#ifdef PATCHED
unsigned long long boot_magic = 0x200000001ULL;
#else
unsigned long long boot_magic = 0x100000000ULL;
#endif

noinline int magic_ok(unsigned long long v)
{
	return v == boot_magic;
}
