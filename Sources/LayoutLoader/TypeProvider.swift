import LayoutModel
import System

/// A loader of one file's types, whatever their source: what layout, audit, diff,
/// baseline/check and `--types-from` need. `TypeLoader` reads DWARF, `BTFTypeLoader`
/// reads BTF; `TypeSources.open` picks one.
public protocol TypeProvider: AnyObject {
  /// The source actually read (`dwarf` or `btf`, never `auto`).
  var source: TypeSource { get }
  var path: String { get }
  var table: TypeTable { get }
  /// The threads the command gave this file (`--jobs`, `KLP_LAYOUT_JOBS`; one inside a
  /// `scan` or `safety` worker): what a request over its types may use.
  var workers: Workers { get }
  /// Every named struct and union definition, loaded.
  func loadAllNamed() throws(LoaderError) -> LoadedFile
  /// The same, with the loader's types moved into the file instead of shared with it:
  /// the loader is left empty, for a caller that asks it nothing more. (Setting the
  /// packing marks on a shared table copies it whole, and the loader's copy is freed
  /// type by type: for a whole kernel, milliseconds on one thread.)
  func takeAllNamed() throws(LoaderError) -> LoadedFile
  /// The types called `names` (struct, union or typedef to one); missing ones throw.
  func loadNamed(_ names: [String]) throws(LoaderError) -> LoadedFile
  /// The types `specs` name, in that order (a keyword restricts the kind; a bare name
  /// tries aggregates, typedefs, then enums), with what to show for each; missing ones
  /// throw.
  func loadSelected(
    _ specs: [TypeSpec]
  ) throws(LoaderError) -> (loaded: LoadedFile, picks: [TypePick])
  /// Whether the file defines a type `spec` names (for `--contains`, `--find-pointers-to`).
  func defines(_ spec: TypeSpec) throws(LoaderError) -> Bool
  /// Those of `names` that are defined, silently skipping the others.
  func loadNamedIfPresent(_ names: [String]) throws(LoaderError) -> LoadedFile
  /// A C spelling (`struct list_head`, `unsigned long`, `struct klp_func *`) resolved.
  func resolveSpelling(_ spelling: String) throws(LoaderError) -> TypeID?
  /// Completes declaration-only structs and unions with definitions from `other`.
  @discardableResult func completeDeclarations(
    from other: any TypeProvider
  ) throws(LoaderError) -> Int
  /// Elements of file-scope variables per struct or union name.
  func instancesByStruct() throws(LoaderError) -> [String: UInt64]
}

extension TypeProvider {
  /// The loader's own table, checked as `LoadedFile` checks the tables it holds
  /// (`TypeTable.walkProblem`): for a caller that walks it after loading more into it.
  public func walkableTable() throws(LoaderError) -> TypeTable {
    let table = self.table
    try LoadedFile.checkWalkable(table, path: path, source: source)
    return table
  }
}

extension TypeLoader: TypeProvider {
  public var source: TypeSource { .dwarf }
  public var path: String { file.path }
}
