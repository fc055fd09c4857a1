/* klp-layout fixture: the freestanding livepatch types alone.  SPDX-License-Identifier: MIT */
#include "../klp/klp_types.h"

#define USED __attribute__((used))

USED struct list_head g_list_head;
USED struct kref g_kref;
USED struct kobject g_kobject;
USED struct completion g_completion;
USED struct work_struct g_work_struct;
USED struct klp_func g_klp_func;
USED struct klp_callbacks g_klp_callbacks;
USED struct klp_object g_klp_object;
USED struct klp_state g_klp_state;
USED struct klp_patch g_klp_patch;
