import Foundation

/// Decodes `Decodable` values from a parsed `JSONDocument`. Each value is visited once: free-form JSON
/// (`JSONValue`), the peek at a value's kind and a `Raw` value take the node as it is, so decoding costs time
/// linear in the document, whatever its shape; a value nobody reads (an event kept raw) is never converted.
enum DocumentDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDocument.with(data) { document in try decode(type, from: document) }
    }

    static func decode<T: Decodable>(_ type: T.Type, from document: JSONDocument) throws -> T {
        try ScalarDecoding.decode(type, document, 0, CodingPathNode(decoder: nil, key: nil))
    }
}

/// Where a value sits: the decoder of its container and its key there. The coding path is built from this chain
/// only when an error or a caller asks for it, so decoding a value allocates no path.
struct CodingPathNode {
    let decoder: DocumentDecoder?
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



extension JSONNode.Kind {
    fileprivate var description: String {
        switch self {
        case .null: "null"
        case .true, .false: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

func typeMismatch(_ type: Any.Type, _ kind: JSONNode.Kind, _ path: @autoclosure () -> CodingPathNode) -> DecodingError {
    let path = path()
    if kind == .null {
        return .valueNotFound(type, .init(codingPath: path.keys, debugDescription: "Expected \(type) value but found null instead."))
    }
    return .typeMismatch(type, .init(codingPath: path.keys, debugDescription: "Expected to decode \(type) but found \(kind.description) instead."))
}

/// The scalar conversions every container shares.
enum ScalarDecoding {
    @inline(__always)
    static func string(_ document: JSONDocument, _ node: Int, _ path: @autoclosure () -> CodingPathNode) throws -> String {
        let kind = document.kind(node)
        guard kind == .string else { throw typeMismatch(String.self, kind, path()) }
        return document.string(node)
    }

    @inline(__always)
    static func bool(_ document: JSONDocument, _ node: Int, _ path: @autoclosure () -> CodingPathNode) throws -> Bool {
        switch document.kind(node) {
        case .true: return true
        case .false: return false
        case let kind: throw typeMismatch(Bool.self, kind, path())
        }
    }

    static func integer<T: FixedWidthInteger>(_ type: T.Type, _ document: JSONDocument, _ node: Int, _ path: @autoclosure () -> CodingPathNode) throws -> T {
        let result: T?
        switch document.kind(node) {
        case .integer: result = document.integer(node).flatMap { T(exactly: $0) }
        case .number: result = T(exactly: document.double(node))
        case let kind: throw typeMismatch(T.self, kind, path())
        }
        guard let result else {
            throw DecodingError.dataCorrupted(.init(codingPath: path().keys, debugDescription: "Parsed JSON number does not fit in \(T.self)."))
        }
        return result
    }

    static func floatingPoint<T: BinaryFloatingPoint>(_ type: T.Type, _ document: JSONDocument, _ node: Int, _ path: @autoclosure () -> CodingPathNode) throws -> T {
        switch document.kind(node) {
        case .integer, .number:
            let result = T(document.double(node))
            guard result.isFinite else {
                throw DecodingError.dataCorrupted(.init(codingPath: path().keys, debugDescription: "Parsed JSON number does not fit in \(T.self)."))
            }
            return result
        case let kind: throw typeMismatch(T.self, kind, path())
        }
    }

    /// `JSONObject`'s metadata, looked up once (a generic type's metadata costs a lookup at each mention).
    private static let jsonObjectType = ObjectIdentifier(JSONObject.self)

    static func decode<T: Decodable>(_ type: T.Type, _ document: JSONDocument, _ node: Int, _ path: CodingPathNode) throws -> T {
        if type == String.self { return try string(document, node, path) as! T }
        if type == JSONValue.self { return document.value(node) as! T }
        if ObjectIdentifier(type) == jsonObjectType, document.kind(node) == .object { return document.object(node) as! T }
        return try T(from: DocumentDecoder(document: document, node: node, parent: path.decoder, key: path.key))
    }
}

/// The decoder of one value of a document.
final class DocumentDecoder: Decoder, SingleValueDecodingContainer {
    let document: JSONDocument
    let node: Int
    /// The decoder of the containing value, and this value's key in it.
    let parent: DocumentDecoder?
    let key: (any CodingKey)?
    /// For objects with many members: each key's value node, built on the first lookup.
    private var memberIndex: [String: Int]?

    init(document: JSONDocument, node: Int, parent: DocumentDecoder?, key: (any CodingKey)?) {
        self.document = document
        self.node = node
        self.parent = parent
        self.key = key
    }

    var kind: JSONNode.Kind { document.kind(node) }
    var path: CodingPathNode { CodingPathNode(decoder: parent, key: key) }
    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Objects up to this many members are searched in order; larger ones get an index, so that looking up
    /// every key of a large map costs time linear in its size.
    static let linearSearchLimit = 24

    /// The value node of `key` in this object.
    func member(_ key: String) -> Int? {
        if let memberIndex { return memberIndex[key] }
        let end = Int(document.nodes[node].next)
        // Few members: compare in place (the last repeated key wins).
        if end - node <= 2 * Self.linearSearchLimit + 1 { return document.member(key, of: node) }
        let count = document.count(node)
        if count <= Self.linearSearchLimit { return document.member(key, of: node) }
        var index: [String: Int] = .init(minimumCapacity: count)
        document.forEachMember(of: node) { key, value in index[document.string(key)] = value }
        memberIndex = index
        return index[key]
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard kind == .object else { throw typeMismatch([String: Any].self, kind, path) }
        return KeyedDecodingContainer(DocumentKeyedContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard kind == .array else { throw typeMismatch([Any].self, kind, path) }
        return DocumentUnkeyedContainer(decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { kind == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try ScalarDecoding.bool(document, node, path) }
    func decode(_ type: String.Type) throws -> String { try ScalarDecoding.string(document, node, path) }
    func decode(_ type: Double.Type) throws -> Double { try ScalarDecoding.floatingPoint(type, document, node, path) }
    func decode(_ type: Float.Type) throws -> Float { try ScalarDecoding.floatingPoint(type, document, node, path) }
    func decode(_ type: Int.Type) throws -> Int { try ScalarDecoding.integer(type, document, node, path) }
    func decode(_ type: Int8.Type) throws -> Int8 { try ScalarDecoding.integer(type, document, node, path) }
    func decode(_ type: Int16.Type) throws -> Int16 { try ScalarDecoding.integer(type, document, node, path) }
    func decode(_ type: Int32.Type) throws -> Int32 { try ScalarDecoding.integer(type, document, node, path) }
    func decode(_ type: Int64.Type) throws -> Int64 { try ScalarDecoding.integer(type, document, node, path) }
    func decode(_ type: UInt.Type) throws -> UInt { try ScalarDecoding.integer(type, document, node, path) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try ScalarDecoding.integer(type, document, node, path) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try ScalarDecoding.integer(type, document, node, path) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try ScalarDecoding.integer(type, document, node, path) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try ScalarDecoding.integer(type, document, node, path) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // A wrapper's value: the same node, so this decoder stays its path.
        if type == String.self || type == JSONValue.self {
            return try ScalarDecoding.decode(type, document, node, path)
        }
        return try T(from: self)
    }
}

struct DocumentKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: DocumentDecoder

    var document: JSONDocument { decoder.document }
    var codingPath: [any CodingKey] { decoder.codingPath }
    /// The path of the value under `key`.
    private func path(_ key: Key) -> CodingPathNode { CodingPathNode(decoder: decoder, key: key) }
    var allKeys: [Key] {
        var keys: [Key] = []
        document.forEachMember(of: decoder.node) { key, _ in
            if let key = Key(stringValue: document.string(key)) { keys.append(key) }
        }
        return keys
    }

    func contains(_ key: Key) -> Bool { decoder.member(key.stringValue) != nil }

    private func value(for key: Key) throws -> Int {
        guard let value = decoder.member(key.stringValue) else {
            throw DecodingError.keyNotFound(key, .init(
                codingPath: decoder.codingPath, debugDescription: "No value associated with key \"\(key.stringValue)\"."))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { document.kind(try value(for: key)) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try ScalarDecoding.bool(document, value(for: key), path(key))
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try ScalarDecoding.string(document, value(for: key), path(key))
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try ScalarDecoding.floatingPoint(type, document, value(for: key), path(key))
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try ScalarDecoding.floatingPoint(type, document, value(for: key), path(key))
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
        try ScalarDecoding.integer(type, document, value(for: key), path(key))
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try ScalarDecoding.decode(type, document, value(for: key), path(key))
    }

    // One lookup for an optional field, where the protocol's default does three (contains, decodeNil, decode);
    // absent and `null` are both `nil`, as there.
    private func present(_ key: Key) -> Int? {
        guard let value = decoder.member(key.stringValue), document.kind(value) != .null else { return nil }
        return value
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try present(key).map { try ScalarDecoding.string(document, $0, path(key)) }
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try present(key).map { try ScalarDecoding.bool(document, $0, path(key)) }
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try present(key).map { try ScalarDecoding.integer(type, document, $0, path(key)) }
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try present(key).map { try ScalarDecoding.integer(type, document, $0, path(key)) }
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try present(key).map { try ScalarDecoding.floatingPoint(type, document, $0, path(key)) }
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try present(key).map { try ScalarDecoding.decode(type, document, $0, path(key)) }
    }

    private func decoder(_ node: Int, _ key: any CodingKey) -> DocumentDecoder {
        DocumentDecoder(document: document, node: node, parent: decoder, key: key)
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(value(for: key), key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(value(for: key), key).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder {
        try superDecoder(key: SuperKey(), name: "super")
    }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        try superDecoder(key: key, name: key.stringValue)
    }
    private func superDecoder(key: any CodingKey, name: String) throws -> any Decoder {
        guard let node = decoder.member(name) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: decoder.codingPath, debugDescription: "No value associated with key \"\(name)\"."))
        }
        return decoder(node, key)
    }
}

struct DocumentUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: DocumentDecoder
    /// The node of the next element.
    private var position: Int
    private let end: Int
    private(set) var currentIndex = 0

    init(decoder: DocumentDecoder) {
        self.decoder = decoder
        position = decoder.node + 1
        end = Int(decoder.document.nodes[decoder.node].next)
    }

    var document: JSONDocument { decoder.document }
    var codingPath: [any CodingKey] { decoder.codingPath }
    private func path(_ index: Int) -> CodingPathNode { CodingPathNode(decoder: decoder, key: IndexKey(index)) }
    var count: Int? { document.count(decoder.node) }
    var isAtEnd: Bool { position >= end }

    private mutating func next(_ type: Any.Type) throws -> (Int, CodingPathNode) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(
                codingPath: path(currentIndex).keys, debugDescription: "Unkeyed container is at end."))
        }
        let node = position
        position = document.next(node)
        defer { currentIndex += 1 }
        return (node, path(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any?.self, .init(
                codingPath: path(currentIndex).keys, debugDescription: "Unkeyed container is at end."))
        }
        if document.kind(position) == .null {
            position += 1
            currentIndex += 1
            return true
        }
        return false
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { let (v, p) = try next(type); return try ScalarDecoding.bool(document, v, p) }
    mutating func decode(_ type: String.Type) throws -> String { let (v, p) = try next(type); return try ScalarDecoding.string(document, v, p) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (v, p) = try next(type); return try ScalarDecoding.floatingPoint(type, document, v, p) }
    mutating func decode(_ type: Float.Type) throws -> Float { let (v, p) = try next(type); return try ScalarDecoding.floatingPoint(type, document, v, p) }
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
        return try ScalarDecoding.integer(type, document, v, p)
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (v, p) = try next(type)
        return try ScalarDecoding.decode(type, document, v, p)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (v, p) = try next([String: Any].self)
        return try DocumentDecoder(document: document, node: v, parent: p.decoder, key: p.key).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (v, p) = try next([Any].self)
        return try DocumentDecoder(document: document, node: v, parent: p.decoder, key: p.key).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder {
        let (v, p) = try next(Any.self)
        return DocumentDecoder(document: document, node: v, parent: p.decoder, key: p.key)
    }
}
