#if canImport(Glibc)
  import Glibc
#endif
import ElfDwarf
import FoundationEssentials
import Frontend
import LayoutLoader
import LayoutModel
import Livepatch
import ReportSchema
import Reports
import System
import Safety

/// One fuzz input: an ELF image or raw BTF in memory, taken through the paths a user's
/// file takes: opening (zstd and compressed sections included), loading every named type
/// (from DWARF, and from BTF: raw or a `.BTF` section, raw also built on threads), the
/// pass a first `-t` makes, laying it out (definition ids included) and printing it as
/// pahole does (names, nested types in place), decoding the livepatch metadata, what `safety` reads (every variable
/// with its contents from the symbols and relocations, declaration lines) compared with a
/// reversed copy, and everything `verify` reads of a module and of a target; a JSON input
/// is read as `check` reads a baseline. Errors are the expected outcome; a trap, crash,
/// leak or hang is a finding.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if bytes.first(where: { ![0x20, 0x09, 0x0a, 0x0d].contains($0) }) == UInt8(ascii: "{") {
    check(against: bytes)
    return 0
  }
  if bytes.starts(with: [0x9f, 0xeb]) || bytes.starts(with: [0xeb, 0x9f]) {
    layOut(try? TypeSources.rawBTF(bytes, name: "fuzz-input"))
    // A whole kernel's BTF is built on threads, record by record (`loadInParallel`); a
    // fuzz input has too few types for that unless asked.
    if let threaded = try? TypeSources.rawBTF(bytes, name: "fuzz-input", workers: Workers(2)) {
      threaded.parallelLoadMinimum = 0
      layOut(threaded)
    }
    verify(bytes)
    return 0
  }
  guard let file = try? ElfFile.open(bytes: bytes, name: "fuzz-input") else { return 0 }
  layOut(TypeLoader(file: file, workers: .one))
  // The pass a first `-t` makes (where every type name is defined).
  _ = try? file.typeNamePostings(workers: .one, keeping: ["klp_func", "list_head"])
  if file.hasBTF { layOut(try? TypeSources.elfBTF(file, base: nil)) }
  if file.hasDWARF { compareWithItself(file) }
  _ = try? LivepatchReader.analyze(file)
  verify(bytes)
  return 0
}

/// `verify` opens its inputs by path, as the command does: the input is written to
/// one scratch file per process and read from there.
private func verify(_ bytes: [UInt8]) {
  guard (try? Data(bytes).write(to: scratch)) != nil else { return }
  var options = InputOptions()
  options.workers = .one
  VerifyReading.readEveryWay(scratch.path, inputs: CommandInputs(options: options))
}

private let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
  "klp-layout-fuzz-\(getpid()).ko")

/// A JSON input is a baseline: `check` reads it from a file, as the command does, holds
/// the sample module to it (with a size budget on the recorded types and on the static
/// klp bytes) and writes the document in every format.
private func check(against bytes: [UInt8]) {
  guard (try? Data(bytes).write(to: scratch)) != nil else { return }
  var options = InputOptions()
  options.workers = .one
  let inputs = CommandInputs(options: options)
  guard let module = try? inputs.open(sampleModule),
    let document = try? CheckUseCase.run(
      module, baselinePath: scratch.path, gate: SizeGate(maxGrowth: 8))
  else { return }
  for format in CheckDocument.formats { _ = try? document.render(as: format) }
}

/// The sample livepatch module (`scripts/fuzz` runs from the package root).
private let sampleModule = "Fixtures/modules/6.1/dwarf5/livepatch-sample.ko"

private func compareWithItself(_ file: ElfFile) {
  guard let entities = try? TypeLoader(file: file, workers: .one).programEntities() else { return }
  for v in entities.variables.prefix(64) {
    if let origin = v.origin { _ = try? file.declarationLine(of: DIEOffset(origin.rawValue)) }
  }
  // Against a copy whose contents are reversed, so every value is decoded and named.
  var other = entities
  for i in other.variables.indices {
    other.variables[i].contents?.bytes?.reverse()
  }
  _ = SafetyEngine.compare(old: entities, new: other)
}

private func layOut(_ provider: (any TypeProvider)?) {
  guard let loaded = try? provider?.loadAllNamed() else { return }
  let text = LayoutTextRenderer(table: loaded.table)
  for named in loaded.definitions {
    guard let layout = loaded.layout(of: named.id) else { continue }
    _ = text.render(layout)
  }
}

#if FUZZING
  /// The entry libFuzzer calls when its own `main` runs.
  @_cdecl("LLVMFuzzerTestOneInput")
  public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOne(data, size)
  }

  /// libFuzzer's driver, for when SwiftPM's `main` (this executable's) runs instead.
  @_silgen_name("LLVMFuzzerRunDriver")
  func runDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
  ) -> Int32
#endif

/// Built without `-DFUZZING` (every ordinary `swift build`) it only says how to fuzz;
/// scripts/fuzz builds it with coverage, AddressSanitizer and libFuzzer.
@main
enum FuzzMain {
  static func main() {
    #if FUZZING
      var argc = CommandLine.argc
      var argv = CommandLine.unsafeArgv
      exit(runDriver(&argc, &argv) { fuzzOne($0, $1) })
    #else
      print("klp-layout-fuzz: run scripts/fuzz to build and run it under libFuzzer")
    #endif
  }
}
