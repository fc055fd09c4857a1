/*
 * klp-layout fixture: an older livepatch that klp/klp_multi.c (replace = true)
 * replaces, together with klp_old_b.c.  Written for this project.
 *
 * Chosen so every rule of klp_add_nops() is exercised (see Fixtures/README.md):
 * funcs that klp_multi also patches (same old_name, old_sympos equal or 0/1),
 * funcs it lacks (no-ops), and an object it lacks (btrfs: a dynamic object).
 * SPDX-License-Identifier: MIT
 */
#include "../klp/klp_types.h"

#define noinline __attribute__((noinline))

extern int klp_old_counter;

static noinline int old_a_cmdline_proc_show(void *a, long b) { klp_old_counter += 1; return a ? (int)b : -1; }
static noinline int old_a_meminfo_proc_show(void *a, long b) { klp_old_counter += 2; return a ? (int)b : -2; }
static noinline int old_a_proc_pid_status(void *a, long b) { klp_old_counter += 3; return a ? (int)b : -3; }
static noinline int old_a_ext4_file_open(void *a, long b) { klp_old_counter += 4; return a ? (int)b : -4; }
static noinline int old_a_ext4_rename(void *a, long b) { klp_old_counter += 5; return a ? (int)b : -5; }
static noinline int old_a_btrfs_sync_file(void *a, long b) { klp_old_counter += 6; return a ? (int)b : -6; }
static noinline int old_a_btrfs_search_slot(void *a, long b) { klp_old_counter += 7; return a ? (int)b : -7; }

static struct klp_func vmlinux_funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = old_a_cmdline_proc_show, },
	{ .old_name = "meminfo_proc_show", .new_func = old_a_meminfo_proc_show, .old_sympos = 1, },
	{ .old_name = "proc_pid_status", .new_func = old_a_proc_pid_status, },
	{ }
};
static struct klp_func ext4_funcs[] = {
	{ .old_name = "ext4_file_open", .new_func = old_a_ext4_file_open, .old_sympos = 1, },
	{ .old_name = "ext4_rename", .new_func = old_a_ext4_rename, },
	{ }
};
static struct klp_func btrfs_funcs[] = {
	{ .old_name = "btrfs_sync_file", .new_func = old_a_btrfs_sync_file, },
	{ .old_name = "btrfs_search_slot", .new_func = old_a_btrfs_search_slot, .old_sympos = 2, },
	{ }
};
static struct klp_object objs[] = {
	{ .name = NULL, .funcs = vmlinux_funcs, },
	{ .name = "ext4", .funcs = ext4_funcs, },
	{ .name = "btrfs", .funcs = btrfs_funcs, },
	{ }
};
static struct klp_patch patch = {
	.objs = objs,
};

int klp_old_counter;

int klp_old_a_init(void)
{
	return klp_enable_patch(&patch);
}
