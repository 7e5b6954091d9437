import Foundation

/// Where an event type travels; one type may have several kinds (`m.room.encrypted` is message-like and
/// to-device).
public enum EventKind: String, Sendable, Hashable, CaseIterable, Codable {
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
}

/// What the state key of a state event holds.
public enum StateKeyKind: String, Sendable, Hashable, Codable {
    /// Always the empty string (`m.room.topic`).
    case empty
    /// The user ID the event is about (`m.room.member`).
    case userID
    /// Any string the sender chooses (`m.space.child`: a room ID).
    case any
}

/// The content of an event type: the generated `RoomTopicEventContent` and the like, and an application's own.
public protocol EventContent: Codable, Hashable, Sendable {
    /// The event type (`m.room.topic`).
    static var eventType: String { get }
    static var kinds: [EventKind] { get }
    /// For state events, what their state key holds.
    static var stateKey: StateKeyKind? { get }
}

extension EventContent {
    public static var stateKey: StateKeyKind? { nil }

    /// The content as the JSON object a request body carries.
    public func jsonObject() throws -> JSONObject {
        try MatrixJSON.decode(JSONObject.self, from: MatrixJSON.encode(self))
    }

    /// Throws `EventKindMismatch` unless the content's event type has `kind`: what typed sending checks
    /// before sending a state content as a message.
    public static func require(_ kind: EventKind, by operation: String) throws(EventKindMismatch) {
        guard kinds.contains(kind) else {
            throw EventKindMismatch(eventType: eventType, kinds: kinds, required: kind, operation: operation)
        }
    }
}

/// A content sent by an operation for another kind of event (`setState` with a message content).
public struct EventKindMismatch: Error, CustomStringConvertible, Sendable {
    public var eventType: String
    public var kinds: [EventKind]
    public var required: EventKind
    public var operation: String

    public var description: String {
        let has = kinds.isEmpty ? "no kind" : kinds.map(\.rawValue).joined(separator: ", ")
        return "\(operation) sends \(required.rawValue) events, but \(eventType) is \(has)"
    }
}

/// Transaction IDs for sending events: unique per client, so a retried request is not sent twice.
public enum MatrixTransactionID {
    /// A new random ID (`mc` and a UUID).
    public static func make() -> String {
        "mc" + UUID().uuidString
    }
}

/// One content shape of an event type, chosen by a content key (`m.room.message` with `msgtype: m.text`).
public protocol EventContentVariant: Codable, Hashable, Sendable {
    /// The event type it belongs to (`m.room.message`).
    static var eventType: String { get }
    /// The content key that selects it (`msgtype`) and its value (`m.text`).
    static var variantKey: String { get }
    static var variantValue: String { get }
}

/// An event content type with its codec, for tools and tests that handle content by its event type.
public struct EventContentDescriptor: Sendable {
    public var eventType: String
    public var kinds: [EventKind]
    public var stateKey: StateKeyKind?
    /// For a variant: the content key and value that select it.
    public var variant: (key: String, value: String)?
    /// The schema it was generated from (`event-schemas/schema/m.room.topic.yaml`).
    public var source: String
    public var codec: JSONBodyCodec
    /// Decodes a content object as the content type.
    public var decodeContent: @Sendable (JSONObject) throws -> any Sendable

    public init<Content: EventContent>(_ type: Content.Type, source: String) {
        eventType = Content.eventType
        kinds = Content.kinds
        stateKey = Content.stateKey
        variant = nil
        self.source = source
        codec = JSONBodyCodec(Content.self)
        decodeContent = { try MatrixJSON.decode(Content.self, from: .object($0)) }
    }

    public init<Content: EventContentVariant>(variant type: Content.Type, source: String) {
        eventType = Content.eventType
        kinds = []
        stateKey = nil
        variant = (Content.variantKey, Content.variantValue)
        self.source = source
        codec = JSONBodyCodec(Content.self)
        decodeContent = { try MatrixJSON.decode(Content.self, from: .object($0)) }
    }
}

extension Array where Element == EventContentDescriptor {
    /// The content type of an event: the variant its content selects (`msgtype: m.text`), else the event type's
    /// own; `nil` for a type none of them is.
    public func descriptor(eventType: String, content: JSONObject) -> EventContentDescriptor? {
        let candidates = filter { $0.eventType == eventType }
        let variant = candidates.first { descriptor in
            guard let (key, value) = descriptor.variant else { return false }
            return content[key] == .string(value)
        }
        return variant ?? candidates.first { $0.variant == nil }
    }
}

/// Event content types by event type: the generated ones (`MatrixEventsRegistry.eventContents`) and an
/// application's own (`com.example.*`), so that code handling events by their type string decodes both alike.
public struct EventContentRegistry: Sendable {
    public private(set) var descriptors: [EventContentDescriptor]

    public init(_ descriptors: [EventContentDescriptor]) {
        self.descriptors = descriptors
    }

    /// Adds a content type of one's own; it replaces a type registered for the same event type.
    public mutating func register<Content: EventContent>(_ type: Content.Type, source: String = "application") {
        descriptors.removeAll { $0.eventType == Content.eventType && $0.variant == nil }
        descriptors.append(EventContentDescriptor(Content.self, source: source))
    }

    /// The descriptor of the type the content decodes as (a variant's when its key selects one).
    public func descriptor(eventType: String, content: JSONObject) -> EventContentDescriptor? {
        descriptors.descriptor(eventType: eventType, content: content)
    }

    /// The content decoded as its registered type; `nil` when no type is registered for `eventType`.
    public func decodeContent(eventType: String, content: JSONObject) throws -> (any Sendable)? {
        guard let descriptor = descriptor(eventType: eventType, content: content) else { return nil }
        return try descriptor.decodeContent(content)
    }

    /// The event's content decoded as its registered type (`nil` when none is): what an enum's `unknown` case
    /// holds becomes an application's own type.
    public func decodeContent(of event: UntypedEvent) throws -> (any Sendable)? {
        try decodeContent(eventType: event.type, content: event.content)
    }
}
