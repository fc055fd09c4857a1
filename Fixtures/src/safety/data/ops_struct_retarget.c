/*
 * safety-data case: ops_struct_retarget
 * change:   one member of a const ops struct (file_operations style) is retargeted:
 *           .read = c_read  ->  .read = c_read_v2  (both global functions in both builds)
 * verdict:  unsafe
 * entity:   variable fops
 * kind:     initializer   at: .read   old: &c_read   new: &c_read_v2
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           Each relocation inside the object is hashed as the target symbol's name and
 *           addend; a relocation against a section symbol is first resolved to the symbol
 *           containing the addend (find_symbol_containing()), with the addend made relative
 *           to it (klp-checksum.c checksum_update_object()).
 *           The targets are global: the relocations name c_read / c_read_v2 directly.
 */
#define noinline __attribute__((noinline))

extern void sink(int v);

struct conn_ops {
	int (*open)(int fd);
	int (*read)(int fd);
	int (*close)(int fd);
};

noinline int c_open(int fd)
{
	sink(fd);
	return 0;
}

noinline int c_read(int fd)
{
	sink(fd + 1);
	return 1;
}

noinline int c_read_v2(int fd)
{
	sink(fd + 2);
	return 2;
}

noinline int c_close(int fd)
{
	sink(fd + 3);
	return 3;
}

static const struct conn_ops fops __attribute__((used)) = {
	.open = c_open,
#ifdef PATCHED
	.read = c_read_v2,
#else
	.read = c_read,
#endif
	.close = c_close,
};

noinline int conn_read(const struct conn_ops *ops, int fd)
{
	return (ops ? ops : &fops)->read(fd);
}
