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

/// Thrown by the default implementation of every generated handler method: the server does not serve this
/// operation. Answered 404 `M_UNRECOGNIZED`; `MatrixServer` remembers it and then answers such requests before
/// reading or decoding their bodies.
public struct OperationNotImplemented: Error, Sendable, Hashable {
    public init() {}
}

/// One operation of a handler protocol: decodes the request, calls the handler's method, encodes the response.
/// The generated modules list these (`MatrixClientServerAPIRegistry.routes`); a server library registers them.
public struct MatrixRoute<Handler>: Sendable {
    /// A decoded request, ready to be handed to the handler.
    public typealias Call = @Sendable (Handler, MatrixRequestContext) async throws -> HTTPResponseMessage

    public let metadata: OperationMetadata
    /// Decodes the request (throwing `MatrixHTTPError` for what the client got wrong); the call it returns runs
    /// the handler's method and encodes its response. Two operations can share a method and path, as
    /// `inviteUser` and `inviteBy3PID` do: which one decodes tells them apart, and nothing is decoded twice.
    public let prepare: @Sendable (IncomingRequest) throws -> Call

    public init<E: MatrixEndpoint>(
        _ endpoint: E.Type,
        _ call: @escaping @Sendable (Handler, E.Request, MatrixRequestContext) async throws -> E.Response
    ) {
        metadata = E.metadata
        prepare = { incoming in
            let request = try E.decodeRequest(incoming)
            return { handler, context in try E.makeHTTPResponse(try await call(handler, request, context)) }
        }
    }
}
