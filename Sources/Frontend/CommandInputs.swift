import LayoutLoader
import LayoutModel
import System

/// The inputs of one command: each path opened once and shared by every use case the
/// command runs, then checked once, when the use case is done, for a file that changed
/// underneath it (`finishing`). No use case has to remember to check.
public final class CommandInputs {
  public let options: InputOptions
  private var files: [FilePath: InputFile] = [:]
  private var resolved: [FilePath: ResolvedInput] = [:]

  public init(options: InputOptions) { self.options = options }

  /// The input at `path`, opened and read on first use.
  public func open(_ path: FilePath) throws(FrontendError) -> ResolvedInput {
    if let input = resolved[path] { return input }
    let input = try ResolvedInput.resolve(try file(path), options: options)
    resolved[path] = input
    return input
  }

  /// `open` of a path given on the command line (`FilePath(argument:)`: its bytes).
  public func open(_ path: String) throws(FrontendError) -> ResolvedInput {
    try open(FilePath(argument: path))
  }

  /// The file at `path` opened but not read: for a look at its bytes before paying for
  /// its types (`safety` skips identical pairs so).
  public func file(_ path: FilePath) throws(FrontendError) -> InputFile {
    if let file = files[path] { return file }
    let file = try ResolvedInput.openFile(path)
    files[path] = file
    return file
  }

  /// `--types-from`: its types from DWARF when it has them, else BTF
  /// (`/sys/kernel/btf/vmlinux` works), whatever `--source` says of the other inputs.
  public func typesFrom(_ path: String?) throws(FrontendError) -> (any TypeProvider)? {
    guard let path else { return nil }
    return try open(path).types(source: .auto)
  }

  /// Runs `body` (a use case over these inputs), then throws if any input was
  /// truncated or rewritten while it was read: whatever was read from it is then not
  /// reported at all.
  public func finishing<T>(_ body: () throws(FrontendError) -> T) throws(FrontendError) -> T {
    let result = try body()
    try verifyUnchanged()
    return result
  }

  /// Throws when any input opened so far (and any debug file found for one) changed on
  /// disk since it was opened.
  public func verifyUnchanged() throws(FrontendError) {
    do {
      for file in files.values { try file.verifyUnchanged() }
      for input in resolved.values { try input.debugInput?.verifyUnchanged() }
    } catch { throw .input(error) }
  }
}
