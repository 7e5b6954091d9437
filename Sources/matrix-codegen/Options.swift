import ArgumentParser
import Foundation
import MatrixCodegenCore

/// `--config`: the generator configuration, shared by every subcommand.
struct ConfigOptions: ParsableArguments {
    @Option(help: "The generator configuration (default: specs/matrix-codegen.yaml when it exists, else the standard one: every API group into its own module).")
    var config: String?

    static let defaultConfig = "specs/matrix-codegen.yaml"

    /// The configuration file in use, if any.
    var configurationFile: URL? {
        let path = config ?? Self.defaultConfig
        return FileManager.default.fileExists(atPath: path) ? URL(fileURLWithPath: path) : nil
    }

    /// The configuration file's settings, or `nil` when there is no file (the caller then uses the standard
    /// configuration). A `--config` that names no file is an error.
    func loadFile() throws -> Configuration? {
        guard config != nil || configurationFile != nil else { return nil }
        return try orExit { () throws(GenerationFailure) in try Configuration.load(URL(fileURLWithPath: config ?? Self.defaultConfig)) }
    }
}

/// Which spec to read and how to name what it becomes: for generate, operations and plan.
struct SpecOptions: ParsableArguments {
    @OptionGroup var configOptions: ConfigOptions

    @Option(help: "A matrix-spec checkout (its root, holding data/); overrides the configuration's.")
    var spec: String?

    @Option(help: "The version named in generated headers (default: the configuration's, or the --spec directory's name when it is a version).")
    var specVersion: String?

    @Option(name: .customLong("module"), help: "Generate everything into one module of this name (as the build-tool plugin does for its target).")
    var singleModule: String?

    var configurationFile: URL? { configOptions.configurationFile }

    func load(output: String? = nil) throws -> Configuration {
        var configuration: Configuration
        if let loaded = try configOptions.loadFile() {
            configuration = loaded
            if let spec {
                let root = URL(fileURLWithPath: spec).standardizedFileURL
                configuration.specRoot = root
                configuration.specVersion = Configuration.versionFromDirectoryName(root) ?? configuration.specVersion
            }
        } else {
            guard let spec else {
                printDiagnostics([.error("no \(ConfigOptions.defaultConfig) here: pass --spec DIR (a matrix-spec checkout) or --config FILE", at: nil)])
                throw ExitCode.failure
            }
            let root = URL(fileURLWithPath: spec).standardizedFileURL
            configuration = .standard(
                specRoot: root,
                specVersion: Configuration.versionFromDirectoryName(root) ?? "unversioned",
                outputDirectory: URL(fileURLWithPath: output ?? "Generated").standardizedFileURL)
        }
        if let specVersion { configuration.specVersion = specVersion }
        if let singleModule { configuration.singleModule = singleModule }
        if let output { configuration.outputDirectory = URL(fileURLWithPath: output).standardizedFileURL }
        return configuration
    }
}

/// Where generated files go and which templates write them: for generate and plan.
struct OutputOptions: ParsableArguments {
    @Option(help: "Where the modules are written; overrides the configuration's.")
    var output: String?

    @Option(help: "A directory of Mustache templates replacing the embedded ones of the same name.")
    var templates: String?

    var templatesDirectory: URL? { templates.map { URL(fileURLWithPath: $0) } }
}
