#ifndef KLP_LAYOUT_CLIBBPF_SHIM_H
#define KLP_LAYOUT_CLIBBPF_SHIM_H
/* libbpf's BTF parser (btf__new, btf__new_split, btf__type_by_id, ...). Only the
   Swift target BTF imports this module; no libbpf type leaves it. */
#include <errno.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/memfd.h>
#include <sys/syscall.h>
#include <unistd.h>

/* An anonymous in-memory file: libbpf 1.1.2 exports no btf__new_split, so split BTF
   from memory is handed to btf__parse_raw_split as /proc/self/fd/N. */
static inline int klp_btf_memfd(void) { return (int)syscall(SYS_memfd_create, "klp-layout-btf", MFD_CLOEXEC); }

/* libbpf reports failures by NULL and errno (libbpf 1.x strict mode). */
static inline int klp_btf_errno(void) { return errno; }
static inline void klp_btf_clear_errno(void) { errno = 0; }

/* Silence libbpf's own stderr prints: errors are reported by the caller, on one line. */
static int klp_btf_quiet(enum libbpf_print_level level, const char *format, va_list args) {
  (void)level; (void)format; (void)args;
  return 0;
}
static inline void klp_btf_silence(void) { libbpf_set_print(klp_btf_quiet); }
#endif
