import Foundation

/// Free-form JSON, used wherever the spec allows any value. Integers and floating-point numbers are kept
/// apart so that a decode followed by an encode reproduces the original document.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        // From the runtime's own decoder (`MatrixJSON`), the parsed value as it is: one step per value.
        if let document = decoder as? DocumentDecoder {
            self = document.document.value(document.node)
            return
        }
        // Another decoder (Foundation's `JSONDecoder`, say): try each kind in turn.
        let container = try decoder.singleValueContainer()
        // Most values in Matrix JSON are strings and objects: try those first, since every failed attempt
        // costs a thrown error. Int64 goes before Double so that integers stay integers.
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .array(try container.decode([JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The JSON kind of this value, as JSON Schema names it.
    public var kind: JSONKind {
        switch self {
        case .null: .null
        case .bool: .boolean
        case .integer: .integer
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    /// Semantic equality: `1` and `1.0` are the same number, object key order never matters.
    public func isEquivalent(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.integer(let a), .number(let b)), (.number(let b), .integer(let a)):
            return Double(a) == b
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isEquivalent(to: $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map(value.isEquivalent(to:)) ?? false }
        default:
            return self == other
        }
    }
}

/// The kinds of JSON value, named as JSON Schema's `type` keyword names them.
public enum JSONKind: String, Sendable, Hashable, CaseIterable {
    case null, boolean, integer, number, string, array, object
}

/// A JSON object whose keys the spec does not describe.
public typealias JSONObject = [String: JSONValue]

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension Decoder {
    /// The kind of the JSON value this decoder is positioned at, found without consuming it.
    public func peekJSONKind() throws -> JSONKind {
        if let document = self as? DocumentDecoder {
            switch document.kind {
            case .null: return .null
            case .true, .false: return .boolean
            case .integer: return .integer
            case .number: return .number
            case .string: return .string
            case .array: return .array
            case .object: return .object
            }
        }
        return try JSONValue(from: self).kind
    }
}

extension JSONValue {
    /// The value as compact JSON text (keys in no particular order). JSON cannot write a number that is not
    /// finite: such a number is written as `null`.
    func jsonData() -> Data {
        var output: [UInt8] = []
        write(to: &output)
        return Data(output)
    }

    func write(to output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): output.append(contentsOf: String(number).utf8)
        case .number(let number):
            if number.isFinite { output.append(contentsOf: number.description.utf8) } else { output.append(contentsOf: "null".utf8) }
        case .string(let text): Self.write(string: text, to: &output)
        case .array(let array):
            output.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in object {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                Self.write(string: key, to: &output)
                output.append(UInt8(ascii: ":"))
                value.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    static func write(string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                           hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
