import ElfDwarf
import Frontend
import LayoutLoader
import Synchronization
import System

#if canImport(Glibc)
  import Glibc
#endif

/// `KLP_LAYOUT_JOBS` set to something that is not a thread count, `KLP_LAYOUT_INDEX` to
/// neither `on` nor `off`.
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
  /// (all cores when unset); with `index`, the type-index cache unless it is switched
  /// off (batch commands, which read each file once, pass none).
  static func start(_ options: InputOptions, index: TypeIndexOptions? = nil) throws -> CommandInputs
  {
    var options = options
    options.workers = try workers()
    if let index, !index.noIndex { options.typeIndex = try typeIndexCache() }
    ReadingProcess.prepare()
    AllocatorTuning.apply(threads: options.workers.count > 1)
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

  /// The type-index cache: `$XDG_CACHE_HOME/klp-layout` (an absolute `XDG_CACHE_HOME`,
  /// as the XDG base-directory rules say; else `$HOME/.cache`), nil when
  /// `KLP_LAYOUT_INDEX=off` or there is no home to keep it in.
  static func typeIndexCache() throws(EnvironmentError) -> TypeIndexCache? {
    if let raw = getenv("KLP_LAYOUT_INDEX") {
      switch String(cString: raw) {
      case "off": return nil
      case "on", "": break
      case let text:
        throw EnvironmentError(description: "KLP_LAYOUT_INDEX='\(text)': expected on or off")
      }
    }
    return defaultTypeIndexCache()
  }

  /// Where the cache is when it is on (shell completion reads it without failing).
  static func defaultTypeIndexCache() -> TypeIndexCache? {
    let variable = { (name: String) in getenv(name).map { String(cString: $0) } }
    let base: FilePath
    if let cache = variable("XDG_CACHE_HOME"), cache.hasPrefix("/") {
      base = FilePath(cache)
    } else if let home = variable("HOME"), home.hasPrefix("/") {
      base = FilePath(home).appending(".cache")
    } else {
      return nil
    }
    return TypeIndexCache(directory: base.appending("klp-layout"))
  }
}
