#if canImport(Glibc)
  import Glibc
#endif
internal import CElfutils

/// What the process must have in place before any file is read, done once by the
/// command at start-up (never by the readers, which may run on several threads):
///
/// - a file that shrinks under libelf's mapping must not kill the process with a bare
///   SIGBUS: the shim's handler maps zeros over the lost page, and the front door then
///   notices the change (`InputFile.verifyUnchanged`) and refuses the result;
/// - libdwfl must never reach the network: debuginfod is consulted when
///   `DEBUGINFOD_URLS` is set, so it is unset (the readers find debug files only where
///   the user pointed).
public enum ReadingProcess {
  public static func prepare() {
    celfutils_install_bus_guard()
    unsetenv("DEBUGINFOD_URLS")
  }
}
