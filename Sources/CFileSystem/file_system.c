// fstatfs(2) and the file system magic numbers, which Swift's Glibc module does not
// export: the one question System asks of them.
#include "file_system.h"

#include <linux/magic.h>
#include <sys/vfs.h>

int klp_fd_is_sysfs(int fd) {
  struct statfs fs;
  if (fstatfs(fd, &fs) != 0) return -1;
  return fs.f_type == SYSFS_MAGIC;
}
