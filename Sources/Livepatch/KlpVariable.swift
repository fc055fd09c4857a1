import ElfDwarf

/// A static variable whose type is a klp struct or an array of one, placed in the file.
public struct KlpVariable: Hashable, Sendable {
  public var name: String
  /// `klp_func`, `klp_object`, …
  public var elementType: String
  /// Elements (1 for a single struct).
  public var count: UInt64
  public var section: SectionIndex
  public var sectionName: String
  /// Offset of the first byte in its section.
  public var offset: UInt64
  public var elementSize: UInt64

  public init(
    name: String, elementType: String, count: UInt64, section: SectionIndex, sectionName: String,
    offset: UInt64, elementSize: UInt64
  ) {
    self.name = name
    self.elementType = elementType
    self.count = count
    self.section = section
    self.sectionName = sectionName
    self.offset = offset
    self.elementSize = elementSize
  }

  /// Bytes the variable occupies.
  public var bytes: UInt64 { count.multipliedReportingOverflow(by: elementSize).partialValue }

  /// The offset of element `index` in the section.
  public func elementOffset(_ index: UInt64) -> UInt64 {
    offset &+ index &* elementSize
  }
}
