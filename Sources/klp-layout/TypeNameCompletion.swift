import ArgumentParser
import Frontend

/// Shell completion of `-t`: the type names of the file already on the command line
/// (`TypeNameListing`: the first pass over the units only, 0.2 s for a fixture module;
/// files over 64 MB are not read, so a TAB never hangs). No file yet, or an unreadable
/// one: nothing.
enum TypeNameCompletion {
  static let kind = CompletionKind.custom { words, index, prefix in
    // The first word after the command that names a readable file with types is the input.
    let candidates = words.enumerated().filter {
      $0.offset > 0 && $0.offset != index && !$0.element.hasPrefix("-")
    }
    guard
      let names = candidates.lazy.map({ TypeNameListing.names(in: $0.element) }).first(where: {
        !$0.isEmpty
      })
    else { return [] }
    // Lists: complete the last item of `a,b,`.
    let head =
      prefix.range(of: ",", options: .backwards).map { String(prefix[..<$0.upperBound]) } ?? ""
    let last = String(prefix.dropFirst(head.count))
    return names.filter { $0.hasPrefix(last) }.map { head + $0 }
  }
}
