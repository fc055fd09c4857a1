#ifndef KLP_FILE_SYSTEM_H
#define KLP_FILE_SYSTEM_H

// What Swift's Glibc module leaves out: <sys/statfs.h>.

// 1 when `fd` is a file of sysfs, 0 when it is not, -1 when fstatfs(2) fails.
int klp_fd_is_sysfs(int fd);

#endif
