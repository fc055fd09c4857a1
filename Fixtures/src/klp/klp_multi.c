/*
 * klp-layout fixture: a livepatch-shaped compilation unit with static
 * klp_func/klp_object/klp_state/klp_patch data, laid out the way a kernel
 * livepatch module declares it.  Written for this project.
 * SPDX-License-Identifier: MIT
 */
#include "klp_types.h"

#define noinline __attribute__((noinline))

extern int klp_multi_counter;

/* callbacks implemented elsewhere (left undefined on purpose) */
extern int ext4_pre_patch_cb(struct klp_object *obj);
extern void ext4_post_patch_cb(struct klp_object *obj);
extern void ext4_pre_unpatch_cb(struct klp_object *obj);
extern void ext4_post_unpatch_cb(struct klp_object *obj);
extern int xfs_pre_patch_cb(struct klp_object *obj);
extern void xfs_post_patch_cb(struct klp_object *obj);
extern void xfs_pre_unpatch_cb(struct klp_object *obj);
extern void xfs_post_unpatch_cb(struct klp_object *obj);

static noinline int livepatch_cmdline_proc_show(void *a, long b)
{
	klp_multi_counter += 1;
	return a ? (int)b + 0 : -1;
}

static noinline int livepatch_meminfo_proc_show(void *a, long b)
{
	klp_multi_counter += 2;
	return a ? (int)b + 1 : -2;
}

static noinline int livepatch_do_sys_openat2(void *a, long b)
{
	klp_multi_counter += 3;
	return a ? (int)b + 2 : -3;
}

static noinline int livepatch_vfs_read(void *a, long b)
{
	klp_multi_counter += 4;
	return a ? (int)b + 3 : -4;
}

static noinline int livepatch_vfs_write(void *a, long b)
{
	klp_multi_counter += 5;
	return a ? (int)b + 4 : -5;
}

static noinline int livepatch_do_exit(void *a, long b)
{
	klp_multi_counter += 6;
	return a ? (int)b + 5 : -6;
}

static noinline int livepatch_schedule_timeout(void *a, long b)
{
	klp_multi_counter += 7;
	return a ? (int)b + 6 : -7;
}

static noinline int livepatch_tcp_sendmsg(void *a, long b)
{
	klp_multi_counter += 8;
	return a ? (int)b + 7 : -8;
}

static noinline int livepatch_udp_recvmsg(void *a, long b)
{
	klp_multi_counter += 9;
	return a ? (int)b + 8 : -9;
}

static noinline int livepatch_kmalloc_trace(void *a, long b)
{
	klp_multi_counter += 10;
	return a ? (int)b + 9 : -10;
}

static noinline int livepatch___alloc_pages(void *a, long b)
{
	klp_multi_counter += 11;
	return a ? (int)b + 10 : -11;
}

static noinline int livepatch_copy_process(void *a, long b)
{
	klp_multi_counter += 12;
	return a ? (int)b + 11 : -12;
}

static noinline int livepatch_security_file_open(void *a, long b)
{
	klp_multi_counter += 13;
	return a ? (int)b + 12 : -13;
}

static noinline int livepatch_inet_csk_accept(void *a, long b)
{
	klp_multi_counter += 14;
	return a ? (int)b + 13 : -14;
}

static noinline int livepatch_ext4_file_open(void *a, long b)
{
	klp_multi_counter += 1;
	return a ? (int)b + 0 : -1;
}

static noinline int livepatch_ext4_readdir(void *a, long b)
{
	klp_multi_counter += 2;
	return a ? (int)b + 1 : -2;
}

static noinline int livepatch_ext4_map_blocks(void *a, long b)
{
	klp_multi_counter += 3;
	return a ? (int)b + 2 : -3;
}

static noinline int livepatch_ext4_da_write_begin(void *a, long b)
{
	klp_multi_counter += 4;
	return a ? (int)b + 3 : -4;
}

static noinline int livepatch_ext4_setattr(void *a, long b)
{
	klp_multi_counter += 5;
	return a ? (int)b + 4 : -5;
}

static noinline int livepatch_ext4_fill_super(void *a, long b)
{
	klp_multi_counter += 6;
	return a ? (int)b + 5 : -6;
}

static noinline int livepatch_ext4_sync_file(void *a, long b)
{
	klp_multi_counter += 7;
	return a ? (int)b + 6 : -7;
}

static noinline int livepatch_ext4_xattr_get(void *a, long b)
{
	klp_multi_counter += 8;
	return a ? (int)b + 7 : -8;
}

static noinline int livepatch_ext4_evict_inode(void *a, long b)
{
	klp_multi_counter += 9;
	return a ? (int)b + 8 : -9;
}

static noinline int livepatch_ext4_truncate(void *a, long b)
{
	klp_multi_counter += 10;
	return a ? (int)b + 9 : -10;
}

static noinline int livepatch_xfs_file_open(void *a, long b)
{
	klp_multi_counter += 1;
	return a ? (int)b + 0 : -1;
}

static noinline int livepatch_xfs_vn_setattr(void *a, long b)
{
	klp_multi_counter += 2;
	return a ? (int)b + 1 : -2;
}

static noinline int livepatch_xfs_iomap_write_direct(void *a, long b)
{
	klp_multi_counter += 3;
	return a ? (int)b + 2 : -3;
}

static noinline int livepatch_xfs_log_force(void *a, long b)
{
	klp_multi_counter += 4;
	return a ? (int)b + 3 : -4;
}

static noinline int livepatch_xfs_trans_commit(void *a, long b)
{
	klp_multi_counter += 5;
	return a ? (int)b + 4 : -5;
}

static noinline int livepatch_xfs_bmapi_read(void *a, long b)
{
	klp_multi_counter += 6;
	return a ? (int)b + 5 : -6;
}

static noinline int livepatch_xfs_inactive(void *a, long b)
{
	klp_multi_counter += 7;
	return a ? (int)b + 6 : -7;
}

static noinline int livepatch_xfs_fs_statfs(void *a, long b)
{
	klp_multi_counter += 8;
	return a ? (int)b + 7 : -8;
}

static noinline int livepatch_xfs_ioctl_setattr(void *a, long b)
{
	klp_multi_counter += 9;
	return a ? (int)b + 8 : -9;
}

static struct klp_func vmlinux_funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = livepatch_cmdline_proc_show,
	},
	{
		.old_name = "meminfo_proc_show",
		.new_func = livepatch_meminfo_proc_show, .old_sympos = 2,
	},
	{
		.old_name = "do_sys_openat2",
		.new_func = livepatch_do_sys_openat2,
	},
	{
		.old_name = "vfs_read",
		.new_func = livepatch_vfs_read, .old_sympos = 1,
	},
	{
		.old_name = "vfs_write",
		.new_func = livepatch_vfs_write,
	},
	{
		.old_name = "do_exit",
		.new_func = livepatch_do_exit, .old_sympos = 2,
	},
	{
		.old_name = "schedule_timeout",
		.new_func = livepatch_schedule_timeout,
	},
	{
		.old_name = "tcp_sendmsg",
		.new_func = livepatch_tcp_sendmsg, .old_sympos = 1,
	},
	{
		.old_name = "udp_recvmsg",
		.new_func = livepatch_udp_recvmsg,
	},
	{
		.old_name = "kmalloc_trace",
		.new_func = livepatch_kmalloc_trace, .old_sympos = 2,
	},
	{
		.old_name = "__alloc_pages",
		.new_func = livepatch___alloc_pages,
	},
	{
		.old_name = "copy_process",
		.new_func = livepatch_copy_process, .old_sympos = 1,
	},
	{
		.old_name = "security_file_open",
		.new_func = livepatch_security_file_open,
	},
	{
		.old_name = "inet_csk_accept",
		.new_func = livepatch_inet_csk_accept, .old_sympos = 2,
	},
	{ }
};

static struct klp_func ext4_funcs[] = {
	{
		.old_name = "ext4_file_open",
		.new_func = livepatch_ext4_file_open,
	},
	{
		.old_name = "ext4_readdir",
		.new_func = livepatch_ext4_readdir, .old_sympos = 2,
	},
	{
		.old_name = "ext4_map_blocks",
		.new_func = livepatch_ext4_map_blocks,
	},
	{
		.old_name = "ext4_da_write_begin",
		.new_func = livepatch_ext4_da_write_begin, .old_sympos = 1,
	},
	{
		.old_name = "ext4_setattr",
		.new_func = livepatch_ext4_setattr,
	},
	{
		.old_name = "ext4_fill_super",
		.new_func = livepatch_ext4_fill_super, .old_sympos = 2,
	},
	{
		.old_name = "ext4_sync_file",
		.new_func = livepatch_ext4_sync_file,
	},
	{
		.old_name = "ext4_xattr_get",
		.new_func = livepatch_ext4_xattr_get, .old_sympos = 1,
	},
	{
		.old_name = "ext4_evict_inode",
		.new_func = livepatch_ext4_evict_inode,
	},
	{
		.old_name = "ext4_truncate",
		.new_func = livepatch_ext4_truncate, .old_sympos = 2,
	},
	{ }
};

static struct klp_func xfs_funcs[] = {
	{
		.old_name = "xfs_file_open",
		.new_func = livepatch_xfs_file_open,
	},
	{
		.old_name = "xfs_vn_setattr",
		.new_func = livepatch_xfs_vn_setattr, .old_sympos = 2,
	},
	{
		.old_name = "xfs_iomap_write_direct",
		.new_func = livepatch_xfs_iomap_write_direct,
	},
	{
		.old_name = "xfs_log_force",
		.new_func = livepatch_xfs_log_force, .old_sympos = 1,
	},
	{
		.old_name = "xfs_trans_commit",
		.new_func = livepatch_xfs_trans_commit,
	},
	{
		.old_name = "xfs_bmapi_read",
		.new_func = livepatch_xfs_bmapi_read, .old_sympos = 2,
	},
	{
		.old_name = "xfs_inactive",
		.new_func = livepatch_xfs_inactive,
	},
	{
		.old_name = "xfs_fs_statfs",
		.new_func = livepatch_xfs_fs_statfs, .old_sympos = 1,
	},
	{
		.old_name = "xfs_ioctl_setattr",
		.new_func = livepatch_xfs_ioctl_setattr,
	},
	{ }
};

static struct klp_object objs[] = {
	{
		.name = NULL,  /* vmlinux */
		.funcs = vmlinux_funcs,
	},
	{
		.name = "ext4",  /* ext4 */
		.funcs = ext4_funcs,
		.callbacks = {
			.pre_patch = ext4_pre_patch_cb,
			.post_patch = ext4_post_patch_cb,
			.pre_unpatch = ext4_pre_unpatch_cb,
			.post_unpatch = ext4_post_unpatch_cb,
		},
	},
	{
		.name = "xfs",  /* xfs */
		.funcs = xfs_funcs,
		.callbacks = {
			.pre_patch = xfs_pre_patch_cb,
			.post_patch = xfs_post_patch_cb,
			.pre_unpatch = xfs_pre_unpatch_cb,
			.post_unpatch = xfs_post_unpatch_cb,
		},
	},
	{ }
};

static struct klp_state states[] = {
	{
		.id = 1,
		.version = 2,
	},
	{ }
};

static struct klp_patch patch = {
	.objs = objs,
	.states = states,
	.replace = true,
};

int klp_multi_counter;

int livepatch_init(void)
{
	return klp_enable_patch(&patch);
}
