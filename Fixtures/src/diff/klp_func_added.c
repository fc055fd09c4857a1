/* One known change between V1 and V2 of a livepatch: the ext4 object patches one
 * more function (ext4_sync_file), so ext4_funcs grows by one klp_func. */
#include "../klp/klp_types.h"

int new_cmdline_proc_show(void) { return 0; }
int new_ext4_file_open(void) { return 0; }
int new_ext4_sync_file(void) { return 0; }

static struct klp_func vmlinux_funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = new_cmdline_proc_show },
	{ }
};

static struct klp_func ext4_funcs[] = {
	{ .old_name = "ext4_file_open", .new_func = new_ext4_file_open },
#ifdef V2
	{ .old_name = "ext4_sync_file", .new_func = new_ext4_sync_file, .old_sympos = 1 },
#endif
	{ }
};

static struct klp_object objs[] = {
	{ .name = 0, .funcs = vmlinux_funcs },
	{ .name = "ext4", .funcs = ext4_funcs },
	{ }
};

__attribute__((used)) static struct klp_patch patch = { .objs = objs };
