import ElfDwarf
import LayoutModel

extension TypeLoader {
  /// The enumerators of the enum at `entry`, with their values; each records the enum
  /// as its origin (enumerators have no source line of their own).
  func enumerators(of entry: DIESummary) throws(LoaderError) -> [EnumeratorEntity] {
    var result: [EnumeratorEntity] = []
    for child in try read({ () throws(ElfDwarfError) in try file.children(of: entry.offset) })
    where child.tag == .enumerator {
      guard let name = child.name else { continue }
      let value: Int64
      switch child[.constValue] {
      case .signed(let v)?: value = v
      // A value past Int64.max keeps its bits: only equality across builds matters.
      case .unsigned(let v)?: value = Int64(bitPattern: v)
      default:
        throw .badEntry(
          file: file.path, offset: child.offset,
          reason: "DW_TAG_enumerator has no constant DW_AT_const_value")
      }
      result.append(
        EnumeratorEntity(
          name: name, enumName: entry.name, value: value,
          origin: EntityOrigin(rawValue: entry.offset.rawValue)))
    }
    return result
  }
}
