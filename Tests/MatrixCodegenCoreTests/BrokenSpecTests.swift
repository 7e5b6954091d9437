import Foundation
import Testing
@testable import MatrixCodegenCore

/// One broken spec per rule: each is an error (or, for mistakes the real spec makes, a warning with a
/// documented fallback) at `file:line:column`, never a silent misreading or a hang.
@Suite struct BrokenSpecTests {
    /// An API file whose single operation is `operation` (YAML at the operation's indentation, 6 spaces).
    static func operationFile(_ operation: String, components: String = "") -> String {
        """
        openapi: 3.1.0
        info: {title: Fixture, version: 1.0.0}
        servers:
          - url: "https://localhost{basePath}"
            variables:
              basePath:
                default: /_matrix/test/v1
        paths:
          /thing/{id}:
            get:
        \(operation.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
        \(components)
        """
    }

    static let idParameter = """
        parameters:
          - {name: id, in: path, required: true, schema: {type: string}}
        """

    static let okResponse = """
        responses:
          "200": {description: ok, content: {application/json: {schema: {type: object}}}}
        """

    @Test(arguments: [
        // (what, schema of the 200 response, expected error with line:column in thing.yaml)
        ("properties as a list", "type: object\nproperties:\n  - name: a\n    type: string", ":15:19: error: \"properties\" of a schema must be a mapping of mappings, not a sequence"),
        ("a property schema as a word", "type: object\nproperties:\n  a: string", ":15:22: error: \"properties\" of a schema must be a mapping of mappings; this entry is a scalar"),
        ("required as a mapping", "type: object\nrequired: {a: true}\nproperties:\n  a: {type: string}", ":14:27: error: \"required\" of a schema must be a sequence of scalars, not a mapping"),
        ("items as a word", "type: array\nitems: string", ":14:24: error: \"items\" of a schema must be a mapping or a sequence of mappings, not a scalar"),
        ("enum as a mapping", "type: string\nenum: {a: 1}", ":14:23: error: \"enum\" of a schema must be a sequence, not a mapping"),
        ("allOf of words", "allOf: [a, b]", ":13:25: error: \"allOf\" of a schema must be a sequence of mappings; this entry is a scalar"),
        ("type as a mapping", "type: {name: object}", ":13:23: error: \"type\" of a schema must be a scalar or a sequence of scalars, not a mapping"),
    ])
    func wrongNodeKindsInSchemasAreErrors(what: String, schema: String, expected: String) throws {
        let spec = try FixtureSpec(["thing.yaml": apiFile(schema)])
        let errors = spec.errors()
        #expect(errors.count == 1, "\(what)")
        #expect(errors.first == spec.path("thing.yaml") + expected, "\(what)")
    }

    @Test func wrongNodeKindsInOperationsAreErrors() throws {
        let parametersAsMapping = try FixtureSpec(["thing.yaml": Self.operationFile("operationId: getThing\nparameters: {id: {in: path}}\n" + Self.okResponse)])
        #expect(parametersAsMapping.errors().first == parametersAsMapping.path("thing.yaml") + ":12:19: error: \"parameters\" of an operation must be a sequence of mappings, not a mapping")
        let responsesAsList = try FixtureSpec(["thing.yaml": Self.operationFile("operationId: getThing\n" + Self.idParameter + "\nresponses:\n  - 200")])
        #expect(responsesAsList.errors().first == responsesAsList.path("thing.yaml") + ":15:9: error: \"responses\" of an operation must be a mapping of mappings, not a sequence")
        let schemaAsWord = try FixtureSpec(["thing.yaml": Self.operationFile("operationId: getThing\nparameters:\n  - {name: id, in: path, required: true, schema: string}\n" + Self.okResponse)])
        #expect(schemaAsWord.errors().first == schemaAsWord.path("thing.yaml") + ":13:56: error: \"schema\" of a parameter must be a mapping, not a scalar")
    }

    @Test func invalidUTF8IsAnErrorAtItsPosition() throws {
        let spec = try FixtureSpec(["thing.yaml": apiFile("type: string")])
        let text = apiFile("type: string\ndescription: \"caf@@\"")
        let mark = try #require(text.range(of: "@@"))
        let bytes = Array(text[..<mark.lowerBound].utf8) + [0xFF, 0xFE, 0xC3, 0x28] + Array(text[mark.upperBound...].utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: spec.path("thing.yaml")))
        let errors = spec.errors()
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix(spec.path("thing.yaml") + ":14:34: error: invalid UTF-8") == true, "\(errors)")
    }

    @Test func anEmptyFileIsAnError() throws {
        let spec = try FixtureSpec(["thing.yaml": apiFile("{$ref: 'definitions/empty.yaml'}"), "definitions/empty.yaml": ""])
        #expect(spec.errors() == [spec.path("definitions/empty.yaml") + ":1:1: error: empty YAML file: expected a document"])
    }

    @Test func twoDocumentsInOneFileAreAnError() throws {
        let spec = try FixtureSpec(["thing.yaml": apiFile("{$ref: 'definitions/two.yaml'}"), "definitions/two.yaml": "type: string\n---\ntype: object\n"])
        #expect(spec.errors() == [spec.path("definitions/two.yaml") + ":3:1: error: a second YAML document in one file"])
    }

    @Test func nestingPastTheLimitIsAnErrorAtOnce() throws {
        // 200,000 levels in an example: refused at level 257, not walked.
        let deep = String(repeating: "{a: ", count: 200_000) + "1" + String(repeating: "}", count: 200_000)
        let spec = try FixtureSpec(["thing.yaml": apiFile("type: object", example: deep)])
        let errors = spec.errors()
        #expect(errors.count == 1)
        #expect(errors.first?.contains("error: nesting deeper than 256 levels") == true)
    }

    @Test func aliasesBeyondTheBudgetAreAnError() throws {
        // A "billion laughs": ten aliases of ten aliases of ... of one scalar.
        var yaml = "type: object\nexample:\n  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            yaml += "  l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let spec = try FixtureSpec(["thing.yaml": apiFile("{$ref: 'definitions/laughs.yaml'}"), "definitions/laughs.yaml": yaml])
        let errors = spec.errors()
        #expect(errors.count == 1)
        #expect(errors.first?.contains("error: YAML aliases expand to more than 1000000 nodes") == true)
    }

    @Test func aDuplicatedOperationIdNamesBothPlaces() throws {
        let spec = try FixtureSpec([
            "a.yaml": apiFile("type: object"),
            "b.yaml": apiFile("type: object").replacingOccurrences(of: "/thing:", with: "/other:"),
        ])
        #expect(spec.errors() == [
            spec.path("b.yaml") + ":6:20: error: operationId \"getThing\" is already used by the operation at " + spec.path("a.yaml") + ":6:20"
        ])
    }

    @Test func operationsWhoseSwiftNamesCollideAreNamedAfterTheirPath() throws {
        let spec = try FixtureSpec([
            "a.yaml": apiFile("type: object").replacingOccurrences(of: "getThing", with: "getThingByID"),
            "b.yaml": apiFile("type: object").replacingOccurrences(of: "/thing:", with: "/users/{id}/thing:")
                .replacingOccurrences(of: "getThing", with: "getThingById")
                .replacingOccurrences(of: "      responses:", with: "      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:"),
        ])
        let result = try Pipeline.buildModel(configuration: spec.configuration)
        let names = result.model.modules.flatMap(\.endpoints).map(\.swiftName).sorted()
        #expect(names == ["GetThingByID", "GetThingByIDAtUsersThing"])
        #expect(result.warnings.contains {
            $0.severity == .warning && $0.location?.file == spec.path("b.yaml")
                && $0.message.contains("named GetThingByIDAtUsersThing after its path")
        })
    }

    @Test func anUndefinedSecuritySchemeFallsBackToTheFilesSchemesWithAuthenticationOptional() throws {
        // Like room_summary.yaml from v1.15 on: `signedRequest` in a client-server file that defines bearer and query tokens.
        let components = """
            components:
              securitySchemes:
                accessTokenQuery: {type: apiKey, in: query, name: access_token}
                accessTokenBearer: {type: http, scheme: bearer}
            """
        let spec = try FixtureSpec(["thing.yaml": Self.operationFile(
            "operationId: getThing\nsecurity:\n  - signedRequest: []\n" + Self.idParameter + "\n" + Self.okResponse, components: components)])
        let result = try Pipeline.buildModel(configuration: spec.configuration)
        let endpoint = try #require(result.model.modules.flatMap(\.endpoints).first)
        #expect(endpoint.security.map(\.name) == ["accessTokenQuery", "accessTokenBearer"])
        #expect(endpoint.authenticationOptional)
        #expect(result.warnings.contains {
            $0.severity == .warning && $0.description.hasPrefix(spec.path("thing.yaml") + ":13:")
                && $0.message.contains("unknown security scheme \"signedRequest\"")
        })
        let nothingDefined = try FixtureSpec(["thing.yaml": Self.operationFile(
            "operationId: getThing\nsecurity:\n  - signedRequest: []\n" + Self.idParameter + "\n" + Self.okResponse)])
        #expect(nothingDefined.errors().first?.contains("error: unknown security scheme \"signedRequest\", and no scheme is defined to fall back on") == true)
    }

    /// An operation whose path parameter `id` is `oneOf` the two given schemas (flow-style YAML).
    static func oneOfParameterFile(_ first: String, _ second: String) -> String {
        operationFile("""
            operationId: getThing
            parameters:
              - name: id
                in: path
                required: true
                schema:
                  oneOf:
                    - \(first)
                    - \(second)
            \(okResponse)
            """)
    }

    @Test func aOneOfOfIdentifiersIsAParameterValue() throws {
        // v1.19 types room-ID-or-alias path parameters this way (join, knock, room summary).
        let spec = try FixtureSpec(["thing.yaml": Self.oneOfParameterFile("{type: string, format: mx-room-id}", "{type: string, format: mx-room-alias}")])
        let model = try spec.model()
        let id = try #require(model.decl(named: "ID"))
        #expect(id.kind.isParameterValue { model.decl(id: $0)?.kind })
        #expect(model.modules.flatMap(\.endpoints).first?.parameters.first?.type == .declared(id.id))
        // How it is written (conformance, parsing each variant in turn): SnapshotTests.endpointWithParametersBodyAndResponses.
    }

    @Test func aParameterSchemaThatCannotBeWrittenIsAnErrorAtTheSchema() throws {
        let spec = try FixtureSpec(["thing.yaml": Self.oneOfParameterFile("{type: string}", "{type: object, properties: {a: {type: string}}}")])
        #expect(spec.errors() == [
            spec.path("thing.yaml") + ":17:13: error: path parameter \"id\" has a schema that cannot be written as an HTTP parameter "
                + "(a scalar, an identifier, an enum, a oneOf of those, or an array or map of them)"
        ])
    }

    @Test func anAPIFileOfOneGroupReferencedByAnotherIsAnErrorAtTheReference() throws {
        let spec = try FixtureSpec(["thing.yaml": apiFile("{$ref: '../other/other.yaml#/components/schemas/Other'}")])
        let other = spec.root.appendingPathComponent("data/api/other/other.yaml")
        try FileManager.default.createDirectory(at: other.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((apiFile("type: object").replacingOccurrences(of: "getThing", with: "getOther").replacingOccurrences(of: "/thing:", with: "/other:")
            + "components:\n  schemas:\n    Other: {type: object, properties: {a: {type: string}}}\n").utf8).write(to: other)
        var configuration = spec.configuration
        configuration.groups.append(.init(directory: "other", module: "OtherAPI"))
        do {
            _ = try Pipeline.buildModel(configuration: configuration)
            Issue.record("an API file shared by two groups was accepted")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                spec.path("thing.yaml") + ":13:24: error: api/other/other.yaml is an API file of one group but other groups reference it (other, test)"
            ])
        }
    }
}
