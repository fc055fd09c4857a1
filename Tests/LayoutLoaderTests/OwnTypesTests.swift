import ElfDwarf
import Foundation
import LayoutLoader
import TestSupport
import Testing

/// `scan --audit` audits what the module's author can change: the structs and unions
/// its own sources define. pahole `-I` (`--show_decl_info`) names each type's unit and
/// declaration file; a type is the module's own when its file is in the unit's
/// directory or below.
struct OwnTypesTests {
  static let inputs =
    Fixtures.files(under: "modules", suffixes: [".ko"]).filter { $0.contains("/dwarf5/") }
    + Fixtures.files(under: "obj/x86_64/dwarf5", suffixes: [".o"])

  @Test(arguments: inputs)
  func ownTypesAreThoseDeclaredBesideTheUnit(relative: String) throws {
    let file = Fixtures.path(relative)
    let ours = try TypeLoader(file: .open(file)).ownDefinitions().map(\.description)
    #expect(Set(ours).count == ours.count, "each own type once")
    #expect(Set(ours) == Set(try Self.paholeOwnTypes(file)), "\(relative)")
  }

  @Test func aModuleDefiningNoTypesHasNone() throws {
    let ours = try TypeLoader(file: .open(Fixtures.path("modules/6.1/dwarf5/livepatch-sample.ko")))
      .ownDefinitions()
    #expect(ours.isEmpty, "\(ours)")
  }

  /// From `pahole -I`: each block's `/* Used at: UNIT */` and `/* <off> FILE:LINE */`
  /// comments, then its `struct NAME {` heading.
  static func paholeOwnTypes(_ file: String) throws -> [String] {
    var unit = "", declared = "", own: [String] = []
    for line in try Pahole.run(["-I", file]).split(separator: "\n").map(String.init) {
      if line.hasPrefix("/* Used at: ") {
        unit = String(line.dropFirst("/* Used at: ".count).dropLast(3))
      } else if line.hasPrefix("/* <"), let space = line.firstIndex(of: " "),
        let start = line[line.index(after: space)...].firstIndex(of: " ")
      {
        let location = line[line.index(after: start)...].dropLast(3)
        declared = String(location[..<(location.lastIndex(of: ":") ?? location.endIndex)])
      } else if (line.hasPrefix("struct ") || line.hasPrefix("union ")) && line.hasSuffix(" {") {
        let directory = Self.folded((unit as NSString).deletingLastPathComponent)
        if Self.folded(declared).hasPrefix(directory + "/") { own.append(String(line.dropLast(2))) }
      }
    }
    return own
  }

  /// `a/./b/../c` as `a/c`: pahole prints paths as DWARF spells them.
  static func folded(_ path: String) -> String {
    var parts: [String] = []
    for part in path.split(separator: "/").map(String.init) where part != "." {
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
      } else {
        parts.append(part)
      }
    }
    return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
  }
}
