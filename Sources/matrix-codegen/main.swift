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
    @Option(help: "The generator configuration (default: specs/matrix-codegen.yaml when it exists, else the standard one: every API group into its own module).")
    var config: String?

    @Option(help: "A matrix-spec checkout (its root, holding data/); overrides the configuration's.")
    var spec: String?

    @Option(help: "The version named in generated headers (default: the configuration's, or the --spec directory's name such as v1.10).")
    var specVersion: String?

    static let defaultConfig = "specs/matrix-codegen.yaml"

    func load(output: String? = nil) throws -> Configuration {
        var configuration: Configuration
        let path = config ?? Self.defaultConfig
        if config == nil && !FileManager.default.fileExists(atPath: path) {
            guard let spec else {
                printDiagnostics([.error("no \(Self.defaultConfig) here: pass --spec DIR (a matrix-spec checkout) or --config FILE", at: nil)])
                throw ExitCode.failure
            }
            let root = URL(fileURLWithPath: spec).standardizedFileURL
            configuration = .standard(
                specRoot: root,
                specVersion: Configuration.versionFromDirectoryName(root) ?? "unversioned",
                outputDirectory: URL(fileURLWithPath: output ?? "Generated").standardizedFileURL)
        } else {
            do {
                configuration = try Configuration.load(URL(fileURLWithPath: path))
            } catch {
                printDiagnostics(error.diagnostics)
                throw ExitCode.failure
            }
            if let spec {
                let root = URL(fileURLWithPath: spec).standardizedFileURL
                configuration.specRoot = root
                configuration.specVersion = Configuration.versionFromDirectoryName(root) ?? configuration.specVersion
            }
        }
        if let specVersion { configuration.specVersion = specVersion }
        if let output { configuration.outputDirectory = URL(fileURLWithPath: output).standardizedFileURL }
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
        let configuration = try options.load(output: output)
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
