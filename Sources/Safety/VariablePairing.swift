import LayoutModel

/// Which variable of the original build is which of the patched one.
///
/// By reported name: a global or file static by its name, a function's static by its
/// function and name (`conn_open::opened`), never by gcc's numeric suffix, which gcc 12
/// assigns from the end of the file. A name that repeats (statics of two files of one
/// module, compiler-made tables) pairs as objtool's klp-diff pairs what its name alone
/// cannot (tools/objtool/klp-diff.c `find_twin()`, `find_twin_positional()`): first
/// the objects with the same contents, then the rest by position when both sides have
/// as many left.
struct VariablePairing {
  var pairs: [(old: VariableEntity, new: VariableEntity)] = []
  /// Variables of the original with no twin.
  var removed: [VariableEntity] = []

  init(old: [VariableEntity], new: [VariableEntity]) {
    let newByName = Dictionary(grouping: new, by: \.qualifiedName)
    for (name, olds) in Self.grouped(old) {
      var news = newByName[name] ?? []
      var left: [VariableEntity] = []
      for o in olds {
        if let i = news.firstIndex(where: { $0.contents != nil && $0.contents == o.contents }),
          olds.count > 1 || news.count > 1
        {
          pairs.append((o, news.remove(at: i)))
        } else {
          left.append(o)
        }
      }
      if left.count == news.count {
        pairs += zip(left, news).map { ($0, $1) }
      } else {
        removed += left
      }
    }
  }

  /// Groups in order of first appearance, each in file order.
  private static func grouped(_ list: [VariableEntity]) -> [(String, [VariableEntity])] {
    var order: [String] = []
    var groups: [String: [VariableEntity]] = [:]
    for v in list {
      if groups[v.qualifiedName] == nil { order.append(v.qualifiedName) }
      groups[v.qualifiedName, default: []].append(v)
    }
    return order.map { ($0, groups[$0]!) }
  }
}
