import Foundation
import HTTPTypes
import MatrixAPIRuntime
import MatrixClientServerAPI
import MatrixCodegenCore
import MatrixEvents
import MatrixServer
import MatrixServerServerAPI

/// Fuzz targets for what matrix-codegen reads from others: spec files (loader, resolver, translator,
/// renderer), JSON from peers (parser, every generated request body), canonical JSON, `X-Matrix` headers and
/// multipart bodies. `Scripts/fuzz.sh` builds this with `-sanitize=fuzzer -DFUZZING` and runs each target for a
/// bounded time; without `FUZZING` it is a replayer: `MatrixFuzz TARGET FILE...` runs inputs (a crash file, say)
/// through a target once each.
enum FuzzTarget: String, CaseIterable {
    case spec, json, request, canonical, xmatrix, multipart

    func run(_ data: Data) {
        switch self {
        case .spec: SpecFuzzer.shared.run(data)
        case .json: fuzzJSON(data)
        case .request: fuzzRequest(data)
        case .canonical: fuzzCanonicalJSON(data)
        case .xmatrix: _ = XMatrixAuthorization(headerValue: String(decoding: data, as: UTF8.self))
        case .multipart: fuzzMultipart(data)
        }
    }
}

/// Parsing must never trap; what parses must re-encode to JSON that parses to the same value.
func fuzzJSON(_ data: Data) {
    guard let value = try? MatrixJSON.parse(data) else { return }
    guard let encoded = try? MatrixJSON.encode(value), let again = try? MatrixJSON.parse(encoded), again.isEquivalent(to: value) else {
        fatalError("JSON round trip changed \(String(decoding: data, as: UTF8.self))")
    }
    // What a client reads from a server: a sync with its events kept raw, and each of them typed on demand;
    // what decodes must re-encode to JSON that decodes again.
    if let sync = try? MatrixJSON.decode(Sync.ResponseBody.self, from: data) {
        guard (try? MatrixJSON.decode(Sync.ResponseBody.self, from: MatrixJSON.encode(sync))) != nil else {
            fatalError("the re-encoding of a decoded sync does not decode")
        }
        for room in sync.rooms?.join?.values ?? [:].values {
            for raw in (room.state?.events ?? []) + (room.timeline?.events ?? []) {
                checkTimelineEvent(try? raw.decode(as: AnyTimelineEvent.self))
            }
        }
    }
    checkTimelineEvent(try? MatrixJSON.decode(AnyTimelineEvent.self, from: data))
    // Every request body a server decodes from a client or a peer; what decodes must re-encode and decode again.
    for operation in requestBodyOperations {
        guard let codec = operation.requestBody, let first = try? codec.roundTrip(data) else { continue }
        guard (try? codec.decode(first)) != nil else {
            fatalError("\(operation.metadata.operationID): the re-encoding of a decoded body does not decode")
        }
    }
}

func checkTimelineEvent(_ event: AnyTimelineEvent?) {
    guard let event else { return }
    guard let encoded = try? MatrixJSON.encode(event), (try? MatrixJSON.decode(AnyTimelineEvent.self, from: encoded)) != nil else {
        fatalError("the re-encoding of a decoded timeline event does not decode")
    }
}

/// A request as a server reads it: `METHOD PATH?QUERY`, header lines, a blank line, the body. Every route whose
/// template matches decodes it (path parameters, query, headers, body); none may trap.
func fuzzRequest(_ data: Data) {
    let bytes = [UInt8](data)
    let split = bytes.firstRange(of: [10, 10]) ?? bytes.endIndex..<bytes.endIndex
    let head = String(decoding: bytes[..<split.lowerBound], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    let body = Data(bytes[split.upperBound...])
    guard let requestLine = head.first else { return }
    let parts = requestLine.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, let method = HTTPRequest.Method(String(parts[0])) else { return }
    var request = HTTPRequest(method: method, scheme: nil, authority: nil, path: String(parts[1]))
    for line in head.dropFirst() {
        guard let colon = line.firstIndex(of: ":"), let name = HTTPField.Name(String(line[..<colon])) else { continue }
        request.headerFields.append(HTTPField(name: name, value: String(line[line.index(after: colon)...])))
    }
    for route in fuzzRoutes where route.method == method {
        guard let incoming = IncomingRequest(head: request, body: body, pathTemplate: route.template) else { continue }
        _ = try? route.prepare(incoming)
    }
}

let fuzzRoutes: [(method: HTTPRequest.Method, template: String, prepare: @Sendable (IncomingRequest) throws -> Any)] =
    MatrixClientServerAPIRegistry.clientServerRoutes.map { route in (route.metadata.method, route.metadata.pathTemplate, { try route.prepare($0) }) }
    + MatrixServerServerAPIRegistry.serverServerRoutes.map { route in (route.metadata.method, route.metadata.pathTemplate, { try route.prepare($0) }) }

let requestBodyOperations = (MatrixClientServerAPIRegistry.operations + MatrixServerServerAPIRegistry.operations)
    .filter { $0.requestBody != nil }

/// Canonical JSON of what a peer sent must not trap, and must be a fixed point.
func fuzzCanonicalJSON(_ data: Data) {
    guard let value = try? MatrixJSON.parse(data), let canonical = try? CanonicalJSON.encode(value) else { return }
    guard let again = try? CanonicalJSON.canonicalize(canonical), again == canonical else {
        fatalError("canonical JSON is not a fixed point for \(String(decoding: data, as: UTF8.self))")
    }
}

/// The first byte picks the boundary's length (1 to 70 bytes, taken from the input); the rest is the body.
func fuzzMultipart(_ data: Data) {
    guard let first = data.first else { return }
    let length = Int(first) % 70 + 1
    let rest = data.dropFirst()
    let boundary = String(decoding: rest.prefix(length), as: UTF8.self)
    _ = try? Multipart.decode(Data(rest.dropFirst(length)), boundary: boundary)
    _ = try? FederationMediaResponse(multipartBody: Data(rest), contentType: "multipart/mixed; boundary=\(boundary)")
}

/// Runs an input as one API file of a spec tree beside the real one (`MATRIX_FUZZ_SPEC`, the v1.11 `data/`
/// parent): its relative `$ref`s reach the client-server definitions through a link.
final class SpecFuzzer: @unchecked Sendable {
    static let shared = SpecFuzzer()
    let root: URL
    let file: URL

    init() {
        let spec = URL(fileURLWithPath: ProcessInfo.processInfo.environment["MATRIX_FUZZ_SPEC"] ?? "../shared/matrix-spec/v1.11")
        root = FileManager.default.temporaryDirectory.appendingPathComponent("matrix-fuzz-\(getpid())")
        let fuzzGroup = root.appendingPathComponent("data/api/fuzz")
        try? FileManager.default.createDirectory(at: fuzzGroup, withIntermediateDirectories: true)
        let source = spec.appendingPathComponent("data/api/client-server").standardizedFileURL
        try? FileManager.default.createSymbolicLink(
            at: fuzzGroup.appendingPathComponent("definitions"), withDestinationURL: source.appendingPathComponent("definitions"))
        try? FileManager.default.createSymbolicLink(
            at: root.appendingPathComponent("data/api/client-server"), withDestinationURL: source)
        file = fuzzGroup.appendingPathComponent("input.yaml")
    }

    func run(_ data: Data) {
        try? data.write(to: file)
        var configuration = Configuration(
            specRoot: root, specVersion: "fuzz", outputDirectory: root.appendingPathComponent("out"), commonModule: "FuzzCommon",
            groups: [.init(directory: "fuzz", module: "FuzzAPI")], typeOverrides: [:])
        configuration.unreferencedDefinitions = false
        guard let (model, _) = try? Pipeline.buildModel(configuration: configuration) else { return }
        _ = try? Renderer().render(model)
    }
}

func selectedTarget() -> FuzzTarget {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? "json"
    guard let target = FuzzTarget(rawValue: name) else {
        fatalError("FUZZ_TARGET must be one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return target
}

#if FUZZING
let target = selectedTarget()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    target.run(Data(bytes: start, count: count))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point under this name; libFuzzer's driver takes over from it.
@_cdecl("MatrixFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv) { fuzzOne($0, $1) }
}
#else
@main
struct Replay {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: MatrixFuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE...")
            exit(2)
        }
        for path in arguments.dropFirst() {
            target.run(try Data(contentsOf: URL(fileURLWithPath: path)))
            print("ok \(path)")
        }
    }
}
#endif
