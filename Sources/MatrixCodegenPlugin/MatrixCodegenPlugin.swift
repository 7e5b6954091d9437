import Foundation
import PackagePlugin

/// Generates Matrix bindings into the target at build time. The target holds a `matrix-codegen.yaml` (the same
/// format as this repository's `specs/matrix-codegen.yaml`); everything is generated into the target's own
/// module. The command's inputs (the spec files read, the configuration, the templates, the generator) and
/// outputs come from `matrix-codegen plan`, the same code that generates, so a build with nothing changed does
/// not regenerate and a changed spec file does.
@main
struct MatrixCodegenPlugin: BuildToolPlugin {
    static let configurationName = "matrix-codegen.yaml"

    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let configuration = try Self.findConfiguration(in: module)
        let tool = try context.tool(named: "matrix-codegen")
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("Generated")
        var arguments = ["--config", configuration.path, "--output", output.path, "--module", module.name]
        let templates = configuration.deletingLastPathComponent().appendingPathComponent("Templates")
        if FileManager.default.fileExists(atPath: templates.path) { arguments += ["--templates", templates.path] }

        let plan = try PlanRunner.plan(tool: tool.url, arguments: arguments)
        return [
            .buildCommand(
                displayName: "Generating Matrix bindings for \(module.name)",
                executable: tool.url,
                arguments: ["generate"] + arguments,
                inputFiles: plan.inputs.map { URL(fileURLWithPath: $0) } + [tool.url],
                outputFiles: plan.outputs.map { URL(fileURLWithPath: $0) })
        ]
    }

    /// The target's `matrix-codegen.yaml`: exactly one, anywhere in the target's directory (it may be excluded
    /// from the target's sources).
    static func findConfiguration(in module: SourceModuleTarget) throws -> URL {
        var found = Set(module.sourceFiles.map(\.url).filter { $0.lastPathComponent == configurationName }.map(\.standardizedFileURL))
        if let enumerator = FileManager.default.enumerator(at: module.directoryURL, includingPropertiesForKeys: nil) {
            for case let url as URL in enumerator where url.lastPathComponent == configurationName {
                found.insert(url.standardizedFileURL)
            }
        }
        let paths = found.map(\.path).sorted()
        switch paths.count {
        case 1:
            return URL(fileURLWithPath: paths[0])
        case 0:
            let message = "target '\(module.name)' uses MatrixCodegenPlugin but has no \(configurationName); add one to \(module.directoryURL.path) (see the matrix-codegen README, \"Build-tool plugin\")"
            Diagnostics.error(message)
            throw PluginError(message)
        default:
            let message = "target '\(module.name)' has \(paths.count) files named \(configurationName); keep exactly one: \(paths.joined(separator: ", "))"
            Diagnostics.error(message)
            throw PluginError(message)
        }
    }
}

struct PluginError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `matrix-codegen plan` and turns its compiler-style diagnostics into SwiftPM diagnostics with file and line.
enum PlanRunner {
    struct Plan: Decodable {
        var inputs: [String]
        var outputs: [String]
    }

    static func plan(tool: URL, arguments: [String]) throws -> Plan {
        let process = Process()
        process.executableURL = tool
        process.arguments = ["plan"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorText = String(decoding: errorData, as: UTF8.self)
        report(errorText)
        guard process.terminationStatus == 0 else {
            throw PluginError("matrix-codegen plan failed:\n" + errorText)
        }
        return try JSONDecoder().decode(Plan.self, from: outputData)
    }

    /// `path:line:column: error: message` lines become diagnostics pointing at the file and line.
    static func report(_ text: String) {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
            if parts.count == 5, let lineNumber = Int(parts[1]), Int(parts[2]) != nil {
                let severity = parts[3].trimmingCharacters(in: .whitespaces)
                let message = parts[4].trimmingCharacters(in: .whitespaces)
                if severity == "error" {
                    Diagnostics.error(message, file: String(parts[0]), line: lineNumber)
                } else if severity == "warning" {
                    Diagnostics.warning(message, file: String(parts[0]), line: lineNumber)
                }
            } else if line.contains("error:") {
                Diagnostics.error(String(line))
            } else if line.contains("warning:") {
                Diagnostics.warning(String(line))
            }
        }
    }
}
