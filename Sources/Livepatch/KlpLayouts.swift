import ElfDwarf
import LayoutLoader
import LayoutModel

/// The klp structs as this file defines them. Member offsets and sizes are always read
/// from here, never from constants: they differ across kernel versions and targets.
public struct KlpLayouts: Sendable {
  /// The type names klp-layout treats as livepatch metadata.
  public static let typeNames = [
    "klp_patch", "klp_object", "klp_func", "klp_callbacks", "klp_state",
  ]

  public var layouts: [String: StructLayout]
  public var table: TypeTable

  public init(layouts: [String: StructLayout], table: TypeTable) {
    self.layouts = layouts
    self.table = table
  }

  /// Adds the klp struct layouts this file lacks from another file's types: DWARF (the
  /// matching vmlinux or any module built against the same kernel) or BTF (the running
  /// kernel's /sys/kernel/btf/vmlinux).
  public mutating func complete(from loader: any TypeProvider) throws(LoaderError) {
    let other = try loader.loadNamedIfPresent(Self.typeNames)
    for d in other.definitions where layouts[d.name] == nil {
      if let layout = other.layout(of: d.id) { layouts[d.name] = layout }
    }
  }

  /// The member called `name` of `type`, if both exist.
  public func member(_ name: String, of type: String) -> MemberPlacement? {
    layouts[type]?.members.first { $0.name == name }
  }

  /// `sizeof(struct type)`.
  public func size(of type: String) -> UInt64? { layouts[type]?.size }
}
