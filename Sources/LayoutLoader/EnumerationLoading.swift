import ElfDwarf
import LayoutModel

extension TypeLoader {
  /// The enumeration whose DIE is at `offset`, with its constants in DWARF order.
  /// DWARF gives each value in a signed or an unsigned form; the form decides the
  /// spelling (`-1` or `4294967295`), as the compiler chose it.
  public func enumeration(at offset: DIEOffset) throws(LoaderError) -> Enumeration {
    let die = try read { () throws(ElfDwarfError) in try file.die(at: offset) }
    guard die.tag == .enumerationType else {
      throw .badEntry(file: file.path, offset: offset, reason: "expected DW_TAG_enumeration_type")
    }
    var enumerators: [Enumerator] = []
    if die.hasChildren {
      for child in try read({ () throws(ElfDwarfError) in try file.children(of: offset) })
      where child.tag == .enumerator {
        let value: EnumeratorValue
        switch child[.constValue] {
        case .signed(let v)?: value = .signed(v)
        case .unsigned(let v)?: value = .unsigned(v)
        default:
          throw .badEntry(
            file: file.path, offset: child.offset,
            reason: "DW_TAG_enumerator has no constant DW_AT_const_value")
        }
        enumerators.append(Enumerator(name: child.name ?? "", value: value))
      }
    }
    return Enumeration(
      name: die.name ?? "", byteSize: die[.byteSize]?.unsignedValue, enumerators: enumerators)
  }
}
