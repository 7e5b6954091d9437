import Foundation

/// Why bytes are not the JSON the runtime accepts: the byte offset and the reason.
public struct JSONParseError: Error, CustomStringConvertible, Sendable, Hashable {
    public var offset: Int
    public var reason: String
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }
}

/// One value of a parsed document, in 16 bytes. A document is a flat array of these in document order (the
/// "tape", as simdjson calls it): an object is its node followed by each key's string node and the value's
/// subtree, an array its node followed by each element's subtree. Nothing is copied out of the input: strings
/// and numbers are byte ranges, read into Swift values only when a decoder asks for them, and a container knows
/// where its subtree ends, so skipping an unread value (an event kept raw) costs nothing.
struct JSONNode {
    enum Kind: UInt8 {
        case null, `true`, `false`, integer, number, string, object, array
    }

    var kind: Kind
    /// Strings: whether the content has escapes (and must be unescaped to be read).
    var escaped: Bool
    /// The offset of the value's first byte (a string's: the first byte after its opening quote).
    var start: UInt32
    /// Strings and numbers: the offset just past their content (before a string's closing quote).
    /// Containers: the offset just past the closing bracket.
    var end: UInt32
    /// Containers: the index of the node after the subtree.
    var next: UInt32
}

/// A strict RFC 8259 parser from UTF-8 bytes to a tape of `JSONNode`s, in one pass over the input: its cost is
/// linear in the input's size whatever its shape, nesting deeper than `MatrixJSON.maximumDepth` is refused as
/// soon as it is reached, and invalid UTF-8, lone surrogates and trailing data are errors rather than replaced
/// or ignored. Numbers without a fraction or exponent that fit in `Int64` are integers, so that a decode and an
/// encode reproduce the document.
struct JSONParser {
    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    private let maximumDepth: Int
    private var nodes: ContiguousArray<JSONNode> = []

    private init(bytes: UnsafeRawBufferPointer, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    /// The nodes of the document in `bytes`.
    static func parse(_ bytes: UnsafeRawBufferPointer, maximumDepth: Int) throws(JSONParseError) -> ContiguousArray<JSONNode> {
        guard bytes.count < Int(UInt32.max) else {
            throw JSONParseError(offset: 0, reason: "a document of 4 GiB or more")
        }
        var parser = JSONParser(bytes: bytes, maximumDepth: maximumDepth)
        // Matrix JSON averages 10 to 20 bytes per value; the array grows if a document is denser.
        parser.nodes.reserveCapacity(bytes.count / 12 + 4)
        try parser.parseDocument()
        return parser.nodes
    }

    private func failure(_ reason: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? index, reason: reason)
    }

    private mutating func parseDocument() throws(JSONParseError) {
        skipWhitespace()
        try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected data after the JSON value") }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func append(_ kind: JSONNode.Kind, start: Int, end: Int, escaped: Bool = false) {
        nodes.append(JSONNode(kind: kind, escaped: escaped, start: UInt32(truncatingIfNeeded: start),
                              end: UInt32(truncatingIfNeeded: end), next: 0))
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) {
        guard index < bytes.count else { throw failure("unexpected end of data") }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"): try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): try parseString()
        case UInt8(ascii: "t"): try expectLiteral("true"); append(.true, start: start, end: index)
        case UInt8(ascii: "f"): try expectLiteral("false"); append(.false, start: start, end: index)
        case UInt8(ascii: "n"): try expectLiteral("null"); append(.null, start: start, end: index)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber()
        default: throw failure("unexpected character")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw failure("unexpected end of data") }
        let start = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] {
            throw failure("unexpected character", at: index + offset)
        }
        index += count
    }

    private func checkDepth(_ depth: Int) throws(JSONParseError) {
        guard depth <= maximumDepth else {
            throw failure("nesting deeper than \(maximumDepth) levels")
        }
    }

    /// Opens a container's node; `close` fills in where it ends.
    private mutating func open(_ kind: JSONNode.Kind) -> Int {
        append(kind, start: index, end: index)
        index += 1
        return nodes.count - 1
    }

    private mutating func close(_ node: Int) {
        index += 1
        nodes[node].end = UInt32(truncatingIfNeeded: index)
        nodes[node].next = UInt32(truncatingIfNeeded: nodes.count)
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) {
        try checkDepth(depth)
        let node = open(.object)
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            close(node)
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a string key") }
            try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            index += 1
            skipWhitespace()
            try parseValue(depth: depth)
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of data") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): close(node); return
            default: throw failure("expected ',' or '}'")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) {
        try checkDepth(depth)
        let node = open(.array)
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            close(node)
            return
        }
        while true {
            skipWhitespace()
            try parseValue(depth: depth)
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end of data") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): close(node); return
            default: throw failure("expected ',' or ']'")
            }
        }
    }

    /// Checks a string (its escapes and its UTF-8) and records its byte range; it is read into a `String` only
    /// when decoded.
    private mutating func parseString() throws(JSONParseError) {
        let quote = index
        index += 1
        let contentStart = index
        var escaped = false
        while index < bytes.count {
            // Eight bytes at a time while none of them is a quote, a backslash, a control character or
            // non-ASCII: most of a Matrix document's strings.
            while bytes.count - index >= 8 {
                let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                if Self.needsAttention(word) { break }
                index += 8
            }
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                append(.string, start: contentStart, end: index, escaped: escaped)
                index += 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                try checkEscape()
            } else if byte < 0x20 {
                throw failure("unescaped control character in a string")
            } else if byte < 0x80 {
                index += 1
            } else {
                guard let length = Self.utf8SequenceLength(bytes, at: index) else {
                    throw failure("invalid UTF-8 in a string", at: contentStart)
                }
                index += length
            }
        }
        throw failure("unterminated string", at: quote)
    }

    /// Whether any byte of `word` is `"`, `\`, below 0x20 or 0x80 and above (SWAR: each test sets a byte's high bit).
    @inline(__always)
    private static func needsAttention(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & high }
        let quote = hasZeroByte(word ^ (ones &* 0x22))
        let backslash = hasZeroByte(word ^ (ones &* 0x5C))
        let control = (word &- ones &* 0x20) & ~word & high
        return (quote | backslash | control | (word & high)) != 0
    }

    /// The length of the valid UTF-8 sequence at `offset` (which starts with a byte of 0x80 or above), or `nil`
    /// (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
    static func utf8SequenceLength(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int? {
        let lead = bytes[offset]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return nil
        }
        guard bytes.count - offset >= length else { return nil }
        let second = bytes[offset + 1]
        guard second >= low, second <= high else { return nil }
        for continuation in 2..<length where bytes[offset + continuation] & 0xC0 != 0x80 { return nil }
        return length
    }

    /// Checks the escape at `index` (a backslash) and moves past it.
    private mutating func checkEscape() throws(JSONParseError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw failure("unterminated string", at: escapeStart) }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            let code = try readHex4()
            if (0xD800...0xDBFF).contains(code) {
                guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw failure("lone surrogate in a \\u escape", at: escapeStart)
                }
                index += 2
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("lone surrogate in a \\u escape", at: escapeStart) }
            } else if (0xDC00...0xDFFF).contains(code) {
                throw failure("lone surrogate in a \\u escape", at: escapeStart)
            }
        default:
            throw failure("invalid escape", at: index - 1)
        }
    }

    private mutating func readHex4() throws(JSONParseError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw failure("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = JSONText.hexDigit(bytes[index]) else { throw failure("invalid hex digit in a \\u escape") }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONParseError) {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("expected a digit") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw failure("leading zero in a number") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("expected a digit after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("expected a digit in the exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
        if isInteger, JSONText.integer(text) != nil {
            append(.integer, start: start, end: index)
            return
        }
        // Read now only to refuse what no Double holds (`1e999`); decoders read it again from the text.
        guard let number = JSONText.double(text), number.isFinite else { throw failure("number out of range", at: start) }
        append(.number, start: start, end: index)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}

/// Reading the text of strings and numbers that the parser has already checked.
enum JSONText {
    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The integer written in `text` (digits with an optional leading `-`), or `nil` when it does not fit in `Int64`.
    static func integer(_ text: UnsafeRawBufferPointer) -> Int64? {
        var index = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { index = 1 }
        // Accumulate negatively, so that Int64.min fits.
        var value: Int64 = 0
        while index < text.count {
            let digit = Int64(text[index] &- UInt8(ascii: "0"))
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.subtractingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = next
            index += 1
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    static func double(_ text: UnsafeRawBufferPointer) -> Double? {
        Double(String(decoding: text, as: UTF8.self))
    }

    /// The content of a string with escapes, unescaped (the escapes were checked when parsed).
    static func unescape(_ text: UnsafeRawBufferPointer) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.count)
        var index = 0
        func hex4(_ at: Int) -> UInt32 {
            var value: UInt32 = 0
            for offset in 0..<4 { value = value << 4 | UInt32(hexDigit(text[at + offset]) ?? 0) }
            return value
        }
        while index < text.count {
            let byte = text[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < text.count else {
                result.append(byte)
                index += 1
                continue
            }
            let escape = text[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): result.append(0x08)
            case UInt8(ascii: "f"): result.append(0x0C)
            case UInt8(ascii: "n"): result.append(0x0A)
            case UInt8(ascii: "r"): result.append(0x0D)
            case UInt8(ascii: "t"): result.append(0x09)
            case UInt8(ascii: "u"):
                guard text.count - index >= 4 else { break }
                var code = hex4(index)
                index += 4
                if (0xD800...0xDBFF).contains(code), text.count - index >= 6 {
                    let low = hex4(index + 2)
                    code = 0x10000 + ((code - 0xD800) << 10) + (low &- 0xDC00)
                    index += 6
                }
                if let scalar = Unicode.Scalar(code), let encoded = UTF8.encode(scalar) {
                    result.append(contentsOf: encoded)
                }
            default: result.append(escape)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
