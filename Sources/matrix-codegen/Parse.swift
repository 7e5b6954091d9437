import ArgumentParser
import Foundation
import MatrixCodegenCore

/// The benchmark's reference: reads the files a generation reads, through the same loader, and nothing else.
struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse spec files through the generator's YAML loader and do nothing else (the benchmark's reference).",
        discussion: "Reads the data/-relative paths listed in FILE (one per line; `plan` gives them) from the configured checkout.",
        shouldDisplay: false)

    @OptionGroup var options: SpecOptions
    @Option(name: .customLong("files-from"), help: "A file listing data/-relative spec paths, one per line.")
    var filesFrom: String

    func run() throws {
        let configuration = try options.load()
        let list = try String(contentsOfFile: filesFrom, encoding: .utf8)
        let files = list.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        let nodes = try orExit { () throws(GenerationFailure) in
            try Pipeline.parseOnly(files, configuration: configuration)
        }
        print("\(files.count) files, \(nodes) YAML nodes")
    }
}
