/// "Did you mean …?": the candidate closest to a misspelled name, by edit distance,
/// when it is close enough to be a plausible typo.
public enum Suggestions {
  /// The closest of `candidates` to `word`, or nil when none is within a third of the
  /// word's length (at least 1, at most 3 edits).
  public static func closest<S: Sequence>(to word: String, in candidates: S) -> String?
  where S.Element == String {
    let target = Array(word.utf8)
    let allowed = min(3, max(1, target.count / 3))
    var best: (distance: Int, name: String)?
    for candidate in candidates where candidate != word {
      let bytes = Array(candidate.utf8)
      guard abs(bytes.count - target.count) <= allowed else { continue }
      let d = distance(target, bytes, cutoff: allowed)
      if d <= allowed, best.map({ (d, candidate) < ($0.distance, $0.name) }) ?? true {
        best = (d, candidate)
      }
    }
    return best?.name
  }

  /// Levenshtein distance with transpositions counted as one edit, stopping early once
  /// every path exceeds `cutoff`.
  static func distance(_ a: [UInt8], _ b: [UInt8], cutoff: Int) -> Int {
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
      var current = [i] + [Int](repeating: 0, count: b.count)
      for j in stride(from: 1, through: b.count, by: 1) {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          current[j] = min(current[j], previous2[j - 2] + 1)
        }
      }
      if current.min() ?? 0 > cutoff { return cutoff + 1 }
      previous2 = previous
      previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
  }

  /// `; did you mean 'x'?` or nothing.
  public static func hint(_ suggestion: String?) -> String {
    suggestion.map { "; did you mean '\($0)'?" } ?? ""
  }
}
