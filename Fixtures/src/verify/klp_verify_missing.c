// SPDX-License-Identifier: MIT
/*
 * klp-layout fixture for `verify`: names that are not there.
 *   vmlinux: cmdline_proc_show (exists: pass), cmdline_proc_shows (no such
 *            symbol: fail), linux_banner (a symbol, but a char array, not a
 *            function: fail)
 *   livepatch_shadow_mod: dummy_check (exists: pass), dummy_leak (not in the
 *            module: fail)
 *   livepatch_missing_mod: a module that is neither in the module tree nor
 *            built in (object: fail; its func cannot be looked up: unknown)
 *   livepatch-shadow-mod: the module's file name, not its name.  The kernel
 *            names modules with '_' and klp_find_object_module() compares
 *            names exactly, so this object is never found (fail).
 *
 * Written for this project; built out-of-tree against the 6.1 amd64 headers
 * like the modules under Fixtures/modules/6.1/dwarf5.  Never meant to be loaded.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

struct dummy {
	struct list_head list;
	unsigned long jiffies_expire;
};

static int verify_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "klp_verify_missing");
	return 0;
}

static int verify_cmdline_proc_shows(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "klp_verify_missing: a typo");
	return 0;
}

static void verify_linux_banner(void)
{
	pr_info("klp_verify_missing: linux_banner is data\n");
}

static bool verify_dummy_check(struct dummy *d, unsigned long jiffies)
{
	return time_after(jiffies, d->jiffies_expire);
}

static void verify_dummy_leak(struct dummy *d)
{
	kfree(d);
}

static void verify_missing_func(void)
{
}

static struct klp_func vmlinux_funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = verify_cmdline_proc_show,
	}, {
		.old_name = "cmdline_proc_shows",
		.new_func = verify_cmdline_proc_shows,
	}, {
		.old_name = "linux_banner",
		.new_func = verify_linux_banner,
	}, { }
};

static struct klp_func shadow_mod_funcs[] = {
	{
		.old_name = "dummy_check",
		.new_func = verify_dummy_check,
	}, {
		.old_name = "dummy_leak",
		.new_func = verify_dummy_leak,
	}, { }
};

static struct klp_func missing_mod_funcs[] = {
	{
		.old_name = "missing_mod_func",
		.new_func = verify_missing_func,
	}, { }
};

static struct klp_func dashed_mod_funcs[] = {
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
	}, {
		.name = "livepatch_missing_mod",
		.funcs = missing_mod_funcs,
	}, {
		.name = "livepatch-shadow-mod",
		.funcs = dashed_mod_funcs,
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
MODULE_DESCRIPTION("klp-layout verify fixture: functions and an object that do not exist");
