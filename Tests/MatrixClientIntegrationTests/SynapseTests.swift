import AsyncHTTPClient
import Foundation
import HTTPTypes
import MatrixClient
import MatrixEvents
import OpenAPIAsyncHTTPClient
import Testing

/// The generated client against a real Synapse (started by `Scripts/synapse.sh start`, which `.ci/run` does;
/// it exports MATRIX_HOMESERVER_URL). Every call's decoded response is checked.
let homeserver = ProcessInfo.processInfo.environment["MATRIX_HOMESERVER_URL"].flatMap(URL.init(string:))

/// Records every operation that reached the transport.
final class OperationRecorder: ClientMiddleware, @unchecked Sendable {
    private let lock = NSLock()
    private var _operations: Set<String> = []
    var operations: Set<String> { lock.withLock { _operations } }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let response = try await next(request, body, baseURL)
        if (200..<300).contains(response.0.status.code) { lock.withLock { _ = _operations.insert(operationID) } }
        return response
    }
}

/// A PNG of 4×4 pixels, for upload and thumbnails.
let tinyPNG = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR4nGP4z8DAwMDAxAABAC4AA/0XrWwkAAAAAElFTkSuQmCC")!

/// The room's events as Synapse sends them (state, timeline and the room's account data and ephemeral events
/// after the rest of the test) decode into their generated content types, variants chosen by `msgtype`.
func expectTypedEvents(_ client: MatrixClient, roomKey: RoomID) async throws {
    let sync = try await client.sync(.init(fullState: true, timeout: 0))
    let room = sync.rooms?.join?[roomKey]
    let events = (room?.state?.events ?? []) + (room?.timeline?.events ?? [])
    var typed: [String: Int] = [:]
    var untyped: [String] = []
    for raw in events {
        guard let event = raw.value,
            let descriptor = MatrixEventsRegistry.eventContents.descriptor(eventType: event.type, content: event.content),
            (try? descriptor.codec.decode(MatrixJSON.encode(JSONValue.object(event.content)))) != nil
        else {
            untyped.append(raw.eventType ?? "?")
            continue
        }
        typed[event.type, default: 0] += 1
    }
    print("Synapse events typed: \(typed.values.reduce(0, +)) of \(events.count): \(typed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
    #expect(untyped.isEmpty, "not typed: \(untyped)")
    for type in ["m.room.create", "m.room.member", "m.room.power_levels", "m.room.join_rules", "m.room.history_visibility", "m.room.message", "m.room.topic"] {
        #expect(typed[type] != nil, "no \(type)")
    }
}

/// GET /events is deprecated, and tests build with warnings as errors: the call sits in a deprecated method
/// reached through a protocol.
protocol LegacyEventsFetching {
    func events(_ client: MatrixClient, since: String) async throws -> [Raw<ClientEvent>]
}

struct LegacyEvents: LegacyEventsFetching {
    @available(*, deprecated, message: "exercises the deprecated GET /events")
    func events(_ client: MatrixClient, since: String) async throws -> [Raw<ClientEvent>] {
        try await client.getEvents(.init(from: since, timeout: 0)).chunk ?? []
    }
}

@Suite(.enabled(if: homeserver != nil, "needs MATRIX_HOMESERVER_URL (Scripts/synapse.sh start)"), .serialized)
struct SynapseTests {
    let recorder = OperationRecorder()

    func client(token: String? = nil) -> MatrixClient {
        MatrixClient(
            serverURL: homeserver!, transport: AsyncHTTPClientTransport(),
            middlewares: [recorder, RateLimitRetryMiddleware()], accessToken: token)
    }

    func register(_ name: String) async throws -> (MatrixClient, Register.ResponseBody) {
        let client = client()
        let user = "\(name)-\(UUID().uuidString.prefix(8).lowercased())"
        let registered = try await client.register(.init(body: .init(
            auth: .init(type: "m.login.dummy"), username: user, password: "correct horse battery staple",
            initialDeviceDisplayName: "\(name)'s test device")))
        let token = try #require(registered.accessToken)
        client.accessToken = token
        return (client, registered)
    }

    @Test func theGeneratedClientDrivesARealHomeserver() async throws {
        // Discovery.
        let anonymous = client()
        let versions = try await anonymous.getVersions()
        #expect(versions.versions.contains("v1.11"))
        let flows = try await anonymous.getLoginFlows()
        #expect(flows.flows?.contains { $0.type == "m.login.password" } == true)

        // Accounts.
        let (alice, aliceAccount) = try await register("alice")
        let (bob, bobAccount) = try await register("bob")
        let aliceID = aliceAccount.userID, bobID = bobAccount.userID
        #expect(aliceID.hasPrefix("@alice-"))
        let whoami = try await alice.getTokenOwner()
        #expect(whoami.userID == aliceID)
        let login = try await anonymous.login(.init(body: .init(
            type: "m.login.password", identifier: .init(type: "m.id.user", additionalFields: ["user": .string(aliceID)]),
            password: "correct horse battery staple")))
        #expect(login.userID == aliceID)
        let secondSession = client(token: login.accessToken)
        let capabilities = try await alice.getCapabilities()
        #expect(capabilities.capabilities.mRoomVersions?.default.isEmpty == false)

        // A room, messages and state.
        let created = try await alice.createRoom(.init(body: .init(name: "Codegen test", topic: "Typed all the way", preset: .publicChat)))
        let roomID = created.roomID
        let roomKey = try RoomID(validating: roomID)
        let firstSync = try await alice.sync(.init(timeout: 0))
        #expect(firstSync.rooms?.join?[roomKey] != nil)
        let message = try await alice.sendMessage(.init(
            roomID: roomID, eventType: "m.room.message", txnID: UUID().uuidString, body: ["msgtype": "m.text", "body": "hello"]))
        let topic = try await alice.setRoomStateWithKey(.init(roomID: roomID, eventType: "m.room.topic", stateKey: "", body: ["topic": "Changed"]))
        #expect(!topic.eventID.isEmpty)
        let topicState = try await alice.getRoomStateWithKey(.init(roomID: roomID, eventType: "m.room.topic", stateKey: ""))
        #expect(topicState["topic"] == .string("Changed"))
        let state = try await alice.getRoomState(.init(roomID: roomID))
        #expect(state.contains { $0.eventType == "m.room.create" })
        let incremental = try await alice.sync(.init(since: firstSync.nextBatch, timeout: 0))
        try await expectTypedEvents(alice, roomKey: roomKey)
        let timeline = incremental.rooms?.join?[roomKey]?.timeline?.events ?? []
        #expect(timeline.contains { $0.value?.eventID == message.eventID })
        let page = try await alice.getRoomEvents(.init(roomID: roomID, dir: .b, limit: 20))
        #expect(page.chunk.contains { $0.value?.eventID == message.eventID })
        let context = try await alice.getEventContext(.init(roomID: roomID, eventID: message.eventID, limit: 5))
        #expect(context.event?.value?.eventID == message.eventID)
        let event = try await alice.getOneRoomEvent(.init(roomID: roomID, eventID: message.eventID)).decode()
        #expect(event.content["body"] == .string("hello"))
        #expect(event.unsigned?.membership == "join")

        // Members, profile, presence, typing, receipts.
        let members = try await alice.getMembersByRoom(.init(roomID: roomID))
        #expect(members.chunk?.contains { $0.value?.stateKey == aliceID } == true)
        let joined = try await alice.getJoinedMembersByRoom(.init(roomID: roomID))
        #expect(joined.joined?.keys.map(\.rawValue) == [aliceID])
        try await alice.setDisplayName(.init(userID: aliceID, body: .init(displayname: "Alice")))
        #expect(try await alice.getDisplayName(.init(userID: aliceID)).displayname == "Alice")
        #expect(try await bob.getUserProfile(.init(userID: aliceID)).displayname == "Alice")
        try await alice.setPresence(.init(userID: aliceID, body: .init(presence: .online, statusMsg: "testing")))
        #expect(try await alice.getPresence(.init(userID: aliceID)).presence == .online)
        // The deprecated GET /events mixes presence events (no event_id) into its chunk: the response decodes, the
        // room events in it are typed, the others report why they are not.
        let legacyChunk = try await (LegacyEvents() as any LegacyEventsFetching).events(alice, since: firstSync.nextBatch)
        let legacyTyped = legacyChunk.filter { $0.value != nil }
        print("GET /events: \(legacyChunk.count) events, \(legacyTyped.count) typed as ClientEvent, others: \(legacyChunk.filter { $0.value == nil }.compactMap(\.eventType))")
        #expect(legacyTyped.contains { $0.value?.eventID == message.eventID })
        try await alice.setTyping(.init(userID: aliceID, roomID: roomID, body: .init(typing: true, timeout: 5000)))
        try await alice.postReceipt(.init(roomID: roomID, receiptType: .mRead, eventID: message.eventID, body: .init()))
        try await alice.setReadMarker(.init(roomID: roomID, body: .init(mFullyRead: message.eventID)))

        // Tags and account data.
        try await alice.setRoomTag(.init(userID: aliceID, roomID: roomID, tag: "u.work", body: .init(order: 0.5)))
        #expect(try await alice.getRoomTags(.init(userID: aliceID, roomID: roomID)).tags?["u.work"]?.order == 0.5)
        try await alice.deleteRoomTag(.init(userID: aliceID, roomID: roomID, tag: "u.work"))
        try await alice.setAccountData(.init(userID: aliceID, type: "org.example.settings", body: ["theme": "dark"]))
        #expect(try await alice.getAccountData(.init(userID: aliceID, type: "org.example.settings"))["theme"] == .string("dark"))
        try await alice.setAccountDataPerRoom(.init(userID: aliceID, roomID: roomID, type: "org.example.pin", body: ["pinned": true]))
        #expect(try await alice.getAccountDataPerRoom(.init(userID: aliceID, roomID: roomID, type: "org.example.pin"))["pinned"] == .bool(true))

        // Filters.
        let filter = try await alice.defineFilter(.init(userID: aliceID, body: .init(eventFields: ["type", "content"])))
        #expect(try await alice.getFilter(.init(userID: aliceID, filterID: filter.filterID)).eventFields == ["type", "content"])

        // Devices and keys.
        let devices = try await alice.getDevices()
        #expect(devices.devices?.count == 2)
        let deviceID = try #require(aliceAccount.deviceID)
        try await alice.updateDevice(.init(deviceID: deviceID, body: .init(displayName: "Renamed")))
        #expect(try await alice.getDevice(.init(deviceID: deviceID)).displayName == "Renamed")
        let aliceUser = try UserID(validating: aliceID)
        let uploaded = try await alice.uploadKeys(.init(body: .init(
            deviceKeys: .init(
                userID: aliceID, deviceID: deviceID, algorithms: ["m.olm.v1.curve25519-aes-sha2"],
                keys: ["curve25519:\(deviceID)": "3C5BFWi2Y8MaVvjM8M22DBmh24PmgR0nPvJOIArzgyI", "ed25519:\(deviceID)": "lEuiRJBit0IG6nUf5pUzWTUEsRVVe/HJkoKuEww9ULI"],
                signatures: [aliceUser: ["ed25519:\(deviceID)": "dSO80A01XiigH3uBiDVx/EjzaoycHcjq9lfQX0uWsqxl2giMIiSPR8a4d291W1ihKJL/a+myXS367WT6NAIcBA"]]),
            oneTimeKeys: .init(additionalProperties: [
                "signed_curve25519:AAAAHg": .keyObject(.init(key: "zKbLg+NrIjpnagy+pIY6uPL4ZwEG2v+8F9lmgsnlZzs", signatures: [aliceUser: ["ed25519:\(deviceID)": .string("FLWxXqGbwrb8SM3Y795eB6OA8bwBcoMZFXBqnTn58AYWZSqiD45tlBVcDa2L7RwdKXebW/VzDlnfVJ+9jok1Bw")]]))
            ]))))
        #expect(uploaded.oneTimeKeyCounts["signed_curve25519"] == 1)
        let queried = try await bob.queryKeys(.init(body: .init(deviceKeys: [aliceUser: []])))
        #expect(queried.deviceKeys?[aliceUser]?[deviceID] != nil)
        let claimed = try await bob.claimKeys(.init(body: .init(oneTimeKeys: [aliceUser: [deviceID: "signed_curve25519"]])))
        #expect(claimed.oneTimeKeys[aliceUser]?[deviceID]?.keys.contains("signed_curve25519:AAAAHg") == true)
        try await alice.sendToDevice(.init(eventType: "org.example.ping", txnID: UUID().uuidString, body: .init(
            messages: [try UserID(validating: bobID): [bobAccount.deviceID ?? "*": ["ping": true]]])))

        // Aliases and the directory.
        let aliasName = "#codegen-\(UUID().uuidString.prefix(8).lowercased()):localhost"
        try await alice.setRoomAlias(.init(roomAlias: aliasName, body: .init(roomID: roomID)))
        #expect(try await bob.getRoomIDByAlias(.init(roomAlias: aliasName)).roomID == roomID)
        #expect(try await alice.getLocalAliases(.init(roomID: roomID)).aliases == [aliasName])
        try await alice.setRoomVisibilityOnDirectory(.init(roomID: roomID, body: .init(visibility: .public)))
        #expect(try await alice.getRoomVisibilityOnDirectory(.init(roomID: roomID)).visibility == .public)
        // Synapse updates its directory in the background: ask until the room shows (for at most 5 s).
        var listed = false
        for _ in 0..<25 where !listed {
            listed = try await bob.getPublicRooms(.init(limit: 50)).chunk.contains { $0.roomID == roomID }
            if !listed { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(listed)
        try await alice.deleteRoomAlias(.init(roomAlias: aliasName))

        // Invite, join, leave between two users.
        try await alice.inviteUser(.init(roomID: roomID, body: .init(userID: bobID)))
        let bobSync = try await bob.sync(.init(timeout: 0))
        #expect(bobSync.rooms?.invite?[roomKey] != nil)
        #expect(try await bob.joinRoomByID(.init(roomID: roomID, body: .init())).roomID == roomID)
        #expect(try await bob.getJoinedRooms().joinedRooms.contains(roomID))
        try await bob.leaveRoom(.init(roomID: roomID, body: .init(reason: "done")))

        // Redaction and relations.
        let reaction = try await alice.sendMessage(.init(roomID: roomID, eventType: "m.reaction", txnID: UUID().uuidString, body: [
            "m.relates_to": ["rel_type": "m.annotation", "event_id": .string(message.eventID), "key": "👍"],
        ]))
        let relations = try await alice.getRelatingEvents(.init(roomID: roomID, eventID: message.eventID))
        #expect(relations.chunk.contains { $0.value?.eventID == reaction.eventID })
        let redaction = try await alice.redactEvent(.init(roomID: roomID, eventID: message.eventID, txnID: UUID().uuidString, body: .init(reason: "test")))
        #expect(redaction.eventID?.isEmpty == false)

        // Media through the authenticated endpoints (the server advertises v1.11).
        #expect(try await alice.usesAuthenticatedMedia())
        let config = try await alice.mediaConfig()
        #expect((config.uploadSize ?? 0) > 0)
        let uri = try await alice.uploadMedia(HTTPBody(tinyPNG), contentType: "image/png", fileName: "tiny.png")
        let downloaded = try await bob.downloadMedia(uri)
        var bytes = Data()
        for try await chunk in downloaded.body { bytes.append(contentsOf: chunk) }
        #expect(bytes == tinyPNG)
        #expect(downloaded.contentType == "image/png")
        #expect(downloaded.contentDisposition?.filename == "tiny.png")
        let thumbnail = try await bob.downloadThumbnail(uri, width: 32, height: 32).collect()
        #expect(thumbnail.contentType?.hasPrefix("image/") == true)
        #expect(!thumbnail.data.isEmpty)

        // A refusal is a typed MatrixError.
        do {
            _ = try await bob.getRoomState(.init(roomID: "!nonexistent:localhost"))
            Issue.record("reading the state of an unknown room succeeded")
        } catch let error as MatrixResponseError {
            #expect([403, 404].contains(error.status))
            #expect(error.matrixError != nil)
        }

        // Logout.
        try await secondSession.logout()
        do {
            _ = try await secondSession.getTokenOwner()
            Issue.record("a logged-out token still works")
        } catch let error as MatrixResponseError {
            #expect(error.status == 401)
            #expect(error.matrixError?.errcode == .unknownToken)
        }

        let exercised = recorder.operations
        print("Synapse integration: \(exercised.count) distinct operations exercised: \(exercised.sorted().joined(separator: ", "))")
        #expect(exercised.count >= 40)
    }

    /// Typed sending, and every kind of event Synapse sends back decoding into its typed case.
    @Test func typedEventsOfEveryKindThroughSynapse() async throws {
        let (alice, aliceAccount) = try await register("alice")
        let (bob, bobAccount) = try await register("bob")
        let aliceID = aliceAccount.userID, bobID = bobAccount.userID
        let roomID = try await alice.createRoom(.init(body: .init(name: "Typed events", preset: .publicChat))).roomID
        let roomKey = try RoomID(validating: roomID)
        _ = try await bob.joinRoomByID(.init(roomID: roomID, body: .init()))

        // Typed sending: the event type comes from the content type.
        try await alice.setState(RoomTopicEventContent(topic: "Typed topic"), in: roomID)
        try await alice.setState(RoomNameEventContent(name: "Typed name"), in: roomID)
        let text = try await alice.send(
            RoomMessageEventContent.text(TextMessageEventContent(body: "hello", format: "org.matrix.custom.html", formattedBody: "<b>hello</b>")),
            in: roomID)
        try await alice.send(RoomMessageEventContent.notice(NoticeMessageEventContent(body: "a notice")), in: roomID)
        try await alice.send(RoomMessageEventContent.emote(EmoteMessageEventContent(body: "waves")), in: roomID)
        try await bob.send(ReactionEventContent(mRelatesTo: .init(relType: .mAnnotation, eventID: text.eventID, key: "👍")), in: roomID)
        try await alice.send(
            RoomMessageEventContent.text(TextMessageEventContent(body: "* hello, edited", additionalFields: [
                "m.new_content": ["msgtype": "m.text", "body": "hello, edited"],
                "m.relates_to": ["rel_type": "m.replace", "event_id": .string(text.eventID)],
            ])),
            in: roomID)
        let doomed = try await alice.send(RoomMessageEventContent.text(TextMessageEventContent(body: "to be redacted")), in: roomID)
        _ = try await alice.redactEvent(.init(roomID: roomID, eventID: doomed.eventID, txnID: UUID().uuidString, body: .init(reason: "test")))
        // A state content is refused by `send`, before any request.
        await #expect(throws: EventKindMismatch.self) { try await alice.send(RoomTopicEventContent(topic: "no"), in: roomID) }

        // Ephemeral events, account data and to-device messages.
        try await alice.setTyping(.init(userID: aliceID, roomID: roomID, body: .init(typing: true, timeout: 30000)))
        try await alice.postReceipt(.init(roomID: roomID, receiptType: .mRead, eventID: text.eventID, body: .init()))
        try await bob.setAccountData(DirectEventContent(users: [try UserID(validating: aliceID): [roomID]]), for: bobID)
        try await bob.setRoomTag(.init(userID: bobID, roomID: roomID, tag: "u.work", body: .init(order: 0.5)))
        try await bob.setReadMarker(.init(roomID: roomID, body: .init(mFullyRead: text.eventID)))
        let bobDevice = try #require(bobAccount.deviceID)
        let request = KeyVerificationRequestEventContent(
            fromDevice: "ALICEDEVICE", transactionID: "txn1", methods: ["m.sas.v1"], timestamp: Int64(Date().timeIntervalSince1970 * 1000))
        _ = try await alice.sendToDevice(.init(
            eventType: KeyVerificationRequestEventContent.eventType, txnID: UUID().uuidString,
            body: .init(messages: [try UserID(validating: bobID): [bobDevice: request.jsonObject()]])))

        // What bob's sync brings, through the per-kind enums.
        let sync = try await bob.sync(.init(timeout: 0))
        let room = try #require(sync.rooms?.join?[roomKey])
        var cases: [String: Int] = [:]
        var unknown: [String] = []
        func count(_ name: String?, _ type: String) {
            if let name { cases[name, default: 0] += 1 } else { unknown.append(type) }
        }
        for raw in (room.state?.events ?? []) + (room.timeline?.events ?? []) {
            let event = try raw.decode(as: AnyTimelineEvent.self)
            switch event {
            case .roomMessage(let message):
                switch message.content {
                case .text(let text): count(text.additionalFields["m.new_content"] == nil ? "m.text" : "edit", event.type)
                case .notice: count("m.notice", event.type)
                case .emote: count("m.emote", event.type)
                default: count(nil, "m.room.message \(message.content)")
                }
            case .reaction(let reaction): count(reaction.content.mRelatesTo?.key == "👍" ? "reaction" : nil, event.type)
            case .roomRedaction: count("redaction", event.type)
            case .redacted(let redacted): count(redacted.isRedacted ? "redacted" : nil, event.type)
            case .unknown(let other): count(nil, other.type)
            default: count(event.type, event.type)
            }
        }
        for raw in room.ephemeral?.events ?? [] {
            let event = try raw.decode(as: AnyEphemeralEvent.self)
            switch event {
            case .typing(let typing): count(typing.content.userIDs.contains(aliceID) ? "typing" : nil, event.type)
            case .receipt: count("receipt", event.type)
            case .unknown(let other): count(nil, other.type)
            default: count(event.type, event.type)
            }
        }
        for raw in room.accountData?.events ?? [] {
            let event = try raw.decode(as: AnyRoomAccountDataEvent.self)
            if case .unknown(let other) = event { count(nil, other.type) } else { count(event.type, event.type) }
        }
        for raw in sync.accountData?.events ?? [] {
            let event = try raw.decode(as: AnyGlobalAccountDataEvent.self)
            switch event {
            case .direct(let direct): count(direct.content.users.isEmpty ? nil : "m.direct", event.type)
            case .unknown(let other): count(nil, other.type)
            default: count(event.type, event.type)
            }
        }
        let toDevice = try MatrixJSON.decode([AnyToDeviceEvent].self, from: sync.toDevice?["events"] ?? [])
        for event in toDevice {
            if case .keyVerificationRequest(let request) = event, request.sender == aliceID { count("to-device request", event.type) } else { count(nil, event.type) }
        }
        let total = cases.values.reduce(0, +)
        print("Synapse typed events: \(total) typed, \(unknown.count) unknown: \(cases.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        #expect(unknown.isEmpty, "not typed: \(unknown)")
        for expected in [
            "m.room.create", "m.room.member", "m.room.power_levels", "m.room.join_rules", "m.room.history_visibility",
            "m.room.name", "m.room.topic", "m.text", "m.notice", "m.emote", "edit", "reaction", "redaction", "redacted",
            "typing", "receipt", "m.direct", "m.tag", "m.fully_read", "to-device request",
        ] {
            #expect(cases[expected] != nil, "no \(expected) among \(cases.keys.sorted())")
        }
    }
}
