import Crypto
import Foundation
import HTTPTypes
@_spi(Generated) @_exported import MatrixAPIRuntime
@_exported import OpenAPIRuntime

/// Turns access tokens into principals. Return `nil` for a token the server does not know.
public protocol MatrixAuthenticator: Sendable {
    func authenticate(accessToken: String, request: HTTPRequest) async throws -> MatrixPrincipal?
}

/// Finds the public key a homeserver signs federation requests with (from its `/_matrix/key/v2/server`, a
/// notary, or a cache). Return `nil` when the key is unknown.
public protocol FederationKeyResolver: Sendable {
    func publicKey(server: String, keyID: String) async throws -> Curve25519.Signing.PublicKey?
}

public struct MatrixServerConfiguration: Sendable {
    /// Largest request body accepted; beyond it, 413 `M_TOO_LARGE`.
    public var maxBodyBytes: Int
    /// For operations secured by an access token. Without one, every token is unknown.
    public var authenticator: (any MatrixAuthenticator)?
    /// This server's name, the `destination` federation requests must be signed for.
    public var serverName: String?
    /// For operations secured by `X-Matrix` signatures.
    public var federationKeys: (any FederationKeyResolver)?
    /// Called with every error that becomes a 500, which the client sees only as `M_UNKNOWN`.
    public var onInternalError: (@Sendable (any Error, String) -> Void)?
    /// The most bytes the bodies of all requests being read or handled at once may hold; a request that would
    /// go beyond it is answered 429 `M_LIMIT_EXCEEDED` (retry later) and its body is not read further. Every
    /// registration made with this configuration (or a copy of it) shares the one budget.
    public var maxInFlightBodyBytes: Int { bodyBudget.limit }
    let bodyBudget: InFlightBodyBudget
    /// The bytes the bodies of requests in flight hold now (across every registration sharing this configuration).
    public var bodyBytesInFlight: Int { bodyBudget.bytesInFlight }

    public init(
        maxBodyBytes: Int = 50 << 20, authenticator: (any MatrixAuthenticator)? = nil, serverName: String? = nil,
        federationKeys: (any FederationKeyResolver)? = nil, onInternalError: (@Sendable (any Error, String) -> Void)? = nil,
        maxInFlightBodyBytes: Int = 256 << 20
    ) {
        self.maxBodyBytes = maxBodyBytes
        bodyBudget = InFlightBodyBudget(limit: maxInFlightBodyBytes)
        self.authenticator = authenticator
        self.serverName = serverName
        self.federationKeys = federationKeys
        self.onInternalError = onInternalError
    }
}

/// Registers every route of a generated handler protocol (`MatrixClientServerAPIRegistry.clientServerRoutes`)
/// on an OpenAPI `ServerTransport` — swift-openapi-hummingbird's `Router`, swift-openapi-vapor's
/// `VaporTransport`, ... Before the handler runs, each request is size-checked (413 `M_TOO_LARGE`),
/// authenticated (401 `M_MISSING_TOKEN` / `M_UNKNOWN_TOKEN`, or `X-Matrix` verification for federation) and
/// decoded (400 `M_NOT_JSON` / `M_BAD_JSON` / `M_MISSING_PARAM` / `M_INVALID_PARAM`). A `MatrixHTTPError` from
/// the handler is answered as is; any other error as 500 `M_UNKNOWN`, without details. A method a path does not
/// take is answered 405 `M_UNRECOGNIZED`.
public func registerMatrixRoutes<Handler: Sendable>(
    _ routes: [MatrixRoute<Handler>], handler: Handler, on transport: any ServerTransport,
    configuration: MatrixServerConfiguration = .init()
) throws {
    let dispatcher = MatrixDispatcher(configuration: configuration)
    var methodsByPath: [String: Set<HTTPRequest.Method>] = [:]
    // Operations that share a method and path are one route that picks by what decodes.
    var shared: [String: [MatrixRoute<Handler>]] = [:]
    var order: [String] = []
    for route in routes {
        let key = route.metadata.method.rawValue + " " + route.metadata.pathTemplate
        if shared[key] == nil { order.append(key) }
        shared[key, default: []].append(route)
    }
    for key in order {
        let candidates = shared[key]!
        let metadata = candidates[0].metadata
        let template = metadata.pathTemplate
        methodsByPath[template, default: []].insert(metadata.method)
        try transport.register({ request, body, _ in
            await dispatcher.handle(candidates, handler: handler, request: request, body: body)
        }, method: metadata.method, path: template)
        // A state key may be empty (`/rooms/{roomId}/state/{eventType}/`): routers drop an empty last segment,
        // so the template without its last parameter also leads here.
        if template.hasSuffix("/{stateKey}"), let slash = template.lastIndex(of: "/") {
            let parent = String(template[..<slash])
            if !routes.contains(where: { $0.metadata.pathTemplate == parent && $0.metadata.method == metadata.method }) {
                try transport.register({ request, body, _ in
                    await dispatcher.handle(candidates, handler: handler, request: request, body: body, emptyLastSegment: true)
                }, method: metadata.method, path: parent)
            }
        }
    }
    for (template, methods) in methodsByPath.sorted(by: { $0.key < $1.key }) {
        for method in [HTTPRequest.Method.get, .put, .post, .delete] where !methods.contains(method) {
            try transport.register({ _, _, _ in
                MatrixDispatcher.errorResponse(.methodNotAllowed)
            }, method: method, path: template)
        }
    }
}

struct MatrixDispatcher: Sendable {
    let configuration: MatrixServerConfiguration
    let state = DispatcherState()

    /// Answers a request in the order that costs an unauthenticated client the least: what the head alone decides
    /// (size, path, operations the handler does not serve, credentials) comes before the body is read, and the
    /// body is read only up to the limits, parsed once, and decoded once.
    func handle<Handler>(
        _ candidates: [MatrixRoute<Handler>], handler: Handler, request: HTTPRequest, body: HTTPBody?, emptyLastSegment: Bool = false
    ) async -> (HTTPResponse, HTTPBody?) {
        var operationID = candidates[0].metadata.operationID
        var reserved = 0
        defer { configuration.bodyBudget.release(reserved) }
        do {
            let declaredLength = request.headerFields[.contentLength].flatMap(Int.init)
            if let declaredLength, declaredLength > configuration.maxBodyBytes {
                throw MatrixHTTPError.tooLarge(limit: configuration.maxBodyBytes)
            }
            guard var incoming = match(request, template: candidates[0].metadata.pathTemplate, emptyLastSegment: emptyLastSegment) else {
                throw MatrixHTTPError.unrecognized
            }
            let served = candidates.filter { !state.isNotImplemented($0.metadata.operationID) }
            guard let first = served.first else { throw MatrixHTTPError.unrecognized }
            var context = MatrixRequestContext(operationID: first.metadata.operationID, headers: request.headerFields)
            let signature = try await authenticate(&context, metadata: first.metadata, request: request, incoming: incoming)
            incoming.body = try await readBody(body, declaredLength: declaredLength, reserved: &reserved)
            if let signature { try verify(signature, request: request, body: incoming.body, context: &context) }
            var call: MatrixRoute<Handler>.Call?
            var decodingError: (any Error)?
            for route in served {
                do {
                    call = try route.prepare(incoming)
                    operationID = route.metadata.operationID
                    break
                } catch {
                    decodingError = decodingError ?? error
                }
            }
            guard let call else { throw decodingError ?? MatrixHTTPError.unrecognized }
            context.operationID = operationID
            do {
                let response = try await call(handler, context)
                return (response.head, HTTPBody(response.body))
            } catch is OperationNotImplemented {
                state.markNotImplemented(operationID)
                throw MatrixHTTPError.unrecognized
            }
        } catch let error as MatrixHTTPError {
            return Self.errorResponse(error)
        } catch is OperationNotImplemented {
            return Self.errorResponse(.unrecognized)
        } catch {
            configuration.onInternalError?(error, operationID)
            return Self.errorResponse(.internalError)
        }
    }

    /// The request matched against the template, its path parameters taken out (the body comes later).
    func match(_ request: HTTPRequest, template: String, emptyLastSegment: Bool) -> IncomingRequest? {
        var head = request
        var template = template
        if emptyLastSegment, let slash = template.lastIndex(of: "/") {
            let name = String(template[template.index(slash, offsetBy: 2)...].dropLast())
            template = String(template[..<slash]) + "/{\(name)}"
            let (path, query) = PathTemplate.split(head.path ?? "/")
            head.path = (path.hasSuffix("/") ? String(path) : path + "/") + (query.map { "?" + $0 } ?? "")
        }
        if let matched = IncomingRequest(head: head, body: Data(), pathTemplate: template) { return matched }
        guard !emptyLastSegment else { return nil }
        // A trailing slash the template does not have (`/download/{serverName}/{mediaId}/`, as some clients send
        // when they leave the optional file name out).
        let (path, query) = PathTemplate.split(head.path ?? "/")
        guard path.count > 1, path.hasSuffix("/") else { return nil }
        head.path = String(path.dropLast()) + (query.map { "?" + $0 } ?? "")
        return IncomingRequest(head: head, body: Data(), pathTemplate: template)
    }

    /// The body, read chunk by chunk and abandoned as soon as it passes the request's limit or the budget that
    /// all requests in flight share. A declared `Content-Length` is taken from the budget (and allocated) at
    /// once, so a body that would not fit is refused before any of it is read, and memory is what is counted.
    func readBody(_ body: HTTPBody?, declaredLength: Int?, reserved: inout Int) async throws -> Data {
        var data = Data()
        guard let body else { return data }
        if let declaredLength, declaredLength > 0 {
            guard configuration.bodyBudget.reserve(declaredLength) else { throw MatrixHTTPError.serverBusy }
            reserved = declaredLength
            data.reserveCapacity(declaredLength)
        }
        for try await chunk in body {
            guard data.count + chunk.count <= configuration.maxBodyBytes else {
                throw MatrixHTTPError.tooLarge(limit: configuration.maxBodyBytes)
            }
            let needed = data.count + chunk.count - reserved
            if needed > 0 {
                guard configuration.bodyBudget.reserve(needed) else { throw MatrixHTTPError.serverBusy }
                reserved += needed
            }
            data.append(contentsOf: chunk)
        }
        return data
    }

    static func errorResponse(_ error: MatrixHTTPError) -> (HTTPResponse, HTTPBody?) {
        let message = (try? ResponseWriter.json(error.status, error.error)) ?? ResponseWriter.empty(error.status)
        return (message.head, HTTPBody(message.body))
    }

    /// A federation request's `X-Matrix` authorization whose key is known, to be checked once the body is read.
    struct PendingSignature {
        var authorization: XMatrixAuthorization
        var publicKey: Curve25519.Signing.PublicKey
        var destination: String
    }

    /// Checks the credentials the head carries. Access tokens are checked here, before any of the body is read;
    /// for a signed federation request the header and the key are, and the signature is returned for `verify`.
    func authenticate(
        _ context: inout MatrixRequestContext, metadata: OperationMetadata, request: HTTPRequest, incoming: IncomingRequest
    ) async throws -> PendingSignature? {
        let locations = Set(metadata.security.map(\.location))
        guard !locations.isEmpty else { return nil }
        if locations.contains(.signedRequest) {
            guard let header = request.headerFields[.authorization], let authorization = XMatrixAuthorization(headerValue: header) else {
                throw MatrixHTTPError(status: 401, error: .init(errcode: .unauthorized, error: "Missing X-Matrix authorization"))
            }
            guard let keys = configuration.federationKeys, let destination = configuration.serverName,
                let publicKey = try await keys.publicKey(server: authorization.origin, keyID: authorization.key)
            else {
                throw MatrixHTTPError(status: 401, error: .init(errcode: .unauthorized, error: "Unknown signing key \(authorization.key) of \(authorization.origin)"))
            }
            return PendingSignature(authorization: authorization, publicKey: publicKey, destination: destination)
        }
        // Access tokens: the Authorization header, or the (deprecated) query parameter where the spec allows it.
        var token: String?
        if let header = request.headerFields[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { token = String(parts[1]).trimmingCharacters(in: .whitespaces) }
        }
        if token == nil, locations.contains(.query) {
            let name = metadata.security.first { $0.location == .query }?.parameterName ?? "access_token"
            token = incoming.query.first { $0.name == name }?.value
        }
        guard let token else {
            if metadata.requiresAuthentication { throw MatrixHTTPError.missingToken }
            return nil
        }
        guard let authenticator = configuration.authenticator,
            let principal = try await authenticator.authenticate(accessToken: token, request: request)
        else {
            throw MatrixHTTPError.unknownToken
        }
        context.accessToken = token
        context.principal = principal
        return nil
    }

    /// Verifies a federation request's signature over its method, URI, origin, destination and body. A body is
    /// covered by the signature only as JSON, so a body that is not JSON is refused rather than left out.
    func verify(_ signature: PendingSignature, request: HTTPRequest, body: Data, context: inout MatrixRequestContext) throws {
        var content: JSONValue?
        if !body.isEmpty {
            do {
                content = try MatrixJSON.parse(body)
            } catch {
                throw MatrixHTTPError.notJSON(error, what: "A signed request's body is")
            }
        }
        guard FederationRequestSignature.verify(
            signature.authorization, method: request.method.rawValue, uri: request.path ?? "/", destination: signature.destination,
            content: content, publicKey: signature.publicKey)
        else {
            throw MatrixHTTPError(status: 401, error: .init(errcode: .unauthorized, error: "Invalid X-Matrix signature"))
        }
        context.principal = .server(ServerName(uncheckedRawValue: signature.authorization.origin))
    }
}

/// The operations a registration's handler turned out not to implement.
final class DispatcherState: @unchecked Sendable {
    private let lock = NSLock()
    private var notImplemented: Set<String> = []

    func isNotImplemented(_ operationID: String) -> Bool {
        lock.withLock { notImplemented.contains(operationID) }
    }

    func markNotImplemented(_ operationID: String) {
        _ = lock.withLock { notImplemented.insert(operationID) }
    }
}

/// The bytes that request bodies in flight hold, against a limit.
public final class InFlightBodyBudget: @unchecked Sendable {
    private let lock = NSLock()
    private var used = 0
    public let limit: Int

    public init(limit: Int) { self.limit = limit }

    /// Takes `bytes`; `false`, and nothing taken, when that would pass the limit.
    func reserve(_ bytes: Int) -> Bool {
        lock.withLock {
            guard bytes <= limit - used else { return false }
            used += bytes
            return true
        }
    }

    func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        lock.withLock { used -= bytes }
    }

    /// The bytes held now.
    public var bytesInFlight: Int { lock.withLock { used } }
}
