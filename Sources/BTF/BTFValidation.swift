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
    try checkRecords(workers: workers)
    try measureNesting()
  }

  /// Each own type's record on its own (names, references, member kinds), in
  /// contiguous chunks on `workers` threads: a kernel has 120,000 records, checked
  /// before anything is shown. The failure reported is the first by id, as on one
  /// thread: each chunk stops at its first, and the chunks are read in order.
  private func checkRecords(workers: Workers) throws(BTFError) {
    let count = Int(typeCount - firstID)
    let failures = workers.map(chunksOf: count, minimumChunk: 2048, state: {}) {
      _, range -> BTFError? in
      let ids = firstID + UInt32(range.lowerBound)..<firstID + UInt32(range.upperBound)
      do throws(BTFError) { try checkRecords(ids) } catch { return error }
      return nil
    }
    for failure in failures { if let failure { throw failure } }
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
    // Children are read in place (`child(of:at:)`), not gathered into an array per
    // type, and one stack serves every walk: this visits every type of a kernel's BTF
    // before anything is shown.
    var stack: [(id: UInt32, mode: Int, children: Int, next: Int, deepest: Int32)] = []
    for start in firstID..<typeCount where depth[Int(start - firstID) * 2] == unvisited {
      stack.append((start, 0, childCount(of: start, mode: 0), 0, 0))
      depth[Int(start - firstID) * 2] = inProgress
      while !stack.isEmpty {
        let top = stack.count - 1
        if stack[top].next < stack[top].children {
          let (child, mode) = child(of: stack[top].id, mode: stack[top].mode, at: stack[top].next)
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
            stack.append((child, mode, childCount(of: child, mode: mode), 0, 0))
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

  /// How many types a walk in `mode` (0 by value, 1 through a pointer) goes on to
  /// from `id`.
  private func childCount(of id: UInt32, mode: Int) -> Int {
    guard let t = btf__type_by_id(handle, id) else { return 0 }
    switch BTFKind(rawValue: btf_kind(t)) {
    case .pointer?, .typedef?, .volatile?, .const?, .restrict?, .typeTag?, .array?: return 1
    case .structure?, .union?:
      return mode == 0 || t.pointee.name_off == 0 ? Int(btf_vlen(t)) : 0
    case .functionPrototype?: return 1 + Int(btf_vlen(t))
    default: return 0
    }
  }

  /// The `index`th type a walk in `mode` goes on to from `id`, and the mode it is
  /// walked in (`index` below `childCount(of: id, mode: mode)`).
  private func child(of id: UInt32, mode: Int, at index: Int) -> (UInt32, Int) {
    guard let t = btf__type_by_id(handle, id) else { return (0, mode) }
    switch BTFKind(rawValue: btf_kind(t)) {
    case .pointer?: return (t.pointee.type, 1)
    case .typedef?, .volatile?, .const?, .restrict?, .typeTag?: return (t.pointee.type, mode)
    case .array?: return (btf_array(t)!.pointee.type, 0)
    case .structure?, .union?: return (btf_members(t)![index].type, 0)
    case .functionPrototype?:
      return (index == 0 ? t.pointee.type : btf_params(t)![index - 1].type, 1)
    default: return (0, mode)
    }
  }
}
