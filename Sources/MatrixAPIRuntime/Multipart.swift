import Foundation

/// One part of a `multipart/mixed` body (RFC 2046): header fields and bytes.
public struct MultipartPart: Sendable, Hashable {
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(headers: [(name: String, value: String)], body: Data) {
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.body == rhs.body && lhs.headers.map { [$0.name.lowercased(), $0.value] } == rhs.headers.map { [$0.name.lowercased(), $0.value] }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(body)
        for header in headers {
            hasher.combine(header.name.lowercased())
            hasher.combine(header.value)
        }
    }
}

public enum MultipartError: Error, Equatable, CustomStringConvertible {
    case missingBoundary
    case malformed(String)

    public var description: String {
        switch self {
        case .missingBoundary: "multipart/mixed content type has no boundary parameter"
        case .malformed(let reason): "malformed multipart/mixed body: \(reason)"
        }
    }
}

/// Encoding and decoding of `multipart/mixed` bodies.
public enum Multipart {
    /// Reads the `boundary` parameter of a `Content-Type` value.
    public static func boundary(fromContentType contentType: String) -> String? {
        for parameter in ContentDisposition.splitParameters(contentType).dropFirst() {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            guard parameter[..<equals].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = parameter[parameter.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    public static func encode(_ parts: [MultipartPart], boundary: String) -> Data {
        var data = Data()
        for part in parts {
            data.append(contentsOf: Array("--\(boundary)\r\n".utf8))
            for header in part.headers {
                data.append(contentsOf: Array("\(header.name): \(header.value)\r\n".utf8))
            }
            data.append(contentsOf: Array("\r\n".utf8))
            data.append(part.body)
            data.append(contentsOf: Array("\r\n".utf8))
        }
        data.append(contentsOf: Array("--\(boundary)--\r\n".utf8))
        return data
    }

    /// The longest boundary RFC 2046 allows.
    public static let maximumBoundaryLength = 70
    /// The most parts `decode` reads (federation media responses have two).
    public static let maximumPartCount = 64

    /// Splits a `multipart/mixed` body into its parts, in time linear in the body's size (the delimiter is found
    /// with Knuth–Morris–Pratt, so no boundary makes the search quadratic). A boundary longer than RFC 2046's
    /// 70 bytes, or more than `maximumPartCount` parts, is an error.
    public static func decode(_ body: Data, boundary: String) throws -> [MultipartPart] {
        guard !boundary.isEmpty, boundary.utf8.count <= maximumBoundaryLength else {
            throw MultipartError.malformed("boundary must be 1 to \(maximumBoundaryLength) bytes")
        }
        let bytes = [UInt8](body)
        let delimiter = Array("--\(boundary)".utf8)
        var positions: [Int] = []
        let searcher = SubsequenceSearch(delimiter)
        for found in searcher.occurrences(in: bytes) {
            // A delimiter starts the body or follows CRLF.
            if found == 0 || (found >= 2 && bytes[found - 2] == 13 && bytes[found - 1] == 10) {
                positions.append(found)
                guard positions.count <= maximumPartCount + 1 else {
                    throw MultipartError.malformed("more than \(maximumPartCount) parts")
                }
            }
        }
        guard positions.count >= 2 else { throw MultipartError.malformed("fewer than two boundary delimiters") }
        var parts: [MultipartPart] = []
        let blankLine = SubsequenceSearch([13, 10, 13, 10])
        for (start, end) in zip(positions, positions.dropFirst()) {
            var cursor = start + delimiter.count
            if cursor + 1 < bytes.count, bytes[cursor] == 45, bytes[cursor + 1] == 45 { break }  // close delimiter
            // Skip transport padding and the CRLF after the delimiter.
            while cursor < bytes.count, bytes[cursor] == 32 || bytes[cursor] == 9 { cursor += 1 }
            guard cursor + 1 < bytes.count, bytes[cursor] == 13, bytes[cursor + 1] == 10 else {
                throw MultipartError.malformed("boundary delimiter not followed by CRLF")
            }
            cursor += 2
            let partEnd = end - 2  // the CRLF before the next delimiter belongs to it
            guard partEnd >= cursor else { throw MultipartError.malformed("truncated part") }
            let section = Array(bytes[cursor..<partEnd])
            let headerEnd: Int
            let bodyStart: Int
            if section.starts(with: [13, 10]) {
                headerEnd = 0
                bodyStart = 2
            } else if let blank = blankLine.occurrences(in: section, limit: 1).first {
                headerEnd = blank
                bodyStart = blank + 4
            } else {
                throw MultipartError.malformed("part has no blank line after its headers")
            }
            guard let headerText = String(validating: section[0..<headerEnd], as: UTF8.self) else {
                throw MultipartError.malformed("part headers are not UTF-8")
            }
            var headers: [(name: String, value: String)] = []
            for line in headerText.components(separatedBy: "\r\n") where !line.isEmpty {
                guard let colon = line.firstIndex(of: ":") else { throw MultipartError.malformed("header line without a colon") }
                headers.append((
                    String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                    String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
            parts.append(MultipartPart(headers: headers, body: Data(section[bodyStart...])))
        }
        return parts
    }
}

/// Knuth–Morris–Pratt search for a byte string: every occurrence, without overlaps, in one pass.
struct SubsequenceSearch {
    private let needle: [UInt8]
    private var failure: [Int]  // the longest proper prefix of needle[...i] that is also its suffix

    init(_ needle: [UInt8]) {
        precondition(!needle.isEmpty)
        self.needle = needle
        failure = Array(repeating: 0, count: needle.count)
        var length = 0
        for index in needle.indices.dropFirst() {
            while length > 0, needle[index] != needle[length] { length = failure[length - 1] }
            if needle[index] == needle[length] { length += 1 }
            failure[index] = length
        }
    }

    /// The start of each occurrence of the needle, left to right; after a match the search resumes past it.
    func occurrences(in haystack: [UInt8], limit: Int = .max) -> [Int] {
        var found: [Int] = []
        var matched = 0
        for (index, byte) in haystack.enumerated() {
            while matched > 0, byte != needle[matched] { matched = failure[matched - 1] }
            if byte == needle[matched] { matched += 1 }
            if matched == needle.count {
                found.append(index + 1 - needle.count)
                if found.count == limit { break }
                matched = 0
            }
        }
        return found
    }
}

extension FederationMediaResponse {
    /// The multipart body and the `Content-Type` (with its boundary) to send it with.
    public func encodeMultipart(boundary: String = "matrix-media-" + UUID().uuidString) throws -> (contentType: String, body: Data) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let metadataPart = MultipartPart(headers: [("Content-Type", "application/json")], body: try encoder.encode(metadata))
        let contentPart: MultipartPart
        switch content {
        case .bytes(let media):
            var headers: [(name: String, value: String)] = [("Content-Type", media.contentType ?? "application/octet-stream")]
            if let disposition = media.contentDisposition { headers.append(("Content-Disposition", disposition.headerValue)) }
            contentPart = MultipartPart(headers: headers, body: media.data)
        case .location(let location):
            contentPart = MultipartPart(headers: [("Location", location)], body: Data())
        }
        return ("multipart/mixed; boundary=\(boundary)", Multipart.encode([metadataPart, contentPart], boundary: boundary))
    }

    public init(multipartBody body: Data, contentType: String) throws {
        guard let boundary = Multipart.boundary(fromContentType: contentType) else { throw MultipartError.missingBoundary }
        let parts = try Multipart.decode(body, boundary: boundary)
        guard parts.count == 2 else { throw MultipartError.malformed("expected 2 parts, found \(parts.count)") }
        let metadataValue = try MatrixJSON.parse(parts[0].body)
        guard case .object(let metadata) = metadataValue else { throw MultipartError.malformed("metadata part is not a JSON object") }
        if let location = parts[1].header("Location") {
            self.init(metadata: metadata, content: .location(location))
        } else {
            self.init(metadata: metadata, content: .bytes(MediaContent(
                data: parts[1].body, contentType: parts[1].header("Content-Type"),
                contentDisposition: parts[1].header("Content-Disposition").flatMap(ContentDisposition.init(headerValue:)))))
        }
    }
}
