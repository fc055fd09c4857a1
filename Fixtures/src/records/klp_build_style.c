/*
 * klp-layout fixture: a records-based livepatch module in the style of the
 * objtool-based klp-build (Josh Poimboeuf's 2025 series, merged upstream:
 * scripts/livepatch/klp-build, tools/objtool/klp-diff.c).  "objtool klp
 * diff" emits no klp_func/klp_object arrays: it writes one struct
 * klp_object_ext per patched object into .init.klp_objects, the object's
 * struct klp_func_ext records into .init.klp_funcs (klp_object_ext.funcs
 * points at the first, .nr_funcs counts them) and the names into
 * .rodata.klp.str1.1; scripts/livepatch/init.c builds the klp_patch,
 * klp_object and klp_func structs from them at module init.  vmlinux is the
 * object with .name == NULL (klp-diff writes no name relocation for it).
 *
 * Written for this project: our own declarations with the same layout as
 * include/linux/livepatch_external.h (klp_callbacks, klp_func_ext,
 * klp_object_ext).  No kernel code is copied.  Note that the series first
 * named the sections __klp_objects/__klp_funcs; .init.klp_* is the later
 * name (kept in the module's init memory).
 * SPDX-License-Identifier: MIT
 *
 * Expected records:
 *   .init.klp_objects   2 x struct klp_object_ext:
 *                       [0] vmlinux (name NULL), funcs = &klp_funcs[0], nr_funcs 3
 *                       [1] "ext4", funcs = &klp_funcs[3], nr_funcs 2,
 *                           callbacks.pre_patch and callbacks.post_unpatch set
 *   .init.klp_funcs     5 x struct klp_func_ext: vmlinux 3, ext4 2
 */
#define NULL ((void *)0)
#define noinline __attribute__((noinline))
/* records packed at their natural alignment, strings back to back (no padding) */
#define KLP_RECORDS(s) __attribute__((section(s), used, aligned(sizeof(void *))))
#define KLP_STRING __attribute__((section(".rodata.klp.str1.1"), used, aligned(1)))

#ifndef __cplusplus
typedef _Bool bool;
#define true 1
#define false 0
#endif

struct klp_object; /* opaque: the callbacks get the klp_object built at init */

typedef int (*klp_pre_patch_t)(struct klp_object *obj);
typedef void (*klp_post_patch_t)(struct klp_object *obj);
typedef void (*klp_pre_unpatch_t)(struct klp_object *obj);
typedef void (*klp_post_unpatch_t)(struct klp_object *obj);

/* same layout as struct klp_callbacks in include/linux/livepatch{,_external}.h */
struct klp_callbacks {
	klp_pre_patch_t pre_patch;
	klp_post_patch_t post_patch;
	klp_pre_unpatch_t pre_unpatch;
	klp_post_unpatch_t post_unpatch;
	bool post_unpatch_enabled;
};

/* compact "external" form of struct klp_func */
struct klp_func_ext {
	const char *old_name;
	void *new_func;
	unsigned long sympos;
};

/* compact "external" form of struct klp_object */
struct klp_object_ext {
	const char *name;
	struct klp_func_ext *funcs;
	struct klp_callbacks callbacks;
	unsigned int nr_funcs;
};

extern int klp_build_style_counter;

/* the new function bodies the records point at */
static noinline int livepatch_cmdline_proc_show(void *m, void *v)
{
	klp_build_style_counter += 1;
	return m && v ? 0 : -1;
}

static noinline int livepatch_meminfo_proc_show(void *m, void *v)
{
	klp_build_style_counter += 2;
	return m && v ? 0 : -2;
}

static noinline long livepatch_do_sys_openat2(int dfd, const char *name, void *how)
{
	klp_build_style_counter += 3;
	return name && how ? dfd : -3;
}

static noinline int livepatch_ext4_file_open(void *inode, void *filp)
{
	klp_build_style_counter += 4;
	return inode && filp ? 0 : -4;
}

static noinline int livepatch_ext4_sync_file(void *file, long long start, long long end, int datasync)
{
	klp_build_style_counter += 5;
	return file && start <= end ? datasync : -5;
}

static noinline int ext4_pre_patch(struct klp_object *obj)
{
	klp_build_style_counter += 6;
	return obj ? 0 : -6;
}

static noinline void ext4_post_unpatch(struct klp_object *obj)
{
	klp_build_style_counter += obj ? 7 : 8;
}

/* the strings section klp-diff writes (KLP_STRINGS_SEC); it starts with "" */
static const char str_empty[] KLP_STRING = "";
static const char str_ext4[] KLP_STRING = "ext4";
static const char str_cmdline_proc_show[] KLP_STRING = "cmdline_proc_show";
static const char str_meminfo_proc_show[] KLP_STRING = "meminfo_proc_show";
static const char str_do_sys_openat2[] KLP_STRING = "do_sys_openat2";
static const char str_ext4_file_open[] KLP_STRING = "ext4_file_open";
static const char str_ext4_sync_file[] KLP_STRING = "ext4_sync_file";

static struct klp_func_ext klp_funcs[] KLP_RECORDS(".init.klp_funcs") = {
	/* vmlinux */
	{ .old_name = str_cmdline_proc_show, .new_func = livepatch_cmdline_proc_show, .sympos = 0 },
	{ .old_name = str_meminfo_proc_show, .new_func = livepatch_meminfo_proc_show, .sympos = 0 },
	{ .old_name = str_do_sys_openat2, .new_func = livepatch_do_sys_openat2, .sympos = 2 },
	/* ext4 */
	{ .old_name = str_ext4_file_open, .new_func = livepatch_ext4_file_open, .sympos = 0 },
	{ .old_name = str_ext4_sync_file, .new_func = livepatch_ext4_sync_file, .sympos = 0 },
};

static struct klp_object_ext klp_objects[] KLP_RECORDS(".init.klp_objects") = {
	{
		.name = NULL, /* vmlinux */
		.funcs = &klp_funcs[0],
		.nr_funcs = 3,
	},
	{
		.name = str_ext4,
		.funcs = &klp_funcs[3],
		.callbacks = {
			.pre_patch = ext4_pre_patch,
			.post_unpatch = ext4_post_unpatch,
		},
		.nr_funcs = 2,
	},
};
