/// Failures decoding livepatch metadata.
public enum LivepatchError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Reading the file or its types failed (the lower layer's message).
  case reading(String)
  /// A klp variable's bytes are not where its symbol says (file, symbol, why).
  case badVariable(file: String, symbol: String, reason: String)

  public var description: String {
    switch self {
    case .reading(let message): return message
    case .badVariable(let file, let symbol, let reason):
      return "\(file): klp variable '\(symbol)': \(reason)"
    }
  }
}
