import Foundation
import MatrixAPIRuntime
import MatrixApplicationServiceAPI
import MatrixClientServerAPI
import MatrixCodegenCore
import MatrixCommonTypes
import MatrixIdentityAPI
import MatrixPushGatewayAPI
import MatrixServerServerAPI
import Testing

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func loadV111Model() throws -> APIModel {
    let configuration = try Configuration.load(repositoryRoot.appendingPathComponent("specs/matrix-codegen.yaml"))
    return try Pipeline.buildModel(configuration: configuration).model
}

let allOperations: [OperationDescriptor] =
    MatrixClientServerAPIRegistry.operations + MatrixServerServerAPIRegistry.operations
    + MatrixApplicationServiceAPIRegistry.operations + MatrixIdentityAPIRegistry.operations
    + MatrixPushGatewayAPIRegistry.operations

let allSchemas: [SchemaDescriptor] =
    MatrixCommonTypesRegistry.schemas + MatrixClientServerAPIRegistry.schemas + MatrixServerServerAPIRegistry.schemas
    + MatrixApplicationServiceAPIRegistry.schemas + MatrixIdentityAPIRegistry.schemas + MatrixPushGatewayAPIRegistry.schemas

/// Examples in the v1.11 spec that do not match their own schema. Each is a spec bug, not a generator bug;
/// keyed by `file:line` of the example.
let knownSpecBugs: [String: String] = [
    "api/application-service/definitions/protocol_metadata.yaml:18":
        "the \"gitter\" protocol of the example has no \"icon\", which protocol.yaml lists as required",
    "api/client-server/definitions/m.relates_to.yaml:20":
        "the example wraps the object in its \"m.relates_to\" key on purpose (a comment in the file says so), so it is not an instance of the schema",
]

struct RoundTripOutcome {
    var passed = 0
    var failures: [String] = []
}

func roundTrip(_ example: Example, codec: JSONBodyCodec, into outcome: inout RoundTripOutcome) {
    let file = example.location.file
    let place = "\(file.range(of: "/data/").map { String(file[$0.upperBound...]) } ?? file):\(example.location.line)"
    do {
        let original = try JSONDecoder().decode(JSONValue.self, from: Data(example.json.utf8))
        let reencoded = try JSONDecoder().decode(JSONValue.self, from: try codec.roundTrip(Data(example.json.utf8)))
        if original.isEquivalent(to: reencoded) {
            outcome.passed += 1
        } else {
            outcome.failures.append("\(place): \(codec.typeName) re-encodes differently:\n  \(example.json)\n  \(String(decoding: try MatrixJSON.encode(reencoded), as: UTF8.self))")
        }
    } catch {
        outcome.failures.append("\(place): \(codec.typeName): \(error)")
    }
}

@Test func everyOperationIsGeneratedWithItsRegistryEntry() throws {
    let model = try loadV111Model()
    let endpoints = model.modules.flatMap(\.endpoints)
    #expect(endpoints.count == 226)
    #expect(Set(allOperations.map { "\($0.metadata.group) \($0.metadata.operationID)" }).count == 226)
    let byGroup = Dictionary(grouping: allOperations, by: \.metadata.group).mapValues(\.count)
    #expect(byGroup == ["client-server": 156, "server-server": 37, "application-service": 9, "identity": 23, "push-gateway": 1])
}

@Test func everySpecExampleRoundTripsThroughTheGeneratedTypes() throws {
    let model = try loadV111Model()
    let operations = Dictionary(uniqueKeysWithValues: allOperations.map { ("\($0.metadata.group) \($0.metadata.operationID)", $0) })
    var outcome = RoundTripOutcome()
    var skipped: [String] = []
    for module in model.modules {
        for endpoint in module.endpoints {
            let descriptor = try #require(operations["\(endpoint.group) \(endpoint.operationID)"])
            for example in endpoint.examples {
                let codec = example.role == .request ? descriptor.requestBody : example.status.flatMap { descriptor.responseBodies[$0] }
                guard let codec else {
                    skipped.append("\(example.location): no JSON body codec for \(endpoint.operationID)")
                    continue
                }
                roundTrip(example, codec: codec, into: &outcome)
            }
        }
    }
    let schemas = Dictionary(allSchemas.map { ($0.source, $0.codec) }, uniquingKeysWith: { first, _ in first })
    var schemaExamples = 0
    func visit(_ decl: TypeDecl) {
        for example in decl.examples {
            let source = decl.id.hasPrefix("api/") ? String(decl.id.dropFirst(4)) : decl.id
            guard let codec = schemas[source] else {
                skipped.append("\(example.location): no registry entry for \(source)")
                continue
            }
            schemaExamples += 1
            roundTrip(example, codec: codec, into: &outcome)
        }
        decl.nested.forEach(visit)
    }
    for module in model.modules {
        for file in module.files {
            file.types.forEach(visit)
            file.endpoints.forEach { $0.nested.forEach(visit) }
        }
    }
    let unexpected = outcome.failures.filter { failure in !knownSpecBugs.keys.contains { failure.hasPrefix($0 + ":") } }
    print("Round trip: \(outcome.passed) examples passed (\(schemaExamples) schema examples), \(outcome.failures.count) failed, \(knownSpecBugs.count) known spec bugs, \(skipped.count) without a JSON codec")
    for failure in unexpected { print("FAILED " + failure) }
    for line in skipped { print("SKIPPED " + line) }
    #expect(unexpected.isEmpty)
    #expect(skipped.isEmpty)
    #expect(outcome.passed > 400)
}
