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

  /// The by-value nesting depth of every own type (typedefs, qualifiers, arrays and
  /// members; pointers end a chain), iteratively: a cycle, which no C type can form,
  /// or nesting deeper than `maxDepth` is an error, not a stack overflow later.
  private func measureNesting() throws(BTFError) {
    let own = Int(typeCount - firstID)
    let unvisited: Int32 = -1
    let inProgress: Int32 = -2
    var depth = [Int32](repeating: unvisited, count: own)
    func known(_ id: UInt32) -> Int32? {
      if id == 0 { return 0 }
      if id < firstID { return Int32(base?.depth(of: id) ?? 0) }
      let d = depth[Int(id - firstID)]
      return d >= 0 ? d : nil
    }
    // Children are read in place (`child(of:at:)`), not gathered into an array per
    // type, and one stack serves every walk: this visits every type of a kernel's BTF
    // before anything is shown.
    var stack: [(id: UInt32, children: Int, next: Int, deepest: Int32)] = []
    for start in firstID..<typeCount where depth[Int(start - firstID)] == unvisited {
      stack.append((start, childCount(of: start), 0, 0))
      depth[Int(start - firstID)] = inProgress
      while !stack.isEmpty {
        let top = stack.count - 1
        if stack[top].next < stack[top].children {
          let child = child(of: stack[top].id, at: stack[top].next)
          stack[top].next += 1
          if let d = known(child) {
            stack[top].deepest = max(stack[top].deepest, d)
          } else if depth[Int(child - firstID)] == inProgress {
            throw .badType(
              file: path, id: child,
              reason: "contains itself by value (a cycle of members, typedefs or arrays)")
          } else {
            depth[Int(child - firstID)] = inProgress
            stack.append((child, childCount(of: child), 0, 0))
          }
          continue
        }
        let done = stack.removeLast()
        let d = done.deepest + 1
        guard d <= Int32(Self.maxDepth) else {
          throw .badType(
            file: path, id: done.id, reason: "nested by value deeper than \(Self.maxDepth) levels")
        }
        depth[Int(done.id - firstID)] = d
        if !stack.isEmpty {
          stack[stack.count - 1].deepest = max(stack[stack.count - 1].deepest, d)
        }
      }
    }
    valueDepth = depth.map { UInt16(clamping: $0) }
  }

  func depth(of id: UInt32) -> Int {
    if id == 0 { return 0 }
    if id < firstID { return base?.depth(of: id) ?? 0 }
    let index = Int(id - firstID)
    return index < valueDepth.count ? Int(valueDepth[index]) : 0
  }

  /// The types `id` contains by value.
  private func childCount(of id: UInt32) -> Int {
    guard let t = btf__type_by_id(handle, id) else { return 0 }
    switch BTFKind(rawValue: btf_kind(t)) {
    case .typedef?, .volatile?, .const?, .restrict?, .typeTag?, .array?: return 1
    case .structure?, .union?: return Int(btf_vlen(t))
    default: return 0
    }
  }

  /// The `index`th type `id` holds by value (`index` below `childCount(of: id)`).
  private func child(of id: UInt32, at index: Int) -> UInt32 {
    guard let t = btf__type_by_id(handle, id) else { return 0 }
    switch BTFKind(rawValue: btf_kind(t)) {
    case .typedef?, .volatile?, .const?, .restrict?, .typeTag?: return t.pointee.type
    case .array?: return btf_array(t)!.pointee.type
    case .structure?, .union?: return btf_members(t)![index].type
    default: return 0
    }
  }
}
