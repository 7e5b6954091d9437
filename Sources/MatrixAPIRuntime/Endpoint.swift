import Foundation
@_exported public import HTTPTypes

/// How an operation authenticates, as its `security` section names it.
public struct SecurityScheme: Sendable, Hashable, CustomStringConvertible {
    public enum Location: String, Sendable, Hashable {
        /// `Authorization: Bearer <token>`.
        case bearerHeader
        /// A query parameter (`access_token`); deprecated by Matrix 1.11 (MSC4126).
        case query
        /// `Authorization: X-Matrix ...`, a signed federation request.
        case signedRequest
    }

    /// The scheme's name in the spec (`accessTokenBearer`, `signedRequest`, ...).
    public var name: String
    public var location: Location
    /// The query parameter's name, for `.query`.
    public var parameterName: String?

    public init(name: String, location: Location, parameterName: String? = nil) {
        self.name = name
        self.location = location
        self.parameterName = parameterName
    }

    public var description: String { name }
}

/// The Matrix versions that added, changed or deprecated something.
public struct Availability: Sendable, Hashable {
    public var added: String?
    public var changed: [String]
    public var deprecated: Bool

    public init(added: String? = nil, changed: [String] = [], deprecated: Bool = false) {
        self.added = added
        self.changed = changed
        self.deprecated = deprecated
    }
}

/// What the spec says about one operation.
public struct OperationMetadata: Sendable, Hashable {
    /// The spec's `operationId`.
    public var operationID: String
    /// The API group, for example `client-server`.
    public var group: String
    public var method: HTTPRequest.Method
    /// The full path template, base path included: `/_matrix/client/v3/rooms/{roomId}/join`.
    public var pathTemplate: String
    /// The schemes any one of which authenticates the request.
    public var security: [SecurityScheme]
    /// Whether the operation may also be called without authentication.
    public var authenticationOptional: Bool
    public var availability: Availability
    public var summary: String
    /// Where the operation is defined: `client-server/sync.yaml#/paths/~1sync/get`.
    public var source: String

    public init(
        operationID: String, group: String, method: HTTPRequest.Method, pathTemplate: String,
        security: [SecurityScheme], authenticationOptional: Bool, availability: Availability, summary: String,
        source: String
    ) {
        self.operationID = operationID
        self.group = group
        self.method = method
        self.pathTemplate = pathTemplate
        self.security = security
        self.authenticationOptional = authenticationOptional
        self.availability = availability
        self.summary = summary
        self.source = source
    }

    /// Whether a request must carry credentials.
    public var requiresAuthentication: Bool { !security.isEmpty && !authenticationOptional }
}

/// An HTTP request or response head with its whole body.
public struct HTTPRequestMessage: Sendable, Hashable {
    public var head: HTTPRequest
    public var body: Data?
    public init(head: HTTPRequest, body: Data?) {
        self.head = head
        self.body = body
    }
}

public struct HTTPResponseMessage: Sendable, Hashable {
    public var head: HTTPResponse
    public var body: Data
    public init(head: HTTPResponse, body: Data) {
        self.head = head
        self.body = body
    }
}

/// A request as a server received it, with the path parameters already taken from the path
/// (percent-decoded) and the query string split into name/value pairs (percent-decoded).
public struct IncomingRequest: Sendable, Hashable {
    public var method: HTTPRequest.Method
    public var pathParameters: [String: String]
    public var query: [QueryItem]
    public var headers: HTTPFields
    public var body: Data

    public init(
        method: HTTPRequest.Method, pathParameters: [String: String], query: [QueryItem], headers: HTTPFields,
        body: Data
    ) {
        self.method = method
        self.pathParameters = pathParameters
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Matches a request head against an operation's path template; `nil` when the path does not match.
    public init?(head: HTTPRequest, body: Data, pathTemplate: String) {
        let (path, queryString) = PathTemplate.split(head.path ?? "/")
        guard let parameters = PathTemplate(pathTemplate).match(path) else { return nil }
        self.init(
            method: head.method, pathParameters: parameters, query: QueryItem.parse(queryString),
            headers: head.headerFields, body: body)
    }
}

public struct QueryItem: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Splits a query string and percent-decodes names and values (`+` is a space, as forms write it).
    public static func parse(_ query: Substring?) -> [QueryItem] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return QueryItem(name: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}

/// A path template such as `/_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}`.
public struct PathTemplate: Sendable, Hashable {
    enum Segment: Hashable, Sendable {
        case literal(String)
        case parameter(String)
    }
    let segments: [Segment]

    public init(_ template: String) {
        segments = template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }

    public var parameterNames: [String] {
        segments.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
    }

    /// Substitutes percent-encoded parameter values. An empty value (an empty state key) leaves an empty
    /// segment, so `/state/m.room.name/` keeps its trailing slash.
    public func expand(_ values: [String: String]) -> String {
        var path = ""
        for segment in segments {
            path += "/"
            switch segment {
            case .literal(let literal): path += literal
            case .parameter(let name): path += PathTemplate.escapeSegment(values[name] ?? "")
            }
        }
        return path
    }

    /// Matches a concrete path (without its query), returning percent-decoded parameter values.
    public func match(_ path: Substring) -> [String: String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard path.hasPrefix("/"), parts.count == segments.count else { return nil }
        var values: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal):
                guard part == literal else { return nil }
            case .parameter(let name):
                guard let decoded = part.removingPercentEncoding else { return nil }
                values[name] = decoded
            }
        }
        return values
    }

    public static func split(_ target: String) -> (path: Substring, query: Substring?) {
        guard let mark = target.firstIndex(of: "?") else { return (Substring(target), nil) }
        return (target[..<mark], target[target.index(after: mark)...])
    }

    /// RFC 3986 unreserved characters stay; everything else, `@`, `:`, `/`, `#`, `!` and `$` included, is
    /// percent-encoded so that identifiers survive any server's routing.
    public static func escapeSegment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

/// A value that travels as a path, query or header parameter.
public protocol HTTPParameterValue: Sendable {
    var httpParameterString: String { get }
    init?(httpParameterString: String)
}

extension String: HTTPParameterValue {
    public var httpParameterString: String { self }
    public init?(httpParameterString: String) { self = httpParameterString }
}

extension Int: HTTPParameterValue {
    public var httpParameterString: String { String(self) }
    public init?(httpParameterString: String) { self.init(httpParameterString) }
}

extension Int64: HTTPParameterValue {
    public var httpParameterString: String { String(self) }
    public init?(httpParameterString: String) { self.init(httpParameterString) }
}

extension Double: HTTPParameterValue {
    public var httpParameterString: String { String(self) }
    public init?(httpParameterString: String) { self.init(httpParameterString) }
}

extension Bool: HTTPParameterValue {
    public var httpParameterString: String { self ? "true" : "false" }
    public init?(httpParameterString: String) {
        switch httpParameterString {
        case "true": self = true
        case "false": self = false
        default: return nil
        }
    }
}

extension HTTPParameterValue where Self: MatrixIdentifier {
    public var httpParameterString: String { rawValue }
    public init?(httpParameterString: String) { self.init(rawValue: httpParameterString) }
}

extension UserID: HTTPParameterValue {}
extension RoomID: HTTPParameterValue {}
extension RoomAlias: HTTPParameterValue {}
extension EventID: HTTPParameterValue {}
extension ServerName: HTTPParameterValue {}
extension MXCURI: HTTPParameterValue {}

extension HTTPParameterValue where Self: OpenStringEnum {
    public var httpParameterString: String { rawValue }
    public init?(httpParameterString: String) { self.init(rawValue: httpParameterString) }
}

/// An operation of the Matrix API: its metadata and the codecs between its typed request and response and
/// HTTP messages, in both directions (client: encode request, decode response; server: decode request,
/// encode response).
public protocol MatrixEndpoint: Sendable {
    associatedtype Request: Sendable
    associatedtype Response: MatrixEndpointResponse

    static var metadata: OperationMetadata { get }

    /// Client side: the HTTP request for `request` (path and query; no scheme, authority or credentials).
    static func makeHTTPRequest(_ request: Request) throws -> HTTPRequestMessage
    /// Client side: the typed response for what the server answered.
    static func decodeResponse(_ response: HTTPResponseMessage) throws -> Response
    /// Server side: the typed request; throws `MatrixHTTPError` with the spec's error codes when malformed.
    static func decodeRequest(_ request: IncomingRequest) throws -> Request
    /// Server side: the HTTP response for a typed response.
    static func makeHTTPResponse(_ response: Response) throws -> HTTPResponseMessage
}

/// What every generated `Response` enum tells without a switch.
public protocol MatrixEndpointResponse: Sendable {
    /// The HTTP status it is (or was) sent with.
    var status: Int { get }
    /// The standard error body, when it is an error response carrying one.
    var matrixError: MatrixError? { get }
}

/// An error answered over HTTP: a status and the standard error body.
public struct MatrixHTTPError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Int
    public var error: MatrixError

    public init(status: Int, error: MatrixError) {
        self.status = status
        self.error = error
    }

    public static func missingParameter(_ name: String) -> Self {
        .init(status: 400, error: .init(errcode: .missingParam, error: "Missing parameter: \(name)"))
    }

    public static func invalidParameter(_ name: String, _ reason: String) -> Self {
        .init(status: 400, error: .init(errcode: .invalidParam, error: "Invalid parameter \(name): \(reason)"))
    }

    /// 400 `M_NOT_JSON`, saying where and why the body is not JSON.
    public static func notJSON(_ failure: JSONParseError, what: String = "Content") -> Self {
        .init(status: 400, error: .init(errcode: .notJSON, error: "\(what) not JSON: \(failure.reason) at byte \(failure.offset)."))
    }

    /// 404 `M_UNRECOGNIZED`: an operation the server does not serve.
    public static let unrecognized = Self(status: 404, error: .init(errcode: .unrecognized, error: "Unrecognized request"))
    /// 405 `M_UNRECOGNIZED`: a known path with a method it does not take.
    public static let methodNotAllowed = Self(status: 405, error: .init(errcode: .unrecognized, error: "Method not allowed"))
    /// 401 `M_MISSING_TOKEN`.
    public static let missingToken = Self(status: 401, error: .init(errcode: .missingToken, error: "Missing access token"))
    /// 401 `M_UNKNOWN_TOKEN`.
    public static let unknownToken = Self(status: 401, error: .init(errcode: .unknownToken, error: "Unknown access token"))
    /// 413 `M_TOO_LARGE`.
    public static func tooLarge(limit: Int) -> Self {
        .init(status: 413, error: .init(errcode: .tooLarge, error: "Request body larger than \(limit) bytes"))
    }
    /// 429 `M_LIMIT_EXCEEDED`: the server holds as many request bodies as it will; retry in a second.
    public static let serverBusy = Self(
        status: 429, error: .init(errcode: .limitExceeded, error: "Too many requests in flight", retryAfterMs: 1000))
    /// 500 `M_UNKNOWN`, saying nothing of what went wrong inside.
    public static let internalError = Self(status: 500, error: .init(errcode: .unknown, error: "Internal server error"))
    /// 404 `M_NOT_FOUND`.
    public static func notFound(_ message: String = "Not found") -> Self {
        .init(status: 404, error: .init(errcode: .notFound, error: message))
    }
    /// 403 `M_FORBIDDEN`.
    public static func forbidden(_ message: String = "Forbidden") -> Self {
        .init(status: 403, error: .init(errcode: .forbidden, error: message))
    }

    public var description: String { "\(status) \(error)" }
}

/// A response the generated client could not read: it names the operation and the status.
public struct ResponseDecodingError: Error, CustomStringConvertible, Sendable {
    public var operationID: String
    public var status: Int
    public var underlying: any Error

    public init(operationID: String, status: Int, underlying: any Error) {
        self.operationID = operationID
        self.status = status
        self.underlying = underlying
    }

    public var description: String {
        "\(operationID): cannot decode the \(status) response: \(underlying)"
    }
}
