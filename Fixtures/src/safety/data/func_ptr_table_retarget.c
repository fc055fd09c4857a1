/*
 * safety-data case: func_ptr_table_retarget
 * change:   one function pointer of a const table is retargeted:
 *           handlers[1] h_read  ->  h_write  (both functions exist in both builds)
 * verdict:  unsafe
 * entity:   variable handlers
 * kind:     initializer   at: [1]   old: &h_read   new: &h_write
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
 *           The handlers are static: without -ffunction-sections the relocations are
 *           .text+offset and must be resolved to h_read / h_write.
 */
#define noinline __attribute__((noinline))

extern void sink(int v);

static noinline __attribute__((used)) void h_open(int fd)
{
	sink(fd + 1);
}

static noinline __attribute__((used)) void h_read(int fd)
{
	sink(fd + 2);
}

static noinline __attribute__((used)) void h_write(int fd)
{
	sink(fd + 3);
}

static noinline __attribute__((used)) void h_close(int fd)
{
	sink(fd + 4);
}

#ifdef PATCHED
static void (*const handlers[3])(int) = { h_open, h_write, h_close };
#else
static void (*const handlers[3])(int) = { h_open, h_read, h_close };
#endif

noinline void dispatch(unsigned int op, int fd)
{
	handlers[op % 3](fd);
}
