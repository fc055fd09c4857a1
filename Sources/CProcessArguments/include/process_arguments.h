// The process's own argv, as main received it: bytes, not text, and read from memory,
// not from /proc/self/cmdline (which the Swift runtime reads on Linux, and which a
// chroot or a container without /proc does not have). Only System imports this module.
#ifndef KLP_PROCESS_ARGUMENTS_H
#define KLP_PROCESS_ARGUMENTS_H

/// How many arguments main received (0 when the capture did not run).
int klp_process_argc(void);

/// main's argv (NULL-terminated; NULL when the capture did not run).
char *const *klp_process_argv(void);

#endif
