import ReportSchema
import WhatIf

extension NoOpDemand {
  /// What `klp_add_nops()` allocates when `patch` (with `replace = true`) replaces
  /// `older` patches: a no-op func for every (object, old_name, old_sympos) of an
  /// older patch that the new one lacks, and a dynamic object for every object it
  /// lacks. No-ops already added for one older patch are found for the next, as in the
  /// kernel, so nothing is counted twice. `old_sympos` 0 and 1 mean the same symbol.
  public init(replacing older: [InspectReport.Patch], by patch: InspectReport.Patch) {
    struct FuncKey: Hashable {
      var name: String?
      var sympos: UInt64
    }
    var objects: [String: Set<FuncKey>] = [:]
    var order: [String] = []
    for object in patch.objects {
      if objects[object.target] == nil { order.append(object.target) }
      objects[object.target, default: []].formUnion(object.funcs.map { FuncKey(name: $0.oldName, sympos: max($0.oldSympos, 1)) })
    }
    var added: [String: UInt64] = [:]
    var dynamicObjects: UInt64 = 0
    for old in older {
      for object in old.objects {
        if objects[object.target] == nil {
          objects[object.target] = []
          order.append(object.target)
          dynamicObjects += 1
        }
        for f in object.funcs {
          let key = FuncKey(name: f.oldName, sympos: max(f.oldSympos, 1))
          if objects[object.target]!.insert(key).inserted { added[object.target, default: 0] += 1 }
        }
      }
    }
    self.init(funcsPerObject: order.compactMap { added[$0] }, dynamicObjects: dynamicObjects)
  }
}
