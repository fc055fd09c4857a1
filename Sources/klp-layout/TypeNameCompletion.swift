import ArgumentParser
import Frontend

/// Shell completion of `-t`: the type names of the file already on the command line
/// (`TypeNameListing`: from the file's type index when it has one, else a bounded pass
/// that makes it; BTF from its names). No file yet, or an unreadable one: nothing.
enum TypeNameCompletion {
  static let kind = CompletionKind.custom { words, index, prefix in
    // The index is read as the command would (never with `--no-index` or
    // KLP_LAYOUT_INDEX=off); a bad setting is not worth failing a TAB over.
    let cache =
      words.contains("--no-index") ? nil : (try? Session.typeIndexCache()) ?? nil
    // The first word after the command that names a readable file with types is the input.
    let candidates = words.enumerated().filter {
      $0.offset > 0 && $0.offset != index && !$0.element.hasPrefix("-")
    }
    guard
      let names = candidates.lazy.map({ TypeNameListing.names(in: $0.element, index: cache) })
        .first(where: {
          !$0.isEmpty
        })
    else { return [] }
    // Lists: complete the last item of `a,b,`.
    let head =
      prefix.lastIndex(of: ",").map { String(prefix[...$0]) } ?? ""
    let last = String(prefix.dropFirst(head.count))
    return names.filter { $0.hasPrefix(last) }.map { head + $0 }
  }
}
