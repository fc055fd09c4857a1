/*
 * klp-layout fixture: the livepatch "design" variants the what-if engine
 * prices, written out as real C so the compiler (and pahole) lay them out
 * independently of klp-layout.  Written for this project.
 * SPDX-License-Identifier: MIT
 *
 * Include this after the definitions of the Linux 6.1 livepatch types:
 * either <linux/livepatch.h> (klp_designs_kernel.c) or the freestanding
 * ../klp/klp_types.h (klp_designs_free.c).  Member names, order and types
 * follow Linux 6.1 include/linux/livepatch.h; each variant differs from the
 * 6.1 struct only as its comment says.
 */
#ifndef KLP_DESIGNS_H
#define KLP_DESIGNS_H

/* struct klp_func without 'node' (the list_head atomic replace added) */
struct klp_func_base {
	/* external */
	const char *old_name;
	void *new_func;
	unsigned long old_sympos;

	/* internal */
	void *old_func;
	struct kobject kobj;
	struct list_head stack_node;
	unsigned long old_size, new_size;
	bool nop;
	bool patched;
	bool transition;
};

/* struct klp_object without 'func_list' and 'node' */
struct klp_object_base {
	/* external */
	const char *name;
	struct klp_func *funcs;
	struct klp_callbacks callbacks;

	/* internal */
	struct kobject kobj;
	struct module *mod;
	bool dynamic;
	bool patched;
};

/* struct klp_patch without 'obj_list' */
struct klp_patch_base {
	/* external */
	struct module *mod;
	struct klp_object *objs;
	struct klp_state *states;
	bool replace;

	/* internal */
	struct list_head list;
	struct kobject kobj;
	bool enabled;
	bool forced;
	struct work_struct free_work;
	struct completion finish;
};

/* a no-op function allocated on its own, wrapping the base function */
struct klp_func_no_op {
	struct klp_func_base orig_func;
	struct list_head func_entry;
};

/* klp_object_base plus an array of no-op functions right after 'funcs' */
struct klp_object_dyn {
	/* external */
	const char *name;
	struct klp_func *funcs;
	struct klp_func *nop_funcs;
	struct klp_callbacks callbacks;

	/* internal */
	struct kobject kobj;
	struct module *mod;
	bool dynamic;
	bool patched;
};

/* klp_patch_base plus an array of no-op objects right after 'objs' */
struct klp_patch_dyn {
	/* external */
	struct module *mod;
	struct klp_object *objs;
	struct klp_object *nop_objs;
	struct klp_state *states;
	bool replace;

	/* internal */
	struct list_head list;
	struct kobject kobj;
	bool enabled;
	bool forced;
	struct work_struct free_work;
	struct completion finish;
};

#endif /* KLP_DESIGNS_H */
