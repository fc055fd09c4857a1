internal import CLibbpf
import System

/// What libbpf 1.1.2 does not check, checked once per file before any type is read:
/// libbpf makes sure each type record fits in the type section and its kind is known,
/// but not that the ids and string offsets inside the records point anywhere real, nor
/// that types nest finitely. Split files are also checked against their base.
extension BTFFile {
  func validate(workers: Workers) throws(BTFError) {
    let own = Int(typeCount) - Int(firstID)
    guard own >= 0 else {
      throw .badType(file: path, id: typeCount, reason: "fewer types than its base")
    }
    // The nesting is measured on one thread while the others check the records: both
    // only read, and the nesting walk reads a reference past the last type as `void`,
    // so a bad record cannot derail it. The failure reported is the one a check of the
    // records and then of the nesting would report: the records' first, by id.
    let count = Int(typeCount - firstID)
    let chunk = max(2048, count / max(1, workers.count * 16))
    let chunks = (count + chunk - 1) / chunk
    let failures = workers.map(chunks + 1) { task -> BTFError? in
      do throws(BTFError) {
        if task == 0 {
          try measureNesting()
        } else {
          let start = firstID + UInt32((task - 1) * chunk)
          try checkRecords(start..<min(typeCount, start + UInt32(chunk)))
        }
      } catch { return error }
      return nil
    }
    for failure in failures.dropFirst() + failures.prefix(1) { if let failure { throw failure } }
  }

  private func checkRecords(_ ids: Range<UInt32>) throws(BTFError) {
    for id in ids {
      guard let t = btf__type_by_id(handle, id) else {
        throw .badType(file: path, id: id, reason: "libbpf has no record for it")
      }
      try checkName(t.pointee.name_off, of: id, what: "name")
      switch BTFKind(rawValue: btf_kind(t)) {
      case .pointer?, .typedef?, .volatile?, .const?, .restrict?, .typeTag?, .function?, .variable?,
        .declarationTag?:
        try checkReference(t.pointee.type, of: id, what: "referenced type")
      case .array?:
        let array = btf_array(t)!.pointee
        try checkReference(array.type, of: id, what: "element type")
        try checkReference(array.index_type, of: id, what: "index type")
        try checkDataType(array.type, of: id, what: "element type")
      case .structure?, .union?:
        let members = btf_members(t)!
        for i in 0..<Int(btf_vlen(t)) {
          try checkName(members[i].name_off, of: id, what: "member \(i) name")
          try checkReference(members[i].type, of: id, what: "member \(i) type")
          try checkDataType(members[i].type, of: id, what: "member \(i) type")
          if base != nil { try checkFits(member: i, of: t, id: id) }
        }
      case .enumeration?:
        let values = btf_enum(t)!
        for i in 0..<Int(btf_vlen(t)) {
          try checkName(values[i].name_off, of: id, what: "enumerator \(i) name")
        }
      case .enumeration64?:
        let values = btf_enum64(t)!
        for i in 0..<Int(btf_vlen(t)) {
          try checkName(values[i].name_off, of: id, what: "enumerator \(i) name")
        }
      case .functionPrototype?:
        try checkReference(t.pointee.type, of: id, what: "return type")
        let params = btf_params(t)!
        for i in 0..<Int(btf_vlen(t)) {
          try checkName(params[i].name_off, of: id, what: "parameter \(i) name")
          try checkReference(params[i].type, of: id, what: "parameter \(i) type")
        }
      case .dataSection?:
        let vars = btf_var_secinfos(t)!
        for i in 0..<Int(btf_vlen(t)) {
          try checkReference(vars[i].type, of: id, what: "variable \(i)")
        }
      case .int?, .forward?, .float?, .void?:
        break
      case nil:
        throw .badType(file: path, id: id, reason: "unknown kind \(btf_kind(t))")
      }
    }
  }

  private func mismatchOr(_ reason: String, id: UInt32) -> BTFError {
    if let base {
      return .baseMismatch(file: path, base: base.path, reason: "type [\(id)]: \(reason)")
    }
    return .badType(file: path, id: id, reason: reason)
  }

  /// A string offset inside the string sections, at the start of a string: in split
  /// BTF an offset that lands mid-string means the base is not the one it was built on.
  private func checkName(
    _ offset: UInt32, of id: UInt32, what: @autoclosure () -> String
  ) throws(BTFError) {
    guard offset != 0 else { return }
    guard btf__str_by_offset(handle, offset) != nil else {
      throw mismatchOr(
        "\(what()) at string offset \(offset) is past the end of the strings", id: id)
    }
    if base != nil, let previous = btf__str_by_offset(handle, offset - 1), previous.pointee != 0 {
      throw mismatchOr(
        "\(what()) at string offset \(offset) starts in the middle of a string", id: id)
    }
  }

  private func checkReference(
    _ target: UInt32, of id: UInt32, what: @autoclosure () -> String
  ) throws(BTFError) {
    guard target < typeCount else {
      throw mismatchOr("\(what()) [\(target)] is past the last type [\(typeCount - 1)]", id: id)
    }
  }

  /// Members and array elements are types with a size, never functions or variables.
  private func checkDataType(
    _ target: UInt32, of id: UInt32, what: @autoclosure () -> String
  ) throws(BTFError) {
    guard target != 0 else { throw mismatchOr("\(what()) is void", id: id) }
    switch kind(target) {
    case .function?, .variable?, .dataSection?, .declarationTag?:
      throw mismatchOr("\(what()) [\(target)] is a \(kind(target)!), not a data type", id: id)
    default: return
    }
  }

  /// A member of a split struct that refers into the base must fit inside the struct:
  /// with the wrong base, ids land on unrelated types of other sizes.
  private func checkFits(member i: Int, of t: UnsafePointer<btf_type>, id: UInt32) throws(BTFError)
  {
    let member = btf_members(t)![i]
    guard member.type < firstID, btf_member_bitfield_size(t, UInt32(i)) == 0,
      btf_kind(t) == UInt16(BTF_KIND_STRUCT)
    else { return }
    let size = btf__resolve_size(handle, member.type)
    guard size >= 0 else { return }
    let end = UInt64(btf_member_bit_offset(t, UInt32(i))) / 8 + UInt64(size)
    if end > UInt64(t.pointee.size) {
      throw mismatchOr(
        "member \(i) (base type [\(member.type)], \(size) bytes) ends at byte \(end), past the struct's size \(t.pointee.size)",
        id: id)
    }
  }

  /// How deep walks from every own type go, iteratively: a cycle, which no C type can
  /// form, or a walk deeper than `maxDepth` is an error here, not a stack overflow in
  /// the loader or the layout code later.
  ///
  /// The walk is the loader's (and the model's, `TypeTable.walkProblem`): by value
  /// (members, typedefs, qualifiers, tags, array elements) everything is followed;
  /// through a pointer or a function's return and parameter types a named struct or
  /// union ends it (C points back to a type only by its name), an anonymous one is
  /// walked by value again. Each (type, mode) is a state visited once.
  private func measureNesting() throws(BTFError) {
    let own = Int(typeCount - firstID)
    let unvisited: Int32 = -1
    let inProgress: Int32 = -2
    // State `2 * index + mode`, mode 0 by value, 1 through a pointer.
    var depth = [Int32](repeating: unvisited, count: own * 2)
    func known(_ id: UInt32, _ mode: Int) -> Int32? {
      if id == 0 { return 0 }
      // A base type's depth by value is at least its depth through a pointer.
      if id < firstID { return Int32(base?.depth(of: id) ?? 0) }
      let d = depth[Int(id - firstID) * 2 + mode]
      return d >= 0 ? d : nil
    }
    // Children are read in place (`child(of:at:)`, from the record the frame
    // looked up once), not gathered into an array per type, and one stack serves every
    // walk: this visits every type of a kernel's BTF before anything is shown.
    var stack: [NestingFrame] = []
    for start in firstID..<typeCount where depth[Int(start - firstID) * 2] == unvisited {
      stack.append(frame(start, mode: 0))
      depth[Int(start - firstID) * 2] = inProgress
      while !stack.isEmpty {
        let top = stack.count - 1
        if stack[top].next < stack[top].children {
          let (child, mode) = child(of: stack[top], at: stack[top].next)
          stack[top].next += 1
          if let d = known(child, mode) {
            stack[top].deepest = max(stack[top].deepest, d)
          } else if depth[Int(child - firstID) * 2 + mode] == inProgress {
            throw .badType(
              file: path, id: child,
              reason:
                "refers back to itself (a cycle through members, typedefs, qualifiers, arrays or pointers to unnamed types, which no C type forms)"
            )
          } else {
            depth[Int(child - firstID) * 2 + mode] = inProgress
            stack.append(frame(child, mode: mode))
          }
          continue
        }
        let done = stack.removeLast()
        let d = done.deepest + 1
        guard d <= Int32(Self.maxDepth) else {
          throw .badType(
            file: path, id: done.id,
            reason:
              "types nested more than \(Self.maxDepth) levels deep (klp-layout reads at most \(Self.maxDepth))"
          )
        }
        depth[Int(done.id - firstID) * 2 + done.mode] = d
        if !stack.isEmpty {
          stack[stack.count - 1].deepest = max(stack[stack.count - 1].deepest, d)
        }
      }
    }
    valueDepth = stride(from: 0, to: depth.count, by: 2).map { UInt16(clamping: depth[$0]) }
  }

  func depth(of id: UInt32) -> Int {
    if id == 0 { return 0 }
    if id < firstID { return base?.depth(of: id) ?? 0 }
    let index = Int(id - firstID)
    return index < valueDepth.count ? Int(valueDepth[index]) : 0
  }

  /// A type being walked in `mode` (0 by value, 1 through a pointer): its record and
  /// kind, how many types the walk goes on to from it, the next of them to look at and
  /// the greatest depth of those seen.
  private struct NestingFrame {
    var id: UInt32
    var mode: Int
    var record: UnsafePointer<btf_type>?
    var kind: BTFKind?
    var children = 0
    var next = 0
    var deepest: Int32 = 0
  }

  private func frame(_ id: UInt32, mode: Int) -> NestingFrame {
    let record = btf__type_by_id(handle, id)
    var frame = NestingFrame(
      id: id, mode: mode, record: record, kind: record.flatMap { BTFKind(rawValue: btf_kind($0)) })
    guard let t = record else { return frame }
    switch frame.kind {
    case .pointer?, .typedef?, .volatile?, .const?, .restrict?, .typeTag?, .array?:
      frame.children = 1
    case .structure?, .union?:
      frame.children = mode == 0 || t.pointee.name_off == 0 ? Int(btf_vlen(t)) : 0
    case .functionPrototype?: frame.children = 1 + Int(btf_vlen(t))
    default: frame.children = 0
    }
    return frame
  }

  /// The `index`th type the walk goes on to from `frame` (`index` below its
  /// `children`), and the mode it is walked in.
  private func child(of frame: NestingFrame, at index: Int) -> (UInt32, Int) {
    guard let t = frame.record else { return (0, frame.mode) }
    let (target, next): (UInt32, Int)
    switch frame.kind {
    case .pointer?: (target, next) = (t.pointee.type, 1)
    case .typedef?, .volatile?, .const?, .restrict?, .typeTag?:
      (target, next) = (t.pointee.type, frame.mode)
    case .array?: (target, next) = (btf_array(t)!.pointee.type, 0)
    case .structure?, .union?: (target, next) = (btf_members(t)![index].type, 0)
    case .functionPrototype?:
      (target, next) = (index == 0 ? t.pointee.type : btf_params(t)![index - 1].type, 1)
    default: return (0, frame.mode)
    }
    // Past the last type (a bad record, which `checkRecords` reports): a leaf here.
    return target < typeCount ? (target, next) : (0, frame.mode)
  }
}
