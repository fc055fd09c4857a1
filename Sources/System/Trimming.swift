extension StringProtocol {
  /// The text without the whitespace at either end (spaces, tabs, line breaks): what
  /// Foundation's `trimmingCharacters(in:)` does, which FoundationEssentials lacks.
  public var trimmingWhitespace: String {
    guard let first = firstIndex(where: { !$0.isWhitespace }),
      let last = lastIndex(where: { !$0.isWhitespace })
    else { return "" }
    return String(self[first...last])
  }
}
