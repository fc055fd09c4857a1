import BTF
import LayoutModel
import System

/// What one thread loaded of a BTF file: its types by id and which named structs it
/// loaded by name only (reached through pointers).
struct BTFLoadedPart: Equatable {
  var types: [CType?]
  var shallow: [Bool]
  /// The part's table's links (`TypeTable.denseTable`), taken with the types.
  var links: [UInt64] = []
  var unlinkable = false

  /// The parts as one: each type as any part has it, in full where one part loaded it
  /// in full and another by name only. Loading a type gives the same value whichever
  /// thread loads it, so this is what one thread loading every part in turn would have.
  static func merged(_ parts: [BTFLoadedPart]) -> BTFLoadedPart? {
    var parts = parts
    return merged(&parts)
  }

  /// The same, taking the first part's storage for the result (no copy of a table as
  /// long as the file's ids); what is left in `parts` is what the merge did not take.
  static func merged(_ parts: inout [BTFLoadedPart]) -> BTFLoadedPart? {
    guard !parts.isEmpty else { return nil }
    var result = BTFLoadedPart(types: [], shallow: [])
    swap(&result, &parts[0])
    for part in parts.dropFirst() {
      result.unlinkable = result.unlinkable || part.unlinkable
      for i in part.types.indices where part.types[i] != nil && i < result.types.count {
        if result.types[i] == nil || (result.shallow[i] && !part.shallow[i]) {
          result.types[i] = part.types[i]
          result.shallow[i] = part.shallow[i]
          if i < result.links.count && i < part.links.count { result.links[i] = part.links[i] }
        }
      }
    }
    return result
  }
}

extension BTFTypeLoader {
  /// Loads `ids` (with what they refer to) on `workers` threads, each thread into a
  /// loader and table of its own, and merges the tables. A whole kernel's ten thousand
  /// named structs were one walk from type to type on one thread.
  ///
  /// The ids go out in small chunks to whichever thread is free, each thread keeping
  /// its loader from chunk to chunk: cut in one half per thread, the half that held the
  /// kernel's central structs loaded most of the types while the other thread waited
  /// (two threads took as long as one).
  func loadInParallel(_ ids: [UInt32]) {
    guard workers.count > 1, btf.base == nil, ids.count >= parallelLoadMinimum, table.count == 0
    else {
      return
    }
    let btf = self.btf
    let (path, machine, pointerSize) = (self.path, self.machine, Int(table.abi.pointerSize))
    let used = workers.map(
      chunksOf: ids.count, chunksPerWorker: 8,
      state: { BTFTypeLoader(btf: btf, path: path, machine: machine, pointerSize: pointerSize) }
    ) { part, range -> BTFTypeLoader in
      for id in ids[range] { _ = part.load(id) }
      return part
    }
    // Each thread's loader once, in the order the chunks came back (the merge gives the
    // same table whichever thread loaded what: `BTFLoadedPart.merged`).
    var seen = Set<ObjectIdentifier>()
    let parts = used.filter { seen.insert(ObjectIdentifier($0)).inserted }.map {
      part -> BTFLoadedPart? in
      part.table.denseTable.map {
        BTFLoadedPart(
          types: $0.types, shallow: part.shallow, links: $0.links, unlinkable: $0.unlinkable)
      }
    }
    // A part that loaded a type outside the dense ids (none do: ids were checked) is
    // not merged; the types are then loaded here, as without threads.
    var loaded = parts.compactMap { $0 }
    guard loaded.count == parts.count, let merged = BTFLoadedPart.merged(&loaded) else { return }
    table = TypeTable(
      abi: table.abi, dense: merged.types, links: merged.links, unlinkable: merged.unlinkable)
    shallow = merged.shallow
  }
}
