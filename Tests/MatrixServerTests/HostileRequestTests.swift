import Crypto
import Foundation
import HTTPTypes
import MatrixClientServerAPI
import MatrixServer
import MatrixServerServerAPI
import Testing

/// A request body that counts how many of its bytes the server pulled.
final class CountingBody: @unchecked Sendable {
    private let lock = NSLock()
    private var pulled = 0
    var bytesRead: Int { lock.withLock { pulled } }

    func body(chunks: Int, chunkSize: Int) -> HTTPBody {
        let stream = AsyncStream<ArraySlice<UInt8>> { continuation in
            for _ in 0..<chunks { continuation.yield(ArraySlice(repeating: UInt8(ascii: "a"), count: chunkSize)) }
            continuation.finish()
        }
        return HTTPBody(stream.map { chunk in
            self.lock.withLock { self.pulled += chunk.count }
            return chunk
        }, length: .unknown, iterationBehavior: .single)
    }
}

/// Serves `getConfigAuthed` and `uploadContent` only.
struct UploadOnly: ClientServerAPIHandler {
    func uploadContent(_ request: UploadContent.Request, context: MatrixRequestContext) async throws -> UploadContent.Response {
        .ok(.init(contentURI: try MXCURI(validating: "mxc://example.org/abc")))
    }
}

@Suite struct HostileRequestTests {
    func send(
        _ transport: RecordingTransport, _ method: HTTPRequest.Method, _ path: String, headers: HTTPFields = [:], body: HTTPBody?
    ) async throws -> (status: Int, errcode: String?) {
        var head = HTTPRequest(method: method, scheme: nil, authority: nil, path: path)
        head.headerFields = headers
        let pathOnly = PathTemplate.split(path).path
        let route = try #require(transport.routes.filter { $0.method == method && PathTemplate($0.template).match(pathOnly) != nil }
            .max { $0.template.filter { $0 == "{" }.count > $1.template.filter { $0 == "{" }.count })
        let (response, responseBody) = try await route.handler(head, body, .init())
        var data = Data()
        if let responseBody { data = try await Data(collecting: responseBody, upTo: 1 << 20) }
        return (response.status.code, decodeError(data))
    }

    /// The pre-authentication crash: canonical JSON of `Int64.min` trapped in `abs()` while a junk signature was checked.
    @Test func aSignedRequestCarryingInt64MinIsRefusedNotACrash() async throws {
        #expect(throws: CanonicalJSON.Failure.self) { try CanonicalJSON.encode(["a": .integer(.min)]) }
        #expect(throws: CanonicalJSON.Failure.self) { try CanonicalJSON.encode(["a": .number(-.infinity)]) }
        #expect(throws: CanonicalJSON.Failure.self) { try CanonicalJSON.encode(["a": .number(.nan)]) }
        #expect(try CanonicalJSON.encode(["a": .integer(-9_007_199_254_740_991)]) == Data(#"{"a":-9007199254740991}"#.utf8))

        let transport = try RouteSweepTests.transport()
        let body = Data(#"{"a":-9223372036854775808}"#.utf8)
        var headers = HTTPFields()
        headers[.authorization] = #"X-Matrix origin="origin.example",destination="destination.example",key="ed25519:1",sig="AAAA""#
        headers[.contentType] = "application/json"
        let answer = try await send(transport, .put, "/_matrix/federation/v1/send/txn1", headers: headers, body: HTTPBody(body))
        #expect(answer.status == 401)
        #expect(answer.errcode == "M_UNAUTHORIZED")
    }

    @Test func aSignedRequestWhoseBodyIsNotJSONIsRefused() async throws {
        let transport = try RouteSweepTests.transport()
        let path = "/_matrix/federation/v1/send/txn2"
        // Signed without content, as if the body were not covered, then sent with a body anyway.
        let authorization = try FederationRequestSignature.authorization(
            method: "PUT", uri: path, destination: "destination.example", content: nil, key: federationKey)
        var headers = HTTPFields()
        headers[.authorization] = authorization.headerValue
        let answer = try await send(transport, .put, path, headers: headers, body: HTTPBody(Data("<not json>".utf8)))
        #expect(answer.status == 400)
        #expect(answer.errcode == "M_NOT_JSON")
    }

    @Test func credentialsAreCheckedBeforeTheBodyIsRead() async throws {
        let transport = try RouteSweepTests.transport()
        let counter = CountingBody()
        let missing = try await send(transport, .post, "/_matrix/media/v3/upload", body: counter.body(chunks: 16, chunkSize: 1024))
        #expect(missing.status == 401 && missing.errcode == "M_MISSING_TOKEN")
        var headers = HTTPFields()
        headers[.authorization] = "Bearer nobody"
        let unknown = try await send(transport, .post, "/_matrix/media/v3/upload", headers: headers, body: counter.body(chunks: 16, chunkSize: 1024))
        #expect(unknown.status == 401 && unknown.errcode == "M_UNKNOWN_TOKEN")
        // Federation: an unknown key is refused before the body too.
        headers[.authorization] = #"X-Matrix origin="elsewhere.example",key="ed25519:9",sig="AAAA""#
        let unknownKey = try await send(transport, .put, "/_matrix/federation/v1/send/t", headers: headers, body: counter.body(chunks: 16, chunkSize: 1024))
        #expect(unknownKey.status == 401)
        #expect(counter.bytesRead == 0)
    }

    @Test func aBodyOverTheLimitIsAbandonedAtTheLimit() async throws {
        let transport = try RouteSweepTests.transport(maxBodyBytes: 4096)
        let counter = CountingBody()
        var headers = HTTPFields()
        headers[.authorization] = "Bearer valid-token"
        let answer = try await send(transport, .post, "/_matrix/media/v3/upload", headers: headers, body: counter.body(chunks: 1000, chunkSize: 1024))
        #expect(answer.status == 413 && answer.errcode == "M_TOO_LARGE")
        #expect(counter.bytesRead <= 4096 + 1024)
    }

    @Test func operationsTheHandlerDoesNotServeAreRefusedBeforeTheirBodyOnceKnown() async throws {
        let transport = RecordingTransport()
        let configuration = MatrixServerConfiguration(authenticator: TokenTable())
        try registerMatrixRoutes(MatrixClientServerAPIRegistry.clientServerRoutes, handler: UploadOnly(), on: transport, configuration: configuration)
        var headers = HTTPFields()
        headers[.authorization] = "Bearer valid-token"
        headers[.contentType] = "application/json"
        let path = "/_matrix/client/v3/createRoom"
        let first = try await send(transport, .post, path, headers: headers, body: HTTPBody(Data("{}".utf8)))
        #expect(first.status == 404 && first.errcode == "M_UNRECOGNIZED")
        let counter = CountingBody()
        let second = try await send(transport, .post, path, headers: headers, body: counter.body(chunks: 64, chunkSize: 1024))
        #expect(second.status == 404 && second.errcode == "M_UNRECOGNIZED")
        #expect(counter.bytesRead == 0)
        // What the handler serves is unaffected.
        headers[.contentType] = "text/plain"
        let upload = try await send(transport, .post, "/_matrix/media/v3/upload", headers: headers, body: HTTPBody(Data("hi".utf8)))
        #expect(upload.status == 200)
    }

    @Test func bodiesInFlightShareOneBudget() async throws {
        let transport = RecordingTransport()
        let configuration = MatrixServerConfiguration(authenticator: TokenTable(), maxInFlightBodyBytes: 8 * 1024)
        try registerMatrixRoutes(MatrixClientServerAPIRegistry.clientServerRoutes, handler: UploadOnly(), on: transport, configuration: configuration)
        var headers = HTTPFields()
        headers[.authorization] = "Bearer valid-token"
        headers[.contentType] = "text/plain"
        // Alone, a 6 KiB body fits.
        let fits = try await send(transport, .post, "/_matrix/media/v3/upload", headers: headers, body: CountingBody().body(chunks: 6, chunkSize: 1024))
        #expect(fits.status == 200)
        #expect(configuration.bodyBytesInFlight == 0)
        // Two at once do not: the second waits on a body that never ends while the first holds 6 KiB.
        let (stalled, feed) = AsyncStream<ArraySlice<UInt8>>.makeStream()
        feed.yield(ArraySlice(repeating: 1, count: 6 * 1024))
        let holder = Task { try await send(transport, .post, "/_matrix/media/v3/upload", headers: headers, body: HTTPBody(stalled, length: .unknown)) }
        while configuration.bodyBytesInFlight < 6 * 1024 { try await Task.sleep(for: .milliseconds(5)) }
        let refused = try await send(transport, .post, "/_matrix/media/v3/upload", headers: headers, body: CountingBody().body(chunks: 6, chunkSize: 1024))
        #expect(refused.status == 429 && refused.errcode == "M_LIMIT_EXCEEDED")
        feed.finish()
        #expect(try await holder.value.status == 200)
        #expect(configuration.bodyBytesInFlight == 0)
    }

    @Test func hostileJSONBodiesCostLittleAndAreRefused() async throws {
        let transport = try RouteSweepTests.transport()
        var headers = HTTPFields()
        headers[.authorization] = "Bearer valid-token"
        headers[.contentType] = "application/json"
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let answer = try await send(transport, .post, "/_matrix/client/v3/createRoom", headers: headers, body: HTTPBody(Data(deep.utf8)))
        #expect(answer.status == 400 && answer.errcode == "M_NOT_JSON")
    }
}
