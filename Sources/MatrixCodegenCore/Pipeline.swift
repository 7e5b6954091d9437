import Foundation

/// The generator's stages: load and resolve (on demand, through `SpecStore`), translate, assemble.
public enum Pipeline {
    /// Reads the spec tree and builds the API model. Throws every error found; warnings come back with the
    /// model.
    public static func buildModel(configuration: Configuration) throws(GenerationFailure) -> (model: APIModel, warnings: [Diagnostic]) {
        let dataDirectory = configuration.dataDirectory
        guard FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("api").path) else {
            throw GenerationFailure([.error("\(configuration.specRoot.path) is not a matrix-spec checkout: no data/api directory", at: nil)])
        }
        let store = SpecStore(dataDirectory: dataDirectory)
        let translator = Translator(store: store, configuration: configuration)
        for group in configuration.groups {
            let files: [String]
            do {
                files = try store.yamlFiles(in: "api/\(group.directory)")
            } catch {
                translator.diagnostics.emit(error)
                continue
            }
            for file in files { translator.translateAPIFile(file, group: group) }
        }
        // Schemas a group defines that no operation references (m.login.terms params, PDUs, EDUs, ...):
        // SDKs need them too.
        for group in configuration.groups {
            for file in store.yamlFilesRecursively(in: "api/\(group.directory)/definitions") {
                translator.translateStandaloneDefinition(file)
            }
        }
        let model = Assembler(translator: translator, configuration: configuration).assemble()
        let diagnostics = translator.diagnostics.diagnostics
        if translator.diagnostics.hasErrors {
            throw GenerationFailure(diagnostics)
        }
        return (model, diagnostics)
    }
}
/// What `generate` did or, with `check`, would do.
public struct GenerateReport: Sendable {
    public var files: [SwiftFile]
    public var plan: OutputWriter.Plan
    public var warnings: [Diagnostic]
}

extension Pipeline {
    /// The whole run: model, render, then (unless `check`) write. Nothing is written unless every stage
    /// succeeded, so a failed run leaves the output directory as it was.
    public static func generate(
        configuration: Configuration, templatesDirectory: URL? = nil, check: Bool = false
    ) throws(GenerationFailure) -> GenerateReport {
        let (model, warnings) = try buildModel(configuration: configuration)
        let renderer = try Renderer(templatesDirectory: templatesDirectory)
        let files = try renderer.render(model)
        let writer = OutputWriter(directory: configuration.outputDirectory)
        let plan = writer.plan(files)
        if !check { try writer.apply(plan) }
        return GenerateReport(files: files, plan: plan, warnings: warnings)
    }
}
