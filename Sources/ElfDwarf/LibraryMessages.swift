internal import CElfutils

/// The messages of elfutils' last error. Each call may return NULL when no error is
/// recorded (a hostile file can make a call fail without one): then that is said.
enum LibraryMessage {
  static let none = "failed without a recorded reason"

  /// `dwfl_errmsg(-1)`.
  static var dwfl: String { dwfl_errmsg(-1).map { String(cString: $0) } ?? none }
  /// `dwarf_errmsg(-1)`.
  static var dwarf: String { dwarf_errmsg(-1).map { String(cString: $0) } ?? none }
  /// `elf_errmsg(elf_errno())`.
  static var elf: String { elf_errmsg(elf_errno()).map { String(cString: $0) } ?? none }
}
