import ElfDwarf
import LayoutModel

extension TypeLoader {
  /// Every enumerator of the enums defined at file scope, with its value.
  public func enumerators() throws(LoaderError) -> [EnumeratorEntity] {
    var result: [EnumeratorEntity] = []
    for unit in try read({ () throws(ElfDwarfError) in try file.unitOffsets() }) {
      for entry in try read({ () throws(ElfDwarfError) in try file.topLevelSummaries(of: unit) })
      where entry.tag == .enumerationType && !entry.isDeclaration {
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
          result.append(EnumeratorEntity(name: name, enumName: entry.name, value: value))
        }
      }
    }
    return result
  }
}
