import Foundation

/// A parsed JSON document: the input bytes and the tape of nodes over them (see `JSONNode`).
///
/// It exists only for the duration of `JSONDocument.with(_:_:)`, whose closure sees the input's bytes through a
/// pointer: decoders over a document must not be kept past the decode that made them (as with every `Decoder`).
/// Values that outlive the decode keep their own bytes: strings are copied out when read, and a `Raw` keeps a
/// slice of the input `Data` (which shares its storage: an event kept raw costs no copy).
final class JSONDocument {
    /// The input, when it is a `Data` whose storage slices can share.
    let data: Data?
    let bytes: UnsafeRawBufferPointer
    let nodes: ContiguousArray<JSONNode>

    private init(data: Data?, bytes: UnsafeRawBufferPointer, nodes: ContiguousArray<JSONNode>) {
        self.data = data
        self.bytes = bytes
        self.nodes = nodes
    }

    /// Parses `data` (a `JSONParseError` if it is not JSON) and runs `body` over the document.
    static func with<Result>(
        _ data: Data, maximumDepth: Int = MatrixJSON.maximumDepth, _ body: (JSONDocument) throws -> Result
    ) throws -> Result {
        try data.withUnsafeBytes { bytes in
            let nodes = try JSONParser.parse(bytes, maximumDepth: maximumDepth)
            return try body(JSONDocument(data: data, bytes: bytes, nodes: nodes))
        }
    }

    /// The value of a document parsed from `bytes`.
    static func value(of nodes: ContiguousArray<JSONNode>, in bytes: UnsafeRawBufferPointer) -> JSONValue {
        JSONDocument(data: nil, bytes: bytes, nodes: nodes).value(0)
    }

    @inline(__always)
    func kind(_ node: Int) -> JSONNode.Kind { nodes[node].kind }

    /// The index of the node after `node`'s subtree.
    @inline(__always)
    func next(_ node: Int) -> Int {
        let entry = nodes[node]
        switch entry.kind {
        case .object, .array: return Int(entry.next)
        default: return node + 1
        }
    }

    /// The string at `node` (which is a string node).
    func string(_ node: Int) -> String {
        let entry = nodes[node]
        let text = UnsafeRawBufferPointer(rebasing: bytes[Int(entry.start)..<Int(entry.end)])
        return entry.escaped ? JSONText.unescape(text) : String(decoding: text, as: UTF8.self)
    }

    /// Whether the string at `node` is `key` (compared as bytes when it has no escapes).
    @inline(__always)
    func stringEquals(_ node: Int, _ key: String) -> Bool {
        let entry = nodes[node]
        if entry.escaped { return string(node) == key }
        let start = Int(entry.start), count = Int(entry.end) - start
        var key = key
        return key.withUTF8 { utf8 in
            utf8.count == count && (count == 0 || memcmp(bytes.baseAddress! + start, utf8.baseAddress!, count) == 0)
        }
    }

    /// The bytes of the value at `node`: its text as it appears in the input.
    func byteRange(_ node: Int) -> Range<Int> {
        let entry = nodes[node]
        switch entry.kind {
        case .string: return Int(entry.start) - 1..<Int(entry.end) + 1
        default: return Int(entry.start)..<Int(entry.end)
        }
    }

    /// The value at `node` as its own `Data`, sharing the input's storage.
    func slice(_ node: Int) -> Data {
        let range = byteRange(node)
        guard let data else { return Data(bytes[range]) }
        return data[data.startIndex + range.lowerBound..<data.startIndex + range.upperBound]
    }

    func integer(_ node: Int) -> Int64? {
        let entry = nodes[node]
        return JSONText.integer(UnsafeRawBufferPointer(rebasing: bytes[Int(entry.start)..<Int(entry.end)]))
    }

    func double(_ node: Int) -> Double {
        let entry = nodes[node]
        let text = UnsafeRawBufferPointer(rebasing: bytes[Int(entry.start)..<Int(entry.end)])
        if entry.kind == .integer, let integer = JSONText.integer(text) { return Double(integer) }
        return JSONText.double(text) ?? .nan
    }

    /// The members of the object at `node`: each key's node (its value's node follows it).
    @inline(__always)
    func forEachMember(of node: Int, _ body: (_ key: Int, _ value: Int) throws -> Void) rethrows {
        var index = node + 1
        let end = Int(nodes[node].next)
        while index < end {
            try body(index, index + 1)
            index = next(index + 1)
        }
    }

    /// The number of members or elements of the container at `node`.
    func count(_ node: Int) -> Int {
        var count = 0
        var index = node + 1
        let end = Int(nodes[node].next)
        let step = nodes[node].kind == .object ? 1 : 0
        while index < end {
            count += 1
            index = next(index + step)
        }
        return count
    }

    /// The value node of the last member named `key` (a repeated key: the last one wins, as in most JSON
    /// parsers and in Python's, which Synapse uses).
    func member(_ key: String, of node: Int) -> Int? {
        var found: Int?
        forEachMember(of: node) { keyNode, value in
            if stringEquals(keyNode, key) { found = value }
        }
        return found
    }

    /// The value at `node` as a `JSONValue`.
    func value(_ node: Int) -> JSONValue {
        let entry = nodes[node]
        switch entry.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .integer: return integer(node).map(JSONValue.integer) ?? .number(double(node))
        case .number: return .number(double(node))
        case .string: return .string(string(node))
        case .array:
            var array: [JSONValue] = []
            var index = node + 1
            let end = Int(entry.next)
            while index < end {
                array.append(value(index))
                index = next(index)
            }
            return .array(array)
        case .object:
            return .object(object(node))
        }
    }

    /// The object at `node` (which is an object node) as a `JSONObject`.
    func object(_ node: Int) -> JSONObject {
        var object: JSONObject = [:]
        forEachMember(of: node) { key, value in
            object[string(key)] = self.value(value)
        }
        return object
    }
}
