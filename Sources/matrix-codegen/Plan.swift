import ArgumentParser
import Foundation
import MatrixCodegenCore

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print, as JSON, the files a generate run would read and write (for build systems).",
        discussion: "{\"inputs\": [absolute paths of the spec files, configuration and templates read], \"outputs\": [absolute paths of the Swift files written]}")

    @OptionGroup var options: SpecOptions
    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let configuration = try options.load(output: outputOptions.output)
        let plan = try orExit { () throws(GenerationFailure) in
            try Pipeline.plan(
                configuration: configuration, configurationFile: options.configurationFile,
                templatesDirectory: outputOptions.templatesDirectory)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(["inputs": plan.inputs, "outputs": plan.outputs])
        print(String(decoding: data, as: UTF8.self))
    }
}
