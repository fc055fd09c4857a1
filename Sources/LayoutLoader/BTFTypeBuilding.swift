import BTF
import LayoutModel

/// One BTF record as a `CType`: the rules `BTFTypeLoader` loads by, apart from how the
/// ids a record refers to become types (`reference`). The loader loads them as it goes,
/// one type after another; `loadInParallel` builds every record on its own once it
/// knows which ids the loader would have loaded, and how (`BTFReach`).
struct BTFTypeBuilding {
  let btf: BTFFile
  /// The table's pointer size, for each pointer built.
  let pointerSize: UInt64

  /// How an id a record refers to becomes the type's reference to it: given the
  /// building, the id and whether by name only, the `TypeID` (nil for `void`). Given the
  /// building rather than closing over it: a closure over the building counted a
  /// reference on the file for each record, from each thread.
  typealias Reference = (BTFTypeBuilding, UInt32, Bool) -> TypeID?

  /// Each id as the type it names, tags looked through (`loadInParallel`, whose
  /// records refer to types built on their own).
  static func byID(_ building: BTFTypeBuilding, _ raw: UInt32, _: Bool) -> TypeID? {
    let id = building.skipTags(raw)
    return id == 0 ? nil : TypeID(UInt64(id))
  }

  /// `t` as a type, named structs and unions without their members when `shallow`.
  /// `reference` gives the type for each id the record refers to: by name only through
  /// pointers and function types, as `shallow` says through typedefs and qualifiers,
  /// in full for members and array elements. A type tag is not built here (the loader
  /// looks through it, `skipTags`): nil.
  func type(_ t: BTFType, shallow: Bool, reference: Reference) -> CType? {
    switch t.kind {
    case .int:
      let e = t.intEncoding
      let encoding: BaseEncoding =
        e?.boolean == true ? .boolean : e?.signed == true ? .signed : .unsigned
      return .base(name: t.name ?? "<unnamed>", byteSize: UInt64(t.size), encoding: encoding)
    case .float:
      return .base(name: t.name ?? "<unnamed>", byteSize: UInt64(t.size), encoding: .float)
    case .pointer:
      return .pointer(target: reference(self, t.target, true), byteSize: pointerSize)
    case .array: return array(t, reference: reference)
    case .structure, .union:
      return .aggregate(aggregate(t, shallow: shallow && t.name != nil, reference: reference))
    case .enumeration, .enumeration64: return .enumeration(name: t.name, byteSize: UInt64(t.size))
    case .forward:
      return .aggregate(
        AggregateType(
          kind: t.kindFlag ? .union : .structure, name: t.name, byteSize: nil, members: [],
          isDeclaration: true))
    case .typedef:
      return .typedef(
        name: t.name ?? "<anonymous typedef>", target: reference(self, t.target, shallow))
    case .const: return .qualified(.const, target: reference(self, t.target, shallow))
    case .volatile: return .qualified(.volatile, target: reference(self, t.target, shallow))
    case .restrict: return .qualified(.restrict, target: reference(self, t.target, shallow))
    case .typeTag: return nil
    case .functionPrototype:
      var parameters = t.parameters
      let variadic = parameters.last == 0
      if variadic { parameters.removeLast() }
      return .function(
        returns: reference(self, t.target, true),
        parameters: parameters.compactMap { reference(self, $0, true) },
        variadic: variadic)
    case .void: return .void
    case .function, .variable, .dataSection, .declarationTag:
      return .unknown("BTF \(t.kind) [\(t.id)] is not a data type")
    }
  }

  /// Builds the types of the ids in `range` that `modes` says the loader loads, into
  /// their slots, each referring to others by id: the types of a whole file, built
  /// record by record on any thread (`loadInParallel`). One call per chunk, so that
  /// the threads do not count references on the file for each record.
  func build(
    _ range: Range<Int>, modes: [BTFReach.Mode], into slots: UnsafeMutableBufferPointer<CType?>
  ) {
    for i in range where modes[i] != .none {
      guard let t = btf.type(UInt32(i)) else {
        slots[i] = .unknown("BTF type [\(i)] is missing")
        continue
      }
      slots[i] = type(t, shallow: modes[i] == .byName, reference: Self.byID)
    }
  }

  /// Whether `t`, loaded as reached through a pointer (`shallow`), is partial: loaded
  /// again when it is asked for in full. A named struct or union is then kept by name
  /// only; a typedef or qualifier led to its target the same way. (Kept as loaded, a
  /// typedef first reached through a pointer left its struct without members when a
  /// member held the typedef later: that member's struct had no alignment of its own,
  /// and the gap before it read as `__aligned__`.)
  static func isPartial(_ t: BTFType, shallow: Bool) -> Bool {
    shallow && isPartial(t.kind, named: t.name != nil)
  }

  /// The same rule by kind and whether there is a name (`BTFReach`, which builds no
  /// record value).
  static func isPartial(_ kind: BTFKind, named: Bool) -> Bool {
    switch kind {
    case .structure, .union: return named
    case .typedef, .const, .volatile, .restrict: return true
    default: return false
    }
  }

  /// Whether `type(t, shallow:)` builds a struct or union with its members, whose
  /// alignments are then inferred (`BTFAlignmentInference`).
  static func hasMembers(_ t: BTFType, shallow: Bool) -> Bool {
    (t.kind == .structure || t.kind == .union) && !(shallow && t.name != nil)
  }

  /// TYPE_TAG (`__user`, `__rcu` in BTF) says nothing about layout: look through it.
  /// Validation ruled out cycles, so the walk ends; the bound is a second guard.
  func skipTags(_ id: UInt32) -> UInt32 {
    var current = id
    for _ in 0..<BTFFile.maxDepth {
      guard btf.kind(current) == .typeTag, let target = btf.referencedType(current) else {
        return current
      }
      current = target
    }
    return current
  }

  /// Nested ARRAYs are one C array of several dimensions (`int x[2][3]`): the counts,
  /// and the element under the last of them (tags looked through).
  func dimensions(_ t: BTFType) -> (counts: [UInt64?], element: UInt32) {
    var counts: [UInt64?] = [UInt64(t.count)]
    var element = skipTags(t.element)
    for _ in 0..<BTFFile.maxDepth {
      guard btf.kind(element) == .array, let inner = btf.type(element) else { break }
      counts.append(UInt64(inner.count))
      element = skipTags(inner.element)
    }
    return (counts, element)
  }

  private func array(_ t: BTFType, reference: Reference) -> CType {
    let (counts, element) = dimensions(t)
    guard let loaded = reference(self, element, false) else { return .unknown("array of void") }
    return .array(element: loaded, counts: counts)
  }

  private func aggregate(
    _ t: BTFType, shallow: Bool, reference: Reference
  ) -> AggregateType {
    var members: [Member] = []
    if !shallow {
      members.reserveCapacity(t.members.count)
      for m in t.members {
        guard let type = reference(self, m.type, false) else { continue }
        var bitOffset = UInt64(m.bitOffset)
        var width: UInt64? = m.bitFieldSize > 0 ? UInt64(m.bitFieldSize) : nil
        // Without the kind flag, a bit field is an INT whose bits are fewer than its size.
        if !t.kindFlag, let legacy = legacyBitField(m.type) {
          bitOffset &+= UInt64(legacy.offset)
          width = UInt64(legacy.bits)
        }
        members.append(Member(name: m.name, type: type, bitOffset: bitOffset, bitFieldSize: width))
      }
    }
    return AggregateType(
      kind: t.kind == .union ? .union : .structure, name: t.name, byteSize: UInt64(t.size),
      members: members)
  }

  private func legacyBitField(_ id: UInt32) -> BTFIntEncoding? {
    var current = id
    for _ in 0..<BTFFile.maxDepth {
      // Only INTs (behind typedefs, qualifiers and tags) can be legacy bit fields: the
      // chain is followed by kind and target alone, no type value built for each member.
      if let (size, e) = btf.intType(current) {
        guard e.offset != 0 || UInt64(e.bits) != UInt64(size) * 8 else { return nil }
        return e
      }
      guard btf.kind(current) != .pointer, let next = btf.referencedType(current) else {
        return nil
      }
      current = next
    }
    return nil
  }
}
