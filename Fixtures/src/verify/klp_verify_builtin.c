// SPDX-License-Identifier: MIT
/*
 * klp-layout fixture for `verify`: a livepatch whose second klp_object names
 * tcp_cubic, a module that Debian's 6.1.0-56-amd64 builds INTO vmlinux
 * (modules.builtin: kernel/net/ipv4/tcp_cubic.ko).  The kernel never finds a
 * loaded module of that name, so the object stays "not loaded" and its func is
 * never patched -- no loader reports it.  The vmlinux object is ordinary.
 *
 * Written for this project; built out-of-tree against the 6.1 amd64 headers
 * like the modules under Fixtures/modules/6.1/dwarf5.  Never meant to be loaded.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>
#include <net/tcp.h>

/* replaces vmlinux's cmdline_proc_show(struct seq_file *, void *) */
static int verify_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "klp_verify_builtin");
	return 0;
}

/* replaces tcp_cubic's cubictcp_cwnd_event(struct sock *, enum tcp_ca_event) */
static void verify_cubictcp_cwnd_event(struct sock *sk, enum tcp_ca_event event)
{
	if (event == CA_EVENT_TX_START)
		pr_debug("klp_verify_builtin: tx start on %p\n", sk);
}

static struct klp_func vmlinux_funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = verify_cmdline_proc_show,
	}, { }
};

static struct klp_func cubic_funcs[] = {
	{
		.old_name = "cubictcp_cwnd_event",
		.new_func = verify_cubictcp_cwnd_event,
	}, { }
};

static struct klp_object objs[] = {
	{
		/* name NULL: vmlinux */
		.funcs = vmlinux_funcs,
	}, {
		.name = "tcp_cubic",
		.funcs = cubic_funcs,
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
MODULE_DESCRIPTION("klp-layout verify fixture: an object built into vmlinux");
