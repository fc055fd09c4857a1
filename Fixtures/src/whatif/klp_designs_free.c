/*
 * klp-layout fixture: the what-if design variants (klp_designs.h) on the
 * freestanding 6.1 stand-ins, so they cross-compile for every target.
 * Written for this project.  SPDX-License-Identifier: MIT
 */
#include "../klp/klp_types.h"
#include "klp_designs.h"

#define USED __attribute__((used))

USED struct klp_func_base g_klp_func_base;
USED struct klp_object_base g_klp_object_base;
USED struct klp_patch_base g_klp_patch_base;
USED struct klp_func_no_op g_klp_func_no_op;
USED struct klp_object_dyn g_klp_object_dyn;
USED struct klp_patch_dyn g_klp_patch_dyn;

/* the 6.1 structs themselves, for comparison (pointers: types only) */
USED struct klp_func *g_ref_klp_func;
USED struct klp_object *g_ref_klp_object;
USED struct klp_patch *g_ref_klp_patch;
