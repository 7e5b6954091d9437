import ArgumentParser
import Foundation
import MatrixCodegenCore

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Regenerate the Swift sources (by default into Generated/, from the spec specs/matrix-codegen.yaml names).")

    @OptionGroup var options: SpecOptions
    @OptionGroup var outputOptions: OutputOptions

    @Flag(help: "Write nothing; exit non-zero listing the files that are stale.")
    var check = false

    @Flag(help: "List every file written or removed.")
    var listChanges = false

    func run() throws {
        let configuration = try options.load(output: outputOptions.output)
        let report = try orExit { () throws(GenerationFailure) in
            try Pipeline.generate(configuration: configuration, templatesDirectory: outputOptions.templatesDirectory, check: check)
        }
        printDiagnostics(report.warnings)
        let plan = report.plan
        if check {
            if plan.isEmpty {
                print("\(report.files.count) files up to date in \(configuration.outputDirectory.path)")
                return
            }
            var standardError = FileHandle.standardError
            for file in plan.changed { print("stale: \(file.path)", to: &standardError) }
            for path in plan.removed { print("no longer generated: \(path)", to: &standardError) }
            print("\(plan.changed.count + plan.removed.count) generated files are stale; run `matrix-codegen generate`", to: &standardError)
            throw ExitCode.failure
        }
        if listChanges {
            for file in plan.changed { print("wrote \(file.path)") }
            for path in plan.removed { print("removed \(path)") }
        }
        print("\(report.files.count) files, \(plan.changed.count) written, \(plan.removed.count) removed, in \(configuration.outputDirectory.path)")
    }
}
