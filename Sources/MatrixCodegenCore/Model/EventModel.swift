/// Where an event type travels (an event type may have several kinds: `m.room.encrypted` is message-like and
/// to-device).
public enum EventKind: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    /// A room event of the timeline that is not state (`m.room.message`, `m.reaction`).
    case messageLike
    /// A room state event, with a state key.
    case state
    /// Not persisted: typing, receipts, presence.
    case ephemeral
    /// Account data of the user (`m.direct`, `m.push_rules`).
    case globalAccountData
    /// Account data of the user in one room (`m.tag`, `m.fully_read`).
    case roomAccountData
    /// Sent to a device (`m.room_key`, verification).
    case toDevice

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What the state key of a state event holds.
public enum StateKeyKind: String, Sendable, Hashable, Codable {
    /// Always the empty string (`m.room.topic`: `pattern: '^$'`).
    case empty
    /// The user ID the event is about (`m.room.member`).
    case userID
    /// Any string the sender chooses (`m.space.child`: a room ID, policy rules: an arbitrary key).
    case any
}

extension EventModel {
    /// The Swift name the content type of an event schema asks for: `RoomTopicEventContent` for
    /// `m.room.topic`; a variant's title (`TextMessageEventContent`), or its value and its type
    /// (`SasV1KeyVerificationStartEventContent`).
    static func contentTypeName(type: String, variantValue: String?, title: String) -> String {
        func bare(_ name: String) -> String { Naming.typeName(name.hasPrefix("m.") ? String(name.dropFirst(2)) : name) }
        guard let variantValue else { return bare(type) + "EventContent" }
        if Naming.isNameLike(title), !title.isEmpty { return Naming.typeName(title) + "EventContent" }
        return bare(variantValue) + bare(type) + "EventContent"
    }
}

/// One event schema of `data/event-schemas/schema`: an event type with its kinds, or a variant of one
/// (`m.room.message$m.text.yaml`: the content of `m.room.message` whose `msgtype` is `m.text`).
public struct EventModel: Sendable, Hashable {
    /// The event type (`m.room.message`), from the schema's `type` enum or its file name.
    public var type: String
    /// Further types the schema's `type` enum lists for the same content (`m.receipt`'s).
    public var otherTypes: [String]
    /// `event-schemas/schema/m.room.message$m.text.yaml`.
    public var file: String
    /// Sorted; empty when neither the schema nor the kind table says.
    public var kinds: [EventKind]
    /// For state events.
    public var stateKey: StateKeyKind?
    public var variant: Variant?
    public var title: String
    public var documentation: String
    public var availability: Availability
    public var location: SourceLocation
    /// The content type (`RoomTopicEventContent`); `nil` when the schema describes no content.
    public var content: TypeRef?
    /// For an event type with variant schemas: the name of the sum over them (`RoomMessageEventContent`), which is
    /// the event type's content type; `content` is then its open case.
    public var variantSum: String? = nil

    /// A content shape of an event type chosen by one content key (`msgtype: m.text`, `method: m.sas.v1`).
    public struct Variant: Sendable, Hashable {
        /// The content key that selects it (`msgtype`).
        public var key: String
        /// Its value (`m.text`).
        public var value: String
        /// The schema file of the event type it belongs to.
        public var baseFile: String
    }
}
