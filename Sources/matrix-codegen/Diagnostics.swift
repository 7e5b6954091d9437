import ArgumentParser
import Foundation
import MatrixCodegenCore

/// Prints diagnostics to standard error, one a line, in the compiler's format (`file:line:column: error: ...`).
func printDiagnostics(_ diagnostics: [Diagnostic]) {
    var standardError = FileHandle.standardError
    for diagnostic in diagnostics { print(diagnostic, to: &standardError) }
}

/// Runs a step of the generator; on failure prints its diagnostics and exits with status 1.
func orExit<Result>(_ step: () throws(GenerationFailure) -> Result) throws -> Result {
    do {
        return try step()
    } catch {
        printDiagnostics(error.diagnostics)
        throw ExitCode.failure
    }
}

extension FileHandle: @retroactive TextOutputStream {
    public func write(_ string: String) { write(Data(string.utf8)) }
}
