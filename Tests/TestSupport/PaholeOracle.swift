/// pahole's text output parsed into the numbers the differential tests compare:
/// per top-level member its byte offset, size and bit-field position, and the summary
/// comments (size, members, holes, bit holes, padding).
public struct PaholeStruct: Equatable, Sendable, CustomStringConvertible {
  public struct Member: Equatable, Sendable {
    public var offset: UInt64
    public var size: UInt64
    public var bitFieldOffset: UInt64?
    public init(offset: UInt64, size: UInt64, bitFieldOffset: UInt64?) {
      self.offset = offset
      self.size = size
      self.bitFieldOffset = bitFieldOffset
    }
  }
  public var heading: String
  public var members: [Member] = []
  /// nil when pahole printed no summary (it prints none for unions).
  public var size: UInt64?
  public var memberCount: Int?
  public var holes = 0
  public var holeBytes: UInt64 = 0
  public var bitHoles = 0
  public var bitHoleBits: UInt64 = 0
  public var padding: UInt64 = 0
  public var bitPadding: UInt64 = 0
  /// The block's text exactly as pahole printed it.
  public var text: String = ""

  public init(heading: String) { self.heading = heading }

  public var description: String {
    "\(heading) size \(size.map(String.init) ?? "-") members \(memberCount.map(String.init) ?? "-") holes \(holes)/\(holeBytes) bitholes \(bitHoles)/\(bitHoleBits) padding \(padding)/\(bitPadding) \(members.map { "\($0.offset)\($0.bitFieldOffset.map { ":\($0)" } ?? "")+\($0.size)" })"
  }
}

public enum PaholeOracle {
  /// Parses every top-level `struct X {` / `union X {` block of pahole's output.
  public static func parse(_ text: String) -> [PaholeStruct] {
    var result: [PaholeStruct] = []
    var current: PaholeStruct?
    var depth = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let s = String(line)
      if current == nil {
        if (s.hasPrefix("struct ") || s.hasPrefix("union ")) && s.hasSuffix(" {") {
          current = PaholeStruct(heading: String(s.dropLast(2)))
          current?.text = s + "\n"
          depth = 1
        }
        continue
      }
      current!.text += s + "\n"
      if s.hasPrefix("}") {
        result.append(current!)
        current = nil
        continue
      }
      let tabs = s.prefix { $0 == "\t" }.count
      let body = s.dropFirst(tabs)
      if body.hasSuffix("{") { depth += 1; continue }
      if body.hasPrefix("}") { depth -= 1 }
      if tabs == 1 && depth == 1, let member = memberPosition(body) {
        current!.members.append(member)
      } else if tabs == 1 {
        summary(String(body), into: &current!)
      }
    }
    return result
  }

  /// `/*    16: 3  4 */` or `/*    16     8 */` at the end of a member line.
  static func memberPosition(_ body: Substring) -> PaholeStruct.Member? {
    guard body.hasSuffix("*/"), let open = body.range(of: "/*", options: .backwards),
      !body.hasPrefix("/*")
    else { return nil }
    let inner = body[open.upperBound..<body.index(body.endIndex, offsetBy: -2)]
    let parts = inner.split(whereSeparator: { $0 == " " })
    guard parts.count == 2 || parts.count == 3 else { return nil }
    if parts.count == 2, let offset = UInt64(parts[0]), let size = UInt64(parts[1]) {
      return .init(offset: offset, size: size, bitFieldOffset: nil)
    }
    // Bit field: "16:" "3" "4" or "16:24" "8".
    let joined = parts.joined(separator: " ")
    let halves = joined.split(separator: ":", maxSplits: 1)
    guard halves.count == 2, let offset = UInt64(halves[0].trimmingCharacters()) else { return nil }
    let rest = halves[1].split(separator: " ")
    guard rest.count == 2, let bit = UInt64(rest[0]), let size = UInt64(rest[1]) else { return nil }
    return .init(offset: offset, size: size, bitFieldOffset: bit)
  }

  static func summary(_ body: String, into s: inout PaholeStruct) {
    func number(after key: String) -> UInt64? {
      guard let r = body.range(of: key) else { return nil }
      return UInt64(body[r.upperBound...].prefix { $0.isNumber })
    }
    if body.hasPrefix("/* size: ") {
      s.size = number(after: "size: ") ?? 0
      s.memberCount = Int(number(after: "members: ") ?? 0)
    } else if body.hasPrefix("/* XXX "), body.hasSuffix(" hole, try to pack */"),
      !body.contains(" bit")
    {
      // Holes are counted from pahole's per-member comments: its summary line leaves
      // out a byte hole that follows a bit field (bf_signed in bitfields.c).
      s.holes += 1
      s.holeBytes += number(after: "XXX ") ?? 0
    } else if body.hasPrefix("/* sum bitfield members: ") {
      s.bitHoles = Int(number(after: "bit holes: ") ?? 0)
      s.bitHoleBits = number(after: "sum bit holes: ") ?? 0
    } else if body.hasPrefix("/* padding: ") {
      s.padding = number(after: "padding: ") ?? 0
    } else if body.hasPrefix("/* bit_padding: ") {
      s.bitPadding = number(after: "bit_padding: ") ?? 0
    }
  }
}

extension Substring {
  fileprivate func trimmingCharacters() -> Substring {
    var s = self
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return s
  }
}
