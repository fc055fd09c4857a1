import ArgumentParser
import ElfDwarf
import Foundation
import LayoutLoader

/// Shell completion of `-t`: the type names of the file already on the command line.
/// Only the first, parallel pass over the units is paid: 0.2 s for a fixture module,
/// seconds for the largest debug modules and a debug vmlinux, so files over
/// `maxBytes` are not read (a TAB must not hang). No file yet, or an unreadable one:
/// nothing.
enum TypeNameCompletion {
  static let kind = CompletionKind.custom { words, index, prefix in
    // The first word after the command that names a readable ELF file is the input.
    let candidates = words.enumerated().filter { $0.offset > 0 && $0.offset != index && !$0.element.hasPrefix("-") }
    guard let file = candidates.lazy.filter({ isSmallRegularFile($0.element) }).compactMap({ try? ElfFile.open($0.element) }).first,
      let types = try? TypeLoader(file: file).definedTypes()
    else { return [] }
    // Lists: complete the last item of `a,b,`.
    let head = prefix.range(of: ",", options: .backwards).map { String(prefix[..<$0.upperBound]) } ?? ""
    let last = String(prefix.dropFirst(head.count))
    let names = Set(types.map(\.name)).sorted()
    return names.filter { $0.hasPrefix(last) }.map { head + $0 }
  }

  static let maxBytes: UInt64 = 64 << 20

  private static func isSmallRegularFile(_ path: String) -> Bool {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      attributes[.type] as? FileAttributeType == .typeRegular
    else { return false }
    return (attributes[.size] as? UInt64 ?? 0) <= maxBytes
  }
}
