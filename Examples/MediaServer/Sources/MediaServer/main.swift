import ArgumentParser
import Foundation
import Hummingbird
import MediaServerCore

/// `swift run MediaServer --data /tmp/media --token alice-token=@alice:localhost --freeze-at 2024-09-01T00:00:00Z`
@main
struct MediaServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "MediaServer",
        abstract: "A Matrix content repository built on matrix-codegen's generated server stubs (Matrix 1.11 authenticated media).")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port, printed at start).") var port = 8008
    @Option(help: "The server name in mxc:// URIs.") var serverName = "localhost"
    @Option(help: "Where the SQLite database and files live.") var data = "media-data"
    @Option(help: "Largest upload in bytes.") var maxUploadBytes = 50 << 20
    @Option(help: "Seconds a connection may stay silent, mid-request included, before it is closed.") var idleTimeout = 30
    @Option(help: "Connections served at once.") var maxConnections = 512
    @Option(help: "Bytes all request bodies in flight may hold together.") var maxInFlightBodyBytes = 256 << 20
    @Option(help: "The freeze (ISO 8601 or seconds since 1970): media uploaded later is served only on the authenticated endpoints.")
    var freezeAt: String?
    @Option(name: .customLong("token"), help: "An access token and its user, TOKEN=@user:server (repeatable).")
    var tokens: [String] = []
    @Option(name: .customLong("federation-key"), help: "A server allowed to fetch media: SERVER=ed25519:ID:PUBLIC_KEY_BASE64 (repeatable).")
    var federationKeys: [String] = []

    func run() async throws {
        var accessTokens: [String: String] = [:]
        for entry in tokens {
            guard let equals = entry.firstIndex(of: "=") else { throw ValidationError("--token wants TOKEN=@user:server, not \(entry)") }
            accessTokens[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        var keys: [String: (keyID: String, publicKey: String)] = [:]
        for entry in federationKeys {
            let parts = entry.split(separator: "=", maxSplits: 1)
            let key = parts.count == 2 ? parts[1].split(separator: ":") : []
            guard key.count == 3 else { throw ValidationError("--federation-key wants SERVER=ed25519:ID:KEY, not \(entry)") }
            keys[String(parts[0])] = ("\(key[0]):\(key[1])", String(key[2]))
        }
        var freeze: Date?
        if let freezeAt {
            if let seconds = Double(freezeAt) { freeze = Date(timeIntervalSince1970: seconds) }
            else if let date = ISO8601DateFormatter().date(from: freezeAt) { freeze = date }
            else { throw ValidationError("--freeze-at wants ISO 8601 or seconds since 1970, not \(freezeAt)") }
        }
        let configuration = MediaServerConfiguration(
            serverName: serverName, dataDirectory: URL(fileURLWithPath: data), maxUploadBytes: maxUploadBytes, freezeAt: freeze,
            accessTokens: accessTokens, federationKeys: keys, idleTimeoutSeconds: idleTimeout, maxConnections: maxConnections,
            maxInFlightBodyBytes: maxInFlightBodyBytes)
        let app = try makeMediaServer(configuration, host: host, port: port) { port in
            print("MediaServer listening on http://\(host):\(port) (server name \(serverName))")
        }
        try await app.runService()
    }
}
