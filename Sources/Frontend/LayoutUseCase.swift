import ElfDwarf
import LayoutLoader
import LayoutModel
import ReportSchema

/// `layout`: the types asked for (or every named struct and union), laid out, with
/// pahole's selection options: `-C` lists and keywords, enums, `--sizes`,
/// `--contains`, `--find-pointers-to`, `--prefix`, `--exclude`, `--holes`.
public enum LayoutUseCase {
  /// What `layout` is asked, beyond the types.
  public struct Query: Sendable {
    /// `-t`/`-C` as given: `a,b` lists, `struct`/`union`/`enum` keywords.
    public var types: [String]
    public var cachelineSize: UInt64
    public var filter: TypeFilter
    /// `--all-definitions`: every distinct definition of a name asked for.
    public var allDefinitions: Bool
    /// Whether the layouts carry their `definitionID` (JSON shows it; the text,
    /// pictures and pages do not).
    public var definitionIDs = true

    public init(
      types: [String], cachelineSize: UInt64 = 64, filter: TypeFilter = .init(),
      allDefinitions: Bool = false
    ) {
      self.types = types
      self.cachelineSize = cachelineSize
      self.filter = filter
      self.allDefinitions = allDefinitions
    }
  }

  public static func run(
    _ input: ResolvedInput, types: [String], cachelineSize: UInt64, typesFrom: (any TypeProvider)?,
    allDefinitions: Bool = false
  ) throws(FrontendError) -> LayoutDocument {
    try run(
      input,
      query: Query(types: types, cachelineSize: cachelineSize, allDefinitions: allDefinitions),
      typesFrom: typesFrom)
  }

  public static func run(
    _ input: ResolvedInput, query: Query, typesFrom: (any TypeProvider)?
  ) throws(FrontendError) -> LayoutDocument {
    let result = try laidOut(input, query: query, typesFrom: typesFrom)
    var document = LayoutDocument(
      file: input.path, debugFile: input.debugFile, machine: result.machine,
      cachelineSize: query.cachelineSize,
      typeSource: result.source, items: result.items, table: result.table)
    document.multipleDefinitions = result.definitionCounts.filter { $0.value > 1 }
    document.pathBytes = input.pathBytes
    return document
  }

  /// `--sizes`: one line per type shown.
  public static func sizes(
    _ input: ResolvedInput, query: Query, typesFrom: (any TypeProvider)?
  ) throws(FrontendError) -> LayoutSizesDocument {
    let result = try laidOut(input, query: query, typesFrom: typesFrom)
    var document = LayoutSizesDocument(
      file: input.path, debugFile: input.debugFile, machine: result.machine,
      typeSource: result.source, items: result.items)
    document.pathBytes = input.pathBytes
    return document
  }

  /// `--contains TYPE`: the structs and unions with a member of that type.
  public static func containers(
    of target: String, _ input: ResolvedInput, query: Query
  ) throws(FrontendError) -> LayoutQueryDocument {
    let request = try request(input, query: query, typesFrom: nil)
    let found: (loaded: LoadedFile, found: [NamedType])
    do { found = try request.containers(of: target) } catch { throw .loading(error) }
    var document = LayoutQueryDocument(
      file: input.path, debugFile: input.debugFile, machine: found.loaded.machine,
      typeSource: found.loaded.source,
      target: targetKey(target), containers: found.found.map { TypeKey($0.kind, $0.name) })
    document.pathBytes = input.pathBytes
    return document
  }

  /// `--find-pointers-to TYPE`: the members declared as a pointer to that type.
  public static func pointers(
    to target: String, _ input: ResolvedInput, query: Query
  ) throws(FrontendError) -> LayoutQueryDocument {
    let request = try request(input, query: query, typesFrom: nil)
    let found: (loaded: LoadedFile, found: [PointerMember])
    do { found = try request.pointers(to: target) } catch { throw .loading(error) }
    var document = LayoutQueryDocument(
      file: input.path, debugFile: input.debugFile, machine: found.loaded.machine,
      typeSource: found.loaded.source,
      target: targetKey(target),
      pointers: found.found.map {
        .init(type: TypeKey($0.container.kind, $0.container.name), member: $0.member)
      })
    document.pathBytes = input.pathBytes
    return document
  }

  private static func targetKey(_ text: String) -> LayoutQueryDocument.Target {
    let spec = TypeSpec(parsing: text)
    return .init(name: spec.name, kind: spec.kind)
  }

  private static func request(
    _ input: ResolvedInput, query: Query, typesFrom: (any TypeProvider)?
  ) throws(FrontendError) -> LayoutRequest {
    var request = LayoutRequest(
      provider: try input.types(), types: query.types, cachelineSize: query.cachelineSize,
      typesFrom: typesFrom)
    request.filter = query.filter
    request.allDefinitions = query.allDefinitions
    request.definitionIDs = query.definitionIDs
    // Each use case opens a provider of its own, and asks it nothing after the request.
    request.lastUseOfProvider = true
    return request
  }

  private static func laidOut(
    _ input: ResolvedInput, query: Query, typesFrom: (any TypeProvider)?
  ) throws(FrontendError) -> LayoutResult {
    let request = try request(input, query: query, typesFrom: typesFrom)
    let result: LayoutResult
    do { result = try request.run() } catch { throw .loading(error) }
    return result
  }
}
