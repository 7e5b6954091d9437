/// The redaction algorithm of the room versions: what an event keeps when it is redacted.
///
/// A client that receives an `m.room.redaction` applies it to its copy of the event the way servers do; a server
/// redacts before it serves an event. The rules differ by room version (v1 to v11, from the spec's room version
/// pages): v6 stops keeping `m.room.aliases`' content, v8 keeps `allow` of join rules, v9 keeps
/// `join_authorised_via_users_server` of memberships, and v11 drops `origin`, `membership` and `prev_state` from the
/// top level while keeping the whole content of `m.room.create`, `invite` of power levels, `redacts` of redactions
/// and `third_party_invite.signed` of memberships.
public struct RedactionRules: Sendable, Hashable {
    /// Top-level keys an event keeps.
    public var topLevelKeys: Set<String>
    /// Content keys kept, by event type; a type not listed keeps no content.
    public var contentKeys: [String: Set<String>]
    /// Event types that keep their whole content (v11's `m.room.create`).
    public var wholeContent: Set<String>
    /// Content keys of which only some subkeys are kept (v11: `m.room.member`'s `third_party_invite.signed`).
    public var nestedContentKeys: [String: [String: Set<String>]]

    /// The rules of a room version (`"1"` … `"11"`); a numbered version after 11 uses v11's, the latest the spec
    /// changed. `nil` for a version that is not a number (a server's own experimental versions).
    public init?(roomVersion: String) {
        guard let number = Int(roomVersion), number >= 1 else { return nil }
        var topLevel: Set<String> = [
            "event_id", "type", "room_id", "sender", "state_key", "content", "hashes", "signatures", "depth",
            "prev_events", "auth_events", "origin_server_ts",
        ]
        if number < 11 { topLevel.formUnion(["prev_state", "origin", "membership"]) }
        var content: [String: Set<String>] = [
            "m.room.member": ["membership"],
            "m.room.create": ["creator"],
            "m.room.join_rules": ["join_rule"],
            "m.room.power_levels": ["ban", "events", "events_default", "kick", "redact", "state_default", "users", "users_default"],
            "m.room.history_visibility": ["history_visibility"],
        ]
        if number < 6 { content["m.room.aliases"] = ["aliases"] }
        if number >= 8 { content["m.room.join_rules"]?.insert("allow") }
        if number >= 9 { content["m.room.member"]?.insert("join_authorised_via_users_server") }
        var whole: Set<String> = []
        var nested: [String: [String: Set<String>]] = [:]
        if number >= 11 {
            content["m.room.create"] = nil
            whole.insert("m.room.create")
            content["m.room.power_levels"]?.insert("invite")
            content["m.room.redaction"] = ["redacts"]
            nested["m.room.member"] = ["third_party_invite": ["signed"]]
        }
        self.topLevelKeys = topLevel
        self.contentKeys = content
        self.wholeContent = whole
        self.nestedContentKeys = nested
    }

    /// The event as a redaction leaves it.
    public func redact(_ event: JSONObject) -> JSONObject {
        var result = event.filter { topLevelKeys.contains($0.key) }
        guard case .object(let content)? = event["content"] else { return result }
        let type: String? = if case .string(let type)? = event["type"] { type } else { nil }
        if let type, wholeContent.contains(type) { return result }
        let kept = type.flatMap { contentKeys[$0] } ?? []
        var redacted = content.filter { kept.contains($0.key) }
        for (key, subkeys) in type.flatMap({ nestedContentKeys[$0] }) ?? [:] {
            if case .object(let inner)? = content[key] {
                redacted[key] = .object(inner.filter { subkeys.contains($0.key) })
            }
        }
        result["content"] = .object(redacted)
        return result
    }
}

extension Raw {
    /// This event as a redaction in a room of `roomVersion` leaves it; `nil` when the JSON is not an object or
    /// the room version is not one whose rules are known.
    public func redacted(roomVersion: String) -> Raw? {
        guard case .object(let event) = json, let rules = RedactionRules(roomVersion: roomVersion) else { return nil }
        return Raw(json: .object(rules.redact(event)))
    }
}
