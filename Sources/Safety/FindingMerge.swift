/// One finding per entity across a tree.
extension SafetyEngine {
  /// The changes of every pair of a tree, the same change once: found alike in several
  /// objects (a header's struct seen through every file that includes it), it is one
  /// change listing every object in `files` (sorted, `file` the first) with their
  /// `count`. Alike means everything reported but the objects: entity, name, kind,
  /// severity, reason, both sides, where it differs, and the declaration's source.
  public static func merged(_ changes: [SafetyChange]) -> [SafetyChange] {
    var order: [SafetyChange] = []
    var files: [SafetyChange: Set<String>] = [:]
    for change in changes {
      var key = change
      key.file = nil
      key.files = nil
      key.count = nil
      key.origin = nil
      if files[key] == nil { order.append(key) }
      files[key, default: []].formUnion(change.files ?? change.file.map { [$0] } ?? [])
    }
    return order.map { key in
      var merged = key
      let list = files[key, default: []].sorted()
      merged.file = list.first
      merged.files = list.isEmpty ? nil : list
      merged.count = list.isEmpty ? nil : list.count
      return merged
    }
  }
}
