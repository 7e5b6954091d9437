import ArgumentParser
import MatrixCodegenCore

@main
struct MatrixCodegen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matrix-codegen",
        abstract: "Generates Swift types, endpoints and registries from the Matrix specification.",
        version: MatrixCodegenInfo.version,
        subcommands: [Generate.self, Operations.self, Diff.self, Plan.self, Parse.self],
        defaultSubcommand: Generate.self)
}
