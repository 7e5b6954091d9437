import Foundation

public struct MediaServerConfiguration: Sendable {
    /// The server name in `mxc://` URIs this server hands out and serves.
    public var serverName: String
    /// Where the SQLite database and the media files live.
    public var dataDirectory: URL
    /// The largest upload, in bytes (`m.upload.size`); larger ones get 413 `M_TOO_LARGE`.
    public var maxUploadBytes: Int
    /// Matrix 1.11's freeze: media uploaded after this moment is served only on the authenticated endpoints;
    /// `nil`: no freeze (everything on both).
    public var freezeAt: Date?
    /// Access token → user ID.
    public var accessTokens: [String: String]
    /// Homeservers allowed to fetch media over federation: server name → (key ID, ed25519 public key, Base64).
    public var federationKeys: [String: (keyID: String, publicKey: String)]
    /// Seconds a connection may send nothing (mid-request included) before it is closed.
    public var idleTimeoutSeconds: Int
    /// Connections open at once; more wait in the listen backlog.
    public var maxConnections: Int
    /// Bytes that the bodies of all requests in flight may hold together.
    public var maxInFlightBodyBytes: Int

    public init(
        serverName: String, dataDirectory: URL, maxUploadBytes: Int = 50 << 20, freezeAt: Date? = nil,
        accessTokens: [String: String] = [:], federationKeys: [String: (keyID: String, publicKey: String)] = [:],
        idleTimeoutSeconds: Int = 30, maxConnections: Int = 512, maxInFlightBodyBytes: Int = 256 << 20
    ) {
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.maxConnections = maxConnections
        self.maxInFlightBodyBytes = maxInFlightBodyBytes
        self.serverName = serverName
        self.dataDirectory = dataDirectory
        self.maxUploadBytes = maxUploadBytes
        self.freezeAt = freezeAt
        self.accessTokens = accessTokens
        self.federationKeys = federationKeys
    }

    /// Whether media created at `createdAt` (ms) is out of reach of the unauthenticated endpoints.
    func isFrozenOut(createdAt: Int64) -> Bool {
        guard let freezeAt else { return false }
        return Double(createdAt) > freezeAt.timeIntervalSince1970 * 1000
    }
}
