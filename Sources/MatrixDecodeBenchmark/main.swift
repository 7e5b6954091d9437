// Benchmark (not a test): decodes the largest JSON response examples of the v1.11 spec with the generated
// types, and parses the same bytes with JSONSerialization into untyped Foundation objects, in the same run.
//
//     swift run -c release MatrixDecodeBenchmark [--spec DIR] [--seconds S] [--top N]
import Foundation
import MatrixAPIRuntime
import MatrixApplicationServiceAPI
import MatrixClientServerAPI
import MatrixCodegenCore
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
func measure(_ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<50 { try body() }  // warm up
    var runs = 0
    let start = ContinuousClock.now
    var elapsed = Duration.zero
    while elapsed < .seconds(seconds) {
        for _ in 0..<100 { try body() }
        runs += 100
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
