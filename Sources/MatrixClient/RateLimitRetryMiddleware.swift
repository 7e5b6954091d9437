import Foundation
import HTTPTypes

/// Retries a request the server refused with 429 `M_LIMIT_EXCEEDED`, after the delay it asked for
/// (`retry_after_ms` in the body, else the `Retry-After` header in seconds, else `defaultDelay`), at most
/// `maxRetries` times and never for a delay above `maxDelay`. When it gives up, the 429 goes through, and
/// the generated method throws `MatrixResponseError` with the `retry_after_ms` the server sent.
///
/// A request whose body can be sent only once (a stream) is not retried.
public struct RateLimitRetryMiddleware: ClientMiddleware {
    public var maxRetries: Int
    public var maxDelay: Duration
    public var defaultDelay: Duration
    /// How the middleware waits; tests replace it.
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(
        maxRetries: Int = 3, maxDelay: Duration = .seconds(30), defaultDelay: Duration = .seconds(1),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.maxRetries = maxRetries
        self.maxDelay = maxDelay
        self.defaultDelay = defaultDelay
        self.sleep = sleep
    }

    public func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var attempt = 0
        while true {
            let (response, responseBody) = try await next(request, body, baseURL)
            guard response.status.code == 429 else { return (response, responseBody) }
            // Read the (small) error body to learn the delay, then hand an equivalent body on.
            var data = Data()
            if let responseBody { data = try await Data(collecting: responseBody, upTo: 1 << 20) }
            let replayable = body.map { $0.iterationBehavior == .multiple } ?? true
            let delay = Self.delay(body: data, headers: response.headerFields) ?? defaultDelay
            guard attempt < maxRetries, replayable, delay <= maxDelay else { return (response, HTTPBody(data)) }
            attempt += 1
            try await sleep(delay)
        }
    }

    /// `retry_after_ms` from a `MatrixError` body, else `Retry-After` (seconds).
    static func delay(body: Data, headers: HTTPFields) -> Duration? {
        if let milliseconds = MatrixError(body: body)?.retryAfterMs {
            return .milliseconds(max(0, milliseconds))
        }
        if let header = headers[.retryAfter], let seconds = Int(header.trimmingCharacters(in: .whitespaces)) {
            return .seconds(max(0, seconds))
        }
        return nil
    }
}
