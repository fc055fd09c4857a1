import LayoutModel
import ReportSchema

/// What the pages that compare two layouts share: marks on changed members, anchors,
/// signs and member places.
extension HTMLReport {
  /// Marks the members a change names on the side(s) where they are, linking both
  /// sides' copies of a member present in each.
  static func marked(
    old: LayoutPicture?, new: LayoutPicture?, changes: [MemberChange], leftID: String,
    rightID: String
  ) -> (LayoutPicture?, LayoutPicture?) {
    func id(_ p: LayoutPicture?, _ prefix: String, _ name: String) -> String? {
      p?.items.firstIndex { $0.name == name }.map { "\(prefix)-t0-m\($0)" }
    }
    var oldMarks: [String: LayoutPicture.Mark] = [:]
    var newMarks: [String: LayoutPicture.Mark] = [:]
    for change in changes {
      let (cls, meaning): (String, String)
      switch change.change {
      case .added: (cls, meaning) = ("added", "added")
      case .removed: (cls, meaning) = ("removed", "removed")
      case .moved: (cls, meaning) = ("moved", "moved")
      case .retyped, .resized: (cls, meaning) = ("changed", "retyped or resized")
      }
      let tag = sign(change.change)
      oldMarks[change.name] = .init(
        cssClass: cls, tag: tag, meaning: meaning, link: id(new, rightID, change.name))
      newMarks[change.name] = .init(
        cssClass: cls, tag: tag, meaning: meaning, link: id(old, leftID, change.name))
    }
    return (old?.marking(oldMarks), new?.marking(newMarks))
  }

  static func anchor(_ key: TypeKey) -> String {
    "type-" + key.kind.rawValue + "-"
      + String(
        key.name.unicodeScalars.map {
          $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" ? Character($0) : "-"
        })
  }

  static func sign(_ change: MemberChange.Kind) -> String {
    switch change {
    case .added: return "+"
    case .removed: return "−"
    case .moved: return "↕"
    case .retyped, .resized: return "~"
    }
  }

  static func place(_ type: String?, _ offset: UInt64?, _ bytes: UInt64?, _ bits: UInt64?) -> String
  {
    guard let offset else { return "-" }
    let size = bits.map { "\($0) bits" } ?? "\(bytes ?? 0) bytes"
    return (type.map { $0 + " " } ?? "") + "at \(offset) (\(size))"
  }
}
