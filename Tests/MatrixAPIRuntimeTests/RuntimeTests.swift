import Foundation
import Testing
@testable @_spi(Generated) import MatrixAPIRuntime

@Suite struct IdentifierTests {
    @Test func validIdentifiersParse() throws {
        #expect(try UserID(validating: "@alice:example.org").serverName.rawValue == "example.org")
        #expect(try UserID(validating: "@alice:example.org").localpart == "alice")
        #expect(try UserID(validating: "@Alice.Legacy!:example.org:8448").isHistorical)
        #expect(try RoomID(validating: "!abc:[::1]:8448").serverName?.rawValue == "[::1]:8448")
        // Room version 12 room IDs have no server name.
        #expect(try RoomID(validating: "!_88h88eHfGn7yXrJDyvu9ekGvKLnpvb5BwA3UicY3yI").serverName == nil)
        #expect(try EventID(validating: "$YUwRidLecu:example.com").rawValue.hasPrefix("$"))
        #expect(try EventID(validating: "$acR1l0raoZnm60CBwAVgqbZqoO/mYU81xysh1u7XcJk").rawValue.count == 44)
        let mxc = try MXCURI(validating: "mxc://matrix.org/ascERGshawAWawugaAcauga")
        #expect(mxc.serverName.rawValue == "matrix.org")
        #expect(mxc.mediaID == "ascERGshawAWawugaAcauga")
    }

    @Test func invalidIdentifiersAreRejectedWithAReason() {
        #expect(throws: InvalidIdentifierError.self) { try UserID(validating: "alice:example.org") }
        #expect(throws: InvalidIdentifierError.self) { try UserID(validating: "@alice") }
        #expect(throws: InvalidIdentifierError.self) { try RoomID(validating: "!room:exa mple.org") }
        #expect(throws: InvalidIdentifierError.self) { try RoomID(validating: "!") }
        #expect(throws: InvalidIdentifierError.self) { try RoomID(validating: "!has space") }
        #expect(throws: InvalidIdentifierError.self) { try ServerName(validating: "example.org:123456") }
        #expect(throws: InvalidIdentifierError.self) { try MXCURI(validating: "mxc://matrix.org/../etc/passwd") }
        // 255 bytes is the limit, counted in UTF-8 bytes.
        let long = "@" + String(repeating: "a", count: 250) + ":ex.org"
        #expect(throws: InvalidIdentifierError.self) { try UserID(validating: long) }
    }

    @Test func typedKeysEncodeAsJSONObjects() throws {
        let map: [UserID: Int] = [try UserID(validating: "@a:b.c"): 1]
        let json = String(decoding: try MatrixJSON.encode(map), as: UTF8.self)
        #expect(json == #"{"@a:b.c":1}"#)
        #expect(try MatrixJSON.decode([UserID: Int].self, from: Data(json.utf8)) == map)
        #expect(throws: DecodingError.self) { try MatrixJSON.decode([UserID: Int].self, from: Data(#"{"nope":1}"#.utf8)) }
    }
}

@Suite struct CodingTests {
    struct Sample: OpenStringEnum {
        var rawValue: String
        init(rawValue: String) { self.rawValue = rawValue }
        static let known: Self = "known"
        static let knownValues: [Self] = [.known]
    }

    @Test func openEnumsKeepUnknownValues() throws {
        let decoded = try MatrixJSON.decode([Sample].self, from: Data(#"["known","m.future"]"#.utf8))
        #expect(decoded[0] == .known && decoded[0].isKnown)
        #expect(!decoded[1].isKnown)
        #expect(String(decoding: try MatrixJSON.encode(decoded), as: UTF8.self) == #"["known","m.future"]"#)
    }

    @Test func nullableKeepsPresentNullApartFromAbsent() throws {
        struct Holder: Codable, Equatable { var value: Nullable<String>? }
        let null = try MatrixJSON.decode(Holder.self, from: Data(#"{"value":null}"#.utf8))
        let absent = try MatrixJSON.decode(Holder.self, from: Data("{}".utf8))
        #expect(null.value == .null)
        #expect(absent.value == nil)
        #expect(String(decoding: try MatrixJSON.encode(null), as: UTF8.self) == #"{"value":null}"#)
        #expect(String(decoding: try MatrixJSON.encode(absent), as: UTF8.self) == "{}")
    }

    @Test func matrixErrorKeepsUnknownFields() throws {
        let json = #"{"errcode":"M_LIMIT_EXCEEDED","error":"slow down","retry_after_ms":2000,"soft_logout":true}"#
        let error = try MatrixJSON.decode(MatrixError.self, from: Data(json.utf8))
        #expect(error.errcode == .limitExceeded && error.retryAfterMs == 2000)
        #expect(error.additionalFields["soft_logout"] == .bool(true))
        #expect(String(decoding: try MatrixJSON.encode(error), as: UTF8.self) == json)
    }

    @Test func keyPatternsMatchAnchoredPrefixesAndRegularExpressions() {
        #expect(KeyPattern("^@").matches("@alice:example.org"))
        #expect(!KeyPattern("^@").matches("!room:example.org"))
        #expect(KeyPattern("^\\$").matches("$event"))
        #expect(KeyPattern("^[a-z]+$").matches("abc"))
        #expect(!KeyPattern("^[a-z]+$").matches("ab1"))
    }
}

@Suite struct HTTPTests {
    @Test func pathParametersArePercentEncodedAndEmptySegmentsKept() {
        let template = PathTemplate("/_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}")
        let path = template.expand(["roomId": "!abc:example.org", "eventType": "m.room.name", "stateKey": ""])
        #expect(path == "/_matrix/client/v3/rooms/%21abc%3Aexample.org/state/m.room.name/")
        #expect(template.match(Substring(path)) == ["roomId": "!abc:example.org", "eventType": "m.room.name", "stateKey": ""])
        #expect(template.match("/_matrix/client/v3/rooms/x/state/m.room.name") == nil)
    }

    @Test func requestBuilderEncodesQueryArraysAndObjects() {
        var builder = RequestBuilder(method: .get, pathTemplate: "/x/{userId}")
        builder.path("userId", try! UserID(validating: "@a:b.c"))
        builder.query("limit", 10 as Int?)
        builder.query("flag", true as Bool?)
        builder.query("via", ["a.org", "b org"] as [String]?)
        builder.queryEntries(["network": "freenode"] as [String: String]?)
        #expect(builder.build().head.path == "/x/%40a%3Ab.c?limit=10&flag=true&via=a.org&via=b%20org&network=freenode")
    }

    @Test func requestReaderAnswersWithTheSpecErrorCodes() throws {
        let request = IncomingRequest(method: .post, pathParameters: [:], query: QueryItem.parse("limit=ten"), headers: [:], body: Data("{nope".utf8))
        let reader = RequestReader(request)
        #expect(throws: MatrixHTTPError.missingParameter("roomId")) { try reader.path("roomId", as: String.self) }
        do {
            _ = try reader.query("limit", as: Int.self)
            Issue.record("expected M_INVALID_PARAM")
        } catch let error as MatrixHTTPError {
            #expect(error.error.errcode == .invalidParam && error.status == 400)
        }
        struct Body: Decodable { var n: Int }
        do {
            _ = try reader.jsonBody(Body.self)
            Issue.record("expected M_NOT_JSON")
        } catch let error as MatrixHTTPError {
            #expect(error.error.errcode == .notJSON)
        }
        do {
            _ = try decodeJSONBody(Body.self, from: Data(#"{"n":"x"}"#.utf8))
            Issue.record("expected M_BAD_JSON")
        } catch let error as MatrixHTTPError {
            #expect(error.error.errcode == .badJSON)
        }
    }

    @Test func contentDispositionReadsAndWritesFileNames() {
        #expect(ContentDisposition(headerValue: #"attachment; filename="a \"b\".pdf""#)?.filename == #"a "b".pdf"#)
        #expect(ContentDisposition(headerValue: "inline; filename=x.txt; filename*=utf-8''%E2%82%AC.txt")?.filename == "€.txt")
        #expect(ContentDisposition(type: "inline", filename: "€.txt").headerValue == "inline; filename*=utf-8''%E2%82%AC.txt")
        #expect(ContentDisposition(headerValue: ContentDisposition(type: "attachment", filename: "r.pdf").headerValue)?.filename == "r.pdf")
    }

    @Test func federationMediaMultipartRoundTrips() throws {
        let bytes = FederationMediaResponse(content: .bytes(MediaContent(
            data: Data([0, 1, 2, 13, 10, 45, 45]), contentType: "image/png",
            contentDisposition: ContentDisposition(type: "inline", filename: "x.png"))))
        let (contentType, body) = try bytes.encodeMultipart(boundary: "b0undary")
        #expect(contentType == "multipart/mixed; boundary=b0undary")
        #expect(try FederationMediaResponse(multipartBody: body, contentType: contentType) == bytes)
        let location = FederationMediaResponse(metadata: ["k": "v"], content: .location("https://cdn.example/x"))
        let encoded = try location.encodeMultipart(boundary: "zz")
        #expect(try FederationMediaResponse(multipartBody: encoded.body, contentType: encoded.contentType) == location)
        #expect(throws: MultipartError.missingBoundary) { try FederationMediaResponse(multipartBody: body, contentType: "multipart/mixed") }
        #expect(throws: MultipartError.self) { try FederationMediaResponse(multipartBody: Data("junk".utf8), contentType: contentType) }
    }
}
