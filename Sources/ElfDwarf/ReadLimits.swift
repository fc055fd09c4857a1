import System

/// How much an input may cost the reader, whatever the file claims.
public struct ReadLimits: Sendable, Equatable {
  /// The most bytes a decompressed file, or all its compressed sections together, may
  /// expand to. Checked while streaming, never taken from a size the file declares.
  public var maxDecompressed: UInt64
  /// The run's memory, shared by every input any worker reads: what a file is mapped,
  /// decompressed or expanded into is reserved here first (`MemoryBudget`).
  public var budget: MemoryBudget

  public init(maxDecompressed: UInt64, budget: MemoryBudget = .unlimited) {
    self.maxDecompressed = maxDecompressed
    self.budget = budget
  }

  public static func == (a: ReadLimits, b: ReadLimits) -> Bool {
    a.maxDecompressed == b.maxDecompressed && a.budget === b.budget
  }

  /// 2 GiB: twice the largest compressed debug vmlinux section seen in distro packages.
  public static let standard = ReadLimits(maxDecompressed: 2 << 30)
}
