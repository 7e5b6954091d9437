// Benchmark (not a test): what hostile requests cost a server built on MatrixServer, next to a benign request
// and to JSONSerialization parsing the same bytes, in one run. In process: requests go straight to the
// registered routes (no sockets), so the figures are the server's own CPU per request.
//
//     swift run -c release MatrixServerAttackBenchmark [--repeat N]
import Foundation
import HTTPTypes
import MatrixClientServerAPI
import MatrixServer

let arguments = Array(CommandLine.arguments.dropFirst())
let repeats = arguments.firstIndex(of: "--repeat").flatMap { Int(arguments[$0 + 1]) } ?? 20

final class InProcessTransport: ServerTransport, @unchecked Sendable {
    typealias Handler = @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    var routes: [(method: HTTPRequest.Method, template: String, handler: Handler)] = []
    func register(_ handler: @escaping Handler, method: HTTPRequest.Method, path: String) throws {
        routes.append((method, path, handler))
    }
    func handler(_ method: HTTPRequest.Method, _ template: String) -> Handler {
        routes.first { $0.method == method && $0.template == template }!.handler
    }
}

struct Tokens: MatrixAuthenticator {
    func authenticate(accessToken: String, request: HTTPRequest) async throws -> MatrixPrincipal? {
        accessToken == "token" ? .user(try UserID(validating: "@bench:example.org"), deviceID: nil) : nil
    }
}

/// Serves createRoom (a JSON body) and uploads, so that bodies are really decoded.
struct Served: ClientServerAPIHandler {
    func createRoom(_ request: CreateRoom.Request, context: MatrixRequestContext) async throws -> CreateRoom.Response {
        .ok(.init(roomID: "!room:example.org"))
    }
    func uploadContent(_ request: UploadContent.Request, context: MatrixRequestContext) async throws -> UploadContent.Response {
        .ok(.init(contentURI: try MXCURI(validating: "mxc://example.org/abc")))
    }
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}


let transport = InProcessTransport()
let configuration = MatrixServerConfiguration(maxBodyBytes: 50 << 20, authenticator: Tokens(), maxInFlightBodyBytes: 256 << 20)
try registerMatrixRoutes(MatrixClientServerAPIRegistry.clientServerRoutes, handler: Served(), on: transport, configuration: configuration)
let createRoom = transport.handler(.post, "/_matrix/client/v3/createRoom")
let upload = transport.handler(.post, "/_matrix/media/v3/upload")

func request(_ path: String, token: String?, type: String = "application/json") -> HTTPRequest {
    var head = HTTPRequest(method: .post, scheme: nil, authority: nil, path: path)
    if let token { head.headerFields[.authorization] = "Bearer \(token)" }
    head.headerFields[.contentType] = type
    return head
}

struct Case {
    var name: String
    var body: Data
    var token: String?
    var handler: InProcessTransport.Handler
    var path: String
    var type = "application/json"
}

let benign = Data(#"{"name":"Benchmark room","topic":"A room","preset":"private_chat","invite":["@a:example.org","@b:example.org"],"creation_content":{"m.federate":false},"initial_state":[{"type":"m.room.guest_access","state_key":"","content":{"guest_access":"can_join"}}]}"#.utf8)
let deep511 = Data((String(repeating: "[", count: 511) + String(repeating: "]", count: 511)).utf8)
let deepInContent = Data((#"{"creation_content":"# + String(repeating: "{\"a\":", count: 126) + "1" + String(repeating: "}", count: 127)).utf8)
let flatNumbers = Data(("{\"creation_content\":{\"a\":[" + Array(repeating: "1", count: 4_900_000).joined(separator: ",") + "]}}").utf8)
let flatStrings = Data(("{\"invite\":[" + Array(repeating: "\"@user:example.org\"", count: 500_000).joined(separator: ",") + "]}").utf8)
let notJSON = Data(repeating: UInt8(ascii: "{"), count: 1 << 20)

let cases: [Case] = [
    Case(name: "benign createRoom (345 B)", body: benign, token: "token", handler: createRoom, path: "/_matrix/client/v3/createRoom"),
    Case(name: "1 KB nested 511 deep", body: deep511, token: "token", handler: createRoom, path: "/_matrix/client/v3/createRoom"),
    Case(name: "content nested 127 deep", body: deepInContent, token: "token", handler: createRoom, path: "/_matrix/client/v3/createRoom"),
    Case(name: "9.8 MB flat array of numbers", body: flatNumbers, token: "token", handler: createRoom, path: "/_matrix/client/v3/createRoom"),
    Case(name: "10 MB array of user IDs", body: flatStrings, token: "token", handler: createRoom, path: "/_matrix/client/v3/createRoom"),
    Case(name: "1 MB of '{' (not JSON)", body: notJSON, token: "token", handler: createRoom, path: "/_matrix/client/v3/createRoom"),
    Case(name: "9.8 MB array, no token", body: flatNumbers, token: nil, handler: createRoom, path: "/_matrix/client/v3/createRoom"),
    Case(name: "10 MB upload, unknown token", body: Data(count: 10 << 20), token: "wrong", handler: upload, path: "/_matrix/media/v3/upload", type: "application/octet-stream"),
]

// Memory: 60 uploads of 10 MB at once without a token, then 60 with one (bodies read, held, released).
/// The resident set now (not the peak, which only grows), from /proc.
func currentRSSMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kilobytes / 1024
}

/// 60 uploads of 10 MB at once, each trickled in 64 KiB chunks 2 ms apart so that all are in flight together;
/// the resident set is sampled meanwhile.
func concurrentUploads(token: String?) async throws -> (statuses: [Int: Int], peakMB: Double) {
    let sampling = Task {
        var peak = 0.0
        while !Task.isCancelled {
            peak = max(peak, currentRSSMegabytes())
            try? await Task.sleep(for: .milliseconds(5))
        }
        return peak
    }
    let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<60 {
            group.addTask {
                // The same 64 KiB chunk 160 times: the client side holds no copy, so RSS is the server's.
                let chunks = AsyncStream<ArraySlice<UInt8>> { continuation in
                    Task {
                        for _ in 0..<160 {
                            continuation.yield(sharedChunk)
                            try? await Task.sleep(for: .milliseconds(2))
                        }
                        continuation.finish()
                    }
                }
                let body = HTTPBody(chunks, length: .known(10 << 20), iterationBehavior: .single)
                return try await upload(request("/_matrix/media/v3/upload", token: token, type: "application/octet-stream"), body, .init()).0.status.code
            }
        }
        var counts: [Int: Int] = [:]
        for try await status in group { counts[status, default: 0] += 1 }
        return counts
    }
    sampling.cancel()
    return (statuses, await sampling.value)
}

let sharedChunk = ArraySlice<UInt8>(repeating: 7, count: 64 << 10)

let before = currentRSSMegabytes()
let unauthenticated = try await concurrentUploads(token: nil)
print(String(format: "60 concurrent 10 MB uploads without a token: %@; RSS %.0f MB at most (%.0f MB before)",
    "\(unauthenticated.statuses.sorted { $0.key < $1.key })", unauthenticated.peakMB, before))
let authenticated = try await concurrentUploads(token: "token")
print(String(format: "60 concurrent 10 MB uploads with a token (256 MB in-flight budget): %@; RSS %.0f MB at most",
    "\(authenticated.statuses.sorted { $0.key < $1.key })", authenticated.peakMB))


print("MatrixServer under hostile requests: CPU per request (in process, \(repeats) repeats, release)")
print("case".padding(toLength: 32, withPad: " ", startingAt: 0), "status", "  server ms/req", "  JSONSerialization ms", "  ratio")
for item in cases {
    var status = 0
    let start = cpuSeconds()
    for _ in 0..<repeats {
        let (response, _) = try await item.handler(request(item.path, token: item.token, type: item.type), HTTPBody(item.body), .init())
        status = response.status.code
    }
    let server = (cpuSeconds() - start) / Double(repeats) * 1000
    let parseStart = cpuSeconds()
    for _ in 0..<repeats { _ = try? JSONSerialization.jsonObject(with: item.body) }
    let parse = (cpuSeconds() - parseStart) / Double(repeats) * 1000
    print(
        item.name.padding(toLength: 32, withPad: " ", startingAt: 0), String(status).padding(toLength: 6, withPad: " ", startingAt: 0),
        String(format: "%14.3f  %21.3f  %6.2f", server, parse, parse > 0 ? server / parse : 0))
}

