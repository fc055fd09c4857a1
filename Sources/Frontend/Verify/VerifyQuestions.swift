import LayoutModel
import Verify

/// What the modules of one run ask of the target, gathered first so that the target
/// is read once for all of them: the symbol names, the types, the prototypes.
struct VerifyQuestions {
  /// Every name a module has a version for or leaves undefined.
  var exports = Set<String>()
  /// vmlinux symbols: patched functions, klp relocation symbols, `klp_enable_patch`.
  var vmlinuxSymbols: Set<String> = ["klp_enable_patch"]
  /// Module objects (klp objects, `.klp.sym` objects) and the names asked of each.
  var moduleSymbols: [String: Set<String>] = [:]
  /// Structs, unions and enums the modules use, and the klp structs.
  var types = Set(LivepatchSupport.requiredTypes.map(TypeKey.structure))
  /// Patched functions, with the `old_sympos` that selects each.
  var prototypes: [ObjectFunction: UInt64] = [:]

  mutating func add(_ facts: PatchFacts) {
    exports.formUnion(facts.versions.entries.map(\.name))
    exports.formUnion((facts.versions.extended ?? []).map(\.name))
    exports.formUnion(facts.undefined.map(\.name))
    for object in facts.objects {
      if let name = object.name { moduleSymbols[name, default: []].formUnion([]) }
      for fn in object.funcs {
        guard let old = fn.oldName else { continue }
        ask(old, in: object.name)
        if fn.newFunc != nil {
          prototypes[ObjectFunction(object: object.label, name: old)] = fn.oldSympos
        }
      }
    }
    for section in facts.relocationSections {
      for symbol in section.symbols {
        guard let (object, name, _) = KlpNames.klpSymbol(symbol.name) else { continue }
        ask(name, in: object == "vmlinux" ? nil : object)
      }
    }
    types.formUnion(facts.types?.used ?? [])
  }

  private mutating func ask(_ name: String, in object: String?) {
    if let object {
      moduleSymbols[object, default: []].insert(name)
    } else {
      vmlinuxSymbols.insert(name)
    }
  }
}
