import Foundation

/// Decodes `Decodable` values from a parsed `JSONValue` tree. Each value is visited once: free-form JSON
/// (`JSONValue`) and the peek at a value's kind take the node as it is instead of trying every kind in turn,
/// so decoding costs time linear in the document, whatever its shape.
struct JSONValueDecoder: Sendable {
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        if type == JSONValue.self { return value as! T }
        if type == JSONObject.self, case .object(let object) = value { return object as! T }
        return try T(from: TreeDecoder(value: value, parent: nil, key: nil))
    }
}

/// Where a value sits: the decoder of its container and its key there. The coding path is built from this chain
/// only when an error or a caller asks for it, so decoding a value allocates no path.
struct CodingPathNode {
    let decoder: TreeDecoder?
    let key: (any CodingKey)?

    var keys: [any CodingKey] {
        var result: [any CodingKey] = []
        if let key { result.append(key) }
        var current = decoder
        while let node = current {
            if let key = node.key { result.append(key) }
            current = node.parent
        }
        return result.reversed()
    }
}

/// An array index as a coding key; its text is made only when asked for.
struct IndexKey: CodingKey {
    let index: Int
    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }
    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init(intValue: Int) { index = intValue }
}

struct SuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}

extension JSONValue {
    fileprivate var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

func typeMismatch(_ type: Any.Type, _ value: JSONValue, _ path: @autoclosure () -> CodingPathNode) -> DecodingError {
    let path = path()
    if case .null = value {
        return .valueNotFound(type, .init(codingPath: path.keys, debugDescription: "Expected \(type) value but found null instead."))
    }
    return .typeMismatch(type, .init(codingPath: path.keys, debugDescription: "Expected to decode \(type) but found \(value.kindDescription) instead."))
}

/// The scalar conversions every container shares.
enum ScalarDecoding {
    static func string(_ value: JSONValue, _ path: @autoclosure () -> CodingPathNode) throws -> String {
        guard case .string(let text) = value else { throw typeMismatch(String.self, value, path()) }
        return text
    }

    static func bool(_ value: JSONValue, _ path: @autoclosure () -> CodingPathNode) throws -> Bool {
        guard case .bool(let flag) = value else { throw typeMismatch(Bool.self, value, path()) }
        return flag
    }

    static func integer<T: FixedWidthInteger>(_ type: T.Type, _ value: JSONValue, _ path: @autoclosure () -> CodingPathNode) throws -> T {
        let result: T?
        switch value {
        case .integer(let number): result = T(exactly: number)
        case .number(let number): result = T(exactly: number)
        default: throw typeMismatch(T.self, value, path())
        }
        guard let result else {
            throw DecodingError.dataCorrupted(.init(codingPath: path().keys, debugDescription: "Parsed JSON number does not fit in \(T.self)."))
        }
        return result
    }

    static func floatingPoint<T: BinaryFloatingPoint>(_ type: T.Type, _ value: JSONValue, _ path: @autoclosure () -> CodingPathNode) throws -> T {
        switch value {
        case .integer(let number): return T(number)
        case .number(let number):
            let result = T(number)
            guard result.isFinite else {
                throw DecodingError.dataCorrupted(.init(codingPath: path().keys, debugDescription: "Parsed JSON number does not fit in \(T.self)."))
            }
            return result
        default: throw typeMismatch(T.self, value, path())
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ path: CodingPathNode) throws -> T {
        if type == JSONValue.self { return value as! T }
        if type == JSONObject.self, case .object(let object) = value { return object as! T }
        if type == String.self { return try string(value, path) as! T }
        return try T(from: TreeDecoder(value: value, parent: path.decoder, key: path.key))
    }
}

final class TreeDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    /// The decoder of the containing value, and this value's key in it.
    let parent: TreeDecoder?
    let key: (any CodingKey)?

    init(value: JSONValue, parent: TreeDecoder?, key: (any CodingKey)?) {
        self.value = value
        self.parent = parent
        self.key = key
    }

    var path: CodingPathNode { CodingPathNode(decoder: parent, key: key) }
    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else { throw typeMismatch([String: Any].self, value, path) }
        return KeyedDecodingContainer(TreeKeyedContainer<Key>(object: object, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let array) = value else { throw typeMismatch([Any].self, value, path) }
        return TreeUnkeyedContainer(array: array, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }
    func decode(_ type: Bool.Type) throws -> Bool { try ScalarDecoding.bool(value, path) }
    func decode(_ type: String.Type) throws -> String { try ScalarDecoding.string(value, path) }
    func decode(_ type: Double.Type) throws -> Double { try ScalarDecoding.floatingPoint(type, value, path) }
    func decode(_ type: Float.Type) throws -> Float { try ScalarDecoding.floatingPoint(type, value, path) }
    func decode(_ type: Int.Type) throws -> Int { try ScalarDecoding.integer(type, value, path) }
    func decode(_ type: Int8.Type) throws -> Int8 { try ScalarDecoding.integer(type, value, path) }
    func decode(_ type: Int16.Type) throws -> Int16 { try ScalarDecoding.integer(type, value, path) }
    func decode(_ type: Int32.Type) throws -> Int32 { try ScalarDecoding.integer(type, value, path) }
    func decode(_ type: Int64.Type) throws -> Int64 { try ScalarDecoding.integer(type, value, path) }
    func decode(_ type: UInt.Type) throws -> UInt { try ScalarDecoding.integer(type, value, path) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try ScalarDecoding.integer(type, value, path) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try ScalarDecoding.integer(type, value, path) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try ScalarDecoding.integer(type, value, path) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try ScalarDecoding.integer(type, value, path) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try ScalarDecoding.decode(type, value, path) }
}

struct TreeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: JSONValue]
    let decoder: TreeDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }
    /// The path of the value under `key`.
    private func path(_ key: Key) -> CodingPathNode { CodingPathNode(decoder: decoder, key: key) }
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func value(for key: Key) throws -> JSONValue {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(
                codingPath: decoder.codingPath, debugDescription: "No value associated with key \"\(key.stringValue)\"."))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try value(for: key) { return true }
        return false
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try ScalarDecoding.bool(value(for: key), path(key))
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try ScalarDecoding.string(value(for: key), path(key))
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try ScalarDecoding.floatingPoint(type, value(for: key), path(key))
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try ScalarDecoding.floatingPoint(type, value(for: key), path(key))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }
    private func integer<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T {
        try ScalarDecoding.integer(type, value(for: key), path(key))
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try ScalarDecoding.decode(type, value(for: key), path(key))
    }

    // One lookup for an optional field, where the protocol's default does three (contains, decodeNil, decode);
    // absent and `null` are both `nil`, as there.
    private func present(_ key: Key) -> JSONValue? {
        guard let value = object[key.stringValue], value != .null else { return nil }
        return value
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try present(key).map { try ScalarDecoding.string($0, path(key)) }
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try present(key).map { try ScalarDecoding.bool($0, path(key)) }
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try present(key).map { try ScalarDecoding.integer(type, $0, path(key)) }
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try present(key).map { try ScalarDecoding.integer(type, $0, path(key)) }
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try present(key).map { try ScalarDecoding.floatingPoint(type, $0, path(key)) }
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try present(key).map { try ScalarDecoding.decode(type, $0, path(key)) }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(value: value(for: key), parent: decoder, key: key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(value: value(for: key), parent: decoder, key: key).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder {
        TreeDecoder(value: object["super"] ?? .null, parent: decoder, key: SuperKey())
    }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        TreeDecoder(value: object[key.stringValue] ?? .null, parent: decoder, key: key)
    }
}

struct TreeUnkeyedContainer: UnkeyedDecodingContainer {
    let array: [JSONValue]
    let decoder: TreeDecoder
    private(set) var currentIndex = 0

    init(array: [JSONValue], decoder: TreeDecoder) {
        self.array = array
        self.decoder = decoder
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    private func path(_ index: Int) -> CodingPathNode { CodingPathNode(decoder: decoder, key: IndexKey(index)) }
    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    private mutating func next(_ type: Any.Type) throws -> (JSONValue, CodingPathNode) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(
                codingPath: path(currentIndex).keys, debugDescription: "Unkeyed container is at end."))
        }
        defer { currentIndex += 1 }
        return (array[currentIndex], path(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any?.self, .init(
                codingPath: path(currentIndex).keys, debugDescription: "Unkeyed container is at end."))
        }
        if case .null = array[currentIndex] {
            currentIndex += 1
            return true
        }
        return false
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { let (v, p) = try next(type); return try ScalarDecoding.bool(v, p) }
    mutating func decode(_ type: String.Type) throws -> String { let (v, p) = try next(type); return try ScalarDecoding.string(v, p) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (v, p) = try next(type); return try ScalarDecoding.floatingPoint(type, v, p) }
    mutating func decode(_ type: Float.Type) throws -> Float { let (v, p) = try next(type); return try ScalarDecoding.floatingPoint(type, v, p) }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let (v, p) = try next(type)
        return try ScalarDecoding.integer(type, v, p)
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (v, p) = try next(type)
        return try ScalarDecoding.decode(type, v, p)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (v, p) = try next([String: Any].self)
        return try TreeDecoder(value: v, parent: p.decoder, key: p.key).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (v, p) = try next([Any].self)
        return try TreeDecoder(value: v, parent: p.decoder, key: p.key).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder {
        let (v, p) = try next(Any.self)
        return TreeDecoder(value: v, parent: p.decoder, key: p.key)
    }
}
