/* struct outer embeds struct inner; built with -femit-struct-debug-baseonly, its DWARF
 * has struct inner as a declaration only (the kernel's CONFIG_DEBUG_INFO_REDUCED). */
#include "types.h"
struct outer {
	char tag;
	struct inner in;
	int tail;
};
__attribute__((used)) struct outer g_outer;
