import Foundation
import MatrixAPIRuntime
import MediaBindings
import Testing

/// The bindings the build-tool plugin generated into MediaBindings, used as an SDK would.
@Test func downloadsThroughTheAuthenticatedEndpoint() throws {
    let uri = try MXCURI(validating: "mxc://example.org/ascERGshawAWawugaAcauga")
    let message = try GetContentAuthed.makeHTTPRequest(downloadRequest(for: uri, timeoutMs: 5000))
    #expect(message.head.method == .get)
    #expect(message.head.path == "/_matrix/client/v1/media/download/example.org/ascERGshawAWawugaAcauga?timeout_ms=5000")
    #expect(GetContentAuthed.metadata.security.map(\.location).contains(.bearerHeader))

    var fields = HTTPFields()
    fields[.contentType] = "image/png"
    fields[.contentDisposition] = "inline; filename=\"cat.png\""
    let response = HTTPResponseMessage(head: HTTPResponse(status: .ok, headerFields: fields), body: Data([1, 2, 3]))
    guard case .ok(let media) = try GetContentAuthed.decodeResponse(response) else {
        Issue.record("200 did not decode as .ok")
        return
    }
    #expect(media.contentType == "image/png")
    #expect(media.contentDisposition?.filename == "cat.png")
    #expect(media.data == Data([1, 2, 3]))
}

@Test func onlyTheConfiguredOperationsAreGenerated() {
    let ids = Set(MediaBindingsRegistry.operations.map(\.metadata.operationID))
    #expect(ids == ["getContentAuthed", "getContentOverrideNameAuthed", "getContentThumbnailAuthed", "getUrlPreviewAuthed", "getConfigAuthed"])
    #expect(MediaBindingsRegistry.specVersion == "v1.11")
}

@Test func configResponsesDecodeIntoTheGeneratedType() throws {
    let body = Data(#"{"m.upload.size": 50000000, "org.example.extra": true}"#.utf8)
    let response = HTTPResponseMessage(head: HTTPResponse(status: .ok), body: body)
    guard case .ok(let config) = try GetConfigAuthed.decodeResponse(response) else {
        Issue.record("200 did not decode as .ok")
        return
    }
    #expect(config.mUploadSize == 50_000_000)
    #expect(config.additionalFields["org.example.extra"] == .bool(true))
}

@Test func onlyTheConfiguredEventTypesAreGenerated() throws {
    let types = Set(MediaBindingsRegistry.eventContents.map(\.eventType))
    #expect(types == ["m.room.message", "m.sticker", "m.room.avatar"])
    // An image message, through the sum over msgtype, gives the media to download.
    let json = #"{"msgtype": "m.image", "body": "cat.png", "url": "mxc://example.org/ascERGshawAWawugaAcauga"}"#
    guard case .image(let image) = try MatrixJSON.decode(RoomMessageEventContent.self, from: Data(json.utf8)) else {
        Issue.record("m.image is not .image")
        return
    }
    let uri = try MXCURI(validating: try #require(image.url))
    #expect(try GetContentAuthed.makeHTTPRequest(downloadRequest(for: uri, timeoutMs: 1)).head.path?.hasPrefix("/_matrix/client/v1/media/download/example.org/") == true)
}
