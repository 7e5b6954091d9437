import Foundation

/// What a content type must be to sit in an event envelope: generated contents, an application's own, or
/// `JSONObject` for content kept as it arrived.
public typealias EventContentValue = Codable & Hashable & Sendable

/// What the server adds to a room event, outside what the sender signed.
public struct UnsignedEventData: Codable, Hashable, Sendable {
    /// Milliseconds since the event was sent, when the server sent it on.
    public var age: Int64?
    /// The transaction ID the client sent it with, for the sending device only.
    public var transactionID: String?
    /// The redaction event that redacted this one, as it arrived.
    public var redactedBecause: JSONObject?
    /// For state events: the content of the state this one replaced.
    public var prevContent: JSONObject?
    /// Keys the runtime does not describe (`m.relations`, `membership`, ...), kept so that re-encoding loses
    /// nothing.
    public var additionalFields: JSONObject

    public init(
        age: Int64? = nil, transactionID: String? = nil, redactedBecause: JSONObject? = nil,
        prevContent: JSONObject? = nil, additionalFields: JSONObject = [:]
    ) {
        self.age = age
        self.transactionID = transactionID
        self.redactedBecause = redactedBecause
        self.prevContent = prevContent
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case age
        case transactionID = "transaction_id"
        case redactedBecause = "redacted_because"
        case prevContent = "prev_content"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        age = try container.decodeIfPresent(Int64.self, forKey: .age)
        transactionID = try container.decodeIfPresent(String.self, forKey: .transactionID)
        redactedBecause = try container.decodeIfPresent(JSONObject.self, forKey: .redactedBecause)
        prevContent = try container.decodeIfPresent(JSONObject.self, forKey: .prevContent)
        var remainder = try ObjectRemainder(decoder: decoder, known: CodingKeys.self)
        additionalFields = try remainder.takeUnknownFields()
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeEntries(additionalFields)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(age, forKey: .age)
        try container.encodeIfPresent(transactionID, forKey: .transactionID)
        try container.encodeIfPresent(redactedBecause, forKey: .redactedBecause)
        try container.encodeIfPresent(prevContent, forKey: .prevContent)
    }
}

/// The keys of every event envelope; each envelope reads the ones it has and keeps the others.
enum EnvelopeKey: String, CodingKey, CaseIterable {
    case type, content, sender, unsigned
    case eventID = "event_id"
    case originServerTS = "origin_server_ts"
    case roomID = "room_id"
    case stateKey = "state_key"
}

/// The keys other than `known`, kept so that re-encoding an envelope loses nothing.
private func unknownFields(_ decoder: any Decoder, known: Set<String>) throws -> JSONObject {
    var remainder = try ObjectRemainder(decoder: decoder, knownNames: known)
    return try remainder.takeUnknownFields()
}

/// The keys each envelope reads (built once: generic types have no stored statics).
private enum EnvelopeKeys {
    static let messageLike: Set<String> = keys([.type, .content, .eventID, .sender, .originServerTS, .roomID, .unsigned])
    static let state: Set<String> = keys([.type, .content, .stateKey, .eventID, .sender, .originServerTS, .roomID, .unsigned])
    static let strippedState: Set<String> = keys([.type, .content, .stateKey, .sender])
    static let toDevice: Set<String> = keys([.type, .content, .sender])
    static let ephemeral: Set<String> = keys([.type, .content, .roomID])
    static let accountData: Set<String> = keys([.type, .content])

    static func keys(_ list: [EnvelopeKey]) -> Set<String> { Set(list.map(\.rawValue)) }
}

/// A message-like room event of the timeline (`m.room.message`, `m.reaction`): the `ClientEvent` shape with
/// typed content. `roomID` is absent where the room is implied (sync).
public struct MessageLikeEvent<Content: EventContentValue>: Codable, Hashable, Sendable {
    public var type: String
    public var content: Content
    public var eventID: String
    public var sender: String
    /// Milliseconds since the Unix epoch on the sending homeserver.
    public var originServerTS: Int64
    public var roomID: String?
    public var unsigned: UnsignedEventData?
    /// Keys the runtime does not describe, kept so that re-encoding loses nothing.
    public var additionalFields: JSONObject

    public init(
        type: String, content: Content, eventID: String, sender: String, originServerTS: Int64, roomID: String? = nil,
        unsigned: UnsignedEventData? = nil, additionalFields: JSONObject = [:]
    ) {
        self.type = type
        self.content = content
        self.eventID = eventID
        self.sender = sender
        self.originServerTS = originServerTS
        self.roomID = roomID
        self.unsigned = unsigned
        self.additionalFields = additionalFields
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EnvelopeKey.self)
        type = try container.decode(String.self, forKey: .type)
        content = try container.decode(Content.self, forKey: .content)
        eventID = try container.decode(String.self, forKey: .eventID)
        sender = try container.decode(String.self, forKey: .sender)
        originServerTS = try container.decode(Int64.self, forKey: .originServerTS)
        roomID = try container.decodeIfPresent(String.self, forKey: .roomID)
        unsigned = try container.decodeIfPresent(UnsignedEventData.self, forKey: .unsigned)
        additionalFields = try unknownFields(decoder, known: EnvelopeKeys.messageLike)
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeEntries(additionalFields)
        var container = encoder.container(keyedBy: EnvelopeKey.self)
        try container.encode(type, forKey: .type)
        try container.encode(content, forKey: .content)
        try container.encode(eventID, forKey: .eventID)
        try container.encode(sender, forKey: .sender)
        try container.encode(originServerTS, forKey: .originServerTS)
        try container.encodeIfPresent(roomID, forKey: .roomID)
        try container.encodeIfPresent(unsigned, forKey: .unsigned)
    }
}

extension MessageLikeEvent where Content: EventContent {
    /// An event of the content's own type.
    public init(
        content: Content, eventID: String, sender: String, originServerTS: Int64, roomID: String? = nil,
        unsigned: UnsignedEventData? = nil
    ) {
        self.init(
            type: Content.eventType, content: content, eventID: eventID, sender: sender, originServerTS: originServerTS,
            roomID: roomID, unsigned: unsigned)
    }
}

/// A room state event (`m.room.topic`, `m.room.member`): a timeline event with a state key.
public struct StateEvent<Content: EventContentValue>: Codable, Hashable, Sendable {
    public var type: String
    public var content: Content
    /// What this piece of state is about: empty, a user ID (`m.room.member`), or any key.
    public var stateKey: String
    public var eventID: String
    public var sender: String
    /// Milliseconds since the Unix epoch on the sending homeserver.
    public var originServerTS: Int64
    public var roomID: String?
    public var unsigned: UnsignedEventData?
    /// Keys the runtime does not describe, kept so that re-encoding loses nothing.
    public var additionalFields: JSONObject

    public init(
        type: String, content: Content, stateKey: String, eventID: String, sender: String, originServerTS: Int64,
        roomID: String? = nil, unsigned: UnsignedEventData? = nil, additionalFields: JSONObject = [:]
    ) {
        self.type = type
        self.content = content
        self.stateKey = stateKey
        self.eventID = eventID
        self.sender = sender
        self.originServerTS = originServerTS
        self.roomID = roomID
        self.unsigned = unsigned
        self.additionalFields = additionalFields
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EnvelopeKey.self)
        type = try container.decode(String.self, forKey: .type)
        content = try container.decode(Content.self, forKey: .content)
        stateKey = try container.decode(String.self, forKey: .stateKey)
        eventID = try container.decode(String.self, forKey: .eventID)
        sender = try container.decode(String.self, forKey: .sender)
        originServerTS = try container.decode(Int64.self, forKey: .originServerTS)
        roomID = try container.decodeIfPresent(String.self, forKey: .roomID)
        unsigned = try container.decodeIfPresent(UnsignedEventData.self, forKey: .unsigned)
        additionalFields = try unknownFields(decoder, known: EnvelopeKeys.state)
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeEntries(additionalFields)
        var container = encoder.container(keyedBy: EnvelopeKey.self)
        try container.encode(type, forKey: .type)
        try container.encode(content, forKey: .content)
        try container.encode(stateKey, forKey: .stateKey)
        try container.encode(eventID, forKey: .eventID)
        try container.encode(sender, forKey: .sender)
        try container.encode(originServerTS, forKey: .originServerTS)
        try container.encodeIfPresent(roomID, forKey: .roomID)
        try container.encodeIfPresent(unsigned, forKey: .unsigned)
    }

    /// The content this state replaced (`unsigned.prev_content`), decoded as this event's content type.
    public var previousContent: Content? {
        guard let previous = unsigned?.prevContent else { return nil }
        return try? MatrixJSON.decode(Content.self, from: .object(previous))
    }
}

extension StateEvent where Content: EventContent {
    /// An event of the content's own type.
    public init(
        content: Content, stateKey: String = "", eventID: String, sender: String, originServerTS: Int64,
        roomID: String? = nil, unsigned: UnsignedEventData? = nil
    ) {
        self.init(
            type: Content.eventType, content: content, stateKey: stateKey, eventID: eventID, sender: sender,
            originServerTS: originServerTS, roomID: roomID, unsigned: unsigned)
    }
}

/// A state event as invites and knocks show it (`invite_state`): type, state key, sender and content only.
public struct StrippedStateEvent<Content: EventContentValue>: Codable, Hashable, Sendable {
    public var type: String
    public var content: Content
    public var stateKey: String
    public var sender: String
    /// Keys the runtime does not describe, kept so that re-encoding loses nothing.
    public var additionalFields: JSONObject

    public init(type: String, content: Content, stateKey: String, sender: String, additionalFields: JSONObject = [:]) {
        self.type = type
        self.content = content
        self.stateKey = stateKey
        self.sender = sender
        self.additionalFields = additionalFields
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EnvelopeKey.self)
        type = try container.decode(String.self, forKey: .type)
        content = try container.decode(Content.self, forKey: .content)
        stateKey = try container.decode(String.self, forKey: .stateKey)
        sender = try container.decode(String.self, forKey: .sender)
        additionalFields = try unknownFields(decoder, known: EnvelopeKeys.strippedState)
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeEntries(additionalFields)
        var container = encoder.container(keyedBy: EnvelopeKey.self)
        try container.encode(type, forKey: .type)
        try container.encode(content, forKey: .content)
        try container.encode(stateKey, forKey: .stateKey)
        try container.encode(sender, forKey: .sender)
    }
}

/// An event sent to a device (`m.room_key`, key verification, `m.room.encrypted`).
public struct ToDeviceEvent<Content: EventContentValue>: Codable, Hashable, Sendable {
    public var type: String
    public var content: Content
    public var sender: String
    /// Keys the runtime does not describe, kept so that re-encoding loses nothing.
    public var additionalFields: JSONObject

    public init(type: String, content: Content, sender: String, additionalFields: JSONObject = [:]) {
        self.type = type
        self.content = content
        self.sender = sender
        self.additionalFields = additionalFields
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EnvelopeKey.self)
        type = try container.decode(String.self, forKey: .type)
        content = try container.decode(Content.self, forKey: .content)
        sender = try container.decode(String.self, forKey: .sender)
        additionalFields = try unknownFields(decoder, known: EnvelopeKeys.toDevice)
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeEntries(additionalFields)
        var container = encoder.container(keyedBy: EnvelopeKey.self)
        try container.encode(type, forKey: .type)
        try container.encode(content, forKey: .content)
        try container.encode(sender, forKey: .sender)
    }
}

/// An event that is not persisted (`m.typing`, `m.receipt`, `m.presence`); `roomID` where the room is not
/// implied.
public struct EphemeralEvent<Content: EventContentValue>: Codable, Hashable, Sendable {
    public var type: String
    public var content: Content
    public var roomID: String?
    /// Keys the runtime does not describe (`sender` of `m.presence`), kept so that re-encoding loses nothing.
    public var additionalFields: JSONObject

    public init(type: String, content: Content, roomID: String? = nil, additionalFields: JSONObject = [:]) {
        self.type = type
        self.content = content
        self.roomID = roomID
        self.additionalFields = additionalFields
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EnvelopeKey.self)
        type = try container.decode(String.self, forKey: .type)
        content = try container.decode(Content.self, forKey: .content)
        roomID = try container.decodeIfPresent(String.self, forKey: .roomID)
        additionalFields = try unknownFields(decoder, known: EnvelopeKeys.ephemeral)
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeEntries(additionalFields)
        var container = encoder.container(keyedBy: EnvelopeKey.self)
        try container.encode(type, forKey: .type)
        try container.encode(content, forKey: .content)
        try container.encodeIfPresent(roomID, forKey: .roomID)
    }
}

/// Account data, global (`m.direct`, `m.push_rules`) or of a room (`m.tag`, `m.fully_read`).
public struct AccountDataEvent<Content: EventContentValue>: Codable, Hashable, Sendable {
    public var type: String
    public var content: Content
    /// Keys the runtime does not describe, kept so that re-encoding loses nothing.
    public var additionalFields: JSONObject

    public init(type: String, content: Content, additionalFields: JSONObject = [:]) {
        self.type = type
        self.content = content
        self.additionalFields = additionalFields
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EnvelopeKey.self)
        type = try container.decode(String.self, forKey: .type)
        content = try container.decode(Content.self, forKey: .content)
        additionalFields = try unknownFields(decoder, known: EnvelopeKeys.accountData)
    }

    public func encode(to encoder: any Encoder) throws {
        try encoder.encodeEntries(additionalFields)
        var container = encoder.container(keyedBy: EnvelopeKey.self)
        try container.encode(type, forKey: .type)
        try container.encode(content, forKey: .content)
    }
}

extension StrippedStateEvent where Content: EventContent {
    public init(content: Content, stateKey: String = "", sender: String) {
        self.init(type: Content.eventType, content: content, stateKey: stateKey, sender: sender)
    }
}

extension ToDeviceEvent where Content: EventContent {
    public init(content: Content, sender: String) {
        self.init(type: Content.eventType, content: content, sender: sender)
    }
}

extension EphemeralEvent where Content: EventContent {
    public init(content: Content, roomID: String? = nil) {
        self.init(type: Content.eventType, content: content, roomID: roomID)
    }
}

extension AccountDataEvent where Content: EventContent {
    public init(content: Content) {
        self.init(type: Content.eventType, content: content)
    }
}

/// An event kept as the JSON it arrived as: a type the bindings do not know (an application's `com.example.*`),
/// or a redacted event whose content no longer has its type's required keys. Nothing is lost; `content(as:)`
/// and `EventContentRegistry` read it as a type of one's own.
public struct UntypedEvent: Codable, Hashable, Sendable {
    /// The whole event.
    public var json: JSONObject

    public init(json: JSONObject) {
        self.json = json
    }

    public var type: String {
        if case .string(let type)? = json["type"] { return type }
        return ""
    }

    public var content: JSONObject {
        if case .object(let content)? = json["content"] { return content }
        return [:]
    }

    public var stateKey: String? { string("state_key") }
    public var sender: String? { string("sender") }
    public var eventID: String? { string("event_id") }

    /// Whether the server says the event was redacted (`unsigned.redacted_because`).
    public var isRedacted: Bool {
        guard case .object(let unsigned)? = json["unsigned"] else { return false }
        return unsigned["redacted_because"] != nil
    }

    /// The content as `Content`: an application's own type.
    public func content<Content: Decodable>(as type: Content.Type) throws -> Content {
        try MatrixJSON.decode(Content.self, from: .object(content))
    }

    private func string(_ key: String) -> String? {
        if case .string(let value)? = json[key] { return value }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? DocumentDecoder, decoder.kind == .object {
            json = decoder.document.object(decoder.node)
        } else {
            json = try JSONObject(from: decoder)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}

/// The `type` of an event and whether it was redacted, read before choosing the envelope and content to decode.
public struct EventHeader: Decodable {
    public var type: String
    public var isRedacted: Bool

    enum UnsignedKey: String, CodingKey { case redactedBecause = "redacted_because" }

    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? DocumentDecoder, decoder.kind == .object, let type = decoder.member("type"),
           decoder.document.kind(type) == .string
        {
            let document = decoder.document
            self.type = document.string(type)
            if let unsigned = decoder.member("unsigned"), document.kind(unsigned) == .object {
                isRedacted = document.member("redacted_because", of: unsigned) != nil
            } else {
                isRedacted = false
            }
            return
        }
        let container = try decoder.container(keyedBy: EnvelopeKey.self)
        type = try container.decode(String.self, forKey: .type)
        let unsigned = try? container.nestedContainer(keyedBy: UnsignedKey.self, forKey: .unsigned)
        isRedacted = unsigned?.contains(.redactedBecause) ?? false
    }
}

extension Decoder {
    /// The string value of `key` in the object being decoded, or `nil` when absent or not a string: the
    /// discriminator of a content with variants (`msgtype`).
    @_spi(Generated)
    public func discriminator(_ key: String) -> String? {
        if let decoder = self as? DocumentDecoder, decoder.kind == .object {
            guard let value = decoder.member(key), decoder.document.kind(value) == .string else { return nil }
            return decoder.document.string(value)
        }
        guard let container = try? container(keyedBy: AnyCodingKey.self) else { return nil }
        return (try? container.decodeIfPresent(String.self, forKey: AnyCodingKey(key))) ?? nil
    }
}
