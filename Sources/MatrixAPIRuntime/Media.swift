import Foundation

/// `Content-Disposition` as RFC 6266 defines it; the file name is read from `filename*` (RFC 8187, UTF-8)
/// before `filename`.
public struct ContentDisposition: Sendable, Hashable, CustomStringConvertible {
    public var type: String
    public var filename: String?

    public init(type: String = "inline", filename: String? = nil) {
        self.type = type
        self.filename = filename
    }

    public init?(headerValue: String) {
        let parts = ContentDisposition.splitParameters(headerValue)
        guard let first = parts.first, !first.isEmpty, !first.contains("=") else { return nil }
        type = first.lowercased()
        var plain: String?
        var extended: String?
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let name = part[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if name == "filename*" {
                // charset'language'percent-encoded
                let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if pieces.count == 3, pieces[0].lowercased() == "utf-8" {
                    extended = String(pieces[2]).removingPercentEncoding
                }
            } else if name == "filename" {
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                    value = String(value.dropFirst().dropLast())
                        .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
                }
                plain = value
            }
        }
        filename = extended ?? plain
    }

    /// The header value; a non-ASCII file name is written as `filename*=utf-8''...`.
    public var headerValue: String {
        guard let filename else { return type }
        let asciiSafe = filename.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F }
        if asciiSafe {
            let quoted = filename.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\(type); filename=\"\(quoted)\""
        }
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: Self.attrChar) ?? filename
        return "\(type); filename*=utf-8''\(encoded)"
    }

    public var description: String { headerValue }

    static let attrChar = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")

    /// Splits at `;` outside quoted strings.
    static func splitParameters(_ value: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in value {
            if escaped {
                escaped = false
            } else if character == "\\" && quoted {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";" && !quoted {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
                continue
            }
            current.append(character)
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts
    }
}

/// Bytes with their content type and disposition: uploads and downloads of the content repository.
public struct MediaContent: Sendable, Hashable {
    public var data: Data
    public var contentType: String?
    public var contentDisposition: ContentDisposition?

    public init(data: Data, contentType: String? = nil, contentDisposition: ContentDisposition? = nil) {
        self.data = data
        self.contentType = contentType
        self.contentDisposition = contentDisposition
    }
}

/// A 307/308 redirect to where the content can be fetched.
public struct Redirect: Sendable, Hashable {
    public var location: String
    public init(location: String) { self.location = location }
}

/// The federation media response (`multipart/mixed`): a JSON metadata part, then either the bytes or a
/// `Location` to fetch them from.
public struct FederationMediaResponse: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case bytes(MediaContent)
        case location(String)
    }

    public var metadata: JSONObject
    public var content: Content

    public init(metadata: JSONObject = [:], content: Content) {
        self.metadata = metadata
        self.content = content
    }
}
