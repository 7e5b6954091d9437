import MatrixAPIRuntime
import Testing

/// The redaction algorithm against the spec's room version pages (v1 "Redactions", v6, v8, v9 and v11
/// "Redactions"): each row is what the spec says an event of that type keeps in that version.
@Suite struct RedactionTests {
    /// An event with every top-level key the algorithm talks about, and some it does not.
    static func event(_ type: String, _ content: JSONObject) -> JSONObject {
        [
            "event_id": "$e", "type": .string(type), "room_id": "!r:example.org", "sender": "@a:example.org", "state_key": "",
            "content": .object(content), "hashes": ["sha256": "h"], "signatures": ["example.org": ["ed25519:1": "s"]],
            "depth": 3, "prev_events": ["$p"], "prev_state": [], "auth_events": ["$a"], "origin": "example.org",
            "origin_server_ts": 1, "membership": "join", "unsigned": ["age": 5], "com.example.extra": true,
        ]
    }

    static let everything: [String: JSONObject] = [
        "m.room.member": [
            "membership": "join", "displayname": "A", "join_authorised_via_users_server": "@b:example.org",
            "third_party_invite": ["display_name": "a", "signed": ["token": "t"]],
        ],
        "m.room.create": ["creator": "@a:example.org", "room_version": "1", "m.federate": false],
        "m.room.join_rules": ["join_rule": "restricted", "allow": [["type": "m.room_membership"]], "extra": 1],
        "m.room.power_levels": [
            "ban": 50, "events": [:], "events_default": 0, "invite": 0, "kick": 50, "redact": 50, "state_default": 50,
            "users": [:], "users_default": 0, "notifications": ["room": 50],
        ],
        "m.room.history_visibility": ["history_visibility": "shared", "extra": 1],
        "m.room.aliases": ["aliases": ["#a:example.org"]],
        "m.room.redaction": ["redacts": "$x", "reason": "spam"],
        "m.room.message": ["msgtype": "m.text", "body": "secret"],
    ]

    static let oldTopLevel: Set<String> = [
        "event_id", "type", "room_id", "sender", "state_key", "content", "hashes", "signatures", "depth", "prev_events",
        "prev_state", "auth_events", "origin", "origin_server_ts", "membership",
    ]

    func redacted(_ type: String, version: String) throws -> JSONObject {
        let rules = try #require(RedactionRules(roomVersion: version))
        return rules.redact(Self.event(type, Self.everything[type]!))
    }

    func contentKeys(_ type: String, version: String) throws -> Set<String> {
        guard case .object(let content)? = try redacted(type, version: version)["content"] else { return [] }
        return Set(content.keys)
    }

    @Test(arguments: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"])
    func topLevelKeysBeforeV11(version: String) throws {
        #expect(Set(try redacted("m.room.message", version: version).keys) == Self.oldTopLevel)
    }

    @Test func v11DropsOriginMembershipAndPrevState() throws {
        #expect(Set(try redacted("m.room.message", version: "11").keys) == Self.oldTopLevel.subtracting(["origin", "membership", "prev_state"]))
    }

    /// (type, room version, content keys kept).
    static let contentCases: [(String, String, Set<String>)] = [
        ("m.room.message", "1", []), ("m.room.message", "11", []),
        ("m.room.member", "1", ["membership"]), ("m.room.member", "8", ["membership"]),
        ("m.room.member", "9", ["membership", "join_authorised_via_users_server"]),
        ("m.room.member", "11", ["membership", "join_authorised_via_users_server", "third_party_invite"]),
        ("m.room.create", "1", ["creator"]), ("m.room.create", "10", ["creator"]),
        ("m.room.create", "11", ["creator", "room_version", "m.federate"]),
        ("m.room.join_rules", "7", ["join_rule"]), ("m.room.join_rules", "8", ["join_rule", "allow"]),
        ("m.room.power_levels", "10", ["ban", "events", "events_default", "kick", "redact", "state_default", "users", "users_default"]),
        ("m.room.power_levels", "11", ["ban", "events", "events_default", "invite", "kick", "redact", "state_default", "users", "users_default"]),
        ("m.room.history_visibility", "1", ["history_visibility"]), ("m.room.history_visibility", "11", ["history_visibility"]),
        ("m.room.aliases", "5", ["aliases"]), ("m.room.aliases", "6", []),
        ("m.room.redaction", "10", []), ("m.room.redaction", "11", ["redacts"]),
    ]

    @Test(arguments: contentCases)
    func contentKept(type: String, version: String, keys: Set<String>) throws {
        #expect(try contentKeys(type, version: version) == keys)
    }

    @Test func v11KeepsOnlyTheSignedPartOfAThirdPartyInvite() throws {
        guard case .object(let content)? = try redacted("m.room.member", version: "11")["content"] else {
            Issue.record("no content")
            return
        }
        #expect(content["third_party_invite"] == ["signed": ["token": "t"]])
    }

    @Test func unknownVersionsAndRawEvents() throws {
        #expect(RedactionRules(roomVersion: "org.example.custom") == nil)
        #expect(RedactionRules(roomVersion: "12") == RedactionRules(roomVersion: "11"))
        let raw = Raw<JSONValue>(json: .object(Self.event("m.room.message", ["body": "secret"])))
        guard case .object(let redacted)? = raw.redacted(roomVersion: "10")?.json else {
            Issue.record("not redacted")
            return
        }
        #expect(redacted["content"] == [:])
        #expect(redacted["unsigned"] == nil)
        #expect(Raw<JSONValue>(json: "not an event").redacted(roomVersion: "10") == nil)
    }
}
