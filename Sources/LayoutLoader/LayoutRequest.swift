import ElfDwarf
import LayoutModel
import System

/// Laying out the types asked for from an opened type source (DWARF or BTF): the
/// library side of `klp-layout layout`.
public struct LayoutRequest {
  public var provider: any TypeProvider
  /// Names to show (`-t`/`-C`: `a,b` lists, `struct`/`union`/`enum` keywords);
  /// empty means every named struct and union.
  public var types: [String]
  public var cachelineSize: UInt64
  /// Another file's types (the matching vmlinux, say) whose definitions complete
  /// declarations.
  public var typesFrom: (any TypeProvider)?
  /// Also count the elements of file-scope variables per struct (for `audit`).
  public var countInstances = false
  /// With `types`: every distinct definition of each name, not only the first.
  public var allDefinitions = false
  /// pahole's `--prefix_filter`, `--exclude`, `--holes`, applied to what is shown.
  public var filter = TypeFilter()
  /// Without `types`: only the structs and unions the file's own sources define
  /// (`TypeLoader.ownDefinitions`, DWARF only), not every header type it includes.
  public var ownTypesOnly = false
  /// Give each named layout its `definitionID`. Only reports that show or compare
  /// definitions need it (JSON, diff, baseline); for a whole kernel it costs as much as
  /// laying the types out, so the text of `layout` goes without.
  public var definitionIDs = true
  /// Threads laying out a long list of types (and marking packing): the provider's.
  public var workers: Workers
  /// Whether `run` is the provider's last use: then a whole file's types are moved out
  /// of it (`TypeProvider.takeAllNamed`) instead of shared with it.
  public var lastUseOfProvider = false

  public init(
    provider: any TypeProvider, types: [String], cachelineSize: UInt64 = 64,
    typesFrom: (any TypeProvider)? = nil
  ) {
    self.provider = provider
    self.workers = provider.workers
    self.types = types
    self.cachelineSize = cachelineSize
    self.typesFrom = typesFrom
  }

  /// Opens `path` and `typesFrom` with `source` (for tests and tools that have no front
  /// door of their own).
  public init(
    path: String, types: [String], cachelineSize: UInt64 = 64, typesFrom: String? = nil,
    source: TypeSource = .auto,
    btfBase: String? = nil
  ) throws(LoaderError) {
    self.init(
      provider: try TypeSources.open(path, source: source, btfBase: btfBase), types: types,
      cachelineSize: cachelineSize,
      typesFrom: try typesFrom.map { p throws(LoaderError) in
        try TypeSources.open(p, source: .auto, btfBase: btfBase)
      })
  }

  /// The layouts (and enumerations), in the order asked for (or file order), with the
  /// loaded file.
  public func run() throws(LoaderError) -> LayoutResult {
    let loader = provider
    let specs = TypeSpec.parse(types)
    var loaded: LoadedFile
    var picks: [TypePick]
    if specs.isEmpty && ownTypesOnly {
      guard let dwarf = loader as? TypeLoader else {
        throw .needsDWARF(
          file: loader.path,
          what: "telling a file's own types from its headers' (declaration sites)")
      }
      let own = try dwarf.ownDefinitions()
      (loaded, picks) =
        own.isEmpty ? (try loader.loadSelected([]).loaded, []) : try loader.loadSelected(own)
    } else if specs.isEmpty {
      let taking = lastUseOfProvider && typesFrom == nil && !countInstances
      loaded = try taking ? loader.takeAllNamed() : loader.loadAllNamed()
      picks = loaded.definitions.map { .aggregate($0) }
    } else {
      // DWARF tells same-named definitions apart (and counts them); BTF has one per name.
      if let dwarf = loader as? TypeLoader {
        (loaded, picks) = try dwarf.loadSelected(specs, allDefinitions: allDefinitions)
      } else {
        (loaded, picks) = try loader.loadSelected(specs)
      }
    }
    if let typesFrom {
      try loader.completeDeclarations(from: typesFrom)
      // The completed table, checked and marked as `LoadedFile` checks and marks the
      // ones it is made with (the definitions copied in may be anything).
      try LoadedFile.checkWalkable(loader.table, path: loader.path, source: loader.source)
      loaded.table = loader.table
      loaded.table.inferPackingFromPlacement(on: workers)
    }
    // Each type is laid out on its own: in chunks on all cores, each thread with memos
    // of its own (every nested type laid out and spelled once per thread).
    let table = loaded.table
    // Constants for the threads: read from `loaded` (a `var`) and from `self` in the
    // loop, each was copied for each type.
    let (file, filter, chosen, cachelineSize) = (loaded, filter, picks, cachelineSize)
    let items: [LayoutItem] = workers.gather(
      chunksOf: chosen.count,
      state: { (facts: LayoutFacts(table: table), naming: TypeNaming(table: table)) }
    ) { memos, range, items in
      // Read out of the state once per chunk: passed from it to each call, the memos
      // were copied for each type.
      let facts = memos.facts
      let naming = definitionIDs ? memos.naming : nil
      for pick in chosen[range] {
        switch pick {
        case .aggregate(let named):
          guard
            let layout = file.layout(
              of: named.id, cachelineSize: cachelineSize, facts: facts, naming: naming),
            filter.admits(layout)
          else { continue }
          items.append(.aggregate(layout))
        case .enumeration(let e):
          if filter.admits(e) { items.append(.enumeration(e)) }
        }
      }
    }
    var result = LayoutResult(loaded: loaded, items: items)
    if countInstances && !items.isEmpty { result.instances = try loader.instancesByStruct() }
    return result
  }
}

/// What `LayoutRequest` produces.
public struct LayoutResult: Sendable {
  /// The types and the named definitions loaded.
  public var loaded: LoadedFile
  /// What to show, in the order asked for (file order without names), filtered.
  public var items: [LayoutItem]
  /// Elements of file-scope variables per struct name (when asked for).
  public var instances: [String: UInt64] = [:]

  public init(loaded: LoadedFile, items: [LayoutItem]) {
    self.loaded = loaded
    self.items = items
  }

  /// The struct and union layouts among `items` (types with no layout, such as
  /// typedefs to non-aggregates, and enumerations are not in it).
  public var layouts: [StructLayout] { items.layouts }
  public var enumerations: [Enumeration] { items.enumerations }

  public var table: TypeTable { loaded.table }
  /// The source the types were read from (`dwarf` or `btf`).
  public var source: TypeSource { loaded.source }
  /// For names asked for: how many distinct definitions of that name the file has.
  public var definitionCounts: [String: Int] { loaded.definitionCounts }
  public var machine: String { loaded.machine }
}
