import ArgumentParser
import Foundation
import MatrixCodegenCore

@main
struct MatrixCodegen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix-codegen",
        abstract: "Generates Swift types, endpoints and registries from the Matrix specification.",
        subcommands: [Generate.self, Operations.self],
        defaultSubcommand: Generate.self)
}

struct SpecOptions: ParsableArguments {
    @Option(help: "The generator configuration.")
    var config: String = "specs/matrix-codegen.yaml"

    @Option(help: "A matrix-spec checkout (its root, holding data/); overrides the configuration's.")
    var spec: String?

    func load() throws -> Configuration {
        var configuration: Configuration
        do {
            configuration = try Configuration.load(URL(fileURLWithPath: config))
        } catch {
            printDiagnostics(error.diagnostics)
            throw ExitCode.failure
        }
        if let spec { configuration.specRoot = URL(fileURLWithPath: spec).standardizedFileURL }
        return configuration
    }
}

func printDiagnostics(_ diagnostics: [Diagnostic]) {
    var standardError = FileHandle.standardError
    for diagnostic in diagnostics { print(diagnostic, to: &standardError) }
}

extension FileHandle: @retroactive TextOutputStream {
    public func write(_ string: String) { write(Data(string.utf8)) }
}

func buildModel(_ configuration: Configuration) throws -> APIModel {
    do {
        let (model, warnings) = try Pipeline.buildModel(configuration: configuration)
        printDiagnostics(warnings)
        return model
    } catch {
        printDiagnostics(error.diagnostics)
        throw ExitCode.failure
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Regenerate the Swift sources (by default Generated/ from the v1.11 spec).")

    @OptionGroup var options: SpecOptions

    @Option(help: "Where to write the modules; overrides the configuration's.")
    var output: String?

    @Option(help: "A directory of Mustache templates replacing the embedded ones of the same name.")
    var templates: String?

    @Flag(help: "Write nothing; exit non-zero listing the files that are stale.")
    var check = false

    func run() throws {
        var configuration = try options.load()
        if let output { configuration.outputDirectory = URL(fileURLWithPath: output).standardizedFileURL }
        let report: GenerateReport
        do {
            report = try Pipeline.generate(
                configuration: configuration, templatesDirectory: templates.map { URL(fileURLWithPath: $0) }, check: check)
        } catch {
            printDiagnostics(error.diagnostics)
            throw ExitCode.failure
        }
        printDiagnostics(report.warnings)
        let files = report.files
        let plan = report.plan
        if check {
            if plan.isEmpty {
                print("\(files.count) files up to date in \(configuration.outputDirectory.path)")
                return
            }
            var standardError = FileHandle.standardError
            for file in plan.changed { print("stale: \(file.path)", to: &standardError) }
            for path in plan.removed { print("no longer generated: \(path)", to: &standardError) }
            print("\(plan.changed.count + plan.removed.count) generated files are stale; run `matrix-codegen generate`", to: &standardError)
            throw ExitCode.failure
        }
        print("\(files.count) files, \(plan.changed.count) written, \(plan.removed.count) removed, in \(configuration.outputDirectory.path)")
    }
}

struct Operations: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every operation of the spec.")

    enum Format: String, ExpressibleByArgument {
        case text, json
    }

    @OptionGroup var options: SpecOptions

    @Option(help: "text or json")
    var format: Format = .text

    func run() throws {
        let model = try buildModel(try options.load())
        let listing = OperationListing(model: model)
        switch format {
        case .text: print(listing.text(), terminator: "")
        case .json: print(listing.json())
        }
    }
}
