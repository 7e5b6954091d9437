import ArgumentParser
import MatrixCodegenCore

struct Operations: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every operation of the spec.")

    enum Format: String, ExpressibleByArgument {
        case text, json
    }

    @OptionGroup var options: SpecOptions

    @Option(help: "text or json")
    var format: Format = .text

    func run() throws {
        let configuration = try options.load()
        let (model, warnings) = try orExit { () throws(GenerationFailure) in try Pipeline.buildModel(configuration: configuration) }
        printDiagnostics(warnings)
        let listing = OperationListing(model: model)
        switch format {
        case .text: print(listing.text(), terminator: "")
        case .json: print(listing.json())
        }
    }
}
