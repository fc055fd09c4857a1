import FoundationEssentials
import LayoutModel

/// A committed record of the sizes and layouts that matter, for CI to check new builds
/// against (`baseline`, read back by `check`). Diff-friendly: sorted keys, types sorted
/// by name, one member per entry.
public struct Baseline: Codable, Sendable, Equatable {
  public var schemaVersion = reportSchemaVersion
  /// The file the baseline was taken from (as given), and its machine.
  public var file: String
  public var machine: String
  /// `dwarf` or `btf`: where the types were read from.
  public var typeSource: TypeSource
  public var types: [TypeRecord]
  /// Bytes of all static klp arrays, for livepatch modules.
  public var staticKlpBytes: UInt64?
  /// Hard limits, kept across updates of the baseline.
  public var budgets: [Budget]

  /// One type's size and member placement when the baseline was taken.
  public struct TypeRecord: Codable, Sendable, Equatable {
    public var name: String
    public var kind: TypeKind
    public var size: UInt64
    /// Each member's place (no types): byte offset and size; bit fields also their bit
    /// offset from the start of the type, and width.
    public var members: [MemberPosition]
    /// `DefinitionID` of the definition recorded (absent in older baselines): `check`
    /// holds the same definition to it when the name has several.
    public var definition: String?

    public init(
      name: String, kind: TypeKind, size: UInt64, members: [MemberPosition],
      definition: String? = nil
    ) {
      self.name = name
      self.kind = kind
      self.size = size
      self.members = members
      self.definition = definition
    }

    public var key: TypeKey { TypeKey(name: name, kind: kind) }
  }

  /// A hard limit in bytes for one type (`kind` nil: any kind of that name), or for
  /// the static klp total (`name` = `staticKlpBytes`, no kind).
  public struct Budget: Codable, Sendable, Equatable, Comparable {
    public var name: String
    public var kind: TypeKind?
    public var bytes: UInt64

    public init(name: String, kind: TypeKind?, bytes: UInt64) {
      self.name = name
      self.kind = kind
      self.bytes = bytes
    }

    public static let staticKlpName = "staticKlpBytes"

    public static func < (a: Budget, b: Budget) -> Bool {
      (a.name, a.kind?.rawValue ?? "") < (b.name, b.kind?.rawValue ?? "")
    }

    /// Whether this budget applies to `key`.
    public func applies(to key: TypeKey) -> Bool {
      name == key.name && (kind == nil || kind == key.kind)
    }
  }

  public init(
    file: String, machine: String, typeSource: TypeSource, layouts: [StructLayout],
    staticKlpBytes: UInt64?, budgets: [Budget]
  ) {
    self.file = file
    self.machine = machine
    self.typeSource = typeSource
    self.staticKlpBytes = staticKlpBytes
    self.budgets = budgets.sorted()
    var seen = Set<TypeKey>()
    var types: [TypeRecord] = []
    for layout in layouts {
      guard let name = layout.name, seen.insert(TypeKey(layout.kind, name)).inserted else {
        continue
      }
      types.append(
        TypeRecord(
          name: name, kind: TypeKind(layout.kind), size: layout.size,
          members: layout.members.map { MemberPosition($0) },
          definition: layout.definitionID))
    }
    self.types = types.sorted { $0.key < $1.key }
  }

  /// Reads and validates a baseline file's bytes (`path` names it in errors).
  public static func decode(_ data: [UInt8], path: String) throws(BaselineError) -> Baseline {
    struct Version: Decodable { var schemaVersion: Int }
    guard let version = try? JSONDecoder().decode(Version.self, from: Data(data)) else {
      throw .unreadable(
        path: path, reason: "not a klp-layout baseline (expected a JSON object with schemaVersion)")
    }
    guard version.schemaVersion == reportSchemaVersion else {
      throw .unreadable(
        path: path,
        reason:
          "baseline schemaVersion \(version.schemaVersion), expected \(reportSchemaVersion) (write it again with klp-layout baseline)"
      )
    }
    do { return try JSONDecoder().decode(Baseline.self, from: Data(data)) } catch let
      DecodingError.keyNotFound(key, context)
    {
      throw .unreadable(
        path: path,
        reason: "not a klp-layout baseline (missing \(where_(context.codingPath + [key])))")
    } catch let DecodingError.typeMismatch(_, context) {
      throw .unreadable(
        path: path,
        reason: "not a klp-layout baseline (wrong type at \(where_(context.codingPath)))")
    } catch {
      throw .unreadable(path: path, reason: "not a klp-layout baseline (malformed JSON)")
    }
  }

  private static func where_(_ path: [any CodingKey]) -> String {
    path.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined().trimmingPrefixDot()
  }
}

extension String {
  fileprivate func trimmingPrefixDot() -> String { hasPrefix(".") ? String(dropFirst()) : self }
}

/// Problems with a baseline file.
public enum BaselineError: Error, CustomStringConvertible, Equatable, Sendable {
  case unreadable(path: String, reason: String)

  public var description: String {
    switch self {
    case .unreadable(let path, let reason): return "\(path): \(reason)"
    }
  }
}
