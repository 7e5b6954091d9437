import Foundation
import MatrixAPIRuntime
import MatrixClientServerAPI
import MatrixCommonTypes
import Testing

/// Events the API carries are kept raw: one that does not match its schema never fails the response.
@Suite struct RawEventTests {
    /// What Synapse sends for `GET /_matrix/client/v3/events`: a presence event (no `event_id`, `sender`,
    /// `origin_server_ts`) between room events.
    static let events = """
        {"start": "s1", "end": "s2", "chunk": [
          {"type": "m.room.message", "event_id": "$a", "room_id": "!r:example.org", "sender": "@alice:example.org",
           "origin_server_ts": 1, "content": {"msgtype": "m.text", "body": "hi"}},
          {"type": "m.presence", "sender": "@bob:example.org", "content": {"presence": "online"}},
          {"type": "m.room.topic", "event_id": "$b", "room_id": "!r:example.org", "sender": "@alice:example.org",
           "origin_server_ts": 2, "state_key": "", "content": {"topic": "T"}, "com.example.new": [1, null]}
        ]}
        """

    @Test func oneEventThatDoesNotMatchLeavesTheResponseAndTheOthersTyped() throws {
        let response = HTTPResponseMessage(head: .init(status: .ok), body: Data(Self.events.utf8))
        guard case .ok(let body) = try GetEvents.decodeResponse(response) else {
            Issue.record("not a 200")
            return
        }
        let chunk = try #require(body.chunk)
        #expect(chunk.count == 3)
        #expect(chunk.map(\.eventType) == ["m.room.message", "m.presence", "m.room.topic"])
        let message = try chunk[0].decode()
        #expect(message.eventID == "$a")
        #expect(message.content["body"] == "hi")
        #expect(try chunk[2].decode().stateKey == "")
        // The presence event: its error names the event type, the expected type and what is missing.
        do {
            _ = try chunk[1].decode()
            Issue.record("a presence event decoded as a ClientEvent")
        } catch {
            #expect(error.eventType == "m.presence")
            #expect(error.description.hasPrefix("the m.presence event does not decode as ClientEvent: missing \""), "\(error)")
        }
        #expect(chunk[1].value == nil)
    }

    @Test func rawEventsReencodeAsTheyArrived() throws {
        let response = HTTPResponseMessage(head: .init(status: .ok), body: Data(Self.events.utf8))
        guard case .ok(let body) = try GetEvents.decodeResponse(response) else { return }
        let again = try MatrixJSON.parse(MatrixJSON.encode(body))
        #expect(again == (try MatrixJSON.parse(Data(Self.events.utf8))))
        // Made from a typed value, then read back.
        let typed = try body.chunk![0].decode()
        let raw = try Raw(typed)
        #expect(try raw.decode() == typed)
        #expect(raw.eventType == "m.room.message")
    }

    @Test func aSyncWithABrokenTimelineEventDecodes() throws {
        let sync = """
            {"next_batch": "s9", "rooms": {"join": {"!r:example.org": {"timeline": {"events": [
              {"type": "m.room.message", "event_id": "$a", "sender": "@alice:example.org", "origin_server_ts": 1,
               "content": {"msgtype": "m.text", "body": "hi"}},
              {"type": "m.room.message", "event_id": 7, "content": "not an object"}
            ]}}}}}
            """
        let response = HTTPResponseMessage(head: .init(status: .ok), body: Data(sync.utf8))
        guard case .ok(let body) = try Sync.decodeResponse(response) else {
            Issue.record("not a 200")
            return
        }
        let events = try #require(body.rooms?.join?[RoomID(uncheckedRawValue: "!r:example.org")]?.timeline?.events)
        #expect(try events[0].decode().eventID == "$a")
        #expect(throws: RawDecodingError.self) { try events[1].decode() }
    }
}

/// A raw event keeps the bytes it arrived as, without a parse tree, and reads as JSON when asked.
@Suite struct RawBytesTests {
    @Test func aDecodedRawValueIsTheTextAsReceived() throws {
        let event = #"{ "type" : "m.room.topic",  "content": {"topic": "\u00e9"}, "state_key": "" }"#
        let body = #"{"chunk": [\#(event), 1]}"#
        let decoded = try MatrixJSON.decode([String: [Raw<JSONValue>]].self, from: Data(body.utf8))
        let raw = try #require(decoded["chunk"]?.first)
        #expect(raw.bytes == Data(event.utf8))
        #expect(raw.eventType == "m.room.topic")
        #expect(raw.json == ["type": "m.room.topic", "content": ["topic": "é"], "state_key": ""])
        #expect(decoded["chunk"]?.last?.bytes == Data("1".utf8))
        // Equal to the same JSON written differently, and hashed alike.
        let compact = Raw<JSONValue>(json: raw.json)
        #expect(compact == raw && compact.hashValue == raw.hashValue)
        #expect(compact.bytes != raw.bytes)
        // Setting the JSON replaces the text.
        var edited = raw
        edited.json = ["type": "m.room.name"]
        #expect(edited.eventType == "m.room.name")
        #expect(throws: JSONParseError.self) { try Raw<JSONValue>(bytes: Data("{".utf8)) }
    }
}
