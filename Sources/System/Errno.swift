#if canImport(Glibc)
  import Glibc
#endif

/// A failed system call's `errno`, as a value: what the kernel said, spelled by
/// `strerror` when shown. Modelled on swift-system's `Errno`.
public struct Errno: Error, Hashable, Sendable, CustomStringConvertible {
  public let rawValue: Int32

  public init(rawValue: Int32) { self.rawValue = rawValue }

  /// The calling thread's `errno` now.
  public static var current: Errno { Errno(rawValue: errno) }

  public static let interrupted = Errno(rawValue: EINTR)
  public static let noSuchFile = Errno(rawValue: ENOENT)
  public static let tryAgain = Errno(rawValue: EAGAIN)
  public static let tooManySymbolicLinks = Errno(rawValue: ELOOP)
  public static let notADirectory = Errno(rawValue: ENOTDIR)
  public static let brokenPipe = Errno(rawValue: EPIPE)

  public var description: String { String(cString: strerror(rawValue)) }
}

/// Runs `call`, a system call that returns -1 and sets `errno` on failure, again for as
/// long as it is interrupted by a signal (EINTR): the one place the project retries.
@inlinable
public func valueOrErrno<I: FixedWidthInteger>(
  retryOnInterrupt: Bool = true, _ call: () -> I
) -> Result<I, Errno> {
  while true {
    let value = call()
    if value != -1 { return .success(value) }
    let error = Errno.current
    if retryOnInterrupt && error == .interrupted { continue }
    return .failure(error)
  }
}

/// `valueOrErrno` as a throwing call.
@inlinable
public func retryingInterrupts<I: FixedWidthInteger>(_ call: () -> I) throws(Errno) -> I {
  try valueOrErrno(call).get()
}
