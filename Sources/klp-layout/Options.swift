import ArgumentParser
import Frontend
import LayoutLoader
import LayoutModel
import Reports
import System

/// `--format`, accepting exactly the formats `Document` declares (`Renderable.formats`,
/// in Reports): `--help`, the shell completion, the man page and the refusal of any other
/// value all list those.
struct FormatOption<Document: Renderable>: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Output format: \(OutputFormat.listing(Document.formats, glossed: true)); default: text.",
      valueName: "format"),
    completion: .list(Document.formats.map(\.rawValue)),
    transform: OutputFormat.parser(accepting: Document.formats))
  var format: OutputFormat = .text
}

extension OutputFormat {
  /// `text, json, markdown or html`, each with its gloss when `glossed`.
  static func listing(_ formats: [OutputFormat], glossed: Bool = false) -> String {
    let names = formats.map { f in
      f.rawValue + (glossed ? f.gloss.map { " (\($0))" } ?? "" : "")
    }
    guard let last = names.last, names.count > 1 else { return names.first ?? "" }
    return names.dropLast().joined(separator: ", ") + " or " + last
  }

  /// Reads a `--format` value: one of `accepted`, or a refusal naming them.
  static func parser(accepting accepted: [OutputFormat]) -> @Sendable (String) throws -> Self {
    { value in
      guard let format = OutputFormat(rawValue: value), accepted.contains(format) else {
        throw UnknownFormat(value: value, accepted: accepted)
      }
      return format
    }
  }
}

/// A `--format` value the subcommand does not write. The argument parser puts this after
/// its own words: "The value 'jsn' is invalid for '--format <format>': expected …".
struct UnknownFormat: Error, CustomStringConvertible {
  var value: String
  var accepted: [OutputFormat]

  var description: String {
    "expected \(OutputFormat.listing(accepted))"
      + Suggestions.hint(Suggestions.closest(to: value, in: accepted.map(\.rawValue)))
  }
}

/// How inputs are read, shared by every subcommand that reads files.
struct InputOptionGroup: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Refuse inputs that decompress to more than SIZE (K, M, G suffixes).", valueName: "SIZE"))
  var maxDecompressed: ByteSize = ByteSize(bytes: 2 << 30)

  @Option(
    name: .long,
    help: ArgumentHelp(
      "The most memory the whole run may take for what its inputs are mapped, decompressed and loaded into, shared by all threads (K, M, G suffixes); over it, one line and exit 2. Default: 3/4 of what ulimit -v leaves, else the machine's memory.",
      valueName: "SIZE"))
  var maxMemory: ByteSize?

  @Option(
    name: .long,
    help: "Where separate debug files live (Debian /usr/lib/debug, .build-id trees); repeatable.")
  var debugDir: [String] = []

  var options: InputOptions {
    InputOptions(
      maxDecompressed: maxDecompressed.bytes, debugDirectories: debugDir,
      budget: Session.budget(maxMemory: maxMemory?.bytes))
  }
}

extension TypeSource: ExpressibleByArgument {}

/// `--no-index`, for the subcommands that look types up by name.
struct TypeIndexOptions: ParsableArguments {
  @Flag(
    help:
      "Neither read nor write the type-index cache ($XDG_CACHE_HOME/klp-layout; also KLP_LAYOUT_INDEX=off): every lookup reads every unit."
  )
  var noIndex = false
}

/// `--source`, `--btf-base` and `--types-from`, for every subcommand that reads types:
/// the same three options, with the same meaning, everywhere (docs/stripped.md).
struct TypeSourceOptions: ParsableArguments {
  @Option(help: "Where types come from: dwarf, btf, or auto (DWARF when present, else BTF).")
  var source: TypeSource = .auto

  @Option(
    help:
      "The base of split BTF (a module's): raw BTF or an ELF with .BTF. Default for /sys/kernel/btf/MODULE: /sys/kernel/btf/vmlinux.",
    completion: .file())
  var btfBase: String?

  @Option(
    help:
      "A file whose types complete the inputs': the klp structs of a stripped or records-based module, declaration-only types. A debug vmlinux, raw BTF (/sys/kernel/btf/vmlinux), or a module of the same kernel.",
    completion: .file())
  var typesFrom: String?

  @OptionGroup var index: TypeIndexOptions

  /// `input`'s options with these added.
  func options(_ input: InputOptionGroup) -> InputOptions {
    var options = input.options
    options.typeSource = source
    options.btfBase = btfBase
    return options
  }
}

/// A size with an optional K/M/G (binary) suffix: `256M`, `2G`, `4096`.
struct ByteSize: ExpressibleByArgument {
  var bytes: UInt64

  init(bytes: UInt64) { self.bytes = bytes }

  init?(argument: String) {
    var digits = Substring(argument.uppercased())
    var shift: UInt64 = 0
    if digits.hasSuffix("IB") {
      digits = digits.dropLast(2)
    } else if digits.hasSuffix("B") {
      digits = digits.dropLast()
    }
    switch digits.last {
    case "K": shift = 10
    case "M": shift = 20
    case "G": shift = 30
    case "T": shift = 40
    default: break
    }
    if shift > 0 { digits = digits.dropLast() }
    guard let value = UInt64(digits), value > 0, value <= UInt64.max >> shift else { return nil }
    bytes = value << shift
  }

  var defaultValueDescription: String { "2G" }
}

/// `--shard K/N`: one of N disjoint parts of a batch run, for a CI matrix.
struct ShardOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Only part K of N (1 ≤ K ≤ N): entries split by a hash of their relative path (FNV-1a of its bytes, mod N = K-1), so N jobs together cover the run once (docs/ci.md).",
      valueName: "K/N"),
    transform: { text in
      guard let shard = Shard(text) else {
        throw ValidationError(
          "expected K/N, whole numbers with 1 ≤ K ≤ N ≤ \(Shard.maxCount)")
      }
      return shard
    })
  var shard: Shard?
}

/// `--jobs`: how many threads a batch (scan, safety) reads its files with.
struct JobsOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Parallel workers, 1 to \(Workers.most) (default: KLP_LAYOUT_JOBS, else all cores).",
      valueName: "N"))
  var jobs: Int?

  func validate() throws {
    if let jobs, !(1...Workers.most).contains(jobs) {
      throw ValidationError("--jobs must be between 1 and \(Workers.most)")
    }
  }

  /// What was asked for, else what the environment says (`Session.workers`).
  func workers() throws -> Workers {
    if let jobs { return Workers(jobs) }
    return try Session.workers()
  }
}

/// A cacheline size within reason.
struct CachelineSize: ExpressibleByArgument {
  var bytes: UInt64
  init(bytes: UInt64) { self.bytes = bytes }
  init?(argument: String) {
    guard let value = UInt64(argument), value > 0, value <= 1 << 20 else { return nil }
    bytes = value
  }
  var defaultValueDescription: String { "\(bytes)" }
}
