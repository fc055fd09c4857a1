import LayoutModel

/// JSON of a change (docs/schema/safety.schema.json): `kind` is a type's kind for
/// types and what changed for variables; `origin` stays out.
extension SafetyChange: Codable {
  enum CodingKeys: String, CodingKey {
    case entity, name, kind, severity, reason, remedy, old, new, at, file, files, count, source
    case through, enumerators
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    entity = try c.decode(Entity.self, forKey: .entity)
    name = try c.decode(String.self, forKey: .name)
    if entity == .type {
      kind = try c.decodeIfPresent(TypeKind.self, forKey: .kind)
    } else {
      change = try c.decodeIfPresent(VariableChange.self, forKey: .kind)
    }
    severity = try c.decode(Severity.self, forKey: .severity)
    reason = try c.decode(String.self, forKey: .reason)
    remedy = try c.decode(String.self, forKey: .remedy)
    old = try c.decode(Side.self, forKey: .old)
    new = try c.decode(Side.self, forKey: .new)
    at = try c.decodeIfPresent(String.self, forKey: .at)
    file = try c.decodeIfPresent(String.self, forKey: .file)
    files = try c.decodeIfPresent([String].self, forKey: .files)
    count = try c.decodeIfPresent(Int.self, forKey: .count)
    source = try c.decodeIfPresent(SourceLocation.self, forKey: .source)
    through = try c.decodeIfPresent([String].self, forKey: .through)
    enumerators = try c.decodeIfPresent([EnumeratorShift].self, forKey: .enumerators)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(entity, forKey: .entity)
    try c.encode(name, forKey: .name)
    try c.encodeIfPresent(kind, forKey: .kind)
    try c.encodeIfPresent(change, forKey: .kind)
    try c.encode(severity, forKey: .severity)
    try c.encode(reason, forKey: .reason)
    try c.encode(remedy, forKey: .remedy)
    try c.encode(old, forKey: .old)
    try c.encode(new, forKey: .new)
    try c.encodeIfPresent(at, forKey: .at)
    try c.encodeIfPresent(file, forKey: .file)
    try c.encodeIfPresent(files, forKey: .files)
    try c.encodeIfPresent(count, forKey: .count)
    try c.encodeIfPresent(source, forKey: .source)
    try c.encodeIfPresent(through, forKey: .through)
    try c.encodeIfPresent(enumerators, forKey: .enumerators)
  }
}
