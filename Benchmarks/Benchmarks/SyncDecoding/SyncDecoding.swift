// Large sync responses (Scripts/make-sync.py, 1/10/50 MB) decoded and encoded four ways, in one run:
// the generated types (events kept raw, as the API keeps them), the same plus every room event typed through
// AnyTimelineEvent, JSONSerialization, and JSONDecoder on minimal hand-written Codable structs. That the
// generated decode is lossless is checked by the script (MatrixDecodeBenchmark --sync), outside these loops.
//
//     Scripts/benchmark-sync.sh    (SYNC_FIXTURES names the directory of sync-1mb.json, sync-10mb.json, ...)
import Benchmark
import Foundation
import MatrixAPIRuntime
import MatrixClientServerAPI
import MatrixEvents

let fixtures = ProcessInfo.processInfo.environment["SYNC_FIXTURES"] ?? "../.build/sync-fixtures"
let sizes = (ProcessInfo.processInfo.environment["SYNC_SIZES"] ?? "1,10,50").split(separator: ",").map(String.init)

/// Every room event of a sync, typed (what an SDK that reads them all does).
func typeEvents(_ sync: Sync.ResponseBody) throws -> Int {
    var count = 0
    for room in sync.rooms?.join?.values ?? [:].values {
        for raw in (room.state?.events ?? []) + (room.timeline?.events ?? []) {
            _ = try raw.decode(as: AnyTimelineEvent.self)
            count += 1
        }
    }
    return count
}

/// Inputs, loaded by each benchmark's setup (each benchmark runs in a process of its own, so its peak memory
/// holds only what it needs: the bytes, and for encoding the decoded value).
final class Inputs: @unchecked Sendable {
    static let shared = Inputs()
    private let lock = NSLock()
    private var data: [String: Data] = [:]

    func data(_ size: String) -> Data {
        lock.withLock {
            if let cached = data[size] { return cached }
            let loaded = try! Data(contentsOf: URL(fileURLWithPath: fixtures).appendingPathComponent("sync-\(size)mb.json"))
            data[size] = loaded
            return loaded
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .peakMemoryResident, .mallocCountTotal],
        warmupIterations: 1, maxDuration: .seconds(10), maxIterations: 20)
    for size in sizes {
        let path = URL(fileURLWithPath: fixtures).appendingPathComponent("sync-\(size)mb.json").path
        guard FileManager.default.fileExists(atPath: path) else {
            print("no \(path): run Scripts/benchmark-sync.sh, which makes it")
            continue
        }
        func decode(_ name: String, _ body: @escaping @Sendable (Data) throws -> Any) {
            Benchmark("decode \(size) MB: \(name)", closure: { benchmark, data in
                for _ in benchmark.scaledIterations { blackHole(try body(data)) }
            }, setup: { Inputs.shared.data(size) })
        }
        func encode<Value>(_ name: String, prepare: @escaping @Sendable (Data) throws -> Value, _ body: @escaping @Sendable (Value) throws -> Data) {
            Benchmark("encode \(size) MB: \(name)", closure: { benchmark, value in
                for _ in benchmark.scaledIterations { blackHole(try body(value)) }
            }, setup: { try prepare(Inputs.shared.data(size)) })
        }
        decode("generated types, events raw") { try MatrixJSON.decode(Sync.ResponseBody.self, from: $0) }
        decode("generated types, every room event typed") { try typeEvents(MatrixJSON.decode(Sync.ResponseBody.self, from: $0)) }
        decode("JSONSerialization") { try JSONSerialization.jsonObject(with: $0) }
        decode("JSONDecoder, hand-written structs") { try JSONDecoder().decode(HandWrittenSync.self, from: $0) }
        encode("generated types", prepare: { try MatrixJSON.decode(Sync.ResponseBody.self, from: $0) }) { try MatrixJSON.encode($0) }
        encode("JSONSerialization", prepare: { UncheckedBox(try JSONSerialization.jsonObject(with: $0)) }) { try JSONSerialization.data(withJSONObject: $0.value) }
        encode("JSONEncoder, hand-written structs", prepare: { try JSONDecoder().decode(HandWrittenSync.self, from: $0) }) { try JSONEncoder().encode($0) }
    }
}

/// Foundation's untyped objects, handed from setup to the benchmark.
struct UncheckedBox: @unchecked Sendable {
    var value: Any
    init(_ value: Any) { self.value = value }
}

// MARK: What a Swift developer writes by hand for the same shape

/// Free-form JSON, as hand-written models keep event content.
enum JSON: Codable {
    case null, bool(Bool), number(Double), string(String), array([JSON]), object([String: JSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSON].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

struct HandWrittenEvent: Codable {
    var type: String
    var eventId: String?
    var sender: String?
    var originServerTs: Int64?
    var stateKey: String?
    var content: [String: JSON]
    var unsigned: [String: JSON]?

    enum CodingKeys: String, CodingKey {
        case type, sender, content, unsigned
        case eventId = "event_id", originServerTs = "origin_server_ts", stateKey = "state_key"
    }
}

struct HandWrittenEvents: Codable { var events: [HandWrittenEvent]? }

struct HandWrittenTimeline: Codable {
    var events: [HandWrittenEvent]?
    var limited: Bool?
    var prevBatch: String?
    enum CodingKeys: String, CodingKey { case events, limited, prevBatch = "prev_batch" }
}

struct HandWrittenJoinedRoom: Codable {
    var state: HandWrittenEvents?
    var timeline: HandWrittenTimeline?
    var ephemeral: HandWrittenEvents?
    var accountData: HandWrittenEvents?
    var unreadNotifications: [String: Int]?
    enum CodingKeys: String, CodingKey {
        case state, timeline, ephemeral, accountData = "account_data", unreadNotifications = "unread_notifications"
    }
}

struct HandWrittenInvitedRoom: Codable {
    var inviteState: HandWrittenEvents?
    enum CodingKeys: String, CodingKey { case inviteState = "invite_state" }
}

struct HandWrittenRooms: Codable {
    var join: [String: HandWrittenJoinedRoom]?
    var invite: [String: HandWrittenInvitedRoom]?
    var leave: [String: HandWrittenJoinedRoom]?
}

struct HandWrittenSync: Codable {
    var nextBatch: String
    var rooms: HandWrittenRooms?
    var presence: HandWrittenEvents?
    var accountData: HandWrittenEvents?
    var toDevice: HandWrittenEvents?
    var deviceLists: [String: [String]]?
    var deviceOneTimeKeysCount: [String: Int]?
    enum CodingKeys: String, CodingKey {
        case nextBatch = "next_batch", rooms, presence, accountData = "account_data", toDevice = "to_device"
        case deviceLists = "device_lists", deviceOneTimeKeysCount = "device_one_time_keys_count"
    }
}
