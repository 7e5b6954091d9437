import Foundation
import HTTPTypes

/// What `GET /_matrix/client/versions` says the server supports.
public struct SupportedVersions: Sendable, Hashable {
    public var versions: [String]
    public var unstableFeatures: [String: Bool]

    public init(versions: [String], unstableFeatures: [String: Bool] = [:]) {
        self.versions = versions
        self.unstableFeatures = unstableFeatures
    }

    /// Whether the server advertises `version` (`v1.11`) or a later `v1.x`.
    public func supports(atLeast version: String) -> Bool {
        guard let wanted = Self.parse(version) else { return versions.contains(version) }
        return versions.contains { Self.parse($0).map { $0 >= wanted } ?? false }
    }

    /// Matrix 1.11's authenticated media (MSC3916): `/_matrix/client/v1/media/*`.
    public var supportsAuthenticatedMedia: Bool {
        supports(atLeast: "v1.11") || unstableFeatures["org.matrix.msc3916.stable"] == true
    }

    static func parse(_ version: String) -> (Int, Int)? {
        guard version.hasPrefix("v") else { return nil }
        let parts = version.dropFirst().split(separator: ".").map { Int($0) }
        guard parts.count == 2, let major = parts[0], let minor = parts[1] else { return nil }
        return (major, minor)
    }
}

/// Media as it arrives: the headers, and the bytes as an async sequence of chunks (`for try await chunk in
/// stream.body`), not read into memory unless `collect` is called.
public struct MediaStream: Sendable {
    public var contentType: String?
    public var contentDisposition: ContentDisposition?
    /// `Content-Length`, when the server sent one.
    public var contentLength: Int?
    public var body: HTTPBody

    /// The whole content, refusing more than `maxBytes`.
    public func collect(upTo maxBytes: Int = 64 << 20) async throws -> MediaContent {
        MediaContent(data: try await Data(collecting: body, upTo: maxBytes), contentType: contentType, contentDisposition: contentDisposition)
    }
}

/// The content repository's limits, from whichever `config` endpoint the server supports.
public struct MediaConfig: Sendable, Hashable {
    /// `m.upload.size`: the largest upload the server accepts, in bytes.
    public var uploadSize: Int64?
    /// Every key of the response.
    public var fields: JSONObject
}

extension MatrixClient {
    /// The server's versions, asked once and remembered (`refresh` asks again).
    public func supportedVersions(refresh: Bool = false) async throws -> SupportedVersions {
        if !refresh, let known = cachedVersions { return known }
        let body = try await getVersions()
        let versions = SupportedVersions(versions: body.versions, unstableFeatures: body.unstableFeatures ?? [:])
        cachedVersions = versions
        return versions
    }

    /// Whether media goes through Matrix 1.11's authenticated endpoints (when the server advertises v1.11 or
    /// MSC3916) or the older `/_matrix/media/v3` ones.
    public func usesAuthenticatedMedia() async throws -> Bool {
        try await supportedVersions().supportsAuthenticatedMedia
    }

    /// Downloads `mxc://server/id` as a stream, through the endpoint the server supports; redirects are followed.
    public func downloadMedia(_ uri: MXCURI, fileName: String? = nil, timeoutMs: Int64? = nil) async throws -> MediaStream {
        let server = uri.serverName, id = uri.mediaID
        if try await usesAuthenticatedMedia() {
            if let fileName {
                return try await streamMedia(GetContentOverrideNameAuthed.self, .init(serverName: server, mediaID: id, fileName: fileName, timeoutMs: timeoutMs))
            }
            return try await streamMedia(GetContentAuthed.self, .init(serverName: server, mediaID: id, timeoutMs: timeoutMs))
        }
        return try await (self as any LegacyMedia).legacyDownload(uri, fileName: fileName, timeoutMs: timeoutMs)
    }

    /// A thumbnail of `mxc://server/id`, through the endpoint the server supports.
    public func downloadThumbnail(
        _ uri: MXCURI, width: Int, height: Int, crop: Bool = false, animated: Bool? = nil, timeoutMs: Int64? = nil
    ) async throws -> MediaStream {
        let server = uri.serverName, id = uri.mediaID
        if try await usesAuthenticatedMedia() {
            return try await streamMedia(GetContentThumbnailAuthed.self, .init(
                serverName: server, mediaID: id, width: width, height: height, method: crop ? .crop : .scale,
                timeoutMs: timeoutMs, animated: animated))
        }
        return try await (self as any LegacyMedia).legacyThumbnail(uri, width: width, height: height, crop: crop, animated: animated, timeoutMs: timeoutMs)
    }

    /// The content repository's configuration, through the endpoint the server supports.
    public func mediaConfig() async throws -> MediaConfig {
        if try await usesAuthenticatedMedia() {
            let body = try await getConfigAuthed()
            return MediaConfig(uploadSize: body.mUploadSize, fields: try JSONValue.object(of: body))
        }
        return try await (self as any LegacyMedia).legacyConfig()
    }

    /// OpenGraph data for `url`, through the endpoint the server supports.
    public func previewURL(_ url: String, at ts: Int64? = nil) async throws -> JSONObject {
        if try await usesAuthenticatedMedia() {
            return try JSONValue.object(of: try await getURLPreviewAuthed(.init(url: url, ts: ts)))
        }
        return try await (self as any LegacyMedia).legacyPreview(url, at: ts)
    }

    /// Uploads bytes as they come (`body` may be a stream; give `length` when it is known) and returns their
    /// `mxc://` URI.
    public func uploadMedia(_ body: HTTPBody, contentType: String, fileName: String? = nil) async throws -> MXCURI {
        let operationID = UploadContent.metadata.operationID
        var head = try UploadContent.makeHTTPRequest(.init(filename: fileName, body: MediaContent(data: Data(), contentType: contentType))).head
        if case .known(let length) = body.length { head.headerFields[.contentLength] = String(length) }
        let (responseHead, responseBody) = try await perform(authorized(head, for: UploadContent.metadata), body: body, operationID: operationID)
        let response = try await decode(UploadContent.self, head: responseHead, body: responseBody)
        guard case .ok(let uploaded) = response else { throw MatrixResponseError(operationID: operationID, response: response) }
        return uploaded.contentURI
    }

    /// Sends a media operation and hands its 200 body over as a stream; any other answer is decoded and
    /// thrown as `MatrixResponseError`.
    public func streamMedia<E: MatrixEndpoint>(_ endpoint: E.Type, _ request: E.Request) async throws -> MediaStream {
        let operationID = E.metadata.operationID
        let message = try E.makeHTTPRequest(request)
        let (head, body) = try await perform(authorized(message.head, for: E.metadata), body: nil, operationID: operationID)
        if head.status.code == 200 {
            return MediaStream(
                contentType: head.headerFields[.contentType],
                contentDisposition: head.headerFields[.contentDisposition].flatMap(ContentDisposition.init(headerValue:)),
                contentLength: head.headerFields[.contentLength].flatMap { Int($0) },
                body: body ?? HTTPBody())
        }
        throw MatrixResponseError(operationID: operationID, response: try await decode(E.self, head: head, body: body))
    }
}

extension JSONValue {
    /// Any encodable value as a JSON object (the fields of a generated response body).
    static func object(of value: some Encodable) throws -> JSONObject {
        try MatrixJSON.decode(JSONObject.self, from: MatrixJSON.encode(value))
    }
}

/// The `/_matrix/media/v3` endpoints that Matrix 1.11 deprecates, for servers without authenticated media.
/// Called through this protocol so that using them on purpose does not warn.
protocol LegacyMedia {
    func legacyDownload(_ uri: MXCURI, fileName: String?, timeoutMs: Int64?) async throws -> MediaStream
    func legacyThumbnail(_ uri: MXCURI, width: Int, height: Int, crop: Bool, animated: Bool?, timeoutMs: Int64?) async throws -> MediaStream
    func legacyConfig() async throws -> MediaConfig
    func legacyPreview(_ url: String, at ts: Int64?) async throws -> JSONObject
}

extension MatrixClient: LegacyMedia {
    @available(*, deprecated, message: "the unauthenticated media endpoints, for servers older than Matrix 1.11")
    func legacyDownload(_ uri: MXCURI, fileName: String?, timeoutMs: Int64?) async throws -> MediaStream {
        let server = uri.serverName, id = uri.mediaID
        if let fileName {
            return try await streamMedia(GetContentOverrideName.self, .init(serverName: server, mediaID: id, fileName: fileName, timeoutMs: timeoutMs, allowRedirect: true))
        }
        return try await streamMedia(GetContent.self, .init(serverName: server, mediaID: id, timeoutMs: timeoutMs, allowRedirect: true))
    }

    @available(*, deprecated, message: "the unauthenticated media endpoints, for servers older than Matrix 1.11")
    func legacyThumbnail(_ uri: MXCURI, width: Int, height: Int, crop: Bool, animated: Bool?, timeoutMs: Int64?) async throws -> MediaStream {
        try await streamMedia(GetContentThumbnail.self, .init(
            serverName: uri.serverName, mediaID: uri.mediaID, width: width, height: height, method: crop ? .crop : .scale,
            timeoutMs: timeoutMs, allowRedirect: true, animated: animated))
    }

    @available(*, deprecated, message: "the unauthenticated media endpoints, for servers older than Matrix 1.11")
    func legacyConfig() async throws -> MediaConfig {
        let body = try await getConfig()
        return MediaConfig(uploadSize: body.mUploadSize, fields: try JSONValue.object(of: body))
    }

    @available(*, deprecated, message: "the unauthenticated media endpoints, for servers older than Matrix 1.11")
    func legacyPreview(_ url: String, at ts: Int64?) async throws -> JSONObject {
        try JSONValue.object(of: try await getURLPreview(.init(url: url, ts: ts)))
    }
}
