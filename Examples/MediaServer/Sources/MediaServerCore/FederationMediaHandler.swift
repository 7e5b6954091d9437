import Foundation
import MatrixServer
import MatrixServerServerAPI

/// The federation media endpoints (Matrix 1.11): `multipart/mixed` with an empty JSON metadata part and the bytes.
struct FederationMediaHandler: ServerServerAPIHandler {
    let store: MediaStore

    func media(_ mediaID: String) throws -> (MediaRecord, Data) {
        do {
            return try store.content(mediaID)
        } catch {
            throw MatrixHTTPError.notFound("Unknown media")
        }
    }

    func getContent(_ request: GetContent.Request, context: MatrixRequestContext) async throws -> GetContent.Response {
        let (record, data) = try media(request.mediaID)
        return .ok(FederationMediaResponse(content: .bytes(MediaContent(
            data: data, contentType: record.contentType, contentDisposition: ContentDisposition(type: "attachment", filename: record.fileName)))))
    }

    func getContentThumbnail(_ request: GetContentThumbnail.Request, context: MatrixRequestContext) async throws -> GetContentThumbnail.Response {
        let (record, data) = try media(request.mediaID)
        guard record.contentType?.hasPrefix("image/") == true else {
            throw MatrixHTTPError(status: 400, error: .init(errcode: .unknown, error: "Cannot generate thumbnails for this content"))
        }
        return .ok(FederationMediaResponse(content: .bytes(MediaContent(data: data, contentType: record.contentType))))
    }
}
