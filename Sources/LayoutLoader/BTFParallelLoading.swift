import BTF
import LayoutModel
import System

extension BTFTypeLoader {
  /// Loads `ids` (with what they refer to) on `workers` threads: the table `load` would
  /// leave loading them in turn, built record by record.
  ///
  /// First the ids the loader would reach are found, and how (`BTFReach`: a walk over
  /// the records that builds nothing). Then each record is built on its own, in chunks
  /// on all threads: a type refers to others by id, and a BTF id is the `TypeID`. Last,
  /// each struct's alignments are inferred, again in chunks, from the finished table.
  /// (Before, each thread loaded some of the named types with all they reach; the
  /// threads loaded the kernel's central types each again, and two threads together
  /// took as long as one.)
  func loadInParallel(_ ids: [UInt32]) {
    guard workers.count > 1, btf.base == nil, ids.count >= parallelLoadMinimum, table.count == 0,
      let reach = BTFReach(ids, building: building)
    else {
      return
    }
    let modes = reach.modes
    let (btf, building, workers) = (self.btf, self.building, self.workers)
    var types = [CType?](repeating: nil, count: modes.count)
    // Each chunk writes the slots of its own ids: the threads never touch the same one.
    types.withUnsafeMutableBufferPointer { slots in
      workers.forEach(Self.chunks(modes.count), state: {}) { _, chunk in
        building.build(Self.chunk(chunk, of: modes.count), modes: modes, into: slots)
      }
    }
    var built = TypeTable(abi: table.abi, dense: consume types)
    let inferred = Self.inferAlignments(in: built, modes: modes, btf: btf, workers: workers)
    for (id, aggregate) in inferred { built[id] = .aggregate(aggregate) }
    table = built
    shallow = modes.map { $0 == .byName }
  }

  /// The structs and unions built with their members, with their alignments inferred
  /// (`BTFAlignmentInference`) from `table`, in chunks, each thread with natural
  /// alignments of its own.
  private static func inferAlignments(
    in table: TypeTable, modes: [BTFReach.Mode], btf: BTFFile, workers: Workers
  ) -> [(TypeID, AggregateType)] {
    let found = workers.map(
      chunksOf: modes.count, chunksPerWorker: 8, state: { BTFAlignmentInference() }
    ) { inference, range -> [(TypeID, AggregateType)] in
      var inferred: [(TypeID, AggregateType)] = []
      for i in range where modes[i] == .full {
        guard let kind = btf.kind(UInt32(i)), kind == .structure || kind == .union else {
          continue
        }
        let id = TypeID(UInt64(i))
        let changed = table.withAggregate(id) { inference.inferred($0, in: table) }
        if let changed = changed ?? nil { inferred.append((id, changed)) }
      }
      return inferred
    }
    return Array(found.joined())
  }

  /// Records per chunk of the build: enough that a thread's chunk costs more than
  /// taking it, few enough that both threads finish together.
  private static let chunkSize = 2048

  private static func chunks(_ count: Int) -> Int { (count + chunkSize - 1) / chunkSize }

  private static func chunk(_ index: Int, of count: Int) -> Range<Int> {
    index * chunkSize..<min(count, (index + 1) * chunkSize)
  }
}
