/*
 * klp-layout fixture: a second older livepatch that klp/klp_multi.c replaces
 * (after klp_old_a.c).  Written for this project.
 *
 * Repeats one no-op of klp_old_a (proc_pid_status) and one with old_sympos 1
 * where klp_old_a has 0 (btrfs_sync_file), so de-duplication across replaced
 * patches is exercised; adds an object nobody else has (nfs) and one func each
 * to xfs and btrfs.
 * SPDX-License-Identifier: MIT
 */
#include "../klp/klp_types.h"

#define noinline __attribute__((noinline))

extern int klp_old_counter;

static noinline int old_b_proc_pid_status(void *a, long b) { klp_old_counter += 11; return a ? (int)b : -11; }
static noinline int old_b_vfs_read(void *a, long b) { klp_old_counter += 12; return a ? (int)b : -12; }
static noinline int old_b_nfs_file_read(void *a, long b) { klp_old_counter += 13; return a ? (int)b : -13; }
static noinline int old_b_btrfs_sync_file(void *a, long b) { klp_old_counter += 14; return a ? (int)b : -14; }
static noinline int old_b_btrfs_ioctl(void *a, long b) { klp_old_counter += 15; return a ? (int)b : -15; }
static noinline int old_b_xfs_log_force(void *a, long b) { klp_old_counter += 16; return a ? (int)b : -16; }
static noinline int old_b_xfs_reclaim_inode(void *a, long b) { klp_old_counter += 17; return a ? (int)b : -17; }

static struct klp_func vmlinux_funcs[] = {
	{ .old_name = "proc_pid_status", .new_func = old_b_proc_pid_status, },
	{ .old_name = "vfs_read", .new_func = old_b_vfs_read, },
	{ }
};
static struct klp_func nfs_funcs[] = {
	{ .old_name = "nfs_file_read", .new_func = old_b_nfs_file_read, },
	{ }
};
static struct klp_func btrfs_funcs[] = {
	{ .old_name = "btrfs_sync_file", .new_func = old_b_btrfs_sync_file, .old_sympos = 1, },
	{ .old_name = "btrfs_ioctl", .new_func = old_b_btrfs_ioctl, },
	{ }
};
static struct klp_func xfs_funcs[] = {
	{ .old_name = "xfs_log_force", .new_func = old_b_xfs_log_force, .old_sympos = 1, },
	{ .old_name = "xfs_reclaim_inode", .new_func = old_b_xfs_reclaim_inode, },
	{ }
};
static struct klp_object objs[] = {
	{ .name = NULL, .funcs = vmlinux_funcs, },
	{ .name = "nfs", .funcs = nfs_funcs, },
	{ .name = "btrfs", .funcs = btrfs_funcs, },
	{ .name = "xfs", .funcs = xfs_funcs, },
	{ }
};
static struct klp_patch patch = {
	.objs = objs,
};

int klp_old_counter;

int klp_old_b_init(void)
{
	return klp_enable_patch(&patch);
}
