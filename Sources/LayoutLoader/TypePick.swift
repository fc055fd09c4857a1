import LayoutModel

/// One type picked by name: an aggregate (or typedef to one) loaded into the table,
/// or an enumeration with its constants.
public enum TypePick: Sendable {
  case aggregate(NamedType)
  case enumeration(Enumeration)
}
