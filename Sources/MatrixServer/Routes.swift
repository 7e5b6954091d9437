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

    public init(
        maxBodyBytes: Int = 50 << 20, authenticator: (any MatrixAuthenticator)? = nil, serverName: String? = nil,
        federationKeys: (any FederationKeyResolver)? = nil, onInternalError: (@Sendable (any Error, String) -> Void)? = nil
    ) {
        self.maxBodyBytes = maxBodyBytes
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

    func handle<Handler>(
        _ candidates: [MatrixRoute<Handler>], handler: Handler, request: HTTPRequest, body: HTTPBody?, emptyLastSegment: Bool = false
    ) async -> (HTTPResponse, HTTPBody?) {
        var route = candidates[0]
        let metadata = route.metadata
        do {
            // The body, within the limit.
            if let declared = request.headerFields[.contentLength].flatMap(Int.init), declared > configuration.maxBodyBytes {
                throw MatrixHTTPError.tooLarge(limit: configuration.maxBodyBytes)
            }
            var data = Data()
            if let body {
                for try await chunk in body {
                    guard data.count + chunk.count <= configuration.maxBodyBytes else {
                        throw MatrixHTTPError.tooLarge(limit: configuration.maxBodyBytes)
                    }
                    data.append(contentsOf: chunk)
                }
            }
            // The path parameters, percent-decoded, from the path itself.
            var head = request
            var template = metadata.pathTemplate
            if emptyLastSegment, let slash = template.lastIndex(of: "/") {
                let name = String(template[template.index(slash, offsetBy: 2)...].dropLast())
                template = String(template[..<slash]) + "/{\(name)}"
                let (path, query) = PathTemplate.split(head.path ?? "/")
                head.path = (path.hasSuffix("/") ? String(path) : path + "/") + (query.map { "?" + $0 } ?? "")
            }
            var matched = IncomingRequest(head: head, body: data, pathTemplate: template)
            if matched == nil, !emptyLastSegment {
                // A trailing slash the template does not have (`/download/{serverName}/{mediaId}/`, as some clients
                // send when they leave the optional file name out).
                let (path, query) = PathTemplate.split(head.path ?? "/")
                if path.count > 1, path.hasSuffix("/") {
                    var trimmed = head
                    trimmed.path = String(path.dropLast()) + (query.map { "?" + $0 } ?? "")
                    matched = IncomingRequest(head: trimmed, body: data, pathTemplate: template)
                }
            }
            guard let incoming = matched else { throw MatrixHTTPError.unrecognized }
            if candidates.count > 1, let decodable = candidates.first(where: { $0.accepts(incoming) }) { route = decodable }
            var context = MatrixRequestContext(operationID: route.metadata.operationID, headers: request.headerFields)
            try await authenticate(&context, metadata: route.metadata, request: request, incoming: incoming, body: data)
            let response = try await route.handle(handler, incoming, context)
            return (response.head, HTTPBody(response.body))
        } catch let error as MatrixHTTPError {
            return Self.errorResponse(error)
        } catch {
            configuration.onInternalError?(error, metadata.operationID)
            return Self.errorResponse(.internalError)
        }
    }

    static func errorResponse(_ error: MatrixHTTPError) -> (HTTPResponse, HTTPBody?) {
        let message = (try? ResponseWriter.json(error.status, error.error)) ?? ResponseWriter.empty(error.status)
        return (message.head, HTTPBody(message.body))
    }

    func authenticate(
        _ context: inout MatrixRequestContext, metadata: OperationMetadata, request: HTTPRequest, incoming: IncomingRequest, body: Data
    ) async throws {
        let locations = Set(metadata.security.map(\.location))
        guard !locations.isEmpty else { return }
        if locations.contains(.signedRequest) {
            guard let header = request.headerFields[.authorization], let authorization = XMatrixAuthorization(headerValue: header) else {
                throw MatrixHTTPError(status: 401, error: .init(errcode: .unauthorized, error: "Missing X-Matrix authorization"))
            }
            guard let keys = configuration.federationKeys, let destination = configuration.serverName,
                let publicKey = try await keys.publicKey(server: authorization.origin, keyID: authorization.key)
            else {
                throw MatrixHTTPError(status: 401, error: .init(errcode: .unauthorized, error: "Unknown signing key \(authorization.key) of \(authorization.origin)"))
            }
            let content: JSONValue? = body.isEmpty ? nil : try? MatrixJSON.decode(JSONValue.self, from: body)
            guard FederationRequestSignature.verify(
                authorization, method: request.method.rawValue, uri: request.path ?? "/", destination: destination,
                content: content, publicKey: publicKey)
            else {
                throw MatrixHTTPError(status: 401, error: .init(errcode: .unauthorized, error: "Invalid X-Matrix signature"))
            }
            context.principal = .server(ServerName(uncheckedRawValue: authorization.origin))
            return
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
            return
        }
        guard let authenticator = configuration.authenticator,
            let principal = try await authenticator.authenticate(accessToken: token, request: request)
        else {
            throw MatrixHTTPError.unknownToken
        }
        context.accessToken = token
        context.principal = principal
    }
}
