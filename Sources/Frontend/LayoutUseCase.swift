import ElfDwarf
import LayoutLoader
import LayoutModel
import ReportSchema

/// `layout`: the types asked for (or every named struct and union), laid out.
public enum LayoutUseCase {
  public static func run(
    _ input: ResolvedInput, types: [String], cachelineSize: UInt64, typesFrom: (any TypeProvider)?, allDefinitions: Bool = false
  ) throws(FrontendError) -> LayoutDocument {
    var request = LayoutRequest(
      provider: try input.types(), types: types.map { TypeKey.parse($0).name }, cachelineSize: cachelineSize, typesFrom: typesFrom)
    request.allDefinitions = allDefinitions
    let result: LayoutResult
    do { result = try request.run() } catch { throw .loading(error) }
    try input.verifyUnchanged()
    var document = LayoutDocument(
      file: input.path, debugFile: input.debugFile, machine: result.machine, cachelineSize: cachelineSize,
      typeSource: result.source.rawValue, layouts: result.layouts, table: result.table)
    document.multipleDefinitions = result.definitionCounts.filter { $0.value > 1 }
    return document
  }
}
