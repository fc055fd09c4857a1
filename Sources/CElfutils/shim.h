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

// GELF_R_SYM / GELF_R_TYPE / GELF_ST_* are macros; Swift cannot call them.
// Delete these when Swift imports function-like macros.
static inline GElf_Xword celfutils_r_sym(GElf_Xword info) { return GELF_R_SYM(info); }
static inline GElf_Xword celfutils_r_type(GElf_Xword info) { return GELF_R_TYPE(info); }
static inline unsigned char celfutils_st_type(unsigned char info) { return GELF_ST_TYPE(info); }
static inline unsigned char celfutils_st_bind(unsigned char info) { return GELF_ST_BIND(info); }

// libdwfl stores the callbacks pointer inside the Dwfl and calls through it until
// dwfl_end, so the struct must have static storage: a Swift local passed with `&`
// would dangle. Offline callbacks: never search paths, never reach debuginfod.
static inline const Dwfl_Callbacks *celfutils_offline_callbacks(void) {
  static char *debuginfo_path = NULL;
  static const Dwfl_Callbacks callbacks = {
    .find_elf = dwfl_build_id_find_elf,
    .find_debuginfo = dwfl_standard_find_debuginfo,
    .section_address = dwfl_offline_section_address,
    .debuginfo_path = &debuginfo_path,
  };
  return &callbacks;
}

// ZSTD_CONTENTSIZE_* are macros of unsigned long long casts that Swift drops.
static inline unsigned long long celfutils_zstd_contentsize_unknown(void) {
  return ZSTD_CONTENTSIZE_UNKNOWN;
}
static inline unsigned long long celfutils_zstd_contentsize_error(void) {
  return ZSTD_CONTENTSIZE_ERROR;
}

// <sys/mman.h> declares memfd_create only under _GNU_SOURCE, and defining that here
// would change system types for this module alone, clashing with Swift's Glibc module.
// glibc has exported it since 2.27. Used to stage an ELF image for libelf's ELF_C_RDWR
// without touching the disk. 1 is MFD_CLOEXEC.
extern int memfd_create(const char *name, unsigned int flags);
static inline int celfutils_memfd(const char *name) {
  return memfd_create(name, 1U);
}

#endif
