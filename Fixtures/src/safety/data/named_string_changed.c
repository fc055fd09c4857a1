/*
 * safety-data case: named_string_changed
 * change:   a named const char array: static const char banner[] = "klp v1"  ->  "klp v2"
 * verdict:  unsafe (banner is a named OBJECT in .rodata, not an anonymous string constant)
 * entity:   variable banner
 * kind:     initializer   at: [5]   old: "klp v1"   new: "klp v2"
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           gcc and clang both place it in .rodata (.rodata.banner with -fdata-sections),
 *           which is not a string section: it is correlated and hashed by its bytes.
 */
#define noinline __attribute__((noinline))

extern void log_msg(const char *msg);

#ifdef PATCHED
static const char banner[] __attribute__((used)) = "klp v2";
#else
static const char banner[] __attribute__((used)) = "klp v1";
#endif

noinline void show_banner(void)
{
	log_msg(banner);
}
