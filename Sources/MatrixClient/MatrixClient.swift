import Foundation
import HTTPTypes
@_exported import MatrixAPIRuntime
@_exported import MatrixClientServerAPI
@_exported import OpenAPIRuntime

/// A typed client of a homeserver's client-server API over any swift-openapi-runtime `ClientTransport`
/// (swift-openapi-async-http-client, swift-openapi-urlsession, ...), with its `ClientMiddleware`s.
///
/// Every operation of the spec is a method generated on `ClientServerAPIClient`:
/// `try await client.sync(.init(since: token, timeout: 30_000))` returns the typed body or throws
/// `MatrixResponseError` (status, `errcode`, `error`, `retry_after_ms`, and the typed response).
///
/// Authentication follows Matrix 1.11: the access token travels in `Authorization: Bearer`, never in the query
/// string (deprecated by MSC4126); operations without security send none.
public final class MatrixClient: ClientServerAPIClient, @unchecked Sendable {
    public struct Configuration: Sendable {
        /// Longest wait for one operation (headers and body), `nil` for none.
        public var timeout: Duration?
        /// Largest response body read into memory (media bodies stream instead with `downloadMedia`).
        public var maxResponseBytes: Int
        /// Redirects (307/308, and 301/302/303 for GET) followed when the transport does not follow them itself.
        public var maxRedirects: Int

        public init(timeout: Duration? = .seconds(90), maxResponseBytes: Int = 64 << 20, maxRedirects: Int = 5) {
            self.timeout = timeout
            self.maxResponseBytes = maxResponseBytes
            self.maxRedirects = maxRedirects
        }
    }

    public let serverURL: URL
    public let transport: any ClientTransport
    public let middlewares: [any ClientMiddleware]
    public let configuration: Configuration

    private let lock = NSLock()
    private var _accessToken: String?
    private var _versions: SupportedVersions?

    public init(
        serverURL: URL, transport: any ClientTransport, middlewares: [any ClientMiddleware] = [],
        accessToken: String? = nil, configuration: Configuration = .init()
    ) {
        self.serverURL = serverURL
        self.transport = transport
        self.middlewares = middlewares
        self._accessToken = accessToken
        self.configuration = configuration
    }

    /// The access token sent with operations that take one (set it after `login` or `register`).
    public var accessToken: String? {
        get { lock.withLock { _accessToken } }
        set { lock.withLock { _accessToken = newValue } }
    }

    var cachedVersions: SupportedVersions? {
        get { lock.withLock { _versions } }
        set { lock.withLock { _versions = newValue } }
    }

    // MARK: Sending

    public func send<E: MatrixEndpoint>(_ endpoint: E.Type, _ request: E.Request) async throws -> E.Response {
        let operationID = E.metadata.operationID
        let message: HTTPRequestMessage
        do {
            message = try E.makeHTTPRequest(request)
        } catch {
            throw MatrixClientError(operationID: operationID, kind: .invalidRequest(String(describing: error)))
        }
        let (head, body) = try await perform(authorized(message.head, for: E.metadata), body: message.body.map { HTTPBody($0) }, operationID: operationID)
        return try await decode(E.self, head: head, body: body)
    }

    /// Reads the response body and decodes it as `E`'s response; an undecodable one is a `MatrixClientError`.
    func decode<E: MatrixEndpoint>(_ endpoint: E.Type, head: HTTPResponse, body: HTTPBody?) async throws -> E.Response {
        let operationID = E.metadata.operationID
        let data = try await collect(body, operationID: operationID, status: head.status.code)
        do {
            return try E.decodeResponse(HTTPResponseMessage(head: head, body: data))
        } catch {
            throw MatrixClientError(operationID: operationID, kind: .undecodableResponse(status: head.status.code, String(describing: error)))
        }
    }

    /// The request head with the credentials the operation takes: `Authorization: Bearer` when it accepts a
    /// bearer token (a v1.10 spec names only the query parameter; the header has always worked and is what
    /// v1.11 asks for). An operation that requires authentication fails here without a token.
    func authorized(_ head: HTTPRequest, for metadata: OperationMetadata) throws -> HTTPRequest {
        var head = head
        let schemes = metadata.security.map(\.location)
        guard !schemes.isEmpty else { return head }
        if schemes.contains(.bearerHeader) || schemes.contains(.query) {
            if let token = accessToken {
                head.headerFields[.authorization] = "Bearer \(token)"
            } else if metadata.requiresAuthentication {
                throw MatrixClientError(operationID: metadata.operationID, kind: .missingAccessToken)
            }
            return head
        }
        throw MatrixClientError(
            operationID: metadata.operationID,
            kind: .unsupportedAuthentication(schemes.map(\.rawValue).joined(separator: ", ")))
    }

    /// Sends through the middlewares and the transport, following redirects, within the configured timeout;
    /// every failure becomes a `MatrixClientError` naming the operation.
    func perform(_ head: HTTPRequest, body: HTTPBody?, operationID: String) async throws -> (HTTPResponse, HTTPBody?) {
        do {
            return try await withTimeout(operationID: operationID) {
                try await self.sendFollowingRedirects(head, body: body, operationID: operationID)
            }
        } catch let error as MatrixClientError {
            throw error
        } catch is CancellationError {
            throw MatrixClientError(operationID: operationID, kind: .cancelled)
        } catch {
            if Task.isCancelled { throw MatrixClientError(operationID: operationID, kind: .cancelled) }
            throw MatrixClientError(operationID: operationID, kind: .transport(String(describing: error)))
        }
    }

    /// `scheme://host[:port]` of `url`, or `nil` when it has no such origin.
    static func origin(of url: URL) -> URL? {
        var components = URLComponents()
        components.scheme = url.scheme
        components.host = url.host
        components.port = url.port
        guard url.scheme != nil, url.host != nil else { return nil }
        return components.url
    }

    private func sendFollowingRedirects(_ head: HTTPRequest, body: HTTPBody?, operationID: String) async throws -> (HTTPResponse, HTTPBody?) {
        var head = head
        var baseURL = serverURL
        var redirects = 0
        while true {
            let (response, responseBody) = try await sendThroughMiddlewares(head, body: body, baseURL: baseURL, operationID: operationID)
            let code = response.status.code
            let followable = [307, 308].contains(code) || ([301, 302, 303].contains(code) && head.method == .get)
            // The origin is rebuilt from the parsed target; whatever a server puts in `Location` either yields a
            // URL or is not followed, never a trap.
            guard followable, let location = response.headerFields[.location], redirects < configuration.maxRedirects,
                let target = URL(string: location, relativeTo: baseURL)?.absoluteURL,
                let newBase = Self.origin(of: target)
            else {
                return (response, responseBody)
            }
            redirects += 1
            // The token goes only back to the homeserver, never to another origin.
            if target.host != serverURL.host || target.port != serverURL.port || target.scheme != serverURL.scheme {
                head.headerFields[.authorization] = nil
            }
            baseURL = newBase
            var path = target.path.isEmpty ? "/" : target.path
            if let query = target.query { path += "?" + query }
            head.path = path
            if code == 303 { head.method = .get }
        }
    }

    private func sendThroughMiddlewares(_ head: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String) async throws -> (HTTPResponse, HTTPBody?) {
        var next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?) = { [transport] head, body, url in
            try await transport.send(head, body: body, baseURL: url, operationID: operationID)
        }
        for middleware in middlewares.reversed() {
            let inner = next
            next = { head, body, url in
                try await middleware.intercept(head, body: body, baseURL: url, operationID: operationID, next: inner)
            }
        }
        return try await next(head, body, baseURL)
    }

    private func withTimeout<T: Sendable>(operationID: String, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let timeout = configuration.timeout else { return try await work() }
        return try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw MatrixClientError(operationID: operationID, kind: .timedOut(timeout))
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    func collect(_ body: HTTPBody?, operationID: String, status: Int) async throws -> Data {
        guard let body else { return Data() }
        do {
            return try await Data(collecting: body, upTo: configuration.maxResponseBytes)
        } catch is CancellationError {
            throw MatrixClientError(operationID: operationID, kind: .cancelled)
        } catch {
            throw MatrixClientError(operationID: operationID, kind: .transport("reading the HTTP \(status) body: \(error)"))
        }
    }
}

/// A failure of the client itself (not an answer of the server, which is `MatrixResponseError`), naming the
/// operation.
public struct MatrixClientError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The request could not be encoded.
        case invalidRequest(String)
        /// The operation requires an access token and the client has none.
        case missingAccessToken
        /// The operation authenticates in a way this client does not (federation's signed requests).
        case unsupportedAuthentication(String)
        /// The transport failed (connection refused, reset, TLS, ...).
        case transport(String)
        case timedOut(Duration)
        case cancelled
        /// The server answered, but not with what the spec documents for that status.
        case undecodableResponse(status: Int, String)
        /// The server does not support what was asked (a feature of a newer spec version).
        case unsupportedByServer(String)
    }

    public var operationID: String
    public var kind: Kind

    public init(operationID: String, kind: Kind) {
        self.operationID = operationID
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .invalidRequest(let reason): "\(operationID): cannot encode the request: \(reason)"
        case .missingAccessToken: "\(operationID): requires an access token and the client has none"
        case .unsupportedAuthentication(let schemes): "\(operationID): authenticates with \(schemes), which this client does not do"
        case .transport(let reason): "\(operationID): transport failed: \(reason)"
        case .timedOut(let duration): "\(operationID): no answer within \(duration)"
        case .cancelled: "\(operationID): cancelled"
        case .undecodableResponse(let status, let reason): "\(operationID): cannot decode the HTTP \(status) response: \(reason)"
        case .unsupportedByServer(let reason): "\(operationID): \(reason)"
        }
    }
}
