import Foundation
import MatrixAPIRuntime
@testable import MatrixCodegenCore
import MatrixEvents
import Testing

/// Every event example of the spec (`data/event-schemas/examples`) through the generated event content types.
@Suite struct EventExampleTests {
    static let data = repositoryRoot.appendingPathComponent("../shared/matrix-spec/v1.11/data").standardizedFileURL

    /// The content type of an example: that of the schema of the same file name (`m.room.message$m.text.yaml`
    /// is an example of the `m.text` variant; `m.key.verification.start.yaml` one of the event type's base
    /// schema, common fields only).
    /// Other `$` names are further examples of the event type (`m.room.encrypted$megolm.yaml`).
    static func descriptor(example file: String) -> EventContentDescriptor? {
        let name = String(file.split(separator: "/").last!)
        let base = String(name.split(separator: "$").first!).replacingOccurrences(of: ".yaml", with: "") + ".yaml"
        return MatrixEventsRegistry.eventContents.first { $0.source == "event-schemas/schema/" + name }
            ?? MatrixEventsRegistry.eventContents.first { $0.source == "event-schemas/schema/" + base }
    }

    /// Examples that contradict their own schemas, with what is wrong.
    static let specBugs: [String: String] = [
        "event-schemas/examples/m.key.verification.start.yaml":
            "says `method: m.sas.v1` but lacks the keys the m.sas.v1 schema requires (key_agreement_protocols, hashes, ...)",
    ]

    @Test func everyEventExampleDecodesIntoItsContentTypeAndReencodesTheSame() throws {
        let store = SpecStore(dataDirectory: Self.data)
        let files = try store.yamlFiles(in: "event-schemas/examples")
        var passed: [String] = []
        var failures: [String] = []
        for file in files {
            let node = try store.file(file)
            let json = try MatrixJSON.parse(Data(ExampleJSON.render(node, file: file, store: store).utf8))
            guard case .object(let event) = json, case .string(let type)? = event["type"], case .object(let content)? = event["content"] else {
                failures.append("\(file): not an event with a type and a content object")
                continue
            }
            guard let descriptor = Self.descriptor(example: file), descriptor.eventType == type else {
                failures.append("\(file): no content type for \(type)")
                continue
            }
            do {
                let original = try MatrixJSON.encode(JSONValue.object(content))
                let again = try MatrixJSON.parse(descriptor.codec.roundTrip(original))
                if again == .object(content) {
                    passed.append(file)
                } else {
                    failures.append("\(file): \(descriptor.codec.typeName) re-encodes differently")
                }
            } catch {
                if Self.specBugs[file] == nil { failures.append("\(file): \(descriptor.codec.typeName): \(error)") }
            }
        }
        print("Event examples: \(passed.count) of \(files.count) decode into their content types and re-encode unchanged")
        for (file, reason) in Self.specBugs.sorted(by: { $0.key < $1.key }) { print("  spec bug, not decoded: \(file) \(reason)") }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(passed.count + Self.specBugs.count == files.count)
        #expect(Set(passed).isDisjoint(with: Self.specBugs.keys), "a listed spec bug is fixed: remove it from the list")
        #expect(files.count >= 70)
    }

    @Test func everyEventTypeOfTheSchemasIsInTheRegistryWithItsKinds() throws {
        let model = try loadV111Model()
        let registered = Set(MatrixEventsRegistry.eventContents.filter { $0.variant == nil }.map(\.eventType))
        let schemas = Set(model.events.filter { $0.variant == nil }.map(\.type))
        #expect(schemas.count == 58)
        #expect(registered == schemas)
        for descriptor in MatrixEventsRegistry.eventContents where descriptor.variant == nil {
            #expect(!descriptor.kinds.isEmpty, "\(descriptor.eventType)")
        }
        #expect(RoomMemberEventContent.kinds == [.state] && RoomMemberEventContent.stateKey == .userID)
        #expect(RoomEncryptedEventContent.kinds == [.messageLike, .toDevice])
        #expect(TextMessageEventContent.variantKey == "msgtype" && TextMessageEventContent.variantValue == "m.text")
    }

    @Test func unknownKeysAndEnumValuesSurvive() throws {
        let json = #"{"msgtype": "m.text", "body": "hi", "format": "org.example.future", "com.example.x": [1, {"y": null}]}"#
        let content = try MatrixJSON.decode(TextMessageEventContent.self, from: Data(json.utf8))
        #expect(content.additionalFields["com.example.x"] == [1, ["y": nil]])
        #expect(try MatrixJSON.parse(MatrixJSON.encode(content)) == (try MatrixJSON.parse(Data(json.utf8))))
        let membership = try MatrixJSON.decode(RoomMemberEventContent.self, from: Data(#"{"membership": "m.future"}"#.utf8))
        #expect(membership.membership.rawValue == "m.future")
    }
}
