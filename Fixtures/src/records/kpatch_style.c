/*
 * klp-layout fixture: a records-based livepatch module in the style of
 * kpatch (github.com/dynup/kpatch).  kpatch-build does not emit static
 * klp_func/klp_object arrays: create-diff-object writes one record per
 * patched function into the .kpatch.funcs section (names in .kpatch.strings)
 * and kmod/patch/livepatch-patch-hook.c builds the klp_patch, klp_object and
 * klp_func structs from them at module init, grouping the records by
 * 'objname' ("vmlinux" becomes klp_object.name == NULL).
 *
 * Written for this project: our own declarations with the same layout as
 * kpatch's kmod/patch/kpatch-patch.h (kpatch_patch_func with 'sympos'; the
 * callback records with the same two members).  No kpatch code is copied.
 * SPDX-License-Identifier: MIT
 *
 * Expected records:
 *   .kpatch.funcs                    5 x struct kpatch_patch_func:
 *                                    vmlinux 3, ext4 2 (interleaved, in the
 *                                    order vmlinux, vmlinux, ext4, vmlinux, ext4)
 *   .kpatch.callbacks.pre_patch      1 x struct kpatch_pre_patch_callback (ext4)
 *   .kpatch.callbacks.post_unpatch   1 x struct kpatch_post_unpatch_callback (vmlinux)
 */
#define NULL ((void *)0)
#define noinline __attribute__((noinline))
/* records packed at their natural alignment, strings back to back (no padding) */
#define KPATCH_RECORDS(s) __attribute__((section(s), used, aligned(sizeof(void *))))
#define KPATCH_STRING __attribute__((section(".kpatch.strings"), used, aligned(1)))

struct klp_object; /* opaque: the callbacks get the klp_object built at init */

/* one per patched function (kpatch-patch.h) */
struct kpatch_patch_func {
	unsigned long new_addr;
	unsigned long new_size;
	unsigned long old_addr;
	unsigned long old_size;
	unsigned long sympos;
	char *name;
	char *objname;
};

/* object callbacks (kpatch-patch.h; the object comes from 'objname') */
struct kpatch_pre_patch_callback {
	int (*callback)(struct klp_object *obj);
	char *objname;
};

struct kpatch_post_unpatch_callback {
	void (*callback)(struct klp_object *obj);
	char *objname;
};

extern int kpatch_style_counter;

/* the new function bodies the records point at */
static noinline int livepatch_cmdline_proc_show(void *m, void *v)
{
	kpatch_style_counter += 1;
	return m && v ? 0 : -1;
}

static noinline int livepatch_meminfo_proc_show(void *m, void *v)
{
	kpatch_style_counter += 2;
	return m && v ? 0 : -2;
}

static noinline long livepatch_do_sys_openat2(int dfd, const char *name, void *how)
{
	kpatch_style_counter += 3;
	return name && how ? dfd : -3;
}

static noinline int livepatch_ext4_file_open(void *inode, void *filp)
{
	kpatch_style_counter += 4;
	return inode && filp ? 0 : -4;
}

static noinline int livepatch_ext4_sync_file(void *file, long long start, long long end, int datasync)
{
	kpatch_style_counter += 5;
	return file && start <= end ? datasync : -5;
}

static noinline int ext4_pre_patch(struct klp_object *obj)
{
	kpatch_style_counter += 6;
	return obj ? 0 : -6;
}

static noinline void vmlinux_post_unpatch(struct klp_object *obj)
{
	kpatch_style_counter += obj ? 7 : 8;
}

/* .kpatch.strings: every name once, as create-diff-object writes them */
static char str_vmlinux[] KPATCH_STRING = "vmlinux";
static char str_ext4[] KPATCH_STRING = "ext4";
static char str_cmdline_proc_show[] KPATCH_STRING = "cmdline_proc_show";
static char str_meminfo_proc_show[] KPATCH_STRING = "meminfo_proc_show";
static char str_do_sys_openat2[] KPATCH_STRING = "do_sys_openat2";
static char str_ext4_file_open[] KPATCH_STRING = "ext4_file_open";
static char str_ext4_sync_file[] KPATCH_STRING = "ext4_sync_file";

/*
 * new_addr is the address of the new function (a relocation); new_size and
 * old_size are the function sizes; old_addr is 0 (resolved at load time by
 * name and sympos).
 */
static struct kpatch_patch_func kpatch_funcs[] KPATCH_RECORDS(".kpatch.funcs") = {
	{
		.new_addr = (unsigned long)livepatch_cmdline_proc_show,
		.new_size = 0x40, .old_addr = 0, .old_size = 0x3c, .sympos = 0,
		.name = str_cmdline_proc_show, .objname = str_vmlinux,
	},
	{
		.new_addr = (unsigned long)livepatch_meminfo_proc_show,
		.new_size = 0x5b0, .old_addr = 0, .old_size = 0x5a8, .sympos = 0,
		.name = str_meminfo_proc_show, .objname = str_vmlinux,
	},
	{
		.new_addr = (unsigned long)livepatch_ext4_file_open,
		.new_size = 0x1e0, .old_addr = 0, .old_size = 0x1d4, .sympos = 0,
		.name = str_ext4_file_open, .objname = str_ext4,
	},
	{
		.new_addr = (unsigned long)livepatch_do_sys_openat2,
		.new_size = 0x150, .old_addr = 0, .old_size = 0x148, .sympos = 2,
		.name = str_do_sys_openat2, .objname = str_vmlinux,
	},
	{
		.new_addr = (unsigned long)livepatch_ext4_sync_file,
		.new_size = 0x2a0, .old_addr = 0, .old_size = 0x298, .sympos = 0,
		.name = str_ext4_sync_file, .objname = str_ext4,
	},
};

static struct kpatch_pre_patch_callback kpatch_pre_patch_ext4
	KPATCH_RECORDS(".kpatch.callbacks.pre_patch") = {
	.callback = ext4_pre_patch,
	.objname = str_ext4,
};

static struct kpatch_post_unpatch_callback kpatch_post_unpatch_vmlinux
	KPATCH_RECORDS(".kpatch.callbacks.post_unpatch") = {
	.callback = vmlinux_post_unpatch,
	.objname = str_vmlinux,
};
