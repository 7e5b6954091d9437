import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Calls another homeserver's federation API, signing each request that the spec secures with `X-Matrix`
/// (`signedRequest`) with this server's key. The generated `ServerServerAPIClient` methods
/// (`getContent(_:)`, `sendTransaction(_:)`, ...) come with the conformance.
public struct FederationClient: ServerServerAPIClient {
    /// The server name being called (the signature's `destination`).
    public var destination: String
    public var baseURL: URL
    public var transport: any ClientTransport
    public var middlewares: [any ClientMiddleware]
    public var key: MatrixSigningKey
    /// Largest response body read.
    public var maxResponseBytes: Int

    public init(
        destination: String, baseURL: URL, transport: any ClientTransport, middlewares: [any ClientMiddleware] = [],
        key: MatrixSigningKey, maxResponseBytes: Int = 64 << 20
    ) {
        self.destination = destination
        self.baseURL = baseURL
        self.transport = transport
        self.middlewares = middlewares
        self.key = key
        self.maxResponseBytes = maxResponseBytes
    }

    public struct Failure: Error, CustomStringConvertible {
        public var operationID: String
        public var reason: String
        public var description: String { "\(operationID): \(reason)" }
    }

    public func send<E: MatrixEndpoint>(_ endpoint: E.Type, _ request: E.Request) async throws -> E.Response {
        let operationID = E.metadata.operationID
        var message = try E.makeHTTPRequest(request)
        if E.metadata.security.contains(where: { $0.location == .signedRequest }) {
            var content: JSONValue?
            if let body = message.body, !body.isEmpty {
                content = try MatrixJSON.decode(JSONValue.self, from: body)
            }
            let authorization = try FederationRequestSignature.authorization(
                method: message.head.method.rawValue, uri: message.head.path ?? "/", destination: destination, content: content, key: key)
            message.head.headerFields[.authorization] = authorization.headerValue
        }
        var next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?) = { [transport] head, body, url in
            try await transport.send(head, body: body, baseURL: url, operationID: operationID)
        }
        for middleware in middlewares.reversed() {
            let inner = next
            next = { head, body, url in try await middleware.intercept(head, body: body, baseURL: url, operationID: operationID, next: inner) }
        }
        let head: HTTPResponse, body: HTTPBody?
        do {
            (head, body) = try await next(message.head, message.body.map { HTTPBody($0) }, baseURL)
        } catch {
            throw Failure(operationID: operationID, reason: "transport failed: \(error)")
        }
        var data = Data()
        if let body { data = try await Data(collecting: body, upTo: maxResponseBytes) }
        do {
            return try E.decodeResponse(HTTPResponseMessage(head: head, body: data))
        } catch {
            throw Failure(operationID: operationID, reason: "cannot decode the HTTP \(head.status.code) response: \(error)")
        }
    }
}
