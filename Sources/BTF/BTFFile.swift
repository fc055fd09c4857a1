#if canImport(Glibc)
  import Glibc
#endif
internal import CLibbpf
import FoundationEssentials
import System

/// BTF parsed by libbpf: raw BTF (`/sys/kernel/btf/*`, `pahole --btf_encode_detached`)
/// or the bytes of an ELF `.BTF` section, alone or split on a base.
///
/// The only door to libbpf: callers get `BTFType` values, never a libbpf pointer. Every
/// number libbpf does not check is checked here before it is used (see `validate`).
public final class BTFFile {
  /// The path (or name) used in messages.
  public let path: String
  /// The base this split BTF refers to, kept alive as long as this file.
  public let base: BTFFile?
  /// Ids `1..<firstID` are the base's; this file's own types are `firstID..<typeCount`.
  public let firstID: UInt32
  public let typeCount: UInt32
  public let byteOrder: BTFByteOrder
  /// libbpf's guess from the size of `long` (0 when it finds none).
  public let pointerSize: Int
  let handle: OpaquePointer
  /// How deep walks by value from each of this file's own types go (index `id - firstID`).
  var valueDepth: [UInt16] = []

  /// The most BTF bytes read from one file: a whole kernel's BTF is ~6 MB.
  public static let sizeLimit = 512 << 20
  /// Walks deeper than this (`measureNesting`) are treated as hostile.
  public static let maxDepth = 256

  private init(path: String, base: BTFFile?, handle: OpaquePointer) throws(BTFError) {
    self.path = path
    self.base = base
    self.handle = handle
    self.typeCount = btf__type_cnt(handle)
    self.firstID = base?.typeCount ?? 1
    self.byteOrder = btf__endianness(handle) == BTF_BIG_ENDIAN ? .big : .little
    self.pointerSize = btf__pointer_size(handle)
  }

  deinit { btf__free(handle) }

  /// Whether `bytes` start with the BTF magic.
  public static func isBTF(_ bytes: some Collection<UInt8>) -> Bool { BTFHeader.hasMagic(bytes) }

  /// Parses `bytes` (raw BTF, header first) named `path`, on `base` when split; the
  /// records are checked on `workers` threads.
  public static func parse(
    _ bytes: [UInt8], path: String, base: BTFFile? = nil, workers: Workers = .one
  ) throws(BTFError) -> BTFFile {
    guard bytes.count <= sizeLimit else {
      throw .badHeader(
        file: path, reason: "\(bytes.count) bytes, more than the limit of \(sizeLimit)")
    }
    let header = try bytes.withUnsafeBytes { raw in
      Result { () throws(BTFError) in try BTFHeader(raw, file: path) }
    }.get()
    if base == nil {
      // Base BTF's string section starts with the empty string; a split file's
      // continues its base's and starts with a name.
      let first = Int(header.headerLength) + Int(header.stringOffset)
      if bytes[first] != 0 { throw .needsBase(file: path) }
    }
    klp_btf_silence()
    klp_btf_clear_errno()
    let pointer: OpaquePointer?
    if let base {
      pointer = try parseSplit(bytes, path: path, base: base)
    } else {
      pointer = bytes.withUnsafeBytes { raw in btf__new(raw.baseAddress, UInt32(raw.count)) }
    }
    guard let pointer else {
      let code = klp_btf_errno()
      throw .rejected(
        file: path, call: base == nil ? "btf__new" : "btf__parse_raw_split",
        reason: String(cString: strerror(code)))
    }
    let file = try BTFFile(path: path, base: base, handle: pointer)
    try file.validate(workers: workers)
    return file
  }

  /// libbpf 1.1.2 does not export `btf__new_split` (its symbol map lacks it), so split
  /// data goes through `btf__parse_raw_split` on an in-memory file: the bytes are those
  /// already checked, whether they came from a file or an ELF section. That file is
  /// named `/proc/self/fd/N`; without `/proc` (a chroot, a container), a private
  /// temporary file stands in (`parseSplitFromTemporaryFile`).
  private static func parseSplit(
    _ bytes: [UInt8], path: String, base: BTFFile
  ) throws(BTFError) -> OpaquePointer? {
    let fd = klp_btf_memfd()
    guard fd >= 0 else {
      throw .rejected(file: path, call: "memfd_create", reason: Errno.current.description)
    }
    let memory = FileDescriptor(rawValue: fd)
    defer { memory.close() }
    let name = "/proc/self/fd/\(fd)"
    guard access(name, F_OK) == 0 else {
      return try parseSplitFromTemporaryFile(bytes, path: path, base: base)
    }
    do { try memory.writeAll(bytes) } catch {
      throw .rejected(file: path, call: "write", reason: error.description)
    }
    klp_btf_clear_errno()
    return btf__parse_raw_split(name, base.handle)
  }

  /// The same through a file of our own in /tmp (`mkstemp`: created new, mode 0600,
  /// never a planted name), removed once parsed.
  private static func parseSplitFromTemporaryFile(
    _ bytes: [UInt8], path: String, base: BTFFile
  ) throws(BTFError) -> OpaquePointer? {
    var template = Array("/tmp/klp-layout-btf-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else {
      throw .noFileForSplit(file: path, reason: Errno.current.description)
    }
    let file = FileDescriptor(rawValue: fd)
    let name = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    defer {
      file.close()
      unlink(name)
    }
    do { try file.writeAll(bytes) } catch {
      throw .rejected(file: path, call: "write", reason: error.description)
    }
    klp_btf_clear_errno()
    return btf__parse_raw_split(name, base.handle)
  }

  // MARK: Types as values

  /// The type with `id` (of this file or its base), nil past the end.
  public func type(_ id: UInt32) -> BTFType? {
    guard id < typeCount else { return nil }
    if id == 0 {
      return BTFType(id: 0, kind: .void, name: nil, size: 0, target: 0, kindFlag: false)
    }
    guard let t = btf__type_by_id(handle, id) else { return nil }
    let kind = BTFKind(rawValue: btf_kind(t)) ?? .void
    var value = BTFType(
      id: id, kind: kind, name: string(t.pointee.name_off), size: 0, target: 0,
      kindFlag: btf_kflag(t))
    switch kind {
    case .int:
      value.size = t.pointee.size
      value.intEncoding = Self.intEncoding(t)
    case .structure, .union:
      value.size = t.pointee.size
      let members = btf_members(t)!
      value.members = (0..<Int(btf_vlen(t))).map { i in
        BTFMember(
          name: string(members[i].name_off), type: members[i].type,
          bitOffset: btf_member_bit_offset(t, UInt32(i)),
          bitFieldSize: btf_member_bitfield_size(t, UInt32(i)))
      }
    case .enumeration, .enumeration64, .float, .dataSection:
      value.size = t.pointee.size
    case .array:
      let array = btf_array(t)!.pointee
      value.element = array.type
      value.count = array.nelems
    case .functionPrototype:
      value.target = t.pointee.type
      let params = btf_params(t)!
      value.parameters = (0..<Int(btf_vlen(t))).map { params[$0].type }
    case .pointer, .typedef, .volatile, .const, .restrict, .function, .variable, .declarationTag,
      .typeTag:
      value.target = t.pointee.type
    case .void, .forward:
      break
    }
    return value
  }

  /// The ENUM or ENUM64 `id` with its constants (nil for other kinds). Read only when
  /// an enum is asked for: loading types needs an enum's name and size alone.
  public func enumeration(_ id: UInt32) -> BTFEnumeration? {
    guard id > 0, id < typeCount, let t = btf__type_by_id(handle, id) else { return nil }
    let kind = BTFKind(rawValue: btf_kind(t))
    guard kind == .enumeration || kind == .enumeration64 else { return nil }
    let is64 = kind == .enumeration64
    let enumerators = (0..<Int(btf_vlen(t))).map { i in
      if is64 {
        let e = btf_enum64(t)![i]
        return BTFEnumerator(
          name: string(e.name_off), bits: UInt64(e.val_hi32) << 32 | UInt64(e.val_lo32))
      }
      let e = btf_enum(t)![i]
      return BTFEnumerator(name: string(e.name_off), bits: UInt64(UInt32(bitPattern: e.val)))
    }
    return BTFEnumeration(
      name: string(t.pointee.name_off), size: t.pointee.size, is64: is64,
      isSigned: btf_kflag(t), enumerators: enumerators)
  }

  /// The kind of `id` without building the whole value.
  public func kind(_ id: UInt32) -> BTFKind? {
    guard id < typeCount else { return nil }
    if id == 0 { return .void }
    guard let t = btf__type_by_id(handle, id) else { return nil }
    return BTFKind(rawValue: btf_kind(t))
  }

  /// What a pointer, typedef, qualifier or tag `id` refers to, without building the
  /// whole value (nil for other kinds): walking such chains per struct member is
  /// frequent, and a whole value decodes the name too.
  public func referencedType(_ id: UInt32) -> UInt32? {
    guard id > 0, id < typeCount, let t = btf__type_by_id(handle, id) else { return nil }
    switch BTFKind(rawValue: btf_kind(t)) {
    case .pointer?, .typedef?, .volatile?, .const?, .restrict?, .typeTag?: return t.pointee.type
    default: return nil
    }
  }

  /// The ids record `id` refers to, in record order, without building its value or
  /// reading a name: a pointer's, typedef's, qualifier's or tag's target, an array's
  /// element, each member's type, a function prototype's return type then each
  /// parameter's (0 for `...`). Nothing for other kinds. For walks that visit every
  /// type a whole file's named types reach before any of them is built.
  public func forEachReference(of id: UInt32, _ body: (UInt32) -> Void) {
    guard id > 0, id < typeCount, let t = btf__type_by_id(handle, id) else { return }
    switch BTFKind(rawValue: btf_kind(t)) {
    case .pointer?, .typedef?, .volatile?, .const?, .restrict?, .typeTag?: body(t.pointee.type)
    case .array?: body(btf_array(t)!.pointee.type)
    case .structure?, .union?:
      let members = btf_members(t)!
      for i in 0..<Int(btf_vlen(t)) { body(members[i].type) }
    case .functionPrototype?:
      body(t.pointee.type)
      let params = btf_params(t)!
      for i in 0..<Int(btf_vlen(t)) { body(params[i].type) }
    default: return
    }
  }

  /// Whether `id` has a name, without reading it.
  public func isNamed(_ id: UInt32) -> Bool {
    guard id > 0, id < typeCount, let t = btf__type_by_id(handle, id) else { return false }
    let offset = t.pointee.name_off
    guard offset != 0, let c = btf__str_by_offset(handle, offset) else { return false }
    return c.pointee != 0
  }

  /// An INT's size in bytes and its encoding, without building the whole value (nil
  /// for other kinds).
  public func intType(_ id: UInt32) -> (size: UInt32, encoding: BTFIntEncoding)? {
    guard id > 0, id < typeCount, let t = btf__type_by_id(handle, id),
      BTFKind(rawValue: btf_kind(t)) == .int
    else { return nil }
    return (t.pointee.size, Self.intEncoding(t))
  }

  private static func intEncoding(_ t: UnsafePointer<btf_type>) -> BTFIntEncoding {
    let encoding = btf_int_encoding(t)
    return BTFIntEncoding(
      signed: encoding & UInt8(BTF_INT_SIGNED) != 0, char: encoding & UInt8(BTF_INT_CHAR) != 0,
      boolean: encoding & UInt8(BTF_INT_BOOL) != 0, bits: btf_int_bits(t),
      offset: btf_int_offset(t))
  }

  /// The name of `id` without building the whole value.
  public func name(_ id: UInt32) -> String? {
    guard id > 0, id < typeCount, let t = btf__type_by_id(handle, id) else { return nil }
    return string(t.pointee.name_off)
  }

  /// The first type called `name` of `kind` (base first, as libbpf searches), if any.
  public func find(_ name: String, kind: BTFKind) -> UInt32? {
    let found = btf__find_by_name_kind(handle, name, UInt32(kind.rawValue))
    return found > 0 ? UInt32(found) : nil
  }

  /// A string from the string section; nil for the empty string. Offsets were checked
  /// by `validate`, so a nil from libbpf here only means "not there".
  private func string(_ offset: UInt32) -> String? {
    guard offset != 0, let c = btf__str_by_offset(handle, offset), c.pointee != 0 else {
      return nil
    }
    return String(cString: c)
  }
}

@available(*, unavailable)
extension BTFFile: Sendable {}

extension BTFFile {
  /// The base a raw file in a `sys/kernel/btf` directory (a loaded module's BTF) is
  /// split on: the `vmlinux` beside it. A function of the path alone (nothing is read):
  /// `/sys/kernel/btf/nf_tables` gives `/sys/kernel/btf/vmlinux`, and so does a copy of
  /// another machine's directory (`host1/sys/kernel/btf/nf_tables` gives
  /// `host1/sys/kernel/btf/vmlinux`, absolute); `vmlinux` itself and files elsewhere
  /// have no default.
  public static func defaultBase(for path: String) -> String? {
    let url = URL(fileURLWithPath: path).standardizedFileURL
    let directory = url.deletingLastPathComponent().path
    guard directory == "/sys/kernel/btf" || directory.hasSuffix("/sys/kernel/btf"),
      url.lastPathComponent != "vmlinux"
    else { return nil }
    return directory + "/vmlinux"
  }
}
