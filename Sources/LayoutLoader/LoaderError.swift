import BTF
import ElfDwarf
import LayoutModel

/// Failures turning DWARF into the layout model.
public enum LoaderError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file could not be read at the ELF/DWARF level.
  case reading(ElfDwarfError)
  /// No struct, union or typedef of that name has a definition in the file.
  case typeNotFound(file: String, name: String, suggestion: String?)
  /// An entry is malformed in a way that stops loading (tag, attribute and why).
  case badEntry(file: String, offset: DIEOffset, reason: String)
  /// The BTF could not be read (libbpf, or a check of what libbpf does not check).
  case btf(BTFError)
  /// The file has no types of the source asked for (`--source btf` on a file without
  /// `.BTF`, `--source dwarf` on raw BTF).
  case noTypes(file: String, source: TypeSource, reason: String)
  /// What was asked for is read from DWARF only, and the types here are BTF.
  case needsDWARF(file: String, what: String)
  /// A symbol or relocation of a data object points outside what the file holds.
  case badData(file: String, symbol: String, reason: String)
  /// A type that walks reach again from itself, or walks deeper than
  /// `TypeTable.maxWalkDepth` (`TypeTable.walkProblem`); `type` names it when it has a
  /// name. Only a corrupt or hostile file has one.
  case unwalkableType(file: String, source: TypeSource, problem: TypeWalkProblem, type: String?)

  public var description: String {
    switch self {
    case .reading(let error): return error.description
    case .typeNotFound(let file, let name, let suggestion):
      // A keyword in the name says what was looked for; a bare name is looked up as
      // an aggregate, a typedef, then an enum.
      let looked =
        switch TypeSpec(parsing: name).kind {
        case let kind? where kind != .typedef: kind.rawValue
        default: "struct, union, typedef or enum"
        }
      return "\(file): type '\(name)' not found (no \(looked) of that name is defined in its types)"
        + Suggestions.hint(suggestion)
    case .badEntry(let file, let offset, let reason):
      return "\(file): DIE at \(offset): \(reason)"
    case .btf(let error): return error.description
    case .noTypes(let file, let source, let reason):
      return "\(file): no \(source == .btf ? "BTF" : "DWARF"): \(reason)"
    case .badData(let file, let symbol, let reason):
      return "\(file): symbol \(symbol): \(reason)"
    case .needsDWARF(let file, let what):
      return
        "\(file): \(what) needs DWARF, and the types were read from BTF (use --source dwarf on a file with DWARF)"
    case .unwalkableType(let file, let source, let problem, let type):
      let raw = problem.id.rawValue
      let place = source == .btf ? "type [\(raw)]" : "DIE at \(DIEOffset(raw))"
      let what = type.map { " (\($0))" } ?? ""
      switch problem {
      case .cycle:
        return
          "\(file): \(place)\(what): refers back to itself (a cycle through members, typedefs, qualifiers, arrays or pointers to unnamed types, which no C type forms)"
      case .tooDeep:
        return
          "\(file): \(place)\(what): types nested more than \(TypeTable.maxWalkDepth) levels deep (klp-layout reads at most \(TypeTable.maxWalkDepth))"
      }
    }
  }
}
