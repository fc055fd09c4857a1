/* A unit that defines struct inner fully: linked with outer.o, or given with
 * --types-from, it completes the declaration. */
#include "types.h"
__attribute__((used)) struct inner g_inner;
