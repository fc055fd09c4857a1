// SPDX-License-Identifier: MIT
/*
 * klp-layout fixture: the what-if design variants (klp_designs.h) laid out
 * by the real kernel headers.  Built out-of-tree with kbuild against the
 * Linux 6.1 amd64 headers, like the livepatch modules under modules/6.1.
 * Written for this project; it is an ordinary module (no klp_patch).
 */
#include <linux/module.h>
#include <linux/livepatch.h>

#include "klp_designs.h"

static struct klp_func_base g_klp_func_base __used;
static struct klp_object_base g_klp_object_base __used;
static struct klp_patch_base g_klp_patch_base __used;
static struct klp_func_no_op g_klp_func_no_op __used;
static struct klp_object_dyn g_klp_object_dyn __used;
static struct klp_patch_dyn g_klp_patch_dyn __used;

/*
 * The 6.1 structs themselves, for comparison: pointers only, so the full
 * types are in the DWARF but the module holds no klp_patch/klp_object.
 */
static struct klp_func *g_ref_klp_func __used;
static struct klp_object *g_ref_klp_object __used;
static struct klp_patch *g_ref_klp_patch __used;

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klp-layout fixture: livepatch design variants on the 6.1 headers");
