import Foundation

/// An event (or any value) kept exactly as it arrived and decoded only when asked, as ruma's `Raw<T>` does.
///
/// Responses carry events from servers and other users that may not match their schema: Synapse puts presence
/// events without an `event_id` into `GET /events`, clients send content the spec does not know. A `Raw` value
/// accepts any JSON, so one such event never fails the response that carries it; `decode()` reads it as `Value`
/// when needed, and its error names the event's `type` and what did not match. Encoding writes the JSON as it was
/// received, byte for byte in meaning, whether or not it was ever decoded.
public struct Raw<Value: Codable & Sendable>: Codable, Hashable, Sendable {
    /// The JSON text as received (for a value decoded by `MatrixJSON`, a slice of the response's bytes, which it
    /// shares: keeping an event raw costs no copy and no parse tree).
    public private(set) var bytes: Data

    /// The JSON as received, parsed when asked for.
    public var json: JSONValue {
        get { (try? MatrixJSON.parse(bytes)) ?? .null }
        set { bytes = newValue.jsonData() }
    }

    public init(json: JSONValue) {
        bytes = json.jsonData()
    }

    /// JSON text, checked (a `JSONParseError` if it is not JSON).
    public init(bytes: Data) throws(JSONParseError) {
        _ = try MatrixJSON.parse(bytes)
        self.bytes = bytes
    }

    /// The JSON of `value`.
    public init(_ value: Value) throws {
        bytes = try MatrixJSON.encode(value)
    }

    /// The `type` of the event, when the JSON is an object with a string `type`.
    public var eventType: String? {
        try? JSONDocument.with(bytes) { document in
            guard document.kind(0) == .object, let type = document.member("type", of: 0), document.kind(type) == .string else {
                return nil
            }
            return document.string(type)
        }
    }

    /// The value, or `RawDecodingError` naming the event type and the reason.
    public func decode() throws(RawDecodingError) -> Value {
        try decode(as: Value.self)
    }

    /// The value, or `nil` when it does not decode.
    public var value: Value? { try? decode() }

    /// The JSON read as another type: a typed event enum for an API's event (`AnyTimelineEvent` for a sync
    /// timeline's `Raw<ClientEventWithoutRoomID>`), with the same errors as `decode()`.
    public func decode<Other: Decodable>(as type: Other.Type) throws(RawDecodingError) -> Other {
        do {
            return try MatrixJSON.decode(Other.self, from: bytes)
        } catch {
            throw RawDecodingError(eventType: eventType, expected: String(describing: Other.self), underlying: error)
        }
    }

    /// The JSON of any encodable value of the same shape: a server answering with typed events
    /// (`Raw<ClientEvent>(encoding: StateEvent(content: RoomTopicEventContent(topic: "News"), ...))`).
    public init(encoding value: some Encodable) throws {
        bytes = try MatrixJSON.encode(value)
    }

    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? DocumentDecoder {
            bytes = decoder.document.slice(decoder.node)
        } else {
            bytes = try JSONValue(from: decoder).jsonData()
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }

    /// The same JSON, whatever its spacing or key order.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.bytes == rhs.bytes || lhs.json == rhs.json
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(json)
    }
}

/// A raw event that does not decode as the type asked for.
public struct RawDecodingError: Error, CustomStringConvertible, Sendable {
    /// The event's `type`, if it has one.
    public var eventType: String?
    /// The Swift type it was decoded as.
    public var expected: String
    public var underlying: any Error

    public var description: String {
        let what = eventType.map { "the \($0) event" } ?? "the value"
        return "\(what) does not decode as \(expected): \(DecodingFailure.describe(underlying))"
    }
}

/// Short, readable reasons for decoding errors: the coding path and what was wrong.
enum DecodingFailure {
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return keys.isEmpty ? "" : " at " + (keys.hasPrefix(".") ? String(keys.dropFirst()) : keys)
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \"\(key.stringValue)\"\(path(context))"
        case .typeMismatch(_, let context): return context.debugDescription + path(context)
        case .valueNotFound(_, let context): return context.debugDescription + path(context)
        case .dataCorrupted(let context): return context.debugDescription + path(context)
        @unknown default: return String(describing: error)
        }
    }
}
