// Benchmark (not a test): decodes the largest JSON response examples of the v1.11 spec with the generated
// types, and parses the same bytes with JSONSerialization into untyped Foundation objects, in the same run.
//
// Then a sync timeline built from the spec's event examples: events/s decoded into the typed per-kind enum
// (`AnyTimelineEvent`), kept raw (`Raw<ClientEventWithoutRoomID>`), and parsed by JSONSerialization.
//
//     swift run -c release MatrixDecodeBenchmark [--spec DIR] [--seconds S] [--top N] [--events N]
import Foundation
import MatrixAPIRuntime
import MatrixApplicationServiceAPI
import MatrixClientServerAPI
import MatrixCodegenCore
import MatrixEvents
import MatrixIdentityAPI
import MatrixPushGatewayAPI
import MatrixServerServerAPI

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let spec = option("--spec").map { URL(fileURLWithPath: $0) } ?? root.appendingPathComponent("../shared/matrix-spec/v1.11").standardizedFileURL
let seconds = option("--seconds").flatMap(Double.init) ?? 1.0
let top = option("--top").flatMap(Int.init) ?? 5

// `--decode-once FILE [typed|raw|jsonserialization]`: one decode and nothing else, for an external peak-memory
// measurement (`/usr/bin/time -f %M`), as Scripts/benchmark-sync.sh does.
if let path = option("--decode-once") {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let mode = arguments.last ?? "raw"
    switch mode {
    case "jsonserialization": withExtendedLifetime(try JSONSerialization.jsonObject(with: data)) {}
    case "typed":
        let sync = try MatrixJSON.decode(Sync.ResponseBody.self, from: data)
        var typed: [AnyTimelineEvent] = []
        for room in sync.rooms?.join?.values ?? [:].values {
            for raw in (room.state?.events ?? []) + (room.timeline?.events ?? []) { typed.append(try raw.decode(as: AnyTimelineEvent.self)) }
        }
        withExtendedLifetime((sync, typed)) {}
    default: withExtendedLifetime(try MatrixJSON.decode(Sync.ResponseBody.self, from: data)) {}
    }
    exit(0)
}

let model = try Pipeline.buildModel(configuration: .standard(specRoot: spec, specVersion: "v1.11", outputDirectory: spec)).model
let operations = Dictionary(
    (MatrixClientServerAPIRegistry.operations + MatrixServerServerAPIRegistry.operations
        + MatrixApplicationServiceAPIRegistry.operations + MatrixIdentityAPIRegistry.operations
        + MatrixPushGatewayAPIRegistry.operations).map { ("\($0.metadata.group)/\($0.metadata.operationID)", $0) },
    uniquingKeysWith: { first, _ in first })

struct Case {
    var name: String
    var data: Data
    var codec: JSONBodyCodec
}
var cases: [Case] = []
for endpoint in model.modules.flatMap(\.endpoints) {
    for example in endpoint.examples where example.role == .response {
        guard let status = example.status, let codec = operations["\(endpoint.group)/\(endpoint.operationID)"]?.responseBody(forStatus: status) else { continue }
        cases.append(Case(name: "\(endpoint.operationID) \(status)", data: Data(example.json.utf8), codec: codec))
    }
}
cases.sort { $0.data.count > $1.data.count }

/// Runs `body` repeatedly for about `seconds`; returns runs per second.
func measure(warmups: Int = 50, batch: Int = 100, _ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<(warmups) { try body() }  // warm up
    var runs = 0
    let start = ContinuousClock.now
    var elapsed = Duration.zero
    while elapsed < .seconds(seconds) {
        for _ in 0..<batch { try body() }
        runs += batch
        elapsed = ContinuousClock.now - start
    }
    let (s, attoseconds) = elapsed.components
    return Double(runs) / (Double(s) + Double(attoseconds) / 1e18)
}

print("Decoding the \(top) largest JSON response examples of v1.11 (release build, \(seconds) s each)")
print("example".padding(toLength: 34, withPad: " ", startingAt: 0), "bytes", "  generated types/s", "  JSONSerialization/s", "  ratio")
for item in cases.prefix(top) {
    let typed = try measure { _ = try item.codec.decode(item.data) }
    let untyped = try measure { _ = try JSONSerialization.jsonObject(with: item.data) }
    print(
        item.name.padding(toLength: 34, withPad: " ", startingAt: 0),
        String(format: "%5d  %18.0f  %20.0f  %5.2f", item.data.count, typed, untyped, typed / untyped))
}

/// A timeline of `count` room events: every message-like and state example of `data/event-schemas/examples` in
/// turn, in the envelope a sync gives them (IDs, sender, timestamp, state key, unsigned), deterministic.
func timeline(count: Int) throws -> (data: Data, types: Int) {
    let directory = spec.appendingPathComponent("data/event-schemas/examples")
    let kinds = Dictionary(MatrixEventsRegistry.eventContents.filter { $0.variant == nil }.map { ($0.eventType, $0.kinds) }, uniquingKeysWith: { a, _ in a })
    var shapes: [[String: Any]] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where name.hasSuffix(".yaml") {
        guard let example = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(name))) as? [String: Any],
            let type = example["type"] as? String, let content = example["content"] as? [String: Any],
            let eventKinds = kinds[type], eventKinds.contains(.messageLike) || eventKinds.contains(.state)
        else { continue }
        var event: [String: Any] = ["type": type, "content": content, "sender": "@example:example.org", "unsigned": ["age": 1234]]
        if eventKinds.contains(.state) { event["state_key"] = example["state_key"] as? String ?? "" }
        event["event_id"] = "$check"
        event["origin_server_ts"] = 0
        // An example that contradicts its own schema (m.key.verification.start's) is left out.
        guard (try? MatrixJSON.decode(AnyTimelineEvent.self, from: JSONSerialization.data(withJSONObject: event))) != nil else {
            print("left out: \(name), which does not match its own schema")
            continue
        }
        shapes.append(event)
    }
    var events: [[String: Any]] = []
    for index in 0..<count {
        var event = shapes[index % shapes.count]
        event["event_id"] = "$event\(index):example.org"
        event["origin_server_ts"] = 1_700_000_000_000 + index
        events.append(event)
    }
    return (try JSONSerialization.data(withJSONObject: events, options: [.sortedKeys]), Set(shapes.compactMap { $0["type"] as? String }).count)
}

let eventCount = option("--events").flatMap(Int.init) ?? 1000
let (events, typeCount) = try timeline(count: eventCount)
let typedEvents = try MatrixJSON.decode([AnyTimelineEvent].self, from: events)
let unknown = typedEvents.filter { if case .unknown = $0 { true } else { false } }.count
print("")
print("A timeline of \(eventCount) events of \(typeCount) types (\(events.count) bytes; \(unknown) decode as unknown)")
let perEvent = Double(eventCount)
let typedRate = try measure { _ = try MatrixJSON.decode([AnyTimelineEvent].self, from: events) } * perEvent
let rawRate = try measure { _ = try MatrixJSON.decode([Raw<ClientEventWithoutRoomID>].self, from: events) } * perEvent
let untypedRate = try measure { _ = try JSONSerialization.jsonObject(with: events) } * perEvent
print(String(format: "typed AnyTimelineEvent: %9.0f events/s (%.2f of JSONSerialization)", typedRate, typedRate / untypedRate))
print(String(format: "raw, decoded on demand: %9.0f events/s (%.2f of JSONSerialization)", rawRate, rawRate / untypedRate))
print(String(format: "JSONSerialization:      %9.0f events/s", untypedRate))

// `--sync FILE` (Scripts/make-sync.py): a whole large sync response, typed (events kept raw) and untyped.
if let path = option("--sync") {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let decoded = try MatrixJSON.decode(Sync.ResponseBody.self, from: data)
    let lossless = try MatrixJSON.parse(MatrixJSON.encode(decoded)) == (try MatrixJSON.parse(data))
    print("")
    print("\(path): \(data.count) bytes, \(decoded.rooms?.join?.count ?? 0) joined rooms; re-encodes losslessly: \(lossless)")
    let mb = Double(data.count) / 1e6
    let typed = try measure(warmups: 1, batch: 1) { _ = try MatrixJSON.decode(Sync.ResponseBody.self, from: data) } * mb
    let untyped = try measure(warmups: 1, batch: 1) { _ = try JSONSerialization.jsonObject(with: data) } * mb
    print(String(format: "decode: generated types %.1f MB/s, JSONSerialization %.1f MB/s (ratio %.2f)", typed, untyped, typed / untyped))
}
