import Foundation
import MatrixAPIRuntime

/// Canonical JSON as the spec appendix defines it: the shortest UTF-8 encoding, object keys sorted by Unicode
/// code point, integers only (within ±(2^53 − 1)), strings escaped only where JSON requires it.
public enum CanonicalJSON {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func encode(_ value: JSONValue) throws -> Data {
        var output = ""
        try write(value, into: &output)
        return Data(output.utf8)
    }

    /// Parses `data` as JSON and re-encodes it canonically.
    public static func canonicalize(_ data: Data) throws -> Data {
        try encode(MatrixJSON.decode(JSONValue.self, from: data))
    }

    static let maximumInteger: Int64 = 9_007_199_254_740_991

    static func write(_ value: JSONValue, into output: inout String) throws {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .integer(let number):
            // A range check, not `abs`: `abs(Int64.min)` traps, and this runs on what a peer sent.
            guard (-maximumInteger...maximumInteger).contains(number) else { throw Failure(description: "integer \(number) is outside ±(2^53 − 1)") }
            output += String(number)
        case .number(let number):
            guard number.rounded() == number, (-Double(maximumInteger)...Double(maximumInteger)).contains(number) else {
                throw Failure(description: "canonical JSON has no non-integer numbers (\(number))")
            }
            output += String(Int64(number))
        case .string(let text): writeString(text, into: &output)
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                try write(item, into: &output)
            }
            output += "]"
        case .object(let object):
            output += "{"
            // By code point: compare the Unicode scalars, not Swift's grapheme-aware String order.
            let keys = object.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            for (index, key) in keys.enumerated() {
                if index > 0 { output += "," }
                writeString(key, into: &output)
                output += ":"
                try write(object[key]!, into: &output)
            }
            output += "}"
        }
    }

    static func writeString(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    output += String(format: "\\u%04x", scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
