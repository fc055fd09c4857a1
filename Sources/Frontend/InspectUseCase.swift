import LayoutLoader
import ElfDwarf
import Livepatch
import ReportSchema

/// `inspect`: what each livepatch module patches and what its metadata costs.
public enum InspectUseCase {
  public static func run(
    _ inputs: [ResolvedInput], typesFrom: (any TypeProvider)?
  ) throws(FrontendError) -> InspectDocument {
    var reports: [InspectReport] = []
    for input in inputs {
      reports.append(try analyze(input, typesFrom: typesFrom).report)
    }
    return InspectDocument(modules: reports)
  }

  /// One module read for inspection and pricing, its debug file named in the report.
  static func analyze(
    _ input: ResolvedInput, typesFrom: (any TypeProvider)?
  ) throws(FrontendError) -> ModuleAnalysis {
    let analysis = try ModuleTypes.analyze(input, typesFrom: typesFrom)
    // The reader names the file for messages (escaped); the report as documents do.
    analysis.report.file = input.path
    analysis.report.pathBytes = input.pathBytes
    return analysis
  }
}
