// SPDX-License-Identifier: MIT
/*
 * klp-layout fixture for `verify`: klp relocations, in the ELF format of
 * Documentation/livepatch/module-elf-format.rst (Linux 6.1).  Linux 6.1 has no
 * klp-convert, so the relocations are made here by hand: the code that refers
 * to symbols vmlinux does not export is assembled below into .text (nothing
 * else of this module is in .text: the C functions go to .text.klp_verify),
 * and the module's own refs to livepatch_shadow_mod into .text.klp_shadow.
 * scripts/build-verify-fixtures then renames .rela.text to
 * .klp.rela.vmlinux..text and .rela.text.klp_shadow to
 * .klp.rela.livepatch_shadow_mod..text.klp_shadow, marks both
 * SHF_ALLOC | SHF_RELA_LIVEPATCH, and gives every .klp.sym.* symbol the section
 * index SHN_LIVEPATCH.  Against Debian's 6.1.0-56-amd64:
 *   .klp.sym.vmlinux.saved_command_line,0  one symbol (pass)
 *   .klp.sym.vmlinux.proc_single_open,2    two symbols, the second (pass)
 *   .klp.sym.vmlinux.load_elf_binary,0     two symbols: ambiguous (fail)
 *   .klp.sym.livepatch_shadow_mod.dummy_list,0   one symbol in the module (pass)
 *
 * Written for this project; built out-of-tree against the 6.1 amd64 headers
 * like the modules under Fixtures/modules/6.1/dwarf5 (objtool off for this
 * file: the hand-written code returns with a plain ret).  Never meant to be
 * loaded.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

asm(
	"	.pushsection .text, \"ax\", @progbits\n"
	"	.type klp_verify_saved_command_line, @function\n"
	"klp_verify_saved_command_line:\n"
	"	movq \".klp.sym.vmlinux.saved_command_line,0\"(%rip), %rax\n"
	"	ret\n"
	"	.size klp_verify_saved_command_line, .-klp_verify_saved_command_line\n"
	"	.type klp_verify_proc_single_open, @function\n"
	"klp_verify_proc_single_open:\n"
	"	leaq \".klp.sym.vmlinux.proc_single_open,2\"(%rip), %rax\n"
	"	ret\n"
	"	.size klp_verify_proc_single_open, .-klp_verify_proc_single_open\n"
	"	.type klp_verify_load_elf_binary, @function\n"
	"klp_verify_load_elf_binary:\n"
	"	leaq \".klp.sym.vmlinux.load_elf_binary,0\"(%rip), %rax\n"
	"	ret\n"
	"	.size klp_verify_load_elf_binary, .-klp_verify_load_elf_binary\n"
	"	.popsection\n"
	"	.pushsection .text.klp_shadow, \"ax\", @progbits\n"
	"	.type klp_verify_dummy_list, @function\n"
	"klp_verify_dummy_list:\n"
	"	leaq \".klp.sym.livepatch_shadow_mod.dummy_list,0\"(%rip), %rax\n"
	"	ret\n"
	"	.size klp_verify_dummy_list, .-klp_verify_dummy_list\n"
	"	.popsection\n");

/* the assembled helpers above; they return the addresses the relocations resolve to */
char *klp_verify_saved_command_line(void);
void *klp_verify_proc_single_open(void);
void *klp_verify_load_elf_binary(void);
void *klp_verify_dummy_list(void);

#define KLP_VERIFY_TEXT __section(".text.klp_verify")

static KLP_VERIFY_TEXT int verify_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", klp_verify_saved_command_line());
	return 0;
}

static KLP_VERIFY_TEXT void verify_dummy_check_helpers(void)
{
	pr_debug("klp_verify_relocs: %p %p %p\n", klp_verify_proc_single_open(),
		 klp_verify_load_elf_binary(), klp_verify_dummy_list());
}

static KLP_VERIFY_TEXT bool verify_dummy_check(void *d, unsigned long jiffies)
{
	verify_dummy_check_helpers();
	return false;
}

static struct klp_func vmlinux_funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = verify_cmdline_proc_show,
	}, { }
};

static struct klp_func shadow_mod_funcs[] = {
	{
		.old_name = "dummy_check",
		.new_func = verify_dummy_check,
	}, { }
};

static struct klp_object objs[] = {
	{
		.funcs = vmlinux_funcs,
	}, {
		.name = "livepatch_shadow_mod",
		.funcs = shadow_mod_funcs,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static KLP_VERIFY_TEXT int verify_init(void)
{
	return klp_enable_patch(&patch);
}

static KLP_VERIFY_TEXT void verify_exit(void)
{
}

module_init(verify_init);
module_exit(verify_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klp-layout verify fixture: klp relocations");
