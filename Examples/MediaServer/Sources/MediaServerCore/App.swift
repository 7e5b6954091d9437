import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import MatrixClientServerAPI
import MatrixServer
import MatrixServerServerAPI
import OpenAPIHummingbird

struct StaticTokens: MatrixAuthenticator {
    let tokens: [String: String]
    func authenticate(accessToken: String, request: HTTPRequest) async throws -> MatrixPrincipal? {
        guard let user = tokens[accessToken] else { return nil }
        return .user(try UserID(validating: user), deviceID: nil)
    }
}

struct StaticFederationKeys: FederationKeyResolver {
    let keys: [String: (keyID: String, publicKey: String)]
    func publicKey(server: String, keyID: String) async throws -> Curve25519.Signing.PublicKey? {
        guard let known = keys[server], known.keyID == keyID, let raw = UnpaddedBase64.decode(known.publicKey) else { return nil }
        return try Curve25519.Signing.PublicKey(rawRepresentation: raw)
    }
}

/// Answers requests no route takes with 404 `M_UNRECOGNIZED`, as a Matrix server does.
struct UnrecognizedMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .notFound, headers: headers, body: .init(byteBuffer: ByteBuffer(string: #"{"errcode":"M_UNRECOGNIZED","error":"Unrecognized request"}"#)))
        }
    }
}

/// The media server's routes on a Hummingbird router.
public func makeMediaRouter(_ configuration: MediaServerConfiguration) throws -> Router<BasicRequestContext> {
    let store = try MediaStore(directory: configuration.dataDirectory)
    let router = Router()
    router.add(middleware: UnrecognizedMiddleware())
    let server = MatrixServerConfiguration(
        // Room for the largest upload plus nothing else: bigger bodies are refused before they are read.
        maxBodyBytes: configuration.maxUploadBytes,
        authenticator: StaticTokens(tokens: configuration.accessTokens),
        serverName: configuration.serverName,
        federationKeys: StaticFederationKeys(keys: configuration.federationKeys),
        onInternalError: { error, operation in print("internal error in \(operation): \(error)") },
        maxInFlightBodyBytes: configuration.maxInFlightBodyBytes)
    try registerMatrixRoutes(
        MatrixClientServerAPIRegistry.clientServerRoutes, handler: ClientMediaHandler(store: store, configuration: configuration),
        on: router, configuration: server)
    try registerMatrixRoutes(
        MatrixServerServerAPIRegistry.serverServerRoutes, handler: FederationMediaHandler(store: store), on: router,
        configuration: server)
    return router
}

/// The whole server, ready to `run()`.
public func makeMediaServer(
    _ configuration: MediaServerConfiguration, host: String = "127.0.0.1", port: Int = 8008,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    Application(
        router: try makeMediaRouter(configuration),
        // A connection that sends nothing for `idleTimeout` (a request head or body trickled in, or kept open
        // unused) is closed, and at most `maxConnections` are open at once, so half-sent requests cannot hold every
        // file descriptor.
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))),
        configuration: .init(
            address: .hostname(host, port: port), serverName: "matrix-codegen-media-server",
            availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections)),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) })
}
