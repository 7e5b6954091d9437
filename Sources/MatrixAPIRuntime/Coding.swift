import Foundation

/// A coding key for any string, used for keys that the spec does not name.
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ string: String) { stringValue = string }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { return nil }
}

/// A string enumeration that stays open: a value the spec does not list decodes, and re-encodes, unchanged.
/// Generated enums are structs with one static constant per listed value.
public protocol OpenStringEnum: RawRepresentable<String>, Codable, Hashable, Sendable, Comparable,
    ExpressibleByStringLiteral, CustomStringConvertible, CodingKeyRepresentable
{
    init(rawValue: String)
    /// The values the spec lists.
    static var knownValues: [Self] { get }
}

extension OpenStringEnum {
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
    /// Whether the spec lists this value.
    public var isKnown: Bool { Self.knownValues.contains(self) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public var codingKey: any CodingKey { AnyCodingKey(rawValue) }
    public init?<Key: CodingKey>(codingKey: Key) { self.init(rawValue: codingKey.stringValue) }
}

/// The keys of a JSON object that its declared properties did not claim. Generated decoders hand them out to
/// `patternProperties` maps first, then to `additionalProperties`, and keep the rest as unknown fields, so
/// nothing a newer server sends is lost.
@_spi(Generated)
public struct ObjectRemainder {
    /// The runtime's own decoder: each unclaimed key with its value's node, decoded from there directly.
    private var document: DocumentDecoder?
    private var members: [(key: AnyCodingKey, node: Int)] = []
    /// Any other decoder: the unclaimed keys, decoded through a container.
    private var container: KeyedDecodingContainer<AnyCodingKey>?
    private var keys: [AnyCodingKey] = []
    /// Declared keys that arrived as `null` where the field cannot say so (an optional that is not
    /// `Nullable`): servers send `"avatar_url": null`, and re-encoding must keep it.
    private var explicitNulls: [String] = []

    /// `nullableKeys`: declared keys whose fields keep a `null` themselves (`Nullable`).
    public init<Known: CodingKey & CaseIterable & RawRepresentable<String>>(
        decoder: any Decoder, known: Known.Type, nullableKeys: Set<String> = []
    ) throws {
        // The runtime's own decoder: classify the object's keys directly (no set of the declared names built
        // for each object decoded).
        if let document = decoder as? DocumentDecoder {
            try self.init(document: document, isKnown: { Known(rawValue: $0) != nil }, nullableKeys: nullableKeys)
        } else {
            try self.init(decoder: decoder, knownNames: Set(Known.allCases.map(\.rawValue)), nullableKeys: nullableKeys)
        }
    }

    private init(document decoder: DocumentDecoder, isKnown: (String) -> Bool, nullableKeys: Set<String>) throws {
        guard decoder.kind == .object else { throw typeMismatch([String: Any].self, decoder.kind, decoder.path) }
        document = decoder
        let document = decoder.document
        document.forEachMember(of: decoder.node) { keyNode, value in
            let key = document.string(keyNode)
            if !isKnown(key) {
                members.append((AnyCodingKey(key), value))
            } else if document.kind(value) == .null, !nullableKeys.contains(key) {
                explicitNulls.append(key)
            }
        }
    }

    public init(decoder: any Decoder, knownNames: Set<String>, nullableKeys: Set<String> = []) throws {
        if let document = decoder as? DocumentDecoder {
            try self.init(document: document, isKnown: { knownNames.contains($0) }, nullableKeys: nullableKeys)
        } else {
            try self.init(anyDecoder: decoder, knownNames: knownNames, nullableKeys: nullableKeys)
        }
    }

    private init(anyDecoder decoder: any Decoder, knownNames: Set<String>, nullableKeys: Set<String>) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        self.container = container
        for key in container.allKeys {
            if !knownNames.contains(key.stringValue) {
                keys.append(key)
            } else if !nullableKeys.contains(key.stringValue), try container.decodeNil(forKey: key) {
                explicitNulls.append(key.stringValue)
            }
        }
    }

    /// For objects that declare no properties.
    public init(decoder: any Decoder) throws {
        if let document = decoder as? DocumentDecoder {
            try self.init(document: document, isKnown: { _ in false }, nullableKeys: [])
        } else {
            try self.init(anyDecoder: decoder, knownNames: [], nullableKeys: [])
        }
    }

    /// The keys nobody claimed, plus the declared keys that arrived as an explicit `null`: what an object keeps
    /// in `additionalFields` so that re-encoding loses nothing.
    public mutating func takeUnknownFields() throws -> JSONObject {
        var fields: JSONObject
        if let document {
            fields = JSONObject(minimumCapacity: members.count + explicitNulls.count)
            for member in members { fields[member.key.stringValue] = document.document.value(member.node) }
            members = []
        } else {
            fields = try takeAll(as: JSONObject.self)
        }
        for key in explicitNulls { fields[key] = .null }
        return fields
    }

    /// Takes every remaining key matching `pattern` into a typed map.
    public mutating func take<Key: CodingKeyRepresentable & Hashable, Value: Decodable>(
        matching pattern: KeyPattern, as type: [Key: Value].Type
    ) throws -> [Key: Value] {
        var result: [Key: Value] = [:]
        func typed(_ key: AnyCodingKey) throws -> Key {
            guard let typedKey = Key(codingKey: key) else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: (document?.codingPath ?? container?.codingPath ?? []) + [key],
                    debugDescription: "key \"\(key.stringValue)\" is not a valid \(Key.self)"))
            }
            return typedKey
        }
        if let document {
            var rest: [(key: AnyCodingKey, node: Int)] = []
            for member in members {
                guard pattern.matches(member.key.stringValue) else {
                    rest.append(member)
                    continue
                }
                result[try typed(member.key)] = try ScalarDecoding.decode(
                    Value.self, document.document, member.node, CodingPathNode(decoder: document, key: member.key))
            }
            members = rest
        } else if let container {
            var rest: [AnyCodingKey] = []
            for key in keys {
                guard pattern.matches(key.stringValue) else {
                    rest.append(key)
                    continue
                }
                result[try typed(key)] = try container.decode(Value.self, forKey: key)
            }
            keys = rest
        }
        return result
    }

    /// Takes every remaining key into a typed map.
    public mutating func takeAll<Key: CodingKeyRepresentable & Hashable, Value: Decodable>(
        as type: [Key: Value].Type
    ) throws -> [Key: Value] {
        try take(matching: .any, as: type)
    }
}

extension Encoder {
    /// Encodes the entries of a map as keys of the object being encoded.
    @_spi(Generated)
    public func encodeEntries<Key: CodingKeyRepresentable, Value: Encodable>(_ entries: [Key: Value]) throws {
        guard !entries.isEmpty else { return }
        var container = container(keyedBy: AnyCodingKey.self)
        for (key, value) in entries {
            try container.encode(value, forKey: AnyCodingKey(key.codingKey.stringValue))
        }
    }
}

/// The key pattern of a `patternProperties` entry.
public struct KeyPattern: Sendable, Hashable {
    enum Form: Hashable, Sendable {
        case any
        case prefix(String)
        case regex(String)
    }
    let form: Form

    public static let any = KeyPattern(form: .any)

    /// A regular expression as the spec writes it. Anchored literal prefixes (`^@`, `^!`, `^\$`) are matched
    /// without a regular-expression engine.
    public init(_ pattern: String) {
        form = Self.literalPrefix(of: pattern).map(Form.prefix) ?? .regex(pattern)
    }

    private init(form: Form) { self.form = form }

    public func matches(_ key: String) -> Bool {
        switch form {
        case .any: return true
        case .prefix(let prefix): return key.hasPrefix(prefix)
        case .regex(let pattern): return key.range(of: pattern, options: .regularExpression) != nil
        }
    }

    static func literalPrefix(of pattern: String) -> String? {
        guard pattern.hasPrefix("^") else { return nil }
        var literal = ""
        var escaped = false
        for character in pattern.dropFirst() {
            if escaped {
                literal.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if "^$.[]()*+?{}|".contains(character) {
                return nil
            } else {
                literal.append(character)
            }
        }
        return escaped ? nil : literal
    }
}

/// Thrown by generated decoders of sum types when no variant matches the JSON.
public struct NoMatchingVariantError: Error, CustomStringConvertible, Sendable {
    public var typeName: String
    public var variants: [String]
    public var description: String {
        "no variant of \(typeName) (\(variants.joined(separator: ", "))) matches the JSON value"
    }
}

extension DecodingError {
    @_spi(Generated)
    public static func noMatchingVariant(_ typeName: String, _ variants: [String], decoder: any Decoder) -> DecodingError {
        .dataCorrupted(.init(
            codingPath: decoder.codingPath,
            debugDescription: NoMatchingVariantError(typeName: typeName, variants: variants).description))
    }
}
