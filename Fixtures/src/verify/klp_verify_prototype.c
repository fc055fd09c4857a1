// SPDX-License-Identifier: MIT
/*
 * klp-layout fixture for `verify`: a replacement whose prototype differs from
 * the function it replaces.  vmlinux's cmdline_proc_show takes
 * (struct seq_file *m, void *v); the replacement here takes an unsigned long
 * as its second parameter.  meminfo_proc_show is replaced with the same
 * prototype, so one prototype check passes and one fails.
 *
 * Written for this project; built out-of-tree against the 6.1 amd64 headers
 * like the modules under Fixtures/modules/6.1/dwarf5.  Never meant to be loaded.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

/* second parameter retyped: void * in the kernel, unsigned long here */
static int verify_cmdline_proc_show(struct seq_file *m, unsigned long v)
{
	seq_printf(m, "%s %lu\n", "klp_verify_prototype", v);
	return 0;
}

static int verify_meminfo_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "klp_verify_prototype");
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = verify_cmdline_proc_show,
	}, {
		.old_name = "meminfo_proc_show",
		.new_func = verify_meminfo_proc_show,
	}, { }
};

static struct klp_object objs[] = {
	{
		.funcs = funcs,
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
MODULE_DESCRIPTION("klp-layout verify fixture: a changed prototype");
