import Foundation
import Testing
@testable import MatrixCodegenCore

/// `matrix-codegen diff` on hand-written fixtures (one rule each) and on v1.10 → v1.11, checked against the
/// Matrix 1.11 changelog.
@Suite struct DiffTests {
    static let sharedSpecs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/matrix-spec").standardizedFileURL

    static func model(_ version: String) throws -> APIModel {
        let root = sharedSpecs.appendingPathComponent(version)
        return try Pipeline.buildModel(configuration: .standard(specRoot: root, specVersion: version, outputDirectory: root)).model
    }

    /// v1.10 → v1.11, computed once.
    static let real: Result<(diff: SpecDiff, old: APIModel, new: APIModel), Error> = Result {
        let old = try model("v1.10"), new = try model("v1.11")
        return (SpecDiff(from: old, to: new), old, new)
    }

    func diff(_ old: [String: String], _ new: [String: String]) throws -> SpecDiff {
        SpecDiff(from: try FixtureSpec(old).model(), to: try FixtureSpec(new).model())
    }

    // MARK: Rules, on fixtures

    @Test func movingADefinitionToAnotherFileIsNotAChange() throws {
        let old = ["thing.yaml": apiFile("{$ref: definitions/a.yaml}"), "definitions/a.yaml": "title: Thing\ntype: object\nproperties:\n  n: {type: integer}\n"]
        let new = ["thing.yaml": apiFile("{$ref: 'definitions/b.yaml#/components/schemas/Thing'}"),
                   "definitions/b.yaml": "components:\n  schemas:\n    Thing:\n      title: Thing\n      type: object\n      properties:\n        n: {type: integer}\n"]
        #expect(try diff(old, new).changes.isEmpty)
    }

    @Test func aPropertyRetypedInsideAnAllOfBaseIsBreaking() throws {
        let body = "allOf:\n  - $ref: definitions/base.yaml\n  - type: object\n    properties:\n      extra: {type: string}\n"
        let old = ["thing.yaml": apiFile(body), "definitions/base.yaml": "type: object\nproperties:\n  n: {type: integer}\n"]
        let new = ["thing.yaml": apiFile(body), "definitions/base.yaml": "type: object\nproperties:\n  n: {type: string}\n"]
        let changes = try diff(old, new).changes
        // Once on the operation whose body merges the base, once on the base's own generated type.
        #expect(changes.map(\.subject).sorted() == ["Base", "getThing"], "\(changes.map(\.message))")
        #expect(changes.allSatisfy { $0.kind == .retyped && $0.classification == .breaking && $0.breaks == [.clients, .servers] })
        #expect(changes.first { $0.subject == "getThing" }?.location == "response 200 body: n")
        #expect(changes.first { $0.subject == "Base" }?.location == "n")
    }

    @Test func requiredAndOptionalFollowTheDirectionOfTheData() throws {
        func api(_ requestRequired: String, _ responseRequired: String) -> String {
            apiFile("{type: object, properties: {r: {type: string}, s: {type: string}}, required: \(responseRequired)}")
                .replacingOccurrences(of: "      responses:", with: """
                      requestBody:
                        content:
                          application/json:
                            schema: {type: object, properties: {q: {type: string}}, required: \(requestRequired)}
                      responses:
                """)
        }
        let changes = try diff(["thing.yaml": api("[]", "[r]")], ["thing.yaml": api("[q]", "[s]")]).changes
        let byLocation = Dictionary(uniqueKeysWithValues: changes.map { ($0.location ?? "", $0) })
        // A newly required request field breaks old clients; a newly optional response field breaks them too;
        // a newly required response field breaks old servers.
        #expect(byLocation["request body body: q"]?.breaks == [.clients])
        #expect(byLocation["response 200 body: r"]?.breaks == [.clients])
        #expect(byLocation["response 200 body: s"]?.breaks == [.servers])
        #expect(changes.allSatisfy { $0.classification == .breaking })
    }

    @Test func wordingChangesAreDocumentationOnly() throws {
        let old = apiFile("{type: object, description: Old words., properties: {n: {type: integer, description: A number.}}}")
        let new = apiFile("{type: object, description: New words., properties: {n: {type: integer, description: The number.}}}")
        let changes = try diff(["thing.yaml": old], ["thing.yaml": new]).changes
        #expect(!changes.isEmpty)
        #expect(changes.allSatisfy { $0.classification == .documentation })
    }

    // MARK: v1.10 → v1.11 against the changelog

    func changes(_ predicate: (SpecChange) -> Bool) throws -> [SpecChange] {
        try Self.real.get().diff.changes.filter(predicate)
    }

    @Test func newAuthenticatedClientMediaEndpoints() throws {
        let added = try changes { $0.kind == .operationAdded && $0.group == "client-server" }.compactMap(\.endpoint)
        for endpoint in [
            "GET /_matrix/client/v1/media/download/{serverName}/{mediaId}",
            "GET /_matrix/client/v1/media/download/{serverName}/{mediaId}/{fileName}",
            "GET /_matrix/client/v1/media/thumbnail/{serverName}/{mediaId}",
            "GET /_matrix/client/v1/media/preview_url",
            "GET /_matrix/client/v1/media/config",
        ] {
            #expect(added.contains(endpoint), "\(endpoint)")
        }
        #expect(try changes { $0.kind == .operationAdded }.allSatisfy { $0.classification == .additive })
    }

    @Test func newFederationMediaEndpoints() throws {
        let added = try changes { $0.kind == .operationAdded && $0.group == "server-server" }.compactMap(\.endpoint)
        #expect(added.sorted() == [
            "GET /_matrix/federation/v1/media/download/{mediaId}", "GET /_matrix/federation/v1/media/thumbnail/{mediaId}",
        ])
    }

    @Test func oldMediaEndpointsAreDeprecated() throws {
        let deprecated = try changes { $0.kind == .operationDeprecated }
        #expect(Set(deprecated.compactMap(\.endpoint)) == [
            "GET /_matrix/media/v3/download/{serverName}/{mediaId}",
            "GET /_matrix/media/v3/download/{serverName}/{mediaId}/{fileName}",
            "GET /_matrix/media/v3/thumbnail/{serverName}/{mediaId}",
            "GET /_matrix/media/v3/preview_url",
            "GET /_matrix/media/v3/config",
        ])
        #expect(deprecated.allSatisfy { $0.classification == .deprecation })
    }

    @Test func animatedThumbnailParameter() throws {
        let animated = try changes { $0.location == "query parameter animated" }
        // Added to the (deprecated) v3 thumbnail endpoint; the new v1 one is new as a whole.
        #expect(animated.map(\.subject) == ["getContentThumbnail"])
        #expect(animated.first?.kind == .optionalAdded)
        #expect(animated.first?.classification == .additive)
        #expect(animated.first?.new == "boolean")
        let swift = try Self.real.get().diff.swiftAPI
        #expect(swift.added.contains("MatrixClientServerAPI.GetContentThumbnail.Request.animated"))
    }

    @Test func unsignedMembershipProperty() throws {
        let membership = try changes { $0.subjectKind == .type && $0.location == "unsigned.membership" }
        #expect(Set(membership.map(\.subject)).isSuperset(of: ["ClientEvent", "ClientEventWithoutRoomID"]))
        #expect(membership.allSatisfy { $0.kind == .optionalAdded && $0.classification == .additive })
        let clientEvent = try #require(membership.first { $0.subject == "ClientEvent" })
        #expect(clientEvent.usedBy.contains("getRoomEvents"))
        #expect(try Self.real.get().diff.swiftAPI.added.contains("MatrixCommonTypes.ClientEvent.UnsignedData.membership"))
    }

    @Test func eventTypesAddedWithTheirSwiftSymbols() throws {
        let (diff, _, _) = try Self.real.get()
        let events = diff.changes.filter { $0.subjectKind == .event }
        #expect(events.map(\.subject) == ["m.call.sdp_stream_metadata_changed"])
        #expect(events.first?.kind == .eventAdded && events.first?.classification == .additive && events.first?.group == "events")
        #expect(events.first?.message.contains("CallSDPStreamMetadataChangedEventContent, AnyTimelineEvent.callSDPStreamMetadataChanged") == true)
        // Content fields are compared as types of the events group.
        #expect(diff.changes.contains { $0.group == "events" && $0.subject == "CallInviteEventContent" && $0.kind == .optionalAdded })
        #expect(diff.swiftAPI.added.contains("MatrixEvents.AnyMessageLikeEvent.callSDPStreamMetadataChanged"))
    }

    /// Each event-level rule, on the v1.11 model against a copy with one change of each kind.
    @Test func eventKindsStateKeysAndVariantsChanges() throws {
        let (_, _, v111) = try Self.real.get()
        var changed = v111
        changed.events.removeAll { $0.type == "m.typing" || $0.file.hasSuffix("m.room.message$m.text.yaml") }
        for index in changed.events.indices {
            if changed.events[index].type == "m.room.encrypted" { changed.events[index].kinds = [.messageLike] }
            if changed.events[index].type == "m.room.topic", changed.events[index].variant == nil { changed.events[index].stateKey = .any }
        }
        let changes = SpecDiff(from: v111, to: changed).changes.filter { $0.subjectKind == .event }
        let summary = changes.map { "\($0.subject) \($0.kind.rawValue) \($0.classification.rawValue) \($0.breaks.map(\.rawValue))" }
        #expect(summary == [
            "m.room.encrypted event-kinds-changed breaking [\"clients\"]",
            "m.room.message variant-removed breaking [\"clients\"]",
            "m.room.topic state-key-changed breaking [\"clients\", \"servers\"]",
            "m.typing event-removed breaking [\"clients\", \"servers\"]",
        ])
        let back = SpecDiff(from: changed, to: v111).changes.filter { $0.subjectKind == .event }
        #expect(back.map(\.kind) == [.eventKindsChanged, .variantAdded, .stateKeyChanged, .eventAdded])
        #expect(back.first?.classification == .additive && back.first?.message == "kinds changed from [messageLike] to [messageLike, toDevice]")
        #expect(back.contains { $0.message == "variant m.text added (a new case of RoomMessageEventContent)" })
    }

    @Test func termsOfServiceAtRegistration() throws {
        let terms = try changes { $0.kind == .typeAdded && $0.new == "client-server/definitions/m.login.terms_params.yaml" }
        #expect(terms.count == 1)
        #expect(terms.first?.classification == .additive)
        #expect(try Self.real.get().diff.swiftAPI.added.contains("MatrixClientServerAPI.MLoginTermsParams"))
    }

    @Test func queryStringTokensAreDeprecatedInFavourOfTheAuthorizationHeader() throws {
        let deprecated = try changes { $0.kind == .securityDeprecated }
        let accepted = try changes { $0.kind == .securityAdded && $0.new == "bearerHeader" }
        #expect(deprecated.count > 100)
        #expect(Set(deprecated.map(\.subject)) == Set(accepted.map(\.subject)))
        #expect(deprecated.contains { $0.subject == "sync" })
    }

    @Test func filesThatOnlyChangedWordingOrLayoutReportNoSpuriousChange() throws {
        let (diff, _, new) = try Self.real.get()
        func operations(in file: String) -> Set<String> {
            Set(new.modules.flatMap(\.endpoints).filter { $0.source.hasPrefix(file + "#") }.map(\.operationID))
        }
        // Only the securitySchemes block moved from a $ref to inline entries: nothing at all to report.
        for file in ["api/server-server/backfill.yaml", "api/server-server/event_auth.yaml", "api/server-server/query.yaml", "api/application-service/ping.yaml"] {
            let ids = operations(in: file)
            #expect(!ids.isEmpty, "\(file)")
            #expect(diff.changes.filter { ids.contains($0.subject) }.isEmpty, "\(file)")
        }
        // Wording only (besides the client-server access-token schemes): documentation changes only.
        for file in ["api/client-server/relations.yaml", "api/server-server/joins-v2.yaml", "api/client-server/login_token.yaml"] {
            let ids = operations(in: file)
            #expect(!ids.isEmpty, "\(file)")
            let other = diff.changes.filter {
                ids.contains($0.subject) && $0.classification != .documentation && !$0.kind.rawValue.hasPrefix("security-")
            }
            #expect(other.isEmpty, "\(file): \(other.map(\.message))")
        }
        #expect(diff.changes.contains { $0.subject == "getRelatingEvents" && $0.kind == .documentation })
    }

    @Test func reportsRenderInEveryFormat() throws {
        let diff = try Self.real.get().diff
        let report = DiffReport(diff: diff)
        let text = report.text()
        #expect(text.hasPrefix("Matrix v1.10 → v1.11: "))
        #expect(!text.contains("\u{1B}["))
        #expect(DiffReport(diff: diff, colour: true).text().contains("\u{1B}[32m[additive]"))
        let markdown = report.markdown()
        #expect(markdown.hasPrefix("# Matrix v1.10 → v1.11"))
        #expect(markdown.contains("\n## client-server\n"))
        #expect(markdown.contains("### Operations added"))
        let document = try JSONDecoder().decode(DiffReport.Document.self, from: Data(report.json().utf8))
        #expect(document.schemaVersion == 1)
        #expect(document.from == "v1.10" && document.to == "v1.11")
        #expect(document.changes == diff.changes)
        #expect(document.summary.additive == diff.count(.additive))
        #expect(report.json() == DiffReport(diff: SpecDiff(from: try Self.real.get().old, to: try Self.real.get().new)).json(), "deterministic")
    }
}
