import LayoutLoader
import ReportSchema
import Verify

/// `verify`: will each livepatch module load on the target kernel and patch what it
/// names? The target (and the module tree) is read once for every module: the modules
/// are read first, their questions gathered, the target asked them all, then the
/// engine checks each module.
public enum VerifyUseCase {
  public static func run(
    modules paths: [String], target: String, moduleTree: String?, inputs: CommandInputs
  ) throws(FrontendError) -> VerifyDocument {
    let kernel = try KernelTarget.open(target, inputs: inputs)
    let tree = try moduleTree.map { root throws(FrontendError) in
      try ModuleTree.open(root, inputs: inputs)
    }
    var patches: [PatchModule] = []
    var questions = VerifyQuestions()
    for path in paths {
      let patch = try PatchModule.read(try inputs.open(path), targetTypes: kernel.types)
      questions.add(patch.facts)
      patches.append(patch)
    }
    var facts = try kernel.facts(for: questions, tree: tree)
    var findings = patches.map { VerifyEngine.check($0.facts, against: facts) }
    let differing = Set(
      findings.joined().filter { $0.check == .layout && $0.status == .fail }
        .compactMap(\.type))
    if try kernel.everyDefinition(of: differing.sorted(), in: &facts) {
      findings = patches.map { VerifyEngine.check($0.facts, against: facts) }
    }
    let reports = zip(patches, findings).map { patch, findings in
      VerifyDocument.Module(
        file: patch.path, name: patch.name, debugInfo: patch.hasDWARF, findings: findings)
    }
    return VerifyDocument(
      target: VerifyDocument.Target(
        file: kernel.path, format: kernel.isRawBTF ? "btf" : "elf",
        symbols: kernel.symbols != nil, typeSource: kernel.typeSource,
        vermagic: facts.vermagic.value),
      moduleTree: tree.map {
        VerifyDocument.ModuleTree(
          path: $0.root, modulesRead: $0.modules.count, moduleFiles: $0.fileCount,
          builtin: $0.builtin.count)
      },
      modules: reports)
  }
}
