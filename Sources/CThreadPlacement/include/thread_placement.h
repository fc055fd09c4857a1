// CPU affinity, which Swift's Glibc module does not export (it needs _GNU_SOURCE): where
// System's worker threads start. Only System imports this module.
#ifndef KLP_THREAD_PLACEMENT_H
#define KLP_THREAD_PLACEMENT_H

#include <pthread.h>

/// The CPUs the calling thread may run on, ascending, at most `capacity` of them; the
/// count, or -1 when sched_getaffinity(2) fails.
int klp_allowed_cpus(int *cpus, int capacity);

/// The CPU the calling thread runs on now, or -1 (sched_getcpu(3)).
int klp_current_cpu(void);

/// Makes a thread created with `attributes` start on `cpu` alone; 0, or an errno value.
int klp_start_on(pthread_attr_t *attributes, int cpu);

/// Lets the calling thread run on each of `cpus` (`count` of them); 0, or -1.
int klp_allow_cpus(const int *cpus, int count);

#endif
