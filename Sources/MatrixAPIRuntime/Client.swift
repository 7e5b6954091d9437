/// Sends typed requests. The generated modules add a method per operation to the protocol of their API group
/// (`ClientServerAPIClient.sync(_:)`, ...); a client library conforms to the protocols of the groups it talks
/// to. The runtime itself has no HTTP client: `MatrixClient` (module MatrixClient) is one conformer, over
/// swift-openapi-runtime's `ClientTransport`.
public protocol MatrixAPIClient: Sendable {
    func send<E: MatrixEndpoint>(_ endpoint: E.Type, _ request: E.Request) async throws -> E.Response
}

/// A client of the client-server API (a homeserver's `/_matrix/client` and `/_matrix/media`).
public protocol ClientServerAPIClient: MatrixAPIClient {}
/// A client of the server-server API (another homeserver's `/_matrix/federation` and `/_matrix/key`).
public protocol ServerServerAPIClient: MatrixAPIClient {}
/// A client of the application-service API (a homeserver calling an application service).
public protocol ApplicationServiceAPIClient: MatrixAPIClient {}
/// A client of the identity service API.
public protocol IdentityServiceAPIClient: MatrixAPIClient {}
/// A client of the push gateway API.
public protocol PushGatewayAPIClient: MatrixAPIClient {}

/// The server answered an operation with something other than its success response: an error status (with
/// the standard error body when there is one), or a status the spec does not document.
public struct MatrixResponseError: Error, Sendable, CustomStringConvertible {
    public var operationID: String
    public var status: Int
    /// `errcode`, `error` and `retry_after_ms`, when the body is the standard error.
    public var matrixError: MatrixError?
    /// The whole typed response (`Register.Response.unauthorized(...)` carries the interactive-auth flows).
    public var response: any MatrixEndpointResponse

    public init<Response: MatrixEndpointResponse>(operationID: String, response: Response) {
        self.operationID = operationID
        self.status = response.status
        self.matrixError = response.matrixError
        self.response = response
    }

    public var description: String {
        var text = "\(operationID): HTTP \(status)"
        if let error = matrixError {
            text += " \(error.errcode.rawValue)"
            if let message = error.error { text += ": \(message)" }
            if let retry = error.retryAfterMs { text += " (retry after \(retry) ms)" }
        }
        return text
    }
}
