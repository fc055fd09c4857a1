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

  /// For `-t NAMES`: the full index when the cache has it; else the definitions of these
  /// names that the cached name index points at, each read from its DIE (a hint: a name
  /// it lacks is no answer, and `passIndex` is the rescan); else `passIndex`.
  func definitionIndex(
    for names: Set<String>, stopEarly: Bool = false
  ) throws(LoaderError) -> DefinitionIndex {
    if let index = cachedIndex ?? storedIndex() { return index }
    if let stored = nameIndex(), let index = definitions(named: names, from: stored) {
      indexTrusted = false
      return index
    }
    return try passIndex(for: names, stopEarly: stopEarly)
  }

  /// One pass over every unit that summarizes only `names` (every definition of each:
  /// the index is trusted). When the cache can keep it, the pass also records where
  /// every type name is defined (the name index), so a later query reads only the DIEs
  /// of its own names: that costs a tag and a name per top-level DIE, what the pass
  /// reads anyway, and no member of any type. Otherwise, with `stopEarly`, the pass
  /// ends once every name is seen: only the first definition of each is then known.
  /// Without `recording`, the pass only answers (the stored name index checked out, and
  /// a name it lacks is what sent the query here: a misspelling, most often).
  func passIndex(
    for names: Set<String>, stopEarly: Bool = false, recording: Bool = true
  ) throws(LoaderError) -> DefinitionIndex {
    indexTrusted = true
    if recording, let cache = indexCache, let key = TypeIndexKey(file), cache.isWritable {
      let found = try read { () throws(ElfDwarfError) in
        try file.typeNamePostings(workers: workers, keeping: names)
      }
      guard let found else { return DefinitionIndex() }
      cache.write(found.postings, for: key)
      storedNames = nil
      return DefinitionIndex(found.wanted)
    }
    let entries = try read { () throws(ElfDwarfError) in
      try file.typeDefinitions(workers: workers, stopAfterFinding: names, stopEarly: stopEarly)
    }
    return DefinitionIndex(entries)
  }

  /// The name index from the cache, read once.
  func nameIndex() -> NameIndex? {
    if let stored = storedNames { return stored }
    let found = indexCache.flatMap { cache in TypeIndexKey(file).flatMap(cache.readNames) }
    storedNames = .some(found)
    return found
  }

  /// The definitions of `names` that `stored` points at, read from their DIEs; nil when
  /// one is not what the index says it is (a type definition of that name), so the
  /// caller makes the pass instead of answering with a definition left out.
  private func definitions(named names: Set<String>, from stored: NameIndex) -> DefinitionIndex? {
    var summaries: [DIESummary] = []
    for name in names {
      guard let found = stored.lookup(name) else { continue }
      for offset in found.offsets {
        guard let summary = file.typeSummary(at: offset), summary.offset == offset,
          summary.name == name, !summary.isDeclaration,
          TypeNamePostings.kinds.contains(summary.tag)
        else { return nil }
        summaries.append(summary)
      }
    }
    summaries.sort { $0.offset < $1.offset }
    return DefinitionIndex(summaries)
  }

  /// This file's index from the cache, kept as a hint.
  func storedIndex() -> DefinitionIndex? {
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
  /// With `names`, an index from the name index was made for those names only, and so
  /// is the one found again (`passIndex`, not the whole one).
  func withIndex<T>(
    _ index: DefinitionIndex? = nil, names: Set<String>? = nil,
    _ body: (DefinitionIndex) throws(LoaderError) -> T?
  ) throws(LoaderError) -> T {
    let first: DefinitionIndex
    if let index { first = index } else { first = try definitionIndex() }
    if let answer = try body(first) { return answer }
    guard !indexTrusted else { throw untrustedAnswer() }
    // A lying full index is replaced by a whole pass; a name index's hint by the pass
    // for these names, which stores the name index again.
    let again: DefinitionIndex
    if let names, cachedIndex == nil, let stored = nameIndex() {
      // A name the stored index lacks: most often a misspelling, which the pass only
      // confirms; a name the file does define means the index lied, and is stored again.
      again = try passIndex(for: names, recording: false)
      if names.contains(where: { again.defines($0) && stored.lookup($0) == nil }) {
        _ = try passIndex(for: names)
      }
    } else if let names, cachedIndex == nil {
      again = try passIndex(for: names)
    } else {
      again = try scannedIndex()
    }
    if let answer = try body(again) { return answer }
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
