// SPDX-License-Identifier: MIT
/*
 * klp-layout fixture for `verify`: old_sympos as klp_find_object_symbol()
 * (kernel/livepatch/core.c, Linux 6.1) counts it.  Against Debian's
 * 6.1.0-56-amd64 symbol table:
 *   cmdline_proc_show  sympos 2  one symbol of that name: position 2 not found (fail)
 *   load_elf_binary    sympos 0  two symbols (fs/binfmt_elf.c and fs/compat_binfmt_elf.c,
 *                                both built in): unresolvable ambiguity (fail)
 *   proc_single_open   sympos 2  two symbols: the second one is selected (pass)
 *   meminfo_proc_show  sympos 1  one symbol: position 1 is that one (pass)
 *   livepatch_shadow_mod: dummy_free sympos 2  one symbol in the module (fail)
 * Every replacement keeps the target's prototype, so only sympos differs.
 *
 * Written for this project; built out-of-tree against the 6.1 amd64 headers
 * like the modules under Fixtures/modules/6.1/dwarf5.  Never meant to be loaded.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>
#include <linux/binfmts.h>
#include <linux/fs.h>
#include <linux/slab.h>

/* the private struct of samples/livepatch/livepatch-shadow-mod.c, declared again */
struct dummy {
	struct list_head list;
	unsigned long jiffies_expire;
};

static int verify_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "klp_verify_sympos");
	return 0;
}

static int verify_meminfo_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "klp_verify_sympos");
	return 0;
}

static int verify_load_elf_binary(struct linux_binprm *bprm)
{
	return -ENOEXEC;
}

static int verify_proc_single_open(struct inode *inode, struct file *filp)
{
	return -ENOENT;
}

static void verify_dummy_free(struct dummy *d)
{
	kfree(d);
}

static struct klp_func vmlinux_funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = verify_cmdline_proc_show,
		.old_sympos = 2,
	}, {
		.old_name = "load_elf_binary",
		.new_func = verify_load_elf_binary,
		.old_sympos = 0,
	}, {
		.old_name = "proc_single_open",
		.new_func = verify_proc_single_open,
		.old_sympos = 2,
	}, {
		.old_name = "meminfo_proc_show",
		.new_func = verify_meminfo_proc_show,
		.old_sympos = 1,
	}, { }
};

static struct klp_func shadow_mod_funcs[] = {
	{
		.old_name = "dummy_free",
		.new_func = verify_dummy_free,
		.old_sympos = 2,
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

static int verify_init(void)
{
	return klp_enable_patch(&patch);
}

static void verify_exit(void)
{
}

module_init(verify_init);
module_exit(verify_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klp-layout verify fixture: old_sympos right and wrong");
