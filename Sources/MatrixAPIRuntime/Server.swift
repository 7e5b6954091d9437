import Foundation
import HTTPTypes

/// Who made a request, as the server's authenticator (or the federation verifier) established it.
public enum MatrixPrincipal: Sendable, Hashable {
    /// A user's access token.
    case user(UserID, deviceID: String?)
    /// An application service's token, possibly acting as one of its users.
    case applicationService(id: String, asUser: UserID?)
    /// A homeserver, by a verified `X-Matrix` signature.
    case server(ServerName)
    /// Anything else an authenticator wants to name (a homeserver calling an application service, ...).
    case other(String)
}

/// What a handler learns of a request beside its typed content.
public struct MatrixRequestContext: Sendable {
    public var operationID: String
    /// `nil` for operations without security, and for optional authentication without credentials.
    public var principal: MatrixPrincipal?
    /// The access token the request carried, if any.
    public var accessToken: String?
    public var headers: HTTPFields

    public init(operationID: String, principal: MatrixPrincipal? = nil, accessToken: String? = nil, headers: HTTPFields = [:]) {
        self.operationID = operationID
        self.principal = principal
        self.accessToken = accessToken
        self.headers = headers
    }
}

/// One operation of a handler protocol: decodes the request, calls the handler's method, encodes the response.
/// The generated modules list these (`MatrixClientServerAPIRegistry.routes`); a server library registers them.
public struct MatrixRoute<Handler>: Sendable {
    public let metadata: OperationMetadata
    public let handle: @Sendable (Handler, IncomingRequest, MatrixRequestContext) async throws -> HTTPResponseMessage
    /// Whether the request decodes as this operation's (two operations can share a method and path, as
    /// `inviteUser` and `inviteBy3PID` do: the body tells them apart).
    public let accepts: @Sendable (IncomingRequest) -> Bool

    public init<E: MatrixEndpoint>(
        _ endpoint: E.Type,
        _ call: @escaping @Sendable (Handler, E.Request, MatrixRequestContext) async throws -> E.Response
    ) {
        metadata = E.metadata
        accepts = { incoming in (try? E.decodeRequest(incoming)) != nil }
        handle = { handler, incoming, context in
            let request = try E.decodeRequest(incoming)
            return try E.makeHTTPResponse(try await call(handler, request, context))
        }
    }
}
