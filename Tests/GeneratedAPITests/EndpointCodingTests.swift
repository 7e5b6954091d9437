import Foundation
import MatrixAPIRuntime
import MatrixClientServerAPI
import MatrixCommonTypes
import MatrixIdentityAPI
import Testing

/// Both directions of generated endpoints: client (request → HTTP, HTTP → response) and server
/// (HTTP → request, response → HTTP), checked against each other and against the wire format.
@Suite struct EndpointCodingTests {
    /// What a server sees of a request the client side built.
    func incoming<E: MatrixEndpoint>(_ message: HTTPRequestMessage, for endpoint: E.Type) throws -> IncomingRequest {
        try #require(IncomingRequest(head: message.head, body: message.body ?? Data(), pathTemplate: E.metadata.pathTemplate))
    }

    @Test func pathParametersArePercentEncodedAndAnEmptyStateKeyIsKept() throws {
        let request = SetRoomStateWithKey.Request(
            roomID: "!room:example.org", eventType: "m.room.member", stateKey: "@alice:example.org", body: ["membership": "join"])
        let message = try SetRoomStateWithKey.makeHTTPRequest(request)
        #expect(message.head.method == .put)
        #expect(message.head.path == "/_matrix/client/v3/rooms/%21room%3Aexample.org/state/m.room.member/%40alice%3Aexample.org")
        #expect(message.head.headerFields[.contentType] == "application/json")
        #expect(try SetRoomStateWithKey.decodeRequest(incoming(message, for: SetRoomStateWithKey.self)) == request)

        let empty = SetRoomStateWithKey.Request(roomID: "!room:example.org", eventType: "m.room.name", stateKey: "", body: ["name": "Lobby"])
        let emptyMessage = try SetRoomStateWithKey.makeHTTPRequest(empty)
        #expect(emptyMessage.head.path == "/_matrix/client/v3/rooms/%21room%3Aexample.org/state/m.room.name/")
        #expect(try SetRoomStateWithKey.decodeRequest(incoming(emptyMessage, for: SetRoomStateWithKey.self)) == empty)
    }

    @Test func queryParametersRoundTripAndAreValidatedOnTheServer() throws {
        let request = GetRoomEvents.Request(roomID: "!r:x", from: "t 1&2", dir: .b, limit: 10, filter: #"{"types":["m.room.message"]}"#)
        let message = try GetRoomEvents.makeHTTPRequest(request)
        let path = try #require(message.head.path)
        #expect(path.hasPrefix("/_matrix/client/v3/rooms/%21r%3Ax/messages?"))
        #expect(path.contains("dir=b"))
        #expect(path.contains("limit=10"))
        #expect(path.contains("from=t%201%262"))
        #expect(try GetRoomEvents.decodeRequest(incoming(message, for: GetRoomEvents.self)) == request)

        var missing = try incoming(message, for: GetRoomEvents.self)
        missing.query.removeAll { $0.name == "dir" }
        #expect(throws: MatrixHTTPError.missingParameter("dir")) { try GetRoomEvents.decodeRequest(missing) }
        var invalid = try incoming(message, for: GetRoomEvents.self)
        invalid.query = invalid.query.map { $0.name == "limit" ? QueryItem(name: "limit", value: "ten") : $0 }
        do {
            _ = try GetRoomEvents.decodeRequest(invalid)
            Issue.record("a non-integer limit decoded")
        } catch let error as MatrixHTTPError {
            #expect(error.status == 400)
            #expect(error.error.errcode == .invalidParam)
        }
    }

    @Test func mediaResponsesCarryContentTypeAndDisposition() throws {
        let media = MediaContent(
            data: Data([0x89, 0x50, 0x4E, 0x47]), contentType: "image/png",
            contentDisposition: ContentDisposition(type: "inline", filename: "cat picture.png"))
        let http = try GetContentAuthed.makeHTTPResponse(.ok(media))
        #expect(http.head.status.code == 200)
        #expect(http.head.headerFields[.contentType] == "image/png")
        #expect(http.head.headerFields[.contentDisposition]?.hasPrefix("inline") == true)
        #expect(try GetContentAuthed.decodeResponse(http) == .ok(media))

        let redirect = try GetContentAuthed.makeHTTPResponse(.temporaryRedirect(Redirect(location: "https://cdn.example.org/abc")))
        #expect(redirect.head.status.code == 307)
        #expect(redirect.head.headerFields[.location] == "https://cdn.example.org/abc")
        #expect(try GetContentAuthed.decodeResponse(redirect) == .temporaryRedirect(Redirect(location: "https://cdn.example.org/abc")))
    }

    @Test func errorsDecodeAsMatrixErrorAndUnknownStatusesAsUndocumented() throws {
        let body = Data(#"{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2000}"#.utf8)
        let limited = HTTPResponseMessage(head: .init(status: .init(code: 429)), body: body)
        guard case .tooManyRequests(let error) = try GetContentAuthed.decodeResponse(limited) else {
            Issue.record("429 did not decode as tooManyRequests")
            return
        }
        #expect(error.errcode == .limitExceeded)
        #expect(error.retryAfterMs == 2000)

        let teapot = HTTPResponseMessage(head: .init(status: .init(code: 418)), body: Data("short and stout".utf8))
        #expect(try GetContentAuthed.decodeResponse(teapot) == .undocumented(UndocumentedResponse(status: 418, body: Data("short and stout".utf8))))

        let broken = HTTPResponseMessage(head: .init(status: .init(code: 429)), body: Data("{".utf8))
        #expect(throws: ResponseDecodingError.self) { try GetContentAuthed.decodeResponse(broken) }
    }

    @Test func statusRangesDecodeAfterExactStatuses() throws {
        let forbidden = HTTPResponseMessage(
            head: .init(status: .init(code: 403)), body: Data(#"{"errcode":"M_TERMS_NOT_SIGNED","error":"no"}"#.utf8))
        guard case .forbidden = try EmailSubmitTokenGetV2.decodeResponse(forbidden) else {
            Issue.record("403 did not decode as forbidden")
            return
        }
        var fields = HTTPFields()
        fields[.location] = "https://example.org/next"
        let found = HTTPResponseMessage(head: .init(status: .init(code: 302), headerFields: fields), body: Data())
        let redirection = try EmailSubmitTokenGetV2.decodeResponse(found)
        #expect(redirection == .redirection(status: 302, redirect: Redirect(location: "https://example.org/next")))
        #expect(try EmailSubmitTokenGetV2.makeHTTPResponse(redirection) == found)

        let gone = HTTPResponseMessage(head: .init(status: .init(code: 410)), body: Data())
        #expect(try EmailSubmitTokenGetV2.decodeResponse(gone) == .clientError(status: 410, error: nil))
        #expect(try EmailSubmitTokenGetV2.makeHTTPResponse(.clientError(status: 410, error: nil)).head.status.code == 410)
        // An error status the spec gives no body still carries the standard error when the server sends one.
        let refused = HTTPResponseMessage(
            head: .init(status: .init(code: 400), headerFields: [.contentType: "application/json"]),
            body: Data(#"{"errcode":"M_INVALID_PARAM","error":"bad token"}"#.utf8))
        let decoded = try EmailSubmitTokenGetV2.decodeResponse(refused)
        #expect(decoded.status == 400)
        #expect(decoded.matrixError?.errcode == .invalidParam)
        #expect(try EmailSubmitTokenGetV2.makeHTTPResponse(decoded).body == MatrixJSON.encode(MatrixError(errcode: .invalidParam, error: "bad token")))
    }

    /// Servers send `null` for optional fields the spec types as non-null (`avatar_url`, `last_seen_ip`): the
    /// field reads `nil`, and re-encoding keeps the explicit null, so that proxies pass such JSON through unchanged.
    @Test func explicitNullsOfOptionalFieldsSurviveARoundTrip() throws {
        let body = Data(#"{"avatar_url":null,"displayname":"Alice"}"#.utf8)
        var profile = try MatrixJSON.decode(GetUserProfile.ResponseBody.self, from: body)
        #expect(profile.avatarURL == nil)
        #expect(profile.displayname == "Alice")
        #expect(try MatrixJSON.encode(profile) == body)
        // A value set since decoding replaces the kept null.
        profile.avatarURL = "mxc://example.org/new"
        #expect(String(decoding: try MatrixJSON.encode(profile), as: UTF8.self) == #"{"avatar_url":"mxc://example.org/new","displayname":"Alice"}"#)
        // Absent stays absent.
        let absent = Data(#"{"displayname":"Alice"}"#.utf8)
        #expect(try MatrixJSON.encode(MatrixJSON.decode(GetUserProfile.ResponseBody.self, from: absent)) == absent)
    }
}
