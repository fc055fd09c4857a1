/*
 * safety-data case: string_ptr_moved
 * change:   code only: welcome(), defined before greeting, logs a new literal "welcome",
 *           which the compiler emits before "hi" in .rodata.str1.*; greeting and its
 *           literal are unchanged
 * verdict:  safe
 * entity:   variable greeting (unchanged: must not be reported)
 * kind:     -
 * rule:     A relocation into a string section (SHF_STRINGS) is hashed as the string it points
 *           to, not as symbol and addend (klp-checksum.c checksum_update_object()).
 *           The relocation's addend into the string section moves; the string it points
 *           to ("hi") does not change, so neither does the checksum.
 */
#define noinline __attribute__((noinline))

extern void log_msg(const char *msg);

#ifdef PATCHED
noinline void welcome(void)
{
	log_msg("welcome");
}
#endif

static const char *greeting __attribute__((used)) = "hi";

noinline void greet(void)
{
	log_msg(greeting);
}
