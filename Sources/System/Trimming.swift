extension StringProtocol {
  /// The text without the tabs and spaces (Unicode's space separators) at either end:
  /// what Foundation's `trimmingCharacters(in: .whitespaces)` does, which
  /// FoundationEssentials lacks. Line breaks and carriage returns stay (a message's
  /// `\r` is shown escaped, not dropped), and the ends are scalars, not characters: a
  /// combining mark after a space stays.
  public var trimmingWhitespace: String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !isHorizontalSpace($0) }),
      let last = scalars.lastIndex(where: { !isHorizontalSpace($0) })
    else { return "" }
    var kept = String.UnicodeScalarView()
    kept.append(contentsOf: scalars[first...last])
    return String(kept)
  }
}

private func isHorizontalSpace(_ scalar: Unicode.Scalar) -> Bool {
  scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
}
