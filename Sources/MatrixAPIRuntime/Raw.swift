import Foundation

/// An event (or any value) kept exactly as it arrived and decoded only when asked, as ruma's `Raw<T>` does.
///
/// Responses carry events from servers and other users that may not match their schema: Synapse puts presence
/// events without an `event_id` into `GET /events`, clients send content the spec does not know. A `Raw` value
/// accepts any JSON, so one such event never fails the response that carries it; `decode()` reads it as `Value`
/// when needed, and its error names the event's `type` and what did not match. Encoding writes the JSON as it was
/// received, byte for byte in meaning, whether or not it was ever decoded.
public struct Raw<Value: Codable & Sendable>: Codable, Hashable, Sendable {
    /// The JSON as received.
    public var json: JSONValue

    public init(json: JSONValue) {
        self.json = json
    }

    /// The JSON of `value`.
    public init(_ value: Value) throws {
        json = try MatrixJSON.decode(JSONValue.self, from: MatrixJSON.encode(value))
    }

    /// The `type` of the event, when the JSON is an object with a string `type`.
    public var eventType: String? {
        guard case .object(let object) = json, case .string(let type)? = object["type"] else { return nil }
        return type
    }

    /// The value, or `RawDecodingError` naming the event type and the reason.
    public func decode() throws(RawDecodingError) -> Value {
        do {
            return try MatrixJSON.decode(Value.self, from: json)
        } catch {
            throw RawDecodingError(eventType: eventType, expected: String(describing: Value.self), underlying: error)
        }
    }

    /// The value, or `nil` when it does not decode.
    public var value: Value? { try? decode() }

    /// The JSON read as another type: a typed event enum for an API's event (`AnyTimelineEvent` for a sync
    /// timeline's `Raw<ClientEventWithoutRoomID>`), with the same errors as `decode()`.
    public func decode<Other: Decodable>(as type: Other.Type) throws(RawDecodingError) -> Other {
        do {
            return try MatrixJSON.decode(Other.self, from: json)
        } catch {
            throw RawDecodingError(eventType: eventType, expected: String(describing: Other.self), underlying: error)
        }
    }

    /// The JSON of any encodable value of the same shape: a server answering with typed events
    /// (`Raw<ClientEvent>(encoding: StateEvent(content: RoomTopicEventContent(topic: "News"), ...))`).
    public init(encoding value: some Encodable) throws {
        json = try MatrixJSON.decode(JSONValue.self, from: MatrixJSON.encode(value))
    }

    public init(from decoder: any Decoder) throws {
        json = try JSONValue(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
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
