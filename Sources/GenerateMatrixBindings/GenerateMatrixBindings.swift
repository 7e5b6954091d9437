import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory generate-matrix-bindings [--config FILE]`: regenerates
/// checked-in bindings in place with the same generator, templates and configuration format as the CLI and the
/// build-tool plugin, and prints each file it wrote or removed.
///
/// The configuration is `--config FILE` (relative to the package), else `specs/matrix-codegen.yaml`, else
/// `matrix-codegen.yaml` at the package's root. Other arguments go to `matrix-codegen generate` (`--spec DIR`,
/// `--check`, ...).
@main
struct GenerateMatrixBindings: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "matrix-codegen")
        let root = context.package.directoryURL
        var extractor = ArgumentExtractor(arguments)
        let configuration: URL
        if let given = extractor.extractOption(named: "config").last {
            configuration = given.hasPrefix("/") ? URL(fileURLWithPath: given) : root.appendingPathComponent(given)
        } else if let found = ["specs/matrix-codegen.yaml", "matrix-codegen.yaml"].map({ root.appendingPathComponent($0) })
            .first(where: { FileManager.default.fileExists(atPath: $0.path) })
        {
            configuration = found
        } else {
            Diagnostics.error("no specs/matrix-codegen.yaml or matrix-codegen.yaml in \(root.path); pass --config FILE")
            throw CommandError.failed
        }

        let process = Process()
        process.executableURL = tool.url
        process.arguments = ["generate", "--config", configuration.path, "--list-changes"] + extractor.remainingArguments
        process.currentDirectoryURL = root
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Diagnostics.error("matrix-codegen generate failed (exit status \(process.terminationStatus)); see the errors above")
            throw CommandError.failed
        }
    }

    enum CommandError: Error { case failed }
}
