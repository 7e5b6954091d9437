import Foundation
import HTTPTypes
import MatrixClient
import MatrixServer
import MediaServerCore
import OpenAPIAsyncHTTPClient
import Testing

let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR4nGP4z8DAwMDAxAABAC4AA/0XrWwkAAAAAElFTkSuQmCC")!
let federationKey = try! MatrixSigningKey(serverName: "remote.example", keyID: "ed25519:1", seed: "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1")

func configuration(_ directory: URL, freezeAt: Date? = nil, maxUploadBytes: Int = 1 << 20) -> MediaServerConfiguration {
    MediaServerConfiguration(
        serverName: "media.example", dataDirectory: directory, maxUploadBytes: maxUploadBytes, freezeAt: freezeAt,
        accessTokens: ["alice-token": "@alice:media.example", "bob-token": "@bob:media.example"],
        federationKeys: ["remote.example": ("ed25519:1", federationKey.publicKeyBase64)])
}

/// Runs the media server on 127.0.0.1 (any free port) while `body` runs.
func withServer(_ configuration: MediaServerConfiguration, _ body: (URL) async throws -> Void) async throws {
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let app = try makeMediaServer(configuration, port: 0) { continuation.yield($0) }
    let task = Task { try await app.run() }
    defer { task.cancel() }
    var iterator = ports.makeAsyncIterator()
    let port = try #require(await iterator.next())
    try await body(URL(string: "http://127.0.0.1:\(port)")!)
}

func raw(_ url: URL, _ path: String, method: HTTPRequest.Method = .get, token: String? = nil, body: Data? = nil, headers: HTTPFields = [:]) async throws -> (HTTPResponse, Data) {
    var request = HTTPRequest(method: method, scheme: nil, authority: nil, path: path)
    request.headerFields = headers
    if let token { request.headerFields[.authorization] = "Bearer \(token)" }
    let (response, responseBody) = try await AsyncHTTPClientTransport().send(request, body: body.map { HTTPBody($0) }, baseURL: url, operationID: "raw")
    var data = Data()
    if let responseBody { data = try await Data(collecting: responseBody, upTo: 1 << 24) }
    return (response, data)
}

@Suite(.serialized) struct MediaServerTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("media-server-test-\(UUID().uuidString)")

    @Test func theFreezeKeepsOldMediaOnTheLegacyEndpointsAndNewMediaOffThem() async throws {
        // Before the freeze: upload on the legacy endpoint.
        var before: MXCURI?
        try await withServer(configuration(directory)) { url in
            let alice = MatrixClient(serverURL: url, transport: AsyncHTTPClientTransport(), accessToken: "alice-token")
            before = try await alice.uploadMedia(HTTPBody(png), contentType: "image/png", fileName: "before.png")
        }
        let old = try #require(before)
        try await Task.sleep(for: .milliseconds(20))
        // Restarted with the freeze set between the two uploads: the old media survived the restart.
        try await withServer(configuration(directory, freezeAt: Date())) { url in
            let alice = MatrixClient(serverURL: url, transport: AsyncHTTPClientTransport(), accessToken: "alice-token")
            try await Task.sleep(for: .milliseconds(20))
            let new = try await alice.uploadMedia(HTTPBody(Data("after the freeze".utf8)), contentType: "text/html", fileName: "after.html")

            let oldLegacy = try await raw(url, "/_matrix/media/v3/download/media.example/\(old.mediaID)")
            #expect(oldLegacy.0.status.code == 200)
            // The browser protections Synapse sends, on every media response.
            #expect(oldLegacy.0.headerFields[HTTPField.Name("Content-Security-Policy")!] == MediaSecurity.contentSecurityPolicy)
            #expect(oldLegacy.0.headerFields[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(oldLegacy.0.headerFields[HTTPField.Name("Cross-Origin-Resource-Policy")!] == "cross-origin")
            #expect(oldLegacy.1 == png)
            #expect(oldLegacy.0.headerFields[.contentType] == "image/png")
            #expect(oldLegacy.0.headerFields[.contentDisposition] == #"inline; filename="before.png""#)

            let newLegacy = try await raw(url, "/_matrix/media/v3/download/media.example/\(new.mediaID)")
            #expect(newLegacy.0.status.code == 404)
            #expect((try? MatrixJSON.decode(MatrixError.self, from: newLegacy.1))?.errcode == .notFound)
            let newThumbnailLegacy = try await raw(url, "/_matrix/media/v3/thumbnail/media.example/\(new.mediaID)?width=32&height=32")
            #expect(newThumbnailLegacy.0.status.code == 404)

            // The authenticated endpoints serve both, and want a token.
            let fresh = try await alice.downloadMedia(new).collect()
            #expect(fresh.data == Data("after the freeze".utf8))
            // HTML could run script in a browser: an attachment, never inline.
            #expect(fresh.contentDisposition == ContentDisposition(type: "attachment", filename: "after.html"))
            #expect(try await alice.downloadMedia(old, fileName: "renamed.png").collect().contentDisposition?.filename == "renamed.png")
            let anonymous = try await raw(url, "/_matrix/client/v1/media/download/media.example/\(new.mediaID)")
            #expect(anonymous.0.status.code == 401)
            #expect((try? MatrixJSON.decode(MatrixError.self, from: anonymous.1))?.errcode == .missingToken)
            // Thumbnails are the original image.
            let thumbnail = try await alice.downloadThumbnail(old, width: 2, height: 2).collect()
            #expect(thumbnail.data == png)
            #expect((try await alice.mediaConfig()).uploadSize == 1 << 20)
        }
    }

    @Test func createThenUploadAndTheRulesAroundIt() async throws {
        try await withServer(configuration(directory)) { url in
            let alice = MatrixClient(serverURL: url, transport: AsyncHTTPClientTransport(), accessToken: "alice-token")
            let bob = MatrixClient(serverURL: url, transport: AsyncHTTPClientTransport(), accessToken: "bob-token")
            let reserved = try await alice.createContent()
            let uri = reserved.contentURI
            #expect(reserved.unusedExpiresAt != nil)
            // Not uploaded yet.
            do {
                _ = try await alice.downloadMedia(uri).collect()
                Issue.record("a pending upload downloaded")
            } catch let error as MatrixResponseError {
                #expect(error.matrixError?.errcode == .notYetUploaded)
            }
            do {
                try await bob.uploadContentToMXC(.init(serverName: uri.serverName, mediaID: uri.mediaID, body: MediaContent(data: Data("x".utf8), contentType: "text/plain")))
                Issue.record("another user filled the reservation")
            } catch let error as MatrixResponseError {
                #expect(error.status == 403)
            }
            try await alice.uploadContentToMXC(.init(serverName: uri.serverName, mediaID: uri.mediaID, filename: "late.txt", body: MediaContent(data: Data("late".utf8), contentType: "text/plain")))
            #expect(try await bob.downloadMedia(uri).collect().data == Data("late".utf8))
            do {
                try await alice.uploadContentToMXC(.init(serverName: uri.serverName, mediaID: uri.mediaID, body: MediaContent(data: Data("again".utf8), contentType: "text/plain")))
                Issue.record("an upload was overwritten")
            } catch let error as MatrixResponseError {
                #expect(error.status == 409 && error.matrixError?.errcode == .cannotOverwriteMedia)
            }
        }
    }

    @Test func badInputIsRefusedWithTheSpecCodes() async throws {
        try await withServer(configuration(directory, maxUploadBytes: 1024)) { url in
            let tooBig = try await raw(url, "/_matrix/media/v3/upload", method: .post, token: "alice-token", body: Data(count: 4096), headers: [.contentType: "application/octet-stream"])
            #expect(tooBig.0.status.code == 413)
            #expect((try? MatrixJSON.decode(MatrixError.self, from: tooBig.1))?.errcode == .tooLarge)
            for path in ["/_matrix/media/v3/download/media.example/..%2F..%2Fetc%2Fpasswd", "/_matrix/media/v3/download/media.example/nothing-here",
                         "/_matrix/media/v3/download/other.example/abc"] {
                let answer = try await raw(url, path)
                #expect(answer.0.status.code == 404, "\(path)")
                #expect((try? MatrixJSON.decode(MatrixError.self, from: answer.1))?.errcode == .notFound, "\(path)")
            }
            let unknown = try await raw(url, "/_matrix/client/v3/sync", token: "alice-token")
            #expect(unknown.0.status.code == 404)
            #expect((try? MatrixJSON.decode(MatrixError.self, from: unknown.1))?.errcode == .unrecognized)
            let nowhere = try await raw(url, "/not/matrix/at/all")
            #expect((try? MatrixJSON.decode(MatrixError.self, from: nowhere.1))?.errcode == .unrecognized)
            let badToken = try await raw(url, "/_matrix/media/v3/upload", method: .post, token: "nope", body: Data("x".utf8))
            #expect(badToken.0.status.code == 401)
            #expect((try? MatrixJSON.decode(MatrixError.self, from: badToken.1))?.errcode == .unknownToken)
        }
    }

    @Test func federationDownloadsAreSignedAndMultipart() async throws {
        try await withServer(configuration(directory)) { url in
            let alice = MatrixClient(serverURL: url, transport: AsyncHTTPClientTransport(), accessToken: "alice-token")
            let uri = try await alice.uploadMedia(HTTPBody(png), contentType: "image/png", fileName: "fed.png")
            let path = "/_matrix/federation/v1/media/download/\(uri.mediaID)"
            let unsigned = try await raw(url, path)
            #expect(unsigned.0.status.code == 401)
            let authorization = try FederationRequestSignature.authorization(method: "GET", uri: path, destination: "media.example", content: nil, key: federationKey)
            let signed = try await raw(url, path, headers: [.authorization: authorization.headerValue])
            #expect(signed.0.status.code == 200)
            let contentType = try #require(signed.0.headerFields[.contentType])
            #expect(contentType.hasPrefix("multipart/mixed"))
            let media = try FederationMediaResponse(multipartBody: signed.1, contentType: contentType)
            guard case .bytes(let content) = media.content else { Issue.record("no bytes part"); return }
            #expect(content.data == png)
            #expect(content.contentType == "image/png")
            let forged = try await raw(url, "/_matrix/federation/v1/media/download/other", headers: [.authorization: authorization.headerValue])
            #expect(forged.0.status.code == 401)
        }
    }
}

@Suite struct CrashRecoveryTests {
    @Test func leftoversOfAKilledWriteAreRemovedOnStartAndStoredMediaStays() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("media-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try MediaStore(directory: directory)
        let kept = try store.store(png, contentType: "image/png", fileName: "a.png", uploader: "@alice:media.example")
        let reserved = try store.reserve(uploader: "@alice:media.example")
        let files = directory.appendingPathComponent("files")
        // What kill -9 leaves: a temporary file mid-write, a file renamed into place before its row was written,
        // and bytes for a reservation whose row still says pending.
        try Data("partial".utf8).write(to: files.appendingPathComponent(".abc.1234.partial"))
        try Data("orphan".utf8).write(to: files.appendingPathComponent("OrphanMediaID"))
        try Data("unfinished".utf8).write(to: files.appendingPathComponent(reserved.mediaID))

        let restarted = try MediaStore(directory: directory)
        #expect(restarted.removedOnStart == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: files.path) == [kept.mediaID])
        #expect(try restarted.content(kept.mediaID).1 == png)
        #expect(throws: MediaStore.Failure.notYetUploaded) { try restarted.content(reserved.mediaID) }
    }
}
