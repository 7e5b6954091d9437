import ArgumentParser
import Foundation
import MatrixCodegenCore

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

    @OptionGroup var configOptions: ConfigOptions

    @Option(help: "text, markdown or json")
    var format: Format = .text

    @Option(help: "Exit with 1 when there is a breaking change (breaking), or a breaking change or a deprecation (deprecation).")
    var failOn: FailOn = .never

    @Option(help: "Colour the text output: auto (on a terminal), always, never.")
    var color: Colour = .auto

    @Flag(help: "Also list documentation-only changes and every added Swift symbol.")
    var verbose = false

    /// The model of one checkout, with the configuration's groups, modules and type overrides.
    func model(_ path: String) throws -> APIModel {
        let root = URL(fileURLWithPath: path).standardizedFileURL
        var configuration = try configOptions.loadFile() ?? .standard(specRoot: root, specVersion: "", outputDirectory: root)
        configuration.specRoot = root
        configuration.specVersion = Configuration.versionFromDirectoryName(root) ?? root.lastPathComponent
        // Warnings are the generator's business; the diff reports only errors.
        return try orExit { () throws(GenerationFailure) in try Pipeline.buildModel(configuration: configuration).model }
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
