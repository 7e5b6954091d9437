import Foundation
import Testing
@testable import MatrixCodegenCore

/// The event types of `data/event-schemas`: types, kinds (from the schemas and `specs/event-kinds.yaml`),
/// state keys and variants, and the mistakes an event schema or the kind table can make.
@Suite struct EventCatalogTests {
    static let v111 = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/matrix-spec/v1.11").standardizedFileURL

    static func events(_ root: URL) throws -> (events: [EventModel], warnings: [Diagnostic]) {
        let configuration = Configuration.standard(specRoot: root, specVersion: "test", outputDirectory: root.appendingPathComponent("unused"))
        let (model, warnings) = try Pipeline.buildModel(configuration: configuration)
        return (model.events, warnings)
    }

    @Test func everyEventTypeOfV111HasItsKinds() throws {
        let (events, warnings) = try Self.events(Self.v111)
        #expect(!warnings.contains { $0.location?.file.contains("event-schemas") == true }, "\(warnings)")
        let types = Dictionary(grouping: events.filter { $0.variant == nil }, by: \.type)
        print("event schemas of v1.11: \(events.count) files, \(types.count) event types, \(events.count - types.count) variants")
        #expect(types.count == 58)
        #expect(types.values.allSatisfy { $0.count == 1 }, "one base schema per type")
        for event in events where event.variant == nil {
            #expect(!event.kinds.isEmpty, "\(event.type) has no kind")
        }
        #expect(types["m.room.member"]?.first?.kinds == [.state])
        #expect(types["m.room.member"]?.first?.stateKey == .userID)
        #expect(types["m.room.topic"]?.first?.stateKey == StateKeyKind.empty)
        #expect(types["m.space.child"]?.first?.stateKey == .any)
        #expect(types["m.room.message"]?.first?.kinds == [.messageLike])
        #expect(types["m.room.encrypted"]?.first?.kinds == [.messageLike, .toDevice])
        #expect(types["m.key.verification.start"]?.first?.kinds == [.messageLike, .toDevice])
        #expect(types["m.typing"]?.first?.kinds == [.ephemeral])
        #expect(types["m.tag"]?.first?.kinds == [.roomAccountData])
        #expect(types["m.direct"]?.first?.kinds == [.globalAccountData])
        #expect(types["m.room_key"]?.first?.kinds == [.toDevice])
        #expect(types["m.room.topic"]?.first?.stateKey != nil && types["m.room.message"]?.first?.stateKey == nil)
        let messages = events.filter { $0.type == "m.room.message" && $0.variant != nil }
        #expect(Set(messages.compactMap(\.variant?.key)) == ["msgtype"])
        #expect(messages.map(\.variant!.value).sorted() == [
            "m.audio", "m.emote", "m.file", "m.image", "m.key.verification.request", "m.location", "m.notice",
            "m.server_notice", "m.text", "m.video",
        ])
        #expect(events.filter { $0.type == "m.key.verification.start" && $0.variant != nil }.map(\.variant!.key) == ["method", "method"])
    }

    /// A fixture checkout with event schemas (and an empty API group, which a checkout needs).
    func checkout(_ schemas: [String: String], kinds: String? = nil) throws -> (root: URL, configuration: Configuration) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("matrix-codegen-events-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data/api/client-server"), withIntermediateDirectories: true)
        let base = "type: object\nproperties:\n  content: {type: object}\n  type: {type: string}\n"
        var files = schemas
        files["core-event-schema/event.yaml"] = base
        files["core-event-schema/room_event.yaml"] = "allOf: [{$ref: event.yaml}]\n"
        for (name, text) in files {
            let url = root.appendingPathComponent("data/event-schemas/schema/" + name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        var configuration = Configuration.standard(specRoot: root, specVersion: "test", outputDirectory: root.appendingPathComponent("out"))
        configuration.groups = [.init(directory: "client-server", module: "API")]
        let url = root.appendingPathComponent("kinds.yaml")
        try Data((kinds ?? "# nothing listed\n{}\n").utf8).write(to: url)
        configuration.events?.kindsFile = url
        return (root, configuration)
    }

    func diagnostics(_ configuration: Configuration) -> [String] {
        do {
            return try Pipeline.buildModel(configuration: configuration).warnings.map(\.description)
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func aSchemaThatGivesNoTypeIsAnError() throws {
        let (root, configuration) = try checkout(["notype.yaml": "allOf: [{$ref: core-event-schema/event.yaml}]\nproperties:\n  content: {type: object}\n"])
        let path = root.appendingPathComponent("data/event-schemas/schema/notype.yaml").path
        #expect(diagnostics(configuration) == [path + ":1:1: error: the event schema gives no type: no enum on `type`, and the file name notype names none"])
    }

    @Test func aVariantWithoutItsBaseIsAnError() throws {
        let (root, configuration) = try checkout([
            "m.thing$m.a.yaml": "allOf: [{$ref: core-event-schema/room_event.yaml}]\nproperties:\n  content: {properties: {kind: {enum: [m.a]}}}\n  type: {enum: [m.thing]}\n",
        ])
        let path = root.appendingPathComponent("data/event-schemas/schema/m.thing$m.a.yaml").path
        #expect(diagnostics(configuration) == [
            path + ":1:1: error: event-schemas/schema/m.thing$m.a.yaml is a variant of m.thing, whose schema event-schemas/schema/m.thing.yaml does not exist",
        ])
    }

    @Test func theKindTableMistakesAndGaps() throws {
        let schema = "allOf: [{$ref: core-event-schema/event.yaml}]\nproperties:\n  content: {type: object}\n  type: {enum: [m.known]}\n"
        let (root, configuration) = try checkout(
            ["m.known.yaml": schema, "m.unlisted.yaml": schema.replacingOccurrences(of: "m.known", with: "m.unlisted")],
            kinds: "m.known: [toDevice, sideways]\nm.gone: [state]\n")
        let kinds = root.appendingPathComponent("kinds.yaml").path
        #expect(diagnostics(configuration).first == kinds + ":1:21: error: unknown event kind \"sideways\" for m.known (kinds: messageLike, state, ephemeral, globalAccountData, roomAccountData, toDevice)")
        var good = configuration
        try Data("m.known: [toDevice]\nm.gone: [state]\n".utf8).write(to: URL(fileURLWithPath: kinds))
        good.events?.kindsFile = URL(fileURLWithPath: kinds)
        let warnings = diagnostics(good)
        #expect(warnings.contains(kinds + ":2:9: warning: the event kind table lists m.gone, which no event schema defines"), "\(warnings)")
        #expect(warnings.contains { $0.hasSuffix("m.unlisted.yaml:1:1: warning: the kind of m.unlisted is not in its schema nor in the event kind table; it is in no per-kind enum") }, "\(warnings)")
        let events = try Pipeline.buildModel(configuration: good).model.events
        #expect(events.first { $0.type == "m.known" }?.kinds == [.toDevice])
    }

    @Test func theEventsConfiguration() throws {
        let (root, _) = try checkout([:])
        let url = root.appendingPathComponent("matrix-codegen.yaml")
        try Data("spec: .\nevents: {module: Events, kinds: kinds.yaml}\n".utf8).write(to: url)
        #expect(try Configuration.load(url).events == Configuration.Events(module: "Events", kindsFile: root.appendingPathComponent("kinds.yaml").standardizedFileURL))
        try Data("spec: .\nevents: false\n".utf8).write(to: url)
        #expect(try Configuration.load(url).events == nil)
        try Data("spec: .\nevents: {module: [a]}\n".utf8).write(to: url)
        #expect(throws: GenerationFailure.self) { try Configuration.load(url) }
        do { _ = try Configuration.load(url) } catch {
            #expect(error.diagnostics.map(\.description) == [url.path + ":2:18: error: \"events\" takes module and kinds, each a string, and types, a list"])
        }
        try Data("spec: .\nevents: {types: [m.room.*, m.reaction]}\n".utf8).write(to: url)
        #expect(try Configuration.load(url).events?.types?.map(\.pattern) == ["m.room.*", "m.reaction"])
        try Data("spec: .\nevents: {types: m.room.*}\n".utf8).write(to: url)
        do {
            _ = try Configuration.load(url)
            Issue.record("a string for types was accepted")
        } catch {
            #expect(error.diagnostics.map(\.description) == [url.path + ":2:17: error: \"types\" of \"events\" must be a list of event types (m.room.message, m.room.*)"])
        }
    }

    /// `events: {types: [...]}` generates only those types (with their variants), and says which entry matched
    /// nothing.
    @Test func aSelectionOfEventTypes() throws {
        var configuration = Configuration.standard(specRoot: Self.v111, specVersion: "v1.11", outputDirectory: Self.v111.appendingPathComponent("unused"))
        configuration.events?.types = [
            .init("m.room.message"), .init("m.room.topic"), .init("m.key.verification.*"),
            .init("m.nothing.*", location: SourceLocation(file: "matrix-codegen.yaml", line: 3, column: 12)),
        ]
        let (model, warnings) = try Pipeline.buildModel(configuration: configuration)
        let types = Set(model.events.map(\.type))
        #expect(types == [
            "m.room.message", "m.room.topic", "m.key.verification.request", "m.key.verification.ready",
            "m.key.verification.start", "m.key.verification.cancel", "m.key.verification.accept",
            "m.key.verification.key", "m.key.verification.mac", "m.key.verification.done",
        ])
        #expect(model.events.filter { $0.type == "m.room.message" && $0.variant != nil }.count == 10, "variants come with their type")
        #expect(warnings.map(\.description).contains("matrix-codegen.yaml:3:12: warning: the event type selection m.nothing.* matches no event schema"))
        #expect(!warnings.contains { $0.message.contains("event kind table") }, "the table's unselected types are not reported")
        let module = try #require(model.modules.first { $0.name == "MatrixEvents" })
        #expect(!module.files.contains { $0.specFile.hasSuffix("m.room.member.yaml") })
        #expect(module.files.contains { $0.specFile.hasSuffix("m.room.topic.yaml") })
    }

    @Test func eventsCanBeSwitchedOff() throws {
        let (_, configuration) = try checkout(["notype.yaml": "allOf: [{$ref: core-event-schema/event.yaml}]\nproperties:\n  content: {type: object}\n"])
        var off = configuration
        off.events = nil
        #expect(diagnostics(off).isEmpty)
    }
}
