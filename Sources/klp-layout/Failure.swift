import ArgumentParser
import Foundation

/// Input errors end the run with one line on stderr and exit code 2 (DESIGN.md, section 4).
enum Failure {
  /// Runs `body`; any error becomes `klp-layout: <description>` on stderr and exit 2.
  static func reportingInputErrors(_ body: () throws -> Void) throws {
    do {
      try body()
    } catch let exit as ExitCode {
      throw exit
    } catch {
      let line = "klp-layout: \(error)\n"
      FileHandle.standardError.write(Data(line.utf8))
      throw ExitCode(2)
    }
  }
}

/// Writes to stdout without Foundation's buffering surprises.
func emit(_ text: String) {
  FileHandle.standardOutput.write(Data(text.utf8))
}
