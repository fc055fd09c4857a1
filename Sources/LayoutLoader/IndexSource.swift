import ElfDwarf
import LayoutModel
import System

/// Where a loader's `DefinitionIndex` comes from: the type-index cache when it holds
/// this file's, else one pass over every unit (then stored for the next run). An index
/// read from the cache is a hint: each entry is checked against its DIE before it is
/// used (`checked`), and one that does not check out sends the loader back to the pass.
extension TypeLoader {
  /// The full index: cached in the loader, else read from the type-index cache, else
  /// found by one pass over the units (and stored).
  func definitionIndex() throws(LoaderError) -> DefinitionIndex {
    if let index = cachedIndex ?? storedIndex() { return index }
    return try scannedIndex()
  }

  /// For `-t NAMES`: the full index when the cache has it or can keep it (a later
  /// query then reads no unit it does not need), otherwise the cheap pass that keeps
  /// only these names (every unit read, only they summarized).
  /// With `stopEarly`, the pass ends once every name is seen: only the first definition
  /// of each is then known.
  func definitionIndex(
    for names: Set<String>, stopEarly: Bool = false
  ) throws(LoaderError) -> DefinitionIndex {
    if let index = cachedIndex ?? storedIndex() { return index }
    if indexCache?.isWritable == true, TypeIndexKey(file) != nil { return try scannedIndex() }
    let entries = try read { () throws(ElfDwarfError) in
      try file.typeDefinitions(workers: workers, stopAfterFinding: names, stopEarly: stopEarly)
    }
    return DefinitionIndex(entries)
  }

  /// This file's index from the cache, kept as a hint.
  private func storedIndex() -> DefinitionIndex? {
    guard let cache = indexCache, let key = TypeIndexKey(file), let stored = cache.read(key)
    else { return nil }
    cachedIndex = stored
    indexTrusted = false
    return stored
  }

  /// One pass over every unit; the index is trusted (it is what the file says) and
  /// stored in the cache, replacing what was there.
  private func scannedIndex() throws(LoaderError) -> DefinitionIndex {
    let entries = try read { () throws(ElfDwarfError) in
      try file.distinctTypeDefinitions(workers: workers) ?? []
    }
    return adopt(DefinitionIndex(entries))
  }

  /// The index for shell completion: from the cache, else from a pass that gives up
  /// (nil) when not done by `deadline`, so a TAB never waits long.
  func definitionIndex(
    finishingBy deadline: ContinuousClock.Instant
  ) throws(LoaderError) -> DefinitionIndex? {
    if let index = cachedIndex ?? storedIndex() { return index }
    let entries = try read { () throws(ElfDwarfError) in
      try file.distinctTypeDefinitions(workers: workers, finishingBy: deadline)
    }
    return entries.map { adopt(DefinitionIndex($0)) }
  }

  /// What a pass found, kept (trusted) and stored.
  private func adopt(_ index: DefinitionIndex) -> DefinitionIndex {
    cachedIndex = index
    indexTrusted = true
    if let cache = indexCache, let key = TypeIndexKey(file) { cache.write(index, for: key) }
    return index
  }

  /// Runs `body` on `index` (the full one unless given); `body` answers nil when an
  /// entry did not check out (or a name the user asked for is missing from an index
  /// that is only a hint), and is then run again on the index one pass over the file
  /// finds, which answers for itself.
  func withIndex<T>(
    _ index: DefinitionIndex? = nil, _ body: (DefinitionIndex) throws(LoaderError) -> T?
  ) throws(LoaderError) -> T {
    let first: DefinitionIndex
    if let index { first = index } else { first = try definitionIndex() }
    if let answer = try body(first) { return answer }
    guard !indexTrusted else { throw untrustedAnswer() }
    if let answer = try body(try scannedIndex()) { return answer }
    throw untrustedAnswer()
  }

  /// What a pass's own index cannot give: `checked` passes every entry of it.
  private func untrustedAnswer() -> LoaderError {
    .badEntry(
      file: file.path, offset: DIEOffset(0), reason: "the type index answered for a DIE twice")
  }

  /// Whether `entry` is what the DIE at its offset is (tag, name, a definition, its unit
  /// and shape): always for an index this loader found itself; for one read from the
  /// cache, checked once per DIE.
  func checked(_ entry: DefinitionIndex.Entry) -> Bool {
    guard !indexTrusted, !checkedOffsets.contains(entry.offset) else { return true }
    guard let found = file.typeSummary(at: entry.offset), found.offset == entry.offset,
      found.tag == entry.tag, found.name == entry.name, !found.isDeclaration,
      found.unit == entry.unit, !entry.isAggregate || found.shape == entry.shape
    else { return false }
    checkedOffsets.insert(entry.offset)
    return true
  }

  /// Whether a missing name is an answer: always from a pass, never from a hint.
  var absenceIsKnown: Bool { indexTrusted }
}
