/*
 * safety-data case: func_ptr_text_offset
 * change:   code only: prepare(), placed before op_a/op_b/op_c in .text, grows; the
 *           table ops[] that points to them is unchanged
 * verdict:  safe
 * entity:   variable ops (unchanged: must not be reported)
 * kind:     -
 * rule:     Each relocation inside the object is hashed as the target symbol's name and
 *           addend; a relocation against a section symbol is first resolved to the symbol
 *           containing the addend (find_symbol_containing()), with the addend made relative
 *           to it (klp-checksum.c checksum_update_object()).
 *           Without -ffunction-sections the entries are .text+offset relocations whose
 *           addends move with op_a/op_b/op_c; resolved, they are op_a+0, op_b+0, op_c+0 on
 *           both sides: same checksum, no "changed data".
 */
#define noinline __attribute__((noinline))

extern void sink(int v);

noinline int prepare(int fd)
{
	int r = fd * 3;

#ifdef PATCHED
	if (r > 1000) {
		sink(r);
		sink(r + 1);
		sink(r + 2);
		sink(r + 3);
		r = 1000;
	}
#endif
	return r;
}

static noinline void op_a(int fd)
{
	sink(fd + 1);
}

static noinline void op_b(int fd)
{
	sink(fd + 2);
}

static noinline void op_c(int fd)
{
	sink(fd + 3);
}

static void (*const ops[3])(int) = { op_a, op_b, op_c };

noinline void run_op(unsigned int op, int fd)
{
	ops[op % 3](prepare(fd));
}
