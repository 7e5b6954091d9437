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

    public static func decode(_ body: Data, boundary: String) throws -> [MultipartPart] {
        let bytes = [UInt8](body)
        let delimiter = Array("--\(boundary)".utf8)
        var positions: [Int] = []
        var index = 0
        while let found = find(delimiter, in: bytes, from: index) {
            // A delimiter starts the body or follows CRLF.
            if found == 0 || (found >= 2 && bytes[found - 2] == 13 && bytes[found - 1] == 10) {
                positions.append(found)
            }
            index = found + delimiter.count
        }
        guard positions.count >= 2 else { throw MultipartError.malformed("fewer than two boundary delimiters") }
        var parts: [MultipartPart] = []
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
            } else if let blank = find([13, 10, 13, 10], in: section, from: 0) {
                headerEnd = blank
                bodyStart = blank + 4
            } else {
                throw MultipartError.malformed("part has no blank line after its headers")
            }
            guard let headerText = String(bytes: section[0..<headerEnd], encoding: .utf8) else {
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

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0] && haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
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
        let metadataValue = try JSONDecoder().decode(JSONValue.self, from: parts[0].body)
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
