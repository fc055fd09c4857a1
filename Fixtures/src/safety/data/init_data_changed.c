/*
 * safety-data case: init_data_changed
 * change:   an __initdata static's initializer: static int boot_delay __initdata = 5  ->  = 10
 *           (section .init.data; setup_delay() is __init, section .init.text)
 * verdict:  unsafe
 * entity:   variable boot_delay
 * kind:     initializer   old: 5   new: 10
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           R6 init: klp-diff exempts no .init.* section: dont_correlate() skips only
 *           __initcall__/__initstub__ symbols (is_initcall_sym()), so boot_delay is
 *           correlated and its changed bytes are "changed data". kpatch
 *           doc/patch-author-guide.md, "Init code changes": init code has already run;
 *           a pre-patch callback has to put the state right.
 */
#define noinline __attribute__((noinline))
#define __init __attribute__((section(".init.text"))) noinline
#define __initdata __attribute__((section(".init.data")))

#ifdef PATCHED
static int boot_delay __initdata __attribute__((used)) = 10;
#else
static int boot_delay __initdata __attribute__((used)) = 5;
#endif

__init int setup_delay(int scale)
{
	return boot_delay * scale;
}
