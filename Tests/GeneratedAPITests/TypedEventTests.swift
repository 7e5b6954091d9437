import Foundation
import MatrixAPIRuntime
import MatrixClientServerAPI
import MatrixEvents
import Testing

/// The per-kind event enums, the envelopes, the sums over content variants and the content registry.
@Suite struct TypedEventTests {
    static func json(_ text: String) throws -> JSONValue { try MatrixJSON.parse(Data(text.utf8)) }

    /// Decodes `text` as `T` and checks that re-encoding gives the same JSON.
    static func roundTrip<T: Codable>(_ type: T.Type, _ text: String) throws -> T {
        let value = try MatrixJSON.decode(T.self, from: Data(text.utf8))
        #expect(try MatrixJSON.parse(MatrixJSON.encode(value)) == json(text), "\(T.self) re-encodes differently")
        return value
    }

    @Test func msgtypesDecodeIntoTheirCasesAndUnknownOnesSurvive() throws {
        let text = try Self.roundTrip(RoomMessageEventContent.self, #"{"msgtype": "m.text", "body": "hi", "format": "org.matrix.custom.html", "formatted_body": "<b>hi</b>"}"#)
        guard case .text(let content) = text else {
            Issue.record("m.text is \(text)")
            return
        }
        #expect(content.formattedBody == "<b>hi</b>")
        let future = try Self.roundTrip(RoomMessageEventContent.self, #"{"msgtype": "m.future", "body": "fallback", "m.future.data": {"x": [1, null]}}"#)
        guard case .unknown(let unknown) = future else {
            Issue.record("m.future is \(future)")
            return
        }
        #expect(unknown.msgtype == "m.future" && unknown.body == "fallback")
        #expect(unknown.additionalFields["m.future.data"] == ["x": [1, nil]])
        let notice = try Self.roundTrip(RoomMessageEventContent.self, #"{"msgtype": "m.notice", "body": "bot"}"#)
        #expect({ if case .notice = notice { true } else { false } }())
        // A known msgtype that lacks its variant's required keys is an error, not silently the open case.
        #expect(throws: DecodingError.self) {
            try MatrixJSON.decode(RoomMessageEventContent.self, from: Data(#"{"msgtype": "m.text", "format": "org.matrix.custom.html"}"#.utf8))
        }
        let sas = try Self.roundTrip(KeyVerificationStartEventContent.self, """
            {"method": "m.sas.v1", "from_device": "D", "transaction_id": "t", "key_agreement_protocols": ["curve25519"],
             "hashes": ["sha256"], "message_authentication_codes": ["hkdf-hmac-sha256.v2"], "short_authentication_string": ["decimal"]}
            """)
        #expect({ if case .sasV1 = sas { true } else { false } }())
    }

    @Test func typedContentEncodesWithItsDiscriminator() throws {
        let content = RoomMessageEventContent.text(TextMessageEventContent(body: "hello"))
        #expect(try MatrixJSON.parse(MatrixJSON.encode(content)) == Self.json(#"{"msgtype": "m.text", "body": "hello"}"#))
        #expect(RoomMessageEventContent.eventType == "m.room.message")
        #expect(RoomMessageEventContent.kinds == [.messageLike])
    }

    static let timeline = """
        [
          {"type": "m.room.message", "event_id": "$1", "sender": "@a:x", "origin_server_ts": 1,
           "content": {"msgtype": "m.emote", "body": "waves"}, "unsigned": {"age": 5, "transaction_id": "t1"}},
          {"type": "m.room.topic", "event_id": "$2", "sender": "@a:x", "origin_server_ts": 2, "state_key": "",
           "content": {"topic": "News"}, "unsigned": {"prev_content": {"topic": "Old"}, "m.future": true}},
          {"type": "m.room.member", "event_id": "$3", "sender": "@a:x", "origin_server_ts": 3, "state_key": "@b:x",
           "content": {"membership": "knock_future"}},
          {"type": "m.reaction", "event_id": "$4", "sender": "@b:x", "origin_server_ts": 4,
           "content": {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$1", "key": "👍"}}},
          {"type": "m.room.message", "event_id": "$5", "sender": "@a:x", "origin_server_ts": 5, "content": {},
           "unsigned": {"redacted_because": {"type": "m.room.redaction", "redacts": "$5", "content": {}}}},
          {"type": "com.example.greeting", "event_id": "$6", "sender": "@a:x", "origin_server_ts": 6,
           "content": {"text": "hello", "count": 2}, "org.example.new_top_level": 1}
        ]
        """

    @Test func aTimelineDecodesIntoItsCasesAndReencodesUnchanged() throws {
        let events = try Self.roundTrip([AnyTimelineEvent].self, Self.timeline)
        #expect(events.map(\.type) == ["m.room.message", "m.room.topic", "m.room.member", "m.reaction", "m.room.message", "com.example.greeting"])
        var seen: [String] = []
        for event in events {
            switch event {
            case .roomMessage(let message):
                guard case .emote(let emote) = message.content else { break }
                #expect(emote.body == "waves" && message.unsigned?.transactionID == "t1" && message.unsigned?.age == 5)
                seen.append("emote")
            case .roomTopic(let topic):
                #expect(topic.content.topic == "News" && topic.stateKey == "")
                #expect(topic.previousContent?.topic == "Old")
                #expect(topic.unsigned?.additionalFields["m.future"] == true)
                seen.append("topic")
            case .roomMember(let member):
                #expect(member.stateKey == "@b:x" && member.content.membership.rawValue == "knock_future")
                seen.append("member")
            case .reaction(let reaction):
                #expect(reaction.content.mRelatesTo?.key == "👍")
                seen.append("reaction")
            case .redacted(let redacted):
                #expect(redacted.isRedacted && redacted.eventID == "$5")
                seen.append("redacted")
            case .unknown(let unknown):
                #expect(unknown.type == "com.example.greeting" && unknown.json["org.example.new_top_level"] == 1)
                seen.append("unknown")
            default:
                Issue.record("unexpected case \(event)")
            }
        }
        #expect(seen == ["emote", "topic", "member", "reaction", "redacted", "unknown"])
    }

    @Test func aBrokenEventOfAKnownTypeIsAnErrorNamingItsType() throws {
        let broken = #"{"type": "m.room.topic", "event_id": "$1", "sender": "@a:x", "origin_server_ts": 1, "state_key": "", "content": {"topic": 7}}"#
        let raw = Raw<JSONValue>(json: try Self.json(broken))
        do {
            _ = try raw.decode(as: AnyTimelineEvent.self)
            Issue.record("decoded")
        } catch {
            #expect(error.eventType == "m.room.topic")
            #expect(error.description.contains("AnyTimelineEvent") && error.description.contains("topic"))
        }
    }

    @Test func everyKindHasItsEnum() throws {
        let ephemeral = try Self.roundTrip([AnyEphemeralEvent].self, """
            [{"type": "m.typing", "content": {"user_ids": ["@a:x"]}},
             {"type": "m.receipt", "content": {"$1": {"m.read": {"@a:x": {"ts": 1, "thread_id": "main"}}}}}]
            """)
        #expect(ephemeral.map(\.type) == ["m.typing", "m.receipt"])
        if case .typing(let typing) = ephemeral[0] { #expect(typing.content.userIDs == ["@a:x"]) } else { Issue.record("\(ephemeral[0])") }
        let account = try Self.roundTrip([AnyGlobalAccountDataEvent].self, """
            [{"type": "m.direct", "content": {"@b:x": ["!r:x"]}}, {"type": "com.example.settings", "content": {"a": 1}}]
            """)
        if case .direct(let direct) = account[0] { #expect(direct.content.users[UserID(uncheckedRawValue: "@b:x")] == ["!r:x"]) } else { Issue.record("\(account[0])") }
        if case .unknown(let unknown) = account[1] { #expect(unknown.content == ["a": 1]) } else { Issue.record("\(account[1])") }
        let roomAccount = try Self.roundTrip([AnyRoomAccountDataEvent].self, #"[{"type": "m.tag", "content": {"tags": {"u.work": {"order": 0.5}}}}]"#)
        if case .tag = roomAccount[0] {} else { Issue.record("\(roomAccount[0])") }
        let toDevice = try Self.roundTrip([AnyToDeviceEvent].self, """
            [{"type": "m.room.encrypted", "sender": "@a:x", "content": {"algorithm": "m.olm.v1.curve25519-aes-sha2", "sender_key": "k", "ciphertext": {}}},
             {"type": "m.dummy", "sender": "@a:x", "content": {}}]
            """)
        #expect({ if case .roomEncrypted = toDevice[0] { true } else { false } }())
        #expect({ if case .dummy = toDevice[1] { true } else { false } }())
        let stripped = try Self.roundTrip([AnyStrippedStateEvent].self, #"[{"type": "m.room.name", "state_key": "", "sender": "@a:x", "content": {"name": "R"}}]"#)
        if case .roomName(let name) = stripped[0] { #expect(name.content.name == "R") } else { Issue.record("\(stripped[0])") }
    }

    /// An application's own event type, decoded into its own struct through the same registry.
    struct Greeting: EventContent {
        static let eventType = "com.example.greeting"
        static let kinds: [EventKind] = [.messageLike]
        var text: String
        var count: Int
    }

    @Test func anApplicationsOwnEventTypeDecodesThroughTheRegistry() throws {
        var registry = EventContentRegistry(MatrixEventsRegistry.eventContents)
        registry.register(Greeting.self)
        let events = try MatrixJSON.decode([AnyTimelineEvent].self, from: Data(Self.timeline.utf8))
        guard case .unknown(let event) = events[5] else {
            Issue.record("not unknown: \(events[5])")
            return
        }
        let greeting = try registry.decodeContent(of: event) as? Greeting
        #expect(greeting == Greeting(text: "hello", count: 2))
        #expect(try event.content(as: Greeting.self).count == 2)
        let topic = try registry.decodeContent(eventType: "m.room.topic", content: ["topic": "T"]) as? RoomTopicEventContent
        #expect(topic?.topic == "T")
        #expect(try registry.decodeContent(eventType: "com.example.other", content: [:]) == nil)
        // Its own envelope works like the generated ones.
        let own = MessageLikeEvent(content: Greeting(text: "hi", count: 1), eventID: "$9", sender: "@a:x", originServerTS: 9)
        #expect(own.type == "com.example.greeting")
    }

    @Test func anAPIsRawEventReadsAsATypedEvent() throws {
        let sync = """
            {"next_batch": "s9", "rooms": {"join": {"!r:example.org": {"timeline": {"events": \(Self.timeline)}}}}}
            """
        let response = HTTPResponseMessage(head: .init(status: .ok), body: Data(sync.utf8))
        guard case .ok(let body) = try Sync.decodeResponse(response) else {
            Issue.record("not a 200")
            return
        }
        let raw = try #require(body.rooms?.join?[RoomID(uncheckedRawValue: "!r:example.org")]?.timeline?.events)
        let typed = try raw.map { try $0.decode(as: AnyTimelineEvent.self) }
        #expect(typed.map(\.type) == ["m.room.message", "m.room.topic", "m.room.member", "m.reaction", "m.room.message", "com.example.greeting"])
        // A server answers with typed events through the same raw field.
        let topic = StateEvent(content: RoomTopicEventContent(topic: "News"), eventID: "$t", sender: "@a:x", originServerTS: 1)
        let answer = try Raw<ClientEventWithoutRoomID>(encoding: topic)
        #expect(try answer.decode().stateKey == "")
        #expect(try answer.decode(as: AnyStateEvent.self) == .roomTopic(topic))
    }

    /// Records the requests typed sending makes.
    final class RecordingClient: ClientServerAPIClient, @unchecked Sendable {
        let lock = NSLock()
        var sent: [any Sendable] = []

        func send<E: MatrixEndpoint>(_ endpoint: E.Type, _ request: E.Request) async throws -> E.Response {
            lock.withLock { sent.append(request) }
            if let response = SendMessage.Response.ok(.init(eventID: "$sent")) as? E.Response { return response }
            if let response = SetRoomStateWithKey.Response.ok(.init(eventID: "$state")) as? E.Response { return response }
            if let response = SetAccountData.Response.ok([:]) as? E.Response { return response }
            throw MatrixResponseError(operationID: E.metadata.operationID, response: SendMessage.Response.undocumented(.init(status: 500, body: Data())))
        }
    }

    @Test func typedSendingTakesTheEventTypeFromTheContent() async throws {
        let client = RecordingClient()
        let sent = try await client.send(RoomMessageEventContent.text(TextMessageEventContent(body: "hi")), in: "!r:x")
        #expect(sent.eventID == "$sent")
        try await client.send(ReactionEventContent(mRelatesTo: .init(relType: .mAnnotation, eventID: "$sent", key: "x")), in: "!r:x", transactionID: "t1")
        try await client.setState(RoomTopicEventContent(topic: "News"), in: "!r:x")
        try await client.setState(RoomMemberEventContent(membership: .join), stateKey: "@a:x", in: "!r:x")
        try await client.setAccountData(IgnoredUserListEventContent(ignoredUsers: [:]), for: "@a:x")
        await #expect(throws: EventKindMismatch.self) { try await client.send(RoomTopicEventContent(topic: "no"), in: "!r:x") }
        await #expect(throws: EventKindMismatch.self) { try await client.setState(ReactionEventContent(), in: "!r:x") }
        let requests = client.lock.withLock { client.sent }
        #expect(requests.count == 5, "nothing is sent for a content of the wrong kind")
        let messages = requests.compactMap { $0 as? SendMessage.Request }
        #expect(messages.map(\.eventType) == ["m.room.message", "m.reaction"])
        #expect(messages[0].body == ["msgtype": "m.text", "body": "hi"])
        #expect(messages[0].txnID.hasPrefix("mc") && messages[0].txnID.count > 30 && messages[1].txnID == "t1")
        let states = requests.compactMap { $0 as? SetRoomStateWithKey.Request }
        #expect(states.map(\.eventType) == ["m.room.topic", "m.room.member"] && states.map(\.stateKey) == ["", "@a:x"])
        let accountData = requests.compactMap { $0 as? SetAccountData.Request }
        #expect(accountData.map(\.type) == ["m.ignored_user_list"])
        #expect(MatrixTransactionID.make() != MatrixTransactionID.make())
    }
}
