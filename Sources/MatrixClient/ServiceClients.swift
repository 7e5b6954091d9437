import Foundation
import MatrixAPIRuntime

/// Clients of the other bearer-token APIs. Each wraps a `MatrixClient` (transport, middlewares, token, errors)
/// pointed at that service, and gets the group's generated methods through its protocol; they are separate
/// types because operation names repeat across groups (`logout` is both a client-server and an identity
/// operation).

/// An identity server: `IdentityServiceClient(MatrixClient(serverURL: identityServer, transport: ...)).lookupUsersV2(...)`
/// (import MatrixIdentityAPI for its types; the group modules are not re-exported, their operation names overlap).
public struct IdentityServiceClient: IdentityServiceAPIClient {
    public let http: MatrixClient
    public init(_ http: MatrixClient) { self.http = http }
    public func send<E: MatrixEndpoint>(_ endpoint: E.Type, _ request: E.Request) async throws -> E.Response {
        try await http.send(endpoint, request)
    }
}

/// A push gateway (a homeserver sending notifications).
public struct PushGatewayClient: PushGatewayAPIClient {
    public let http: MatrixClient
    public init(_ http: MatrixClient) { self.http = http }
    public func send<E: MatrixEndpoint>(_ endpoint: E.Type, _ request: E.Request) async throws -> E.Response {
        try await http.send(endpoint, request)
    }
}

/// An application service, called by its homeserver with the `hs_token` as the access token.
public struct ApplicationServiceClient: ApplicationServiceAPIClient {
    public let http: MatrixClient
    public init(_ http: MatrixClient) { self.http = http }
    public func send<E: MatrixEndpoint>(_ endpoint: E.Type, _ request: E.Request) async throws -> E.Response {
        try await http.send(endpoint, request)
    }
}
