/// Everything `verify` reads of one file, read both as a livepatch module (`.modinfo`,
/// `__versions`, undefined symbols, the klp tree, the klp relocations, the types its
/// code uses) and as a target kernel (its symbol table, vermagic, exports and CRCs,
/// the types, functions and prototypes the module asked for): for the fuzz target
/// (Sources/klp-layout-fuzz), which gives it every input. Errors are the expected
/// outcome; a trap, crash, leak or hang is a finding.
package enum VerifyReading {
  package static func readEveryWay(_ path: String, inputs: CommandInputs) {
    var questions = VerifyQuestions()
    if let input = try? inputs.open(path),
      let patch = try? PatchModule.read(input, targetTypes: nil)
    {
      questions.add(patch.facts)
    }
    guard let kernel = try? KernelTarget.open(path, inputs: inputs),
      var facts = try? kernel.facts(for: questions, tree: nil)
    else { return }
    _ = try? kernel.everyDefinition(of: questions.types.sorted(), in: &facts)
  }
}
