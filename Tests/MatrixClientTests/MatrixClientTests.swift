import Foundation
import HTTPTypes
import MatrixClient
import MatrixPushGatewayAPI
import Testing

/// A transport that answers from a closure and records what it was sent.
final class MockTransport: ClientTransport, @unchecked Sendable {
    struct Sent {
        var request: HTTPRequest
        var body: Data?
        var baseURL: URL
        var operationID: String
    }

    private let lock = NSLock()
    private var _sent: [Sent] = []
    let handler: @Sendable (HTTPRequest, Data?, URL) async throws -> (HTTPResponse, HTTPBody?)

    init(_ handler: @escaping @Sendable (HTTPRequest, Data?, URL) async throws -> (HTTPResponse, HTTPBody?)) {
        self.handler = handler
    }

    var sent: [Sent] { lock.withLock { _sent } }

    func send(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String) async throws -> (HTTPResponse, HTTPBody?) {
        var data: Data?
        if let body { data = try await Data(collecting: body, upTo: 1 << 24) }
        lock.withLock { _sent.append(Sent(request: request, body: data, baseURL: baseURL, operationID: operationID)) }
        return try await handler(request, data, baseURL)
    }
}

func json(_ status: Int, _ text: String, headers: HTTPFields = [:]) -> (HTTPResponse, HTTPBody?) {
    var fields = headers
    fields[.contentType] = "application/json"
    return (HTTPResponse(status: .init(code: status), headerFields: fields), HTTPBody(text))
}

let server = URL(string: "https://matrix.example.org")!

@Suite struct MatrixClientTests {
    @Test func theAccessTokenGoesInTheAuthorizationHeaderNeverTheQuery() async throws {
        let transport = MockTransport { _, _, _ in json(200, #"{"joined_rooms": ["!a:example.org"]}"#) }
        let client = MatrixClient(serverURL: server, transport: transport, accessToken: "syt_secret")
        let joined = try await client.getJoinedRooms()
        #expect(joined.joinedRooms == ["!a:example.org"])
        let sent = try #require(transport.sent.first)
        #expect(sent.request.headerFields[.authorization] == "Bearer syt_secret")
        #expect(sent.request.path == "/_matrix/client/v3/joined_rooms")
        #expect(!(sent.request.path ?? "").contains("access_token"))
        #expect(sent.operationID == "getJoinedRooms")
        #expect(sent.baseURL == server)
    }

    @Test func operationsWithoutSecuritySendNoToken() async throws {
        let transport = MockTransport { _, _, _ in json(200, #"{"flows": [{"type": "m.login.password"}]}"#) }
        let client = MatrixClient(serverURL: server, transport: transport, accessToken: "syt_secret")
        _ = try await client.getLoginFlows()
        #expect(transport.sent.first?.request.headerFields[.authorization] == nil)
    }

    @Test func anOperationThatNeedsATokenFailsWithoutOneAndSendsNothing() async throws {
        let transport = MockTransport { _, _, _ in json(200, "{}") }
        let client = MatrixClient(serverURL: server, transport: transport)
        await #expect {
            _ = try await client.getJoinedRooms()
        } throws: { error in
            guard let error = error as? MatrixClientError, case .missingAccessToken = error.kind else { return false }
            return error.operationID == "getJoinedRooms"
        }
        #expect(transport.sent.isEmpty)
    }

    @Test func serverRefusalsAreTypedMatrixErrors() async throws {
        let transport = MockTransport { _, _, _ in json(403, #"{"errcode": "M_FORBIDDEN", "error": "You are not invited"}"#) }
        let client = MatrixClient(serverURL: server, transport: transport, accessToken: "t")
        do {
            _ = try await client.joinRoomByID(.init(roomID: "!r:example.org", body: .init()))
            Issue.record("a 403 returned normally")
        } catch let error as MatrixResponseError {
            #expect(error.status == 403)
            #expect(error.operationID == "joinRoomById")
            #expect(error.matrixError?.errcode == .forbidden)
            #expect(error.matrixError?.error == "You are not invited")
            guard case .forbidden = error.response as? JoinRoomByID.Response else {
                Issue.record("the typed response is not kept")
                return
            }
        }
    }

    /// Servers ask for interactive authentication on operations whose spec lists no 401 (Synapse on
    /// uploadCrossSigningKeys); the challenge is read all the same. A 401 that is not a challenge gives none.
    @Test func anInteractiveAuthChallengeIsReadFromAnyOperation() async throws {
        let challenge = #"{"flows":[{"stages":["m.login.password"]}],"params":{},"session":"xyz"}"#
        let transport = MockTransport { _, _, _ in json(401, challenge) }
        let client = MatrixClient(serverURL: server, transport: transport, accessToken: "t")
        do {
            _ = try await client.uploadCrossSigningKeys(.init(body: .init()))
            Issue.record("a 401 returned normally")
        } catch let error as MatrixResponseError {
            #expect(error.status == 401)
            #expect(error.interactiveAuth?.session == "xyz")
            #expect(error.interactiveAuth?.flows.first?.stages == ["m.login.password"])
            // The body has no errcode: the standard error reads M_UNKNOWN and keeps the rest.
            #expect(error.matrixError?.errcode == .unknown)
        }
        let badToken = MockTransport { _, _, _ in json(401, #"{"errcode":"M_UNKNOWN_TOKEN","error":"Unknown token"}"#) }
        do {
            _ = try await MatrixClient(serverURL: server, transport: badToken, accessToken: "t").uploadCrossSigningKeys(.init(body: .init()))
        } catch let error as MatrixResponseError {
            #expect(error.interactiveAuth == nil)
            #expect(error.matrixError?.errcode == .unknownToken)
        }
    }

    @Test func rateLimitedRequestsAreRetriedAfterTheDelayTheServerAsks() async throws {
        let attempts = Counter()
        let transport = MockTransport { _, _, _ in
            switch attempts.next() {
            case 1: json(429, #"{"errcode": "M_LIMIT_EXCEEDED", "retry_after_ms": 1500}"#)
            case 2: json(429, #"{"errcode": "M_LIMIT_EXCEEDED"}"#, headers: [.retryAfter: "2"])
            default: json(200, #"{"joined_rooms": []}"#)
            }
        }
        let slept = Recorder<Duration>()
        let retry = RateLimitRetryMiddleware(maxRetries: 3, sleep: { slept.append($0) })
        let client = MatrixClient(serverURL: server, transport: transport, middlewares: [retry], accessToken: "t")
        _ = try await client.getJoinedRooms()
        #expect(slept.values == [.milliseconds(1500), .seconds(2)])
        #expect(transport.sent.count == 3)
    }

    @Test func rateLimitRetriesAreBoundedAndThenSurfaceAsATypedError() async throws {
        let transport = MockTransport { _, _, _ in json(429, #"{"errcode": "M_LIMIT_EXCEEDED", "retry_after_ms": 10}"#) }
        let slept = Recorder<Duration>()
        let client = MatrixClient(
            serverURL: server, transport: transport,
            middlewares: [RateLimitRetryMiddleware(maxRetries: 2, sleep: { slept.append($0) })], accessToken: "t")
        do {
            _ = try await client.getJoinedRooms()
            Issue.record("a 429 returned normally")
        } catch let error as MatrixResponseError {
            #expect(error.status == 429)
            #expect(error.matrixError?.errcode == .limitExceeded)
            #expect(error.matrixError?.retryAfterMs == 10)
        }
        #expect(transport.sent.count == 3)
        #expect(slept.values.count == 2)

        // A delay above the bound is not waited for.
        let long = MockTransport { _, _, _ in json(429, #"{"errcode": "M_LIMIT_EXCEEDED", "retry_after_ms": 600000}"#) }
        let impatient = MatrixClient(
            serverURL: server, transport: long,
            middlewares: [RateLimitRetryMiddleware(maxDelay: .seconds(5), sleep: { _ in Issue.record("slept") })], accessToken: "t")
        await #expect(throws: MatrixResponseError.self) { _ = try await impatient.getJoinedRooms() }
        #expect(long.sent.count == 1)
    }

    @Test func mediaUsesTheAuthenticatedEndpointsWhenTheServerSupportsV111() async throws {
        for (versions, expectedPath, authorized) in [
            (#"["v1.10", "v1.11"]"#, "/_matrix/client/v1/media/download/example.org/abc", true),
            (#"["v1.9", "v1.10"]"#, "/_matrix/media/v3/download/example.org/abc?allow_redirect=true", false),
        ] {
            let transport = MockTransport { request, _, _ in
                if request.path == "/_matrix/client/versions" { return json(200, #"{"versions": \#(versions)}"#) }
                var fields = HTTPFields()
                fields[.contentType] = "image/png"
                fields[.contentDisposition] = "attachment; filename=\"cat.png\""
                return (HTTPResponse(status: .ok, headerFields: fields), HTTPBody([1, 2, 3]))
            }
            let client = MatrixClient(serverURL: server, transport: transport, accessToken: "t")
            let media = try await client.downloadMedia(MXCURI(validating: "mxc://example.org/abc")).collect()
            #expect(media.data == Data([1, 2, 3]))
            #expect(media.contentType == "image/png")
            #expect(media.contentDisposition?.filename == "cat.png")
            let download = try #require(transport.sent.last)
            #expect(download.request.path == expectedPath)
            #expect((download.request.headerFields[.authorization] != nil) == authorized)
            // The versions are asked once.
            _ = try await client.downloadMedia(MXCURI(validating: "mxc://example.org/abc"))
            #expect(transport.sent.filter { $0.request.path == "/_matrix/client/versions" }.count == 1)
        }
    }

    @Test func downloadsStreamChunkByChunk() async throws {
        let transport = MockTransport { request, _, _ in
            if request.path == "/_matrix/client/versions" { return json(200, #"{"versions": ["v1.11"]}"#) }
            let (stream, continuation) = AsyncStream<ArraySlice<UInt8>>.makeStream()
            continuation.yield([1, 2])
            continuation.yield([3])
            continuation.yield([4, 5, 6])
            continuation.finish()
            var fields = HTTPFields()
            fields[.contentType] = "application/octet-stream"
            fields[.contentLength] = "6"
            return (HTTPResponse(status: .ok, headerFields: fields), HTTPBody(stream, length: .known(6)))
        }
        let client = MatrixClient(serverURL: server, transport: transport, accessToken: "t")
        let stream = try await client.downloadMedia(MXCURI(validating: "mxc://example.org/abc"))
        #expect(stream.contentLength == 6)
        var chunks: [[UInt8]] = []
        for try await chunk in stream.body { chunks.append(Array(chunk)) }
        #expect(chunks == [[1, 2], [3], [4, 5, 6]])
    }

    @Test func uploadsStreamTheirBodyWithTypeAndFileName() async throws {
        let transport = MockTransport { _, _, _ in json(200, #"{"content_uri": "mxc://example.org/new"}"#) }
        let client = MatrixClient(serverURL: server, transport: transport, accessToken: "t")
        let (stream, continuation) = AsyncStream<ArraySlice<UInt8>>.makeStream()
        continuation.yield([0x89, 0x50])
        continuation.yield([0x4E, 0x47])
        continuation.finish()
        let uri = try await client.uploadMedia(HTTPBody(stream, length: .known(4)), contentType: "image/png", fileName: "cat picture.png")
        #expect(uri.rawValue == "mxc://example.org/new")
        let sent = try #require(transport.sent.first)
        #expect(sent.request.method == .post)
        #expect(sent.request.path == "/_matrix/media/v3/upload?filename=cat%20picture.png")
        #expect(sent.request.headerFields[.contentType] == "image/png")
        #expect(sent.request.headerFields[.contentLength] == "4")
        #expect(sent.body == Data([0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func redirectsAreFollowedAndTheTokenStaysHome() async throws {
        let transport = MockTransport { request, _, baseURL in
            if request.path == "/_matrix/client/versions" { return json(200, #"{"versions": ["v1.11"]}"#) }
            if baseURL == server {
                return (HTTPResponse(status: .init(code: 307), headerFields: [.location: "https://cdn.example.net/media/abc?sig=1"]), nil)
            }
            return (HTTPResponse(status: .ok, headerFields: [.contentType: "text/plain"]), HTTPBody("hello"))
        }
        let client = MatrixClient(serverURL: server, transport: transport, accessToken: "t")
        let media = try await client.downloadMedia(MXCURI(validating: "mxc://example.org/abc")).collect()
        #expect(media.data == Data("hello".utf8))
        let last = try #require(transport.sent.last)
        #expect(last.baseURL.absoluteString == "https://cdn.example.net")
        #expect(last.request.path == "/media/abc?sig=1")
        #expect(last.request.headerFields[.authorization] == nil)
    }

    @Test func failuresAreClearErrorsNamingTheOperation() async throws {
        struct Refused: Error {}
        let refused = MatrixClient(serverURL: server, transport: MockTransport { _, _, _ in throw Refused() }, accessToken: "t")
        await #expect {
            _ = try await refused.getJoinedRooms()
        } throws: { error in
            guard let error = error as? MatrixClientError, case .transport = error.kind else { return false }
            return error.description.hasPrefix("getJoinedRooms: transport failed")
        }

        let garbled = MatrixClient(serverURL: server, transport: MockTransport { _, _, _ in json(200, "{") }, accessToken: "t")
        await #expect {
            _ = try await garbled.getJoinedRooms()
        } throws: { error in
            guard let error = error as? MatrixClientError, case .undecodableResponse(let status, _) = error.kind else { return false }
            return status == 200 && error.operationID == "getJoinedRooms"
        }

        let slow = MatrixClient(
            serverURL: server,
            transport: MockTransport { _, _, _ in
                try await Task.sleep(for: .seconds(30))
                return json(200, #"{"joined_rooms": []}"#)
            },
            accessToken: "t", configuration: .init(timeout: .milliseconds(50)))
        await #expect {
            _ = try await slow.getJoinedRooms()
        } throws: { error in
            guard let error = error as? MatrixClientError, case .timedOut = error.kind else { return false }
            return error.operationID == "getJoinedRooms"
        }

        let hanging = MatrixClient(
            serverURL: server,
            transport: MockTransport { _, _, _ in
                try await Task.sleep(for: .seconds(30))
                return json(200, #"{"joined_rooms": []}"#)
            },
            accessToken: "t", configuration: .init(timeout: nil))
        let task = Task { try await hanging.getJoinedRooms() }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        await #expect {
            _ = try await task.value
        } throws: { error in
            guard let error = error as? MatrixClientError, case .cancelled = error.kind else { return false }
            return error.operationID == "getJoinedRooms"
        }
    }
}

@Suite struct ServiceClientTests {
    @Test func otherGroupsGetTheirGeneratedMethodsThroughTheirWrappers() async throws {
        let transport = MockTransport { request, _, _ in
            #expect(request.path == "/_matrix/push/v1/notify")
            return json(200, #"{"rejected": ["bad-key"]}"#)
        }
        let gateway = PushGatewayClient(MatrixClient(serverURL: URL(string: "https://push.example.org")!, transport: transport))
        let answer = try await gateway.notify(.init(body: .init(notification: .init(
            eventID: "$e", roomID: "!r:example.org", devices: [.init(appID: "org.example.app", pushkey: "bad-key")]))))
        #expect(answer.rejected == ["bad-key"])
        #expect(transport.sent.first?.request.method == .post)
        #expect(transport.sent.first?.request.headerFields[.authorization] == nil)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { value += 1; return value } }
}

final class Recorder<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var _values: [T] = []
    func append(_ value: T) { lock.withLock { _values.append(value) } }
    var values: [T] { lock.withLock { _values } }
}
