import LayoutLoader
@testable import LayoutModel
import TestSupport
import Testing

/// `TypeNaming` spells the commonest member types (named types, qualified or not,
/// pointers to them, arrays of either, pointers to functions returning them) without
/// the general speller. Both must give the same template for every type a real file
/// has, with and without pahole's `const` rule for zero-length arrays.
struct DirectSpellingTests {
  static let inputs = [
    "modules/6.12/dwarf4/livepatch-sample.ko",
    "modules/6.1/dwarf4/livepatch-shadow-fix1.ko",
    "btf/modules/6.12/dwarf4/livepatch-sample.ko.btf",
  ]

  @Test(arguments: inputs)
  func directEqualsGeneral(relative: String) throws {
    let path = Fixtures.path(relative)
    let table = try LayoutRequest(path: path, types: []).run().table
    for dropsConst in [false, true] {
      let naming = TypeNaming(table: table, dropsConstOfZeroLengthElement: dropsConst)
      var direct = 0
      var checked = 0
      table.forEachType { id, _ in
        checked += 1
        guard let fast = naming.directTemplate(of: id) else { return }
        direct += 1
        #expect(fast == naming.spelledTemplate(of: id), "type \(id.rawValue) in \(relative)")
      }
      // Most types take the direct way, or this test compares next to nothing.
      #expect(checked > 200)
      #expect(direct * 2 > checked, "\(direct) of \(checked) spelled directly")
    }
  }
}
