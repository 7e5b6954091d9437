import Foundation
public import HTTPTypes

/// JSON coders shared by generated code. Output keys are sorted so that encoded bodies are deterministic.
public enum MatrixJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// The deepest nesting of arrays and objects the runtime parses (a document nested deeper is refused
    /// before it is decoded). Matrix JSON in practice stays under 20 levels; Foundation's own limit is 512.
    public static let maximumDepth = 128

    /// Parses JSON bytes, strictly (RFC 8259, UTF-8) and in time linear in their size.
    public static func parse(_ data: some ContiguousBytes) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = data.withUnsafeBytes { bytes in
            Result { () throws(JSONParseError) in try parse(bytes) }
        }
        return try result.get()
    }

    static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        let nodes = try JSONParser.parse(bytes, maximumDepth: maximumDepth)
        return JSONDocument.value(of: nodes, in: bytes)
    }

    /// Decodes a value from JSON bytes: parsed (strictly, as `parse`) into a tape of byte ranges, then decoded
    /// from it, so strings are made only for what the value keeps and a `Raw` value keeps its bytes as they are.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try DocumentDecoding.decode(type, from: data)
    }

    /// Decodes a value from JSON already parsed.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        if type == JSONValue.self { return value as! T }
        if type == JSONObject.self, case .object(let object) = value { return object as! T }
        return try DocumentDecoding.decode(type, from: value.jsonData())
    }
}

/// Builds the HTTP request of an operation on the client side.
@_spi(Generated)
public struct RequestBuilder {
    private let method: HTTPRequest.Method
    private let template: PathTemplate
    private var pathValues: [String: String] = [:]
    private var query: [(String, String)] = []
    private var headers = HTTPFields()
    private var body: Data?

    public init(method: HTTPRequest.Method, pathTemplate: String) {
        self.method = method
        template = PathTemplate(pathTemplate)
    }

    public mutating func path<T: HTTPParameterValue>(_ name: String, _ value: T) {
        pathValues[name] = value.httpParameterString
    }

    public mutating func query<T: HTTPParameterValue>(_ name: String, _ value: T?) {
        if let value { query.append((name, value.httpParameterString)) }
    }

    /// An array parameter: the name repeated once per element (`form` style, exploded).
    public mutating func query<T: HTTPParameterValue>(_ name: String, _ values: [T]?) {
        for value in values ?? [] { query.append((name, value.httpParameterString)) }
    }

    /// An object parameter: each entry becomes its own query parameter (`form` style, exploded).
    public mutating func queryEntries<T: HTTPParameterValue>(_ entries: [String: T]?) {
        for (name, value) in (entries ?? [:]).sorted(by: { $0.key < $1.key }) {
            query.append((name, value.httpParameterString))
        }
    }

    public mutating func header<T: HTTPParameterValue>(_ name: String, _ value: T?) {
        guard let value, let fieldName = HTTPField.Name(name) else { return }
        headers.append(HTTPField(name: fieldName, value: value.httpParameterString))
    }

    public mutating func jsonBody<T: Encodable>(_ value: T) throws {
        body = try MatrixJSON.encode(value)
        headers[.contentType] = "application/json"
    }

    public mutating func rawBody(_ data: Data, defaultContentType: String) {
        body = data
        if headers[.contentType] == nil { headers[.contentType] = defaultContentType }
    }

    /// A media body: its bytes, `Content-Type` (or `defaultContentType`) and `Content-Disposition`.
    public mutating func media(_ media: MediaContent, defaultContentType: String) {
        body = media.data
        headers[.contentType] = media.contentType ?? defaultContentType
        if let disposition = media.contentDisposition { headers[.contentDisposition] = disposition.headerValue }
    }

    public func build() -> HTTPRequestMessage {
        var target = template.expand(pathValues)
        if !query.isEmpty {
            target += "?" + query.map { "\(Self.escapeQuery($0.0))=\(Self.escapeQuery($0.1))" }.joined(separator: "&")
        }
        return HTTPRequestMessage(
            head: HTTPRequest(method: method, scheme: nil, authority: nil, path: target, headerFields: headers),
            body: body)
    }

    static let queryAllowed = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func escapeQuery(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? value
    }
}

/// Reads the parameters and body of a request on the server side, answering malformed input with the
/// spec's error codes (`M_MISSING_PARAM`, `M_INVALID_PARAM`, `M_NOT_JSON`, `M_BAD_JSON`).
@_spi(Generated)
public struct RequestReader {
    public let request: IncomingRequest
    public init(_ request: IncomingRequest) { self.request = request }

    public func path<T: HTTPParameterValue>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let raw = request.pathParameters[name] else { throw MatrixHTTPError.missingParameter(name) }
        guard let value = T(httpParameterString: raw) else {
            throw MatrixHTTPError.invalidParameter(name, "\"\(raw)\" is not a valid \(T.self)")
        }
        return value
    }

    public func query<T: HTTPParameterValue>(_ name: String, as type: T.Type = T.self) throws -> T? {
        guard let raw = request.query.last(where: { $0.name == name })?.value else { return nil }
        guard let value = T(httpParameterString: raw) else {
            throw MatrixHTTPError.invalidParameter(name, "\"\(raw)\" is not a valid \(T.self)")
        }
        return value
    }

    public func requiredQuery<T: HTTPParameterValue>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let value = try query(name, as: type) else { throw MatrixHTTPError.missingParameter(name) }
        return value
    }

    public func queryArray<T: HTTPParameterValue>(_ name: String, as type: T.Type = T.self) throws -> [T]? {
        let raws = request.query.filter { $0.name == name }.map(\.value)
        guard !raws.isEmpty else { return nil }
        return try raws.map { raw in
            guard let value = T(httpParameterString: raw) else {
                throw MatrixHTTPError.invalidParameter(name, "\"\(raw)\" is not a valid \(T.self)")
            }
            return value
        }
    }

    /// Query parameters other than `known` (and the deprecated `access_token`), for object parameters.
    public func queryEntries<T: HTTPParameterValue>(excluding known: Set<String>, as type: T.Type = T.self) throws -> [String: T]? {
        var entries: [String: T] = [:]
        for item in request.query where !known.contains(item.name) && item.name != "access_token" {
            guard let value = T(httpParameterString: item.value) else {
                throw MatrixHTTPError.invalidParameter(item.name, "\"\(item.value)\" is not a valid \(T.self)")
            }
            entries[item.name] = value
        }
        return entries.isEmpty ? nil : entries
    }

    public func header<T: HTTPParameterValue>(_ name: String, as type: T.Type = T.self) throws -> T? {
        guard let fieldName = HTTPField.Name(name), let raw = request.headers[fieldName] else { return nil }
        guard let value = T(httpParameterString: raw) else {
            throw MatrixHTTPError.invalidParameter(name, "\"\(raw)\" is not a valid \(T.self)")
        }
        return value
    }

    public func jsonBody<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        let body = request.body.isEmpty ? Data("{}".utf8) : request.body
        return try decodeJSONBody(type, from: body)
    }

    public var rawBody: Data { request.body }
}

/// Decodes a request body, telling apart "not JSON" (`M_NOT_JSON`) from "JSON of the wrong shape" (`M_BAD_JSON`).
@_spi(Generated)
public func decodeJSONBody<T: Decodable>(_ type: T.Type, from body: Data) throws -> T {
    do {
        return try JSONDocument.with(body) { document in
            do {
                return try DocumentDecoding.decode(type, from: document)
            } catch {
                throw MatrixHTTPError(status: 400, error: .init(errcode: .badJSON, error: describe(error)))
            }
        }
    } catch let error as JSONParseError {
        throw MatrixHTTPError.notJSON(error)
    }
}

func describe(_ error: any Error) -> String {
    guard let decodingError = error as? DecodingError else { return "\(error)" }
    func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return keys.isEmpty ? "body" : "body" + keys
    }
    switch decodingError {
    case .keyNotFound(let key, let context):
        return "\(path(context)): missing required key \"\(key.stringValue)\""
    case .typeMismatch(let type, let context):
        return "\(path(context)): expected \(type): \(context.debugDescription)"
    case .valueNotFound(let type, let context):
        return "\(path(context)): expected \(type), found null"
    case .dataCorrupted(let context):
        return "\(path(context)): \(context.debugDescription)"
    @unknown default:
        return "\(error)"
    }
}

/// Reads a response on the client side.
@_spi(Generated)
public struct ResponseReader {
    public let message: HTTPResponseMessage
    public init(_ message: HTTPResponseMessage) { self.message = message }

    public var status: Int { message.head.status.code }

    public func json<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try MatrixJSON.decode(type, from: message.body)
    }

    public func media() -> MediaContent {
        MediaContent(
            data: message.body, contentType: message.head.headerFields[.contentType],
            contentDisposition: message.head.headerFields[.contentDisposition].flatMap(ContentDisposition.init(headerValue:)))
    }

    /// The standard error body when the server sent one (for statuses the spec gives no body).
    public func optionalMatrixError() -> MatrixError? {
        MatrixError(body: message.body)
    }

    public func redirect() -> Redirect {
        Redirect(location: message.head.headerFields[.location] ?? "")
    }

    public func multipartMedia() throws -> FederationMediaResponse {
        try FederationMediaResponse(multipartBody: message.body, contentType: message.head.headerFields[.contentType] ?? "")
    }
}

/// Writes a response on the server side.
@_spi(Generated)
public enum ResponseWriter {
    public static func json<T: Encodable>(_ status: Int, _ value: T) throws -> HTTPResponseMessage {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        return HTTPResponseMessage(head: HTTPResponse(status: .init(code: status), headerFields: fields), body: try MatrixJSON.encode(value))
    }

    public static func empty(_ status: Int) -> HTTPResponseMessage {
        HTTPResponseMessage(head: HTTPResponse(status: .init(code: status)), body: Data())
    }

    /// Media as Synapse serves it to browsers: a sandboxing `Content-Security-Policy`, `nosniff`, and
    /// `Cross-Origin-Resource-Policy: cross-origin`; a type outside `inlineMediaTypes` (HTML, SVG, JavaScript,
    /// ...) is served as an attachment, so that an upload never runs as a page of the server's origin.
    public static func media(_ status: Int, _ media: MediaContent) -> HTTPResponseMessage {
        var fields = HTTPFields()
        let contentType = media.contentType ?? "application/octet-stream"
        fields[.contentType] = contentType
        var disposition = media.contentDisposition
        if !MediaSecurity.isInline(contentType) {
            disposition = ContentDisposition(type: "attachment", filename: disposition?.filename)
        }
        if let disposition { fields[.contentDisposition] = disposition.headerValue }
        for (name, value) in MediaSecurity.headers {
            fields[HTTPField.Name(name)!] = value
        }
        return HTTPResponseMessage(head: HTTPResponse(status: .init(code: status), headerFields: fields), body: media.data)
    }

    public static func redirect(_ status: Int, _ redirect: Redirect) -> HTTPResponseMessage {
        var fields = HTTPFields()
        fields[.location] = redirect.location
        return HTTPResponseMessage(head: HTTPResponse(status: .init(code: status), headerFields: fields), body: Data())
    }

    public static func multipartMedia(_ status: Int, _ response: FederationMediaResponse) throws -> HTTPResponseMessage {
        let (contentType, body) = try response.encodeMultipart()
        var fields = HTTPFields()
        fields[.contentType] = contentType
        return HTTPResponseMessage(head: HTTPResponse(status: .init(code: status), headerFields: fields), body: body)
    }

    /// An error status with the standard error body, or no body.
    public static func optionalError(_ status: Int, _ error: MatrixError?) throws -> HTTPResponseMessage {
        guard let error else { return empty(status) }
        return try json(status, error)
    }

    public static func raw(_ status: Int, _ body: Data) -> HTTPResponseMessage {
        HTTPResponseMessage(head: HTTPResponse(status: .init(code: status)), body: body)
    }
}

/// A response with a status the spec does not document for the operation.
public struct UndocumentedResponse: Sendable, Hashable {
    public var status: Int
    public var body: Data

    /// The body as the standard error, when it is one (a 429 or 500 that the spec does not list).
    public var matrixError: MatrixError? {
        MatrixError(body: body)
    }
    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

/// The browser protections a content repository sends with media (as Synapse does).
public enum MediaSecurity {
    public static let contentSecurityPolicy =
        "sandbox; default-src 'none'; script-src 'none'; plugin-types application/pdf; style-src 'unsafe-inline'; media-src 'self'; object-src 'self';"

    /// The headers every media response carries.
    public static let headers: [(name: String, value: String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("Cross-Origin-Resource-Policy", "cross-origin"),
    ]

    /// The types a browser may show inline (Synapse's list); anything else is served as an attachment.
    public static let inlineMediaTypes: Set<String> = [
        "text/css", "text/plain", "text/csv", "application/json", "application/ld+json",
        "image/jpeg", "image/gif", "image/png", "image/apng", "image/webp", "image/avif",
        "video/mp4", "video/webm", "video/ogg", "video/quicktime",
        "audio/mp4", "audio/webm", "audio/aac", "audio/mpeg", "audio/ogg", "audio/wave", "audio/wav", "audio/x-wav",
        "audio/x-pn-wav", "audio/flac", "audio/x-flac",
    ]

    /// Whether `contentType` (parameters ignored) may be shown inline.
    public static func isInline(_ contentType: String) -> Bool {
        let essence = contentType.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        return inlineMediaTypes.contains(essence)
    }
}
