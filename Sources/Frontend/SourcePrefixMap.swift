/// `--source-prefix-map OLD=NEW`: source files as the compile recorded them, rewritten
/// the way gcc's `-ffile-prefix-map` rewrites them (the last mapping whose OLD starts
/// the path wins), so that they name files of the reviewer's checkout.
public struct SourcePrefixMap: Sendable, Equatable {
  public var mappings: [(old: String, new: String)]

  public init(_ mappings: [(old: String, new: String)] = []) { self.mappings = mappings }

  /// Parses `OLD=NEW` (NEW may be empty; OLD may not); nil when there is no `=`.
  public static func mapping(_ argument: String) -> (old: String, new: String)? {
    guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
      return nil
    }
    return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
  }

  public func rewritten(_ path: String) -> String {
    guard let m = mappings.last(where: { path.hasPrefix($0.old) }) else { return path }
    return m.new + path.dropFirst(m.old.count)
  }

  public static func == (a: Self, b: Self) -> Bool {
    a.mappings.elementsEqual(b.mappings) { $0.old == $1.old && $0.new == $1.new }
  }
}
