import Crypto
import Foundation
import Hummingbird
import MatrixServer
import MatrixServerServerAPI
import OpenAPIAsyncHTTPClient
import OpenAPIHummingbird
import Testing

/// A homeserver's federation side that answers one operation, and says who called.
struct ToyFederation: ServerServerAPIHandler {
    func getContent(_ request: GetContent.Request, context: MatrixRequestContext) async throws -> GetContent.Response {
        guard case .server(let origin)? = context.principal else { throw MatrixHTTPError.forbidden() }
        return .ok(FederationMediaResponse(
            metadata: ["requested_by": .string(origin.rawValue)],
            content: .bytes(MediaContent(data: Data(request.mediaID.utf8), contentType: "text/plain"))))
    }
}

@Suite struct FederationRoundTripTests {
    @Test func signedRequestsFromTheFederationClientAreVerifiedByTheServer() async throws {
        let callerKey = try MatrixSigningKey(serverName: "origin.example", keyID: "ed25519:1", seed: "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1")
        struct Keys: FederationKeyResolver {
            let key: MatrixSigningKey
            func publicKey(server: String, keyID: String) async throws -> Curve25519.Signing.PublicKey? {
                server == key.serverName && keyID == key.keyID ? key.privateKey.publicKey : nil
            }
        }
        let router = Router()
        try registerMatrixRoutes(
            MatrixServerServerAPIRegistry.serverServerRoutes, handler: ToyFederation(), on: router,
            configuration: .init(serverName: "destination.example", federationKeys: Keys(key: callerKey)))
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        let server = Task { try await app.run() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let url = URL(string: "http://127.0.0.1:\(try #require(await iterator.next()))")!

        let client = FederationClient(destination: "destination.example", baseURL: url, transport: AsyncHTTPClientTransport(), key: callerKey)
        let media = try await client.getContent(.init(mediaID: "abc"))
        #expect(media.metadata["requested_by"] == "origin.example")
        guard case .bytes(let content) = media.content else { Issue.record("no bytes"); return }
        #expect(content.data == Data("abc".utf8))

        // Signed for another destination, or by an unknown key: refused before the handler.
        let misdirected = FederationClient(destination: "elsewhere.example", baseURL: url, transport: AsyncHTTPClientTransport(), key: callerKey)
        guard case .undocumented(let refused) = try await misdirected.send(GetContent.self, .init(mediaID: "abc")) else {
            Issue.record("a request signed for another server was answered")
            return
        }
        #expect(refused.status == 401)
        let stranger = MatrixSigningKey(serverName: "stranger.example", keyID: "ed25519:1", privateKey: .init())
        let unknown = FederationClient(destination: "destination.example", baseURL: url, transport: AsyncHTTPClientTransport(), key: stranger)
        #expect(try await unknown.send(GetContent.self, .init(mediaID: "abc")).status == 401)
    }
}
