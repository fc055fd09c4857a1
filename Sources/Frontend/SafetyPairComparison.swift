import ElfDwarf
import LayoutLoader
import LayoutModel
import Safety
import System

/// One pair of `safety`: skipped when the two files hold the same bytes, or differ only
/// in sections nothing it reports depends on; otherwise every entity of both read and
/// compared, and each change given the source line of its declaration.
struct SafetyPairComparison: Sendable {
  var options: InputOptions
  var sourcePrefixMap: SourcePrefixMap

  enum Outcome {
    case identical
    case equivalent
    case withoutDebugInfo
    case compared([SafetyChange])
    case failed(FrontendError)
  }

  func compare(_ pair: SafetyPlan.Pair) -> Outcome {
    let inputs = CommandInputs(options: options)
    do throws(FrontendError) {
      return try inputs.finishing { () throws(FrontendError) -> Outcome in
        try compare(pair, with: inputs)
      }
    } catch { return .failed(error) }
  }

  private func compare(
    _ pair: SafetyPlan.Pair, with inputs: CommandInputs
  ) throws(FrontendError) -> Outcome {
    // Unchanged objects are the common case in a kernel tree, and two builds of a
    // kernel differ in every module's build ID: both skipped before any DWARF is read.
    let (oldFile, newFile) = (try inputs.file(pair.old), try inputs.file(pair.new))
    do {
      if try oldFile.sameContents(as: newFile) { return .identical }
    } catch { throw .input(error) }
    do {
      if try ElfFile.sameSections(oldFile, newFile, compared: DataSymbolRules.mayChangeFindings) {
        return .equivalent
      }
    } catch { throw .reading(error) }
    let before = try inputs.open(pair.old)
    let after = try inputs.open(pair.new)
    // Without DWARF on either side the types cannot be compared: listed, and the run is
    // incomplete. One side without it is a broken pair.
    let (oldHasDWARF, newHasDWARF) = (try before.elfFile().hasDWARF, try after.elfFile().hasDWARF)
    if !oldHasDWARF && !newHasDWARF { return .withoutDebugInfo }
    let changes = SafetyEngine.compare(
      old: try Self.entities(before), new: try Self.entities(after), file: pair.label)
    var located: [SafetyChange] = []
    for var change in changes {
      change.source = try source(of: change, old: before.elfFile(), new: after.elfFile())
      located.append(change)
    }
    return .compared(located)
  }

  static func entities(_ input: ResolvedInput) throws(FrontendError) -> ProgramEntities {
    let file = try input.elfFile()
    guard file.hasDWARF else { throw .reading(.noDWARF(file: input.path, hasBTF: file.hasBTF)) }
    let loader = TypeLoader(file: file, workers: .one)  // pairs already run side by side
    do { return try loader.programEntities() } catch { throw .loading(error) }
  }

  /// The declaration's file and line: the patched build's, or the original's when the
  /// entity is gone from it.
  private func source(
    of change: SafetyChange, old: ElfFile, new: ElfFile
  ) throws(FrontendError) -> SafetyChange.SourceLocation? {
    let sides = [(change.origin?.new, new), (change.origin?.old, old)]
    for case let (origin?, file) in sides {
      let line: DeclarationLine?
      do { line = try file.declarationLine(of: DIEOffset(origin.rawValue)) } catch {
        throw .reading(error)
      }
      if let line {
        return .init(file: sourcePrefixMap.rewritten(line.file), line: line.line)
      }
    }
    return nil
  }
}
