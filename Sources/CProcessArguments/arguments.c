// glibc calls each function of .init_array with main's argc, argv and envp before main
// runs (csu/libc-start.c, call_init); this entry keeps the first two. Nothing else runs
// here: no allocation, no /proc.
#include "process_arguments.h"

static int saved_argc;
static char *const *saved_argv;

static void klp_save_process_arguments(int argc, char **argv, char **envp) {
  (void)envp;
  saved_argc = argc;
  saved_argv = argv;
}

__attribute__((section(".init_array"), used))
static void (*const klp_save_process_arguments_entry)(int, char **, char **) =
    klp_save_process_arguments;

int klp_process_argc(void) { return saved_argc; }

char *const *klp_process_argv(void) { return saved_argv; }
