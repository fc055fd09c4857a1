import BTF
import LayoutModel
import System

extension BTFTypeLoader {
  /// Loads `ids` (with what they refer to) on `workers` threads: the table `load` would
  /// leave loading them in turn, built record by record. Returns whether the table's
  /// walks were checked on the way (`TypeTable.walkProblem`) and found sound: then the
  /// check `LoadedFile` makes of the table handed over has been made.
  ///
  /// First the ids the loader would reach are found, and how (`BTFReach`: a walk over
  /// the records that builds nothing). Then each record is built on its own, in chunks
  /// on all threads: a type refers to others by id, and a BTF id is the `TypeID`. Last,
  /// each struct's alignments are inferred, again in chunks, from the finished table,
  /// while one thread checks its walks. (Before, each thread loaded some of the named
  /// types with all they reach; the threads loaded the kernel's central types each
  /// again, and two threads together took as long as one.)
  @discardableResult
  func loadInParallel(_ ids: [UInt32]) -> Bool {
    guard workers.count > 1, btf.base == nil, ids.count >= parallelLoadMinimum, table.count == 0,
      let reach = BTFReach(ids, building: building)
    else {
      return false
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
    let (walkable, inferred) = Self.checkWalksAndInferAlignments(
      of: built, modes: modes, btf: btf, workers: workers)
    // Alignments only: no walk changes, so the check holds for the table as stored.
    for (id, aggregate) in inferred { built[id] = .aggregate(aggregate) }
    table = built
    shallow = modes.map { $0 == .byName }
    return walkable
  }

  /// Whether `table`'s walks are sound (`walkProblem`), checked on one thread, beside
  /// the structs and unions built with their members with their alignments inferred
  /// (`BTFAlignmentInference`) in chunks on the others, each thread with natural
  /// alignments of its own: both only read the table. The inferred ones are those the
  /// inference changed.
  private static func checkWalksAndInferAlignments(
    of table: TypeTable, modes: [BTFReach.Mode], btf: BTFFile, workers: Workers
  ) -> (walkable: Bool, inferred: [(TypeID, AggregateType)]) {
    let chunks = Self.chunks(modes.count)
    var inferred = [[(TypeID, AggregateType)]](repeating: [], count: chunks)
    var walkable = false
    // Task 0, taken first, is the check; each other task one chunk, its result in a
    // slot of its own.
    inferred.withUnsafeMutableBufferPointer { slots in
      withUnsafeMutablePointer(to: &walkable) { walkable in
        workers.forEach(chunks + 1, state: { BTFAlignmentInference() }) { inference, task in
          guard task > 0 else {
            walkable.pointee = table.walkProblem() == nil
            return
          }
          for i in Self.chunk(task - 1, of: modes.count) where modes[i] == .full {
            guard let kind = btf.kind(UInt32(i)), kind == .structure || kind == .union else {
              continue
            }
            let id = TypeID(UInt64(i))
            let changed = table.withAggregate(id) { inference.inferred($0, in: table) }
            if let changed = changed ?? nil { slots[task - 1].append((id, changed)) }
          }
        }
      }
    }
    return (walkable, Array(inferred.joined()))
  }

  /// Ids per chunk of the build and of the inference (a kernel's 150,000 in some seventy
  /// chunks): enough that a thread's chunk costs more than taking it, few enough that
  /// both threads finish together.
  private static let chunkSize = 2048

  private static func chunks(_ count: Int) -> Int { (count + chunkSize - 1) / chunkSize }

  private static func chunk(_ index: Int, of count: Int) -> Range<Int> {
    index * chunkSize..<min(count, (index + 1) * chunkSize)
  }
}
