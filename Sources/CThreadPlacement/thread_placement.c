// sched_getaffinity(2), sched_setaffinity(2), sched_getcpu(3) and
// pthread_attr_setaffinity_np(3): GNU extensions, declared only under _GNU_SOURCE.
#define _GNU_SOURCE
#include "thread_placement.h"

#include <sched.h>

int klp_allowed_cpus(int *cpus, int capacity) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
  int count = 0;
  for (int cpu = 0; cpu < CPU_SETSIZE && count < capacity; cpu++) {
    if (CPU_ISSET(cpu, &set)) cpus[count++] = cpu;
  }
  return count;
}

int klp_current_cpu(void) { return sched_getcpu(); }

int klp_start_on(pthread_attr_t *attributes, int cpu) {
  if (cpu < 0 || cpu >= CPU_SETSIZE) return 22; /* EINVAL */
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_attr_setaffinity_np(attributes, sizeof set, &set);
}

int klp_allow_cpus(const int *cpus, int count) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int i = 0; i < count; i++) {
    if (cpus[i] >= 0 && cpus[i] < CPU_SETSIZE) CPU_SET(cpus[i], &set);
  }
  return sched_setaffinity(0, sizeof set, &set);
}
