// The C surface of klp-layout: elfutils (libelf, libdw, libdwfl, libdwelf) and libzstd.
// Only the ElfDwarf target imports this module. It holds three kinds of thing and no logic:
//   1. the includes;
//   2. static inline wrappers for function-like macros, which Swift does not import;
//   3. the static Dwfl_Callbacks that libdwfl keeps a pointer to for the life of a Dwfl.
#ifndef CELFUTILS_SHIM_H
#define CELFUTILS_SHIM_H


#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <elfutils/version.h>
#include <gelf.h>
#include <libelf.h>
#include <zstd.h>
#include <lzma.h>
#include <zlib.h>
#include <bzlib.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

// GELF_R_SYM / GELF_R_TYPE / GELF_ST_* are macros; Swift cannot call them.
// Delete these when Swift imports function-like macros.
static inline GElf_Xword celfutils_r_sym(GElf_Xword info) { return GELF_R_SYM(info); }
static inline GElf_Xword celfutils_r_type(GElf_Xword info) { return GELF_R_TYPE(info); }
static inline unsigned char celfutils_st_type(unsigned char info) { return GELF_ST_TYPE(info); }
static inline unsigned char celfutils_st_bind(unsigned char info) { return GELF_ST_BIND(info); }

// libdwfl's standard debuginfo search opens `NAME.debug`, `.debug/NAME.debug` and
// /usr/lib/debug paths on its own: it blocks forever on a FIFO planted there, and takes
// DWARF from files nobody named. klp-layout finds debug files itself (regular files
// only, said in the report), so this callback never finds anything.
static inline int celfutils_no_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
                                         Dwarf_Addr base, const char *file_name,
                                         const char *debuglink_file, GElf_Word debuglink_crc,
                                         char **debuginfo_file_name) {
  (void)mod; (void)userdata; (void)modname; (void)base; (void)file_name;
  (void)debuglink_file; (void)debuglink_crc; (void)debuginfo_file_name;
  return -1;
}

// libdwfl stores the callbacks pointer inside the Dwfl and calls through it until
// dwfl_end, so the struct must have static storage: a Swift local passed with `&`
// would dangle. Offline callbacks: never search paths, never reach debuginfod.
static inline const Dwfl_Callbacks *celfutils_offline_callbacks(void) {
  static char *debuginfo_path = NULL;
  static const Dwfl_Callbacks callbacks = {
    .find_elf = dwfl_build_id_find_elf,
    .find_debuginfo = celfutils_no_debuginfo,
    .section_address = dwfl_offline_section_address,
    .debuginfo_path = &debuginfo_path,
  };
  return &callbacks;
}

// A file mapped by libelf that shrinks while it is read (truncated, rewritten by a
// build) raises SIGBUS on the next touch of a page past its new end. Instead of dying,
// the handler maps a zero page over the faulting address, so the reader sees zeros and
// goes on; the reader compares the file's size and mtime when it is done and refuses
// the result ("changed while being read"). Any other SIGBUS (not a mapping past EOF)
// is re-raised with the default action.
// Delete when libelf offers a read mode that cannot fault.
static inline void celfutils_bus_handler(int sig, siginfo_t *info, void *context) {
  (void)context;
  long page = sysconf(_SC_PAGESIZE);
  if (sig == SIGBUS && info->si_code == BUS_ADRERR && page > 0) {
    void *base = (void *)((unsigned long)info->si_addr & ~((unsigned long)page - 1));
    void *zero = mmap(base, (size_t)page, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (zero != MAP_FAILED) return;
  }
  signal(sig, SIG_DFL);
  raise(sig);
}
static inline void celfutils_install_bus_guard(void) {
  struct sigaction action;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_SIGINFO;
  action.sa_sigaction = celfutils_bus_handler;
  sigaction(SIGBUS, &action, NULL);
}


// LZMA_CONCATENATED is a UINT32_C() macro that Swift drops.
static inline uint32_t celfutils_lzma_concatenated(void) { return LZMA_CONCATENATED; }


// <sys/mman.h> declares memfd_create only under _GNU_SOURCE, and defining that here
// would change system types for this module alone, clashing with Swift's Glibc module.
// glibc has exported it since 2.27. Used to stage an ELF image for libelf's ELF_C_RDWR
// without touching the disk. 1 is MFD_CLOEXEC.
extern int memfd_create(const char *name, unsigned int flags);
static inline int celfutils_memfd(const char *name) {
  return memfd_create(name, 1U);
}

#endif
