import Foundation
import MatrixClientServerAPI
import MatrixServer

/// The client-server content repository: uploads, and downloads, thumbnails, config and previews on both the
/// legacy `/_matrix/media/v3/*` and the authenticated `/_matrix/client/v1/media/*` endpoints. Every other
/// client-server operation is answered 404 `M_UNRECOGNIZED` by the generated defaults.
struct ClientMediaHandler: ClientServerAPIHandler {
    let store: MediaStore
    let configuration: MediaServerConfiguration

    func uploader(_ context: MatrixRequestContext) throws -> String {
        guard case .user(let user, _)? = context.principal else { throw MatrixHTTPError.missingToken }
        return user.rawValue
    }

    // MARK: Discovery

    func getVersions(_ request: GetVersions.Request, context: MatrixRequestContext) async throws -> GetVersions.Response {
        .ok(.init(versions: ["v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6", "v1.7", "v1.8", "v1.9", "v1.10", "v1.11"]))
    }

    func getTokenOwner(_ request: GetTokenOwner.Request, context: MatrixRequestContext) async throws -> GetTokenOwner.Response {
        .ok(.init(userID: try uploader(context)))
    }

    // MARK: Upload

    func uploadContent(_ request: UploadContent.Request, context: MatrixRequestContext) async throws -> UploadContent.Response {
        let record = try store.store(
            request.body.data, contentType: request.body.contentType, fileName: request.filename ?? request.body.contentDisposition?.filename,
            uploader: try uploader(context))
        return .ok(.init(contentURI: try MXCURI(serverName: ServerName(validating: configuration.serverName), mediaID: record.mediaID)))
    }

    func createContent(_ request: CreateContent.Request, context: MatrixRequestContext) async throws -> CreateContent.Response {
        let record = try store.reserve(uploader: try uploader(context))
        return .ok(.init(
            contentURI: try MXCURI(serverName: ServerName(validating: configuration.serverName), mediaID: record.mediaID),
            unusedExpiresAt: record.expiresAt))
    }

    func uploadContentToMXC(_ request: UploadContentToMXC.Request, context: MatrixRequestContext) async throws -> UploadContentToMXC.Response {
        guard request.serverName.rawValue == configuration.serverName else { throw MatrixHTTPError.notFound("Not this server's media") }
        do {
            try store.fill(
                mediaID: request.mediaID, data: request.body.data, contentType: request.body.contentType,
                fileName: request.filename ?? request.body.contentDisposition?.filename, uploader: try uploader(context))
        } catch MediaStore.Failure.notYours {
            return .forbidden(MatrixError(errcode: .forbidden, error: "This media ID was reserved by another user"))
        } catch MediaStore.Failure.alreadyUploaded {
            return .conflict(MatrixError(errcode: .cannotOverwriteMedia, error: "Media already uploaded"))
        } catch MediaStore.Failure.notFound, MediaStore.Failure.invalidMediaID {
            throw MatrixHTTPError.notFound("Unknown media ID")
        }
        return .ok([:])
    }

    // MARK: Download, shared by both generations of endpoints

    /// The content, or 404 `M_NOT_FOUND` (unknown, another server's, or frozen out of the legacy endpoints).
    func content(server: ServerName, mediaID: String, fileName: String?, legacy: Bool) throws -> MediaContent {
        guard server.rawValue == configuration.serverName else { throw MatrixHTTPError.notFound("Remote media is not fetched by this server") }
        let record: MediaRecord, data: Data
        do {
            (record, data) = try store.content(mediaID)
        } catch MediaStore.Failure.notYetUploaded {
            throw MatrixHTTPError(status: 504, error: .init(errcode: .notYetUploaded, error: "Content has not yet been uploaded"))
        } catch {
            throw MatrixHTTPError.notFound("Unknown media")
        }
        if legacy && configuration.isFrozenOut(createdAt: record.createdAt) {
            // Matrix 1.11: new media is not served on the unauthenticated endpoints after the freeze.
            throw MatrixHTTPError.notFound("Media uploaded after the freeze is only served on /_matrix/client/v1/media")
        }
        return MediaContent(
            data: data, contentType: record.contentType ?? "application/octet-stream",
            contentDisposition: ContentDisposition(type: Self.disposition(for: record.contentType), filename: fileName ?? record.fileName))
    }

    /// `inline` only for types a browser shows without running anything (the runtime's list, which
    /// `ResponseWriter.media` enforces anyway); everything else is an attachment.
    static func disposition(for contentType: String?) -> String {
        MediaSecurity.isInline(contentType ?? "") ? "inline" : "attachment"
    }

    /// This server makes no smaller images: a thumbnail is the original image (the spec allows a larger
    /// result than requested); content that is not an image has no thumbnail.
    func thumbnail(server: ServerName, mediaID: String, legacy: Bool) throws -> MediaContent {
        let media = try content(server: server, mediaID: mediaID, fileName: nil, legacy: legacy)
        guard media.contentType?.hasPrefix("image/") == true else {
            throw MatrixHTTPError(status: 400, error: .init(errcode: .unknown, error: "Cannot generate thumbnails for this content"))
        }
        return MediaContent(data: media.data, contentType: media.contentType, contentDisposition: ContentDisposition(type: "inline"))
    }

    var config: JSONObject { ["m.upload.size": .integer(Int64(configuration.maxUploadBytes))] }

    /// This server fetches nothing from the web: a preview says only which URL it is for.
    func preview(_ url: String) -> JSONObject { ["og:url": .string(url)] }

    // Authenticated (Matrix 1.11).

    func getContentAuthed(_ request: GetContentAuthed.Request, context: MatrixRequestContext) async throws -> GetContentAuthed.Response {
        .ok(try content(server: request.serverName, mediaID: request.mediaID, fileName: nil, legacy: false))
    }

    func getContentOverrideNameAuthed(_ request: GetContentOverrideNameAuthed.Request, context: MatrixRequestContext) async throws -> GetContentOverrideNameAuthed.Response {
        .ok(try content(server: request.serverName, mediaID: request.mediaID, fileName: request.fileName, legacy: false))
    }

    func getContentThumbnailAuthed(_ request: GetContentThumbnailAuthed.Request, context: MatrixRequestContext) async throws -> GetContentThumbnailAuthed.Response {
        .ok(try thumbnail(server: request.serverName, mediaID: request.mediaID, legacy: false))
    }

    func getConfigAuthed(_ request: GetConfigAuthed.Request, context: MatrixRequestContext) async throws -> GetConfigAuthed.Response {
        .ok(.init(mUploadSize: Int64(configuration.maxUploadBytes)))
    }

    func getURLPreviewAuthed(_ request: GetURLPreviewAuthed.Request, context: MatrixRequestContext) async throws -> GetURLPreviewAuthed.Response {
        .ok(.init(additionalFields: preview(request.url)))
    }

    // Legacy (deprecated by Matrix 1.11, still served for media from before the freeze).

    func getContent(_ request: GetContent.Request, context: MatrixRequestContext) async throws -> GetContent.Response {
        .ok(try content(server: request.serverName, mediaID: request.mediaID, fileName: nil, legacy: true))
    }

    func getContentOverrideName(_ request: GetContentOverrideName.Request, context: MatrixRequestContext) async throws -> GetContentOverrideName.Response {
        .ok(try content(server: request.serverName, mediaID: request.mediaID, fileName: request.fileName, legacy: true))
    }

    func getContentThumbnail(_ request: GetContentThumbnail.Request, context: MatrixRequestContext) async throws -> GetContentThumbnail.Response {
        .ok(try thumbnail(server: request.serverName, mediaID: request.mediaID, legacy: true))
    }

    func getConfig(_ request: GetConfig.Request, context: MatrixRequestContext) async throws -> GetConfig.Response {
        .ok(.init(mUploadSize: Int64(configuration.maxUploadBytes)))
    }

    func getURLPreview(_ request: GetURLPreview.Request, context: MatrixRequestContext) async throws -> GetURLPreview.Response {
        .ok(.init(additionalFields: preview(request.url)))
    }
}
