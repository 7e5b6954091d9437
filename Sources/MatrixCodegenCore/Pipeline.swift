import Foundation

/// The generator's stages: load and resolve (on demand, through `SpecStore`), translate, assemble.
public enum Pipeline {
    /// Reads the spec tree and builds the API model. Throws every error found; warnings come back with the
    /// model.
    public static func buildModel(configuration: Configuration) throws(GenerationFailure) -> (model: APIModel, warnings: [Diagnostic]) {
        try buildModelAndStore(configuration: configuration).model
    }

    static func buildModelAndStore(configuration: Configuration) throws(GenerationFailure) -> (model: (model: APIModel, warnings: [Diagnostic]), store: SpecStore) {
        var configuration = configuration
        if let single = configuration.singleModule {
            // One module: every group's files and the shared ones go to it.
            configuration.commonModule = single
            configuration.groups = configuration.groups.map { Configuration.Group(directory: $0.directory, module: single) }
            configuration.events?.module = single
        }
        let dataDirectory = configuration.dataDirectory
        guard FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("api").path) else {
            throw GenerationFailure([.error("\(configuration.specRoot.path) is not a matrix-spec checkout: no data/api directory", at: nil)])
        }
        let store = SpecStore(dataDirectory: dataDirectory)
        // Nearly every file a run reads is one of its groups' or an event schema: they are parsed on the other
        // cores, in the order the translation reads them, while it runs.
        store.preload(configuration.groups.flatMap { store.yamlFilesRecursively(in: "api/\($0.directory)") }
            + (configuration.events == nil ? [] : store.yamlFilesRecursively(in: "event-schemas/schema")))
        // Whatever happens next, the workers stop with the translation (a failed run leaves them nothing to do).
        defer { store.stopPreloading() }
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
        for group in configuration.groups where configuration.unreferencedDefinitions {
            for file in store.yamlFilesRecursively(in: "api/\(group.directory)/definitions") {
                translator.translateStandaloneDefinition(file)
            }
        }
        if let wanted = configuration.operations {
            let found = Set(translator.endpointsByFile.values.joined().map(\.operationID))
            for id in wanted where !found.contains(id) {
                translator.diagnostics.error(
                    "no operation \"\(id)\" in the groups \(configuration.groups.map(\.directory).joined(separator: ", "))",
                    at: configuration.operationsLocation)
            }
        }
        if let events = configuration.events {
            translator.events = translator.catalogEvents(kindTable: eventKindTable(events, diagnostics: translator.diagnostics), selection: events)
        }
        var model = Assembler(result: translator.result, configuration: configuration, diagnostics: translator.diagnostics).assemble()
        model.accessLevel = configuration.accessLevel
        let diagnostics = translator.diagnostics.diagnostics
        if translator.diagnostics.hasErrors {
            throw GenerationFailure(diagnostics)
        }
        return ((model, diagnostics), store)
    }

    /// The configuration's event kind table, or the built-in one.
    static func eventKindTable(_ events: Configuration.Events, diagnostics: DiagnosticCollector) -> EventKindTable {
        let bytes: [UInt8]
        let name: String
        if let file = events.kindsFile {
            guard let data = FileManager.default.contents(atPath: file.path) else {
                diagnostics.error("cannot read the event kind table \(file.path)", at: nil)
                return EventKindTable()
            }
            (bytes, name) = ([UInt8](data), file.path)
        } else if let builtIn = BuiltInResources.eventKinds() {
            (bytes, name) = builtIn
        } else {
            diagnostics.warning("the built-in event kind table is missing; events get only the kinds their schemas say", at: nil)
            return EventKindTable()
        }
        do {
            return EventKindTable.parse(try YAMLParser.parse(bytes: bytes, file: name), diagnostics: diagnostics)
        } catch {
            diagnostics.emit(error)
            return EventKindTable()
        }
    }

    /// Parses `files` (data/-relative) through the loader a generation uses and does nothing else: the reference
    /// the generation benchmark compares with. Returns the number of YAML nodes read.
    public static func parseOnly(_ files: [String], configuration: Configuration) throws(GenerationFailure) -> Int {
        let store = SpecStore(dataDirectory: configuration.dataDirectory)
        var nodes = 0
        func count(_ node: SpecNode) -> Int {
            switch node.kind {
            case .mapping(let entries): return 1 + entries.reduce(0) { $0 + count($1.value) }
            case .sequence(let items): return 1 + items.reduce(0) { $0 + count($1) }
            default: return 1
            }
        }
        for file in files {
            do {
                nodes += count(try store.file(file))
            } catch {
                throw GenerationFailure([error])
            }
        }
        return nodes
    }

    /// What a run reads and writes, without rendering: for build systems (the build-tool plugin declares
    /// these as the inputs and outputs of its command).
    public static func plan(configuration: Configuration, configurationFile: URL?, templatesDirectory: URL?) throws(GenerationFailure) -> (inputs: [String], outputs: [String]) {
        let ((model, _), store) = try buildModelAndStore(configuration: configuration)
        var inputs = store.loadedFiles.map { configuration.dataDirectory.appendingPathComponent($0).standardizedFileURL.path }
        if let configurationFile { inputs.append(configurationFile.standardizedFileURL.path) }
        if let kinds = configuration.events?.kindsFile { inputs.append(kinds.path) }
        if let templatesDirectory, let names = try? FileManager.default.contentsOfDirectory(atPath: templatesDirectory.path) {
            inputs += names.filter { $0.hasSuffix(".mustache") }.sorted().map { templatesDirectory.appendingPathComponent($0).standardizedFileURL.path }
        }
        let outputs = Renderer.filePaths(model).map { configuration.outputDirectory.appendingPathComponent($0).standardizedFileURL.path }
        return (inputs, outputs)
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
        var timings = StageTimings()
        // The templates are parsed on another thread while the model is built: neither needs the other.
        nonisolated(unsafe) var loadedRenderer: Result<Renderer, GenerationFailure>?
        let templatesLoaded = DispatchGroup()
        DispatchQueue.global().async(group: templatesLoaded) {
            loadedRenderer = Result { () throws(GenerationFailure) in try Renderer(templatesDirectory: templatesDirectory) }
        }
        let built = try timings.measure("load, resolve, translate") { () throws(GenerationFailure) in
            try buildModelAndStore(configuration: configuration)
        }
        let (model, warnings, store) = (built.model.model, built.model.warnings, built.store)
        // The parsed spec is a tree of some 10^5 nodes whose release takes a single thread about as long as
        // resolving it: it is released on another thread once rendering is done, and a process that exits first
        // never waits for it.
        defer { DispatchQueue.global(qos: .utility).async { withExtendedLifetime(store) {} } }
        let renderer = try timings.measure("waiting for the templates") { () throws(GenerationFailure) in
            templatesLoaded.wait()
            return try loadedRenderer!.get()
        }
        let files = try timings.measure("render") { () throws(GenerationFailure) in try renderer.render(model) }
        let writer = OutputWriter(directory: configuration.outputDirectory)
        let plan = timings.measure("compare") { writer.plan(files) }
        if !check { try timings.measure("write") { () throws(GenerationFailure) in try writer.apply(plan) } }
        timings.report()
        return GenerateReport(files: files, plan: plan, warnings: warnings)
    }
}

/// Wall time per stage, printed to standard error when `MATRIX_CODEGEN_TIMINGS` is set (what
/// `Scripts/benchmark.sh` reports as where a generation's time goes).
struct StageTimings {
    private var stages: [(String, Duration)] = []
    private let enabled = ProcessInfo.processInfo.environment["MATRIX_CODEGEN_TIMINGS"] != nil

    mutating func measure<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        let start = ContinuousClock.now
        let result = try body()
        stages.append((name, ContinuousClock.now - start))
        return result
    }

    func report() {
        guard enabled else { return }
        let text = stages.map { name, duration in
            let (seconds, attoseconds) = duration.components
            let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
            return "\(name) \((milliseconds * 10).rounded() / 10) ms"
        }.joined(separator: ", ")
        FileHandle.standardError.write(Data("stages: \(text)\n".utf8))
    }
}
