import ArgumentParser
import Foundation
import MatrixCodegenCore

@main
struct MatrixCodegen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix-codegen",
        abstract: "Generates Swift types, endpoints and registries from the Matrix specification.",
        version: MatrixCodegenInfo.version,
        subcommands: [Generate.self, Operations.self, Diff.self, Plan.self],
        defaultSubcommand: Generate.self)
}

struct SpecOptions: ParsableArguments {
    @Option(help: "The generator configuration (default: specs/matrix-codegen.yaml when it exists, else the standard one: every API group into its own module).")
    var config: String?

    @Option(help: "A matrix-spec checkout (its root, holding data/); overrides the configuration's.")
    var spec: String?

    @Option(help: "The version named in generated headers (default: the configuration's, or the --spec directory's name when it is a version).")
    var specVersion: String?

    static let defaultConfig = "specs/matrix-codegen.yaml"

    /// The configuration file in use, if any.
    var configurationFile: URL? {
        let path = config ?? Self.defaultConfig
        return FileManager.default.fileExists(atPath: path) ? URL(fileURLWithPath: path) : nil
    }

    @Option(name: .customLong("module"), help: "Generate everything into one module of this name (as the build-tool plugin does for its target).")
    var singleModule: String?

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
        if let singleModule { configuration.singleModule = singleModule }
        if let output { configuration.outputDirectory = URL(fileURLWithPath: output).standardizedFileURL }
        return configuration
    }
}

struct OutputOptions: ParsableArguments {
    @Option(help: "Where the modules are written; overrides the configuration's.")
    var output: String?

    @Option(help: "A directory of Mustache templates replacing the embedded ones of the same name.")
    var templates: String?
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
        abstract: "Regenerate the Swift sources (by default into Generated/, from the spec specs/matrix-codegen.yaml names).")

    @OptionGroup var options: SpecOptions
    @OptionGroup var outputOptions: OutputOptions
    var output: String? { outputOptions.output }
    var templates: String? { outputOptions.templates }

    @Flag(help: "Write nothing; exit non-zero listing the files that are stale.")
    var check = false

    @Flag(help: "List every file written or removed.")
    var listChanges = false

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
        if listChanges {
            for file in plan.changed { print("wrote \(file.path)") }
            for path in plan.removed { print("removed \(path)") }
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

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What changed between two spec versions: operations, parameters, bodies, types, security, and the generated Swift API.",
        discussion: """
            Compares the resolved models of two matrix-spec checkouts (each the root holding data/, or data/ itself).
            Every change is classified breaking (for clients and/or servers), deprecation, additive or documentation;
            the rules are in the README.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, json
    }

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case breaking, deprecation, never
    }

    enum Colour: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Argument(help: "The older checkout.")
    var old: String

    @Argument(help: "The newer checkout.")
    var new: String

    @Option(help: "The generator configuration (groups, modules, type overrides); default: specs/matrix-codegen.yaml when it exists, else the standard one.")
    var config: String?

    @Option(help: "text, markdown or json")
    var format: Format = .text

    @Option(help: "Exit with 1 when there is a breaking change (breaking), or a breaking change or a deprecation (deprecation).")
    var failOn: FailOn = .never

    @Option(help: "Colour the text output: auto (on a terminal), always, never.")
    var color: Colour = .auto

    @Flag(help: "Also list documentation-only changes and every added Swift symbol.")
    var verbose = false

    func model(_ path: String) throws -> APIModel {
        let root = URL(fileURLWithPath: path).standardizedFileURL
        var configuration: Configuration
        let configPath = config ?? SpecOptions.defaultConfig
        if config != nil || FileManager.default.fileExists(atPath: configPath) {
            do {
                configuration = try Configuration.load(URL(fileURLWithPath: configPath))
            } catch {
                printDiagnostics(error.diagnostics)
                throw ExitCode.failure
            }
            configuration.specRoot = root
        } else {
            configuration = .standard(specRoot: root, specVersion: "", outputDirectory: root)
        }
        configuration.specVersion = Configuration.versionFromDirectoryName(root) ?? root.lastPathComponent
        do {
            // Warnings are the generator's business; the diff reports only errors.
            return try Pipeline.buildModel(configuration: configuration).model
        } catch {
            printDiagnostics(error.diagnostics)
            throw ExitCode.failure
        }
    }

    func run() throws {
        let diff = SpecDiff(from: try model(old), to: try model(new))
        let colour = color == .always || (color == .auto && isatty(STDOUT_FILENO) == 1)
        let report = DiffReport(diff: diff, verbose: verbose, colour: colour && format == .text)
        switch format {
        case .text: print(report.text(), terminator: "")
        case .markdown: print(report.markdown(), terminator: "")
        case .json: print(report.json(), terminator: "")
        }
        switch failOn {
        case .breaking where diff.hasBreakingChanges: throw ExitCode(1)
        case .deprecation where diff.hasBreakingChanges || diff.count(.deprecation) > 0: throw ExitCode(1)
        default: break
        }
    }
}

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print, as JSON, the files a generate run would read and write (for build systems).",
        discussion: "{\"inputs\": [absolute paths of the spec files, configuration and templates read], \"outputs\": [absolute paths of the Swift files written]}")

    @OptionGroup var options: SpecOptions
    @OptionGroup var outputOptions: OutputOptions
    var output: String? { outputOptions.output }
    var templates: String? { outputOptions.templates }

    func run() throws {
        let configuration = try options.load(output: output)
        let plan: (inputs: [String], outputs: [String])
        do {
            plan = try Pipeline.plan(
                configuration: configuration,
                configurationFile: options.configurationFile,
                templatesDirectory: templates.map { URL(fileURLWithPath: $0) })
        } catch {
            printDiagnostics(error.diagnostics)
            throw ExitCode.failure
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(["inputs": plan.inputs, "outputs": plan.outputs])
        print(String(decoding: data, as: UTF8.self))
    }
}
