import ElfDwarf
import Frontend
import Synchronization
import System

#if canImport(Glibc)
  import Glibc
#endif

/// `KLP_LAYOUT_JOBS` set to something that is not a thread count.
struct EnvironmentError: Error, CustomStringConvertible {
  var description: String
}

/// The process-wide start of a command that reads inputs, done once, after the
/// arguments are parsed (so `--help`, `--version` and shell completion pay for none of
/// it) and before the first input is opened: the process prepared for reading
/// (`ReadingProcess`: the SIGBUS guard, no debuginfod), glibc's allocator set for a
/// batch run (`AllocatorTuning`), and the threads one input may use decided.
enum Session {
  /// The inputs of the command, with `options` and the threads of `KLP_LAYOUT_JOBS`
  /// (all cores when unset).
  static func start(_ options: InputOptions) throws -> CommandInputs {
    var options = options
    options.workers = try workers()
    ReadingProcess.prepare()
    AllocatorTuning.apply()
    return CommandInputs(options: options)
  }

  /// The run's one memory budget (`MemoryBudget`), made on first use and shared by
  /// every input of every worker: `--max-memory`, or what the address-space limit
  /// leaves.
  static func budget(maxMemory: UInt64?) -> MemoryBudget {
    made.withLock { made in
      if let made { return made }
      let budget = MemoryBudget.forRun(maxMemory: maxMemory)
      made = budget
      return budget
    }
  }

  private static let made = Mutex<MemoryBudget?>(nil)

  /// `KLP_LAYOUT_JOBS`, read once here and passed down: a CI runner sharing its cores,
  /// a benchmark of one thread. Out of range is an error, as `--jobs` is.
  static func workers() throws(EnvironmentError) -> Workers {
    guard let raw = getenv("KLP_LAYOUT_JOBS") else { return .allCores }
    let text = String(cString: raw)
    guard let count = Int(text), (1...Workers.most).contains(count) else {
      throw EnvironmentError(
        description:
          "KLP_LAYOUT_JOBS='\(text)': expected a number of threads from 1 to \(Workers.most)")
    }
    return Workers(count)
  }
}
