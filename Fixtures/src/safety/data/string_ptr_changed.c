/*
 * safety-data case: string_ptr_changed
 * change:   the literal a pointer is initialized with: static const char *greeting = "hi"
 *           ->  = "hello"
 * verdict:  unsafe (greeting is a named pointer; the literal it points to is anonymous)
 * entity:   variable greeting
 * kind:     initializer   old: "hi"   new: "hello"
 * rule:     R1 changed data: objtool klp-diff mark_changed_functions() stops with
 *           "changed data: <symbol>" when a correlated non-function symbol's checksum
 *           differs; checksum_update_object() hashes its size, bytes and relocations
 *           (tools/objtool/klp-diff.c, klp-checksum.c).
 *           kpatch doc/patch-author-guide.md, "Data structure changes": kpatch patches
 *           functions, not data.
 *           A relocation into a string section (SHF_STRINGS) is hashed as the string it
 *           points to, not as symbol and addend (klp-checksum.c checksum_update_object()).
 *           So klp-diff reports greeting: the running kernel's greeting still points to
 *           the original "hi", which the patched code would read.
 */
#define noinline __attribute__((noinline))

extern void log_msg(const char *msg);

#ifdef PATCHED
static const char *greeting __attribute__((used)) = "hello";
#else
static const char *greeting __attribute__((used)) = "hi";
#endif

noinline void greet(void)
{
	log_msg(greeting);
}
