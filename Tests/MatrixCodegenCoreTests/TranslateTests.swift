import Foundation
import Testing
@testable import MatrixCodegenCore

@Suite struct TranslateTests {
    @Test func refsAcrossFilesWithFragmentsResolveToOneNamedType() throws {
        let spec = try FixtureSpec([
            "thing.yaml": apiFile("""
                type: object
                properties:
                  a: {$ref: definitions/shared.yaml}
                  b: {$ref: 'definitions/defs.yaml#/components/schemas/Other'}
                  c: {$ref: definitions/shared.yaml}
                """),
            "definitions/shared.yaml": "title: Shared\ntype: object\nproperties:\n  name: {type: string}\n",
            "definitions/defs.yaml": "components:\n  schemas:\n    Other:\n      type: object\n      properties:\n        n: {type: integer}\n",
        ])
        let model = try spec.model()
        let body = try #require(model.decl(named: "ResponseBody"))
        guard case .object(let fields, _, _, _) = body.kind else { Issue.record("not an object"); return }
        #expect(fields.map(\.swiftName) == ["a", "b", "c"])
        #expect(fields[0].type == fields[2].type)
        #expect(fields[0].type == .declared("api/test/definitions/shared.yaml"))
        #expect(fields[1].type == .declared("api/test/definitions/defs.yaml#/components/schemas/Other"))
        #expect(model.decl(named: "Shared") != nil)
        #expect(model.decl(named: "Other") != nil)
    }

    @Test func recursiveTypesAreBoxed() throws {
        let spec = try FixtureSpec([
            "thing.yaml": apiFile("{$ref: definitions/node.yaml}"),
            "definitions/node.yaml": "title: Node\ntype: object\nproperties:\n  parent: {$ref: node.yaml}\n  children: {type: array, items: {$ref: node.yaml}}\n",
        ])
        let node = try #require(try spec.model().decl(named: "Node"))
        #expect(node.isRecursive)
        // How a recursive type is written (the boxed `_parent`): SnapshotTests.recursiveObject.
    }

    @Test func allOfIsFlattenedRecursivelyMergingRequired() throws {
        let spec = try FixtureSpec([
            "thing.yaml": apiFile("""
                allOf:
                  - $ref: definitions/base.yaml
                  - type: object
                    properties:
                      extra: {type: boolean}
                    required: [extra]
                """),
            "definitions/base.yaml": "allOf:\n  - $ref: root.yaml\ntype: object\nproperties:\n  middle: {type: string}\nrequired: [middle]\n",
            "definitions/root.yaml": "type: object\nproperties:\n  id: {type: string}\n  content: {type: object}\nrequired: [id]\n",
        ])
        let body = try #require(try spec.model().decl(named: "ResponseBody"))
        guard case .object(let fields, _, _, _) = body.kind else { Issue.record("not an object"); return }
        #expect(fields.map(\.wireName) == ["id", "content", "middle", "extra"])
        #expect(fields.map(\.required) == [true, false, true, true])
    }

    @Test func allOfDeepMergesAnObjectPropertyThatBranchesBothDefine() throws {
        // As ClientEvent does with ClientEventWithoutRoomID's `unsigned`.
        let spec = try FixtureSpec([
            "thing.yaml": apiFile("""
                allOf:
                  - $ref: definitions/base.yaml
                  - type: object
                    properties:
                      unsigned:
                        properties:
                          extra: {type: string}
                """),
            "definitions/base.yaml": "title: Base\ntype: object\nproperties:\n  unsigned:\n    title: UnsignedData\n    type: object\n    properties:\n      age: {type: integer}\n",
        ])
        let model = try spec.model()
        let body = try #require(model.decl(named: "ResponseBody"))
        guard case .object(let fields, _, _, _) = body.kind, case .declared(let id)? = fields.first?.type else {
            Issue.record("no unsigned field")
            return
        }
        let unsigned = try #require(model.allDecls.map(\.decl).first { $0.id == id })
        #expect(unsigned.swiftName == "UnsignedData")
        guard case .object(let unsignedFields, _, _, _) = unsigned.kind else { Issue.record("not an object"); return }
        #expect(unsignedFields.map(\.wireName) == ["age", "extra"])
    }

    @Test func allOfRedefiningAPropertyWithAnotherTypeIsAnError() throws {
        let spec = try FixtureSpec([
            "thing.yaml": apiFile("""
                allOf:
                  - type: object
                    properties:
                      size: {type: integer}
                  - type: object
                    properties:
                      size: {type: string}
                """)
        ])
        let errors = spec.errors()
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix(spec.path("thing.yaml") + ":19:") == true)
        #expect(errors.first?.contains("error: allOf redefines property \"size\" as string") == true)
    }

    @Test func oneOfAndTypeArraysBecomeSumTypesAndNullable() throws {
        let spec = try FixtureSpec([
            "thing.yaml": apiFile("""
                type: object
                properties:
                  key:
                    oneOf:
                      - type: string
                      - type: object
                        title: KeyObject
                        properties:
                          key: {type: string}
                  mixed: {type: [string, object]}
                  maybe: {type: [string, "null"]}
                """)
        ])
        let model = try spec.model()
        let key = try #require(model.decl(named: "Key"))
        guard case .sum(let variants) = key.kind else { Issue.record("not a sum"); return }
        #expect(variants.map(\.swiftName) == ["string", "keyObject"])
        #expect(variants.map(\.jsonKind) == [.string, .object])
        let body = try #require(model.decl(named: "ResponseBody"))
        guard case .object(let fields, _, _, _) = body.kind else { return }
        #expect(fields[2].type == .nullable(.builtin(.string)))
        let mixed = try #require(model.decl(named: "Mixed"))
        guard case .sum(let mixedVariants) = mixed.kind else { Issue.record("not a sum"); return }
        #expect(mixedVariants.map(\.type) == [.builtin(.string), .builtin(.jsonObject)])
    }

    @Test func patternPropertiesBecomeTypedMapsAlongsidePropertiesAndAdditionalProperties() throws {
        let spec = try FixtureSpec([
            "thing.yaml": apiFile("""
                type: object
                properties:
                  only_users:
                    type: object
                    patternProperties:
                      "^@":
                        x-pattern-format: mx-user-id
                        type: integer
                  mixed:
                    type: object
                    properties:
                      count: {type: integer}
                    patternProperties:
                      "^@":
                        x-pattern-format: mx-user-id
                        type: string
                      "^!":
                        x-pattern-format: mx-room-id
                        type: boolean
                    additionalProperties: {type: number}
                  free: {type: object, additionalProperties: {type: string}}
                """)
        ])
        let model = try spec.model()
        let body = try #require(model.decl(named: "ResponseBody"))
        guard case .object(let fields, _, _, _) = body.kind else { return }
        #expect(fields[0].type == .map(key: .builtin(.userID), value: .builtin(.int)))
        #expect(fields[2].type == .map(key: .builtin(.string), value: .builtin(.string)))
        let mixed = try #require(model.decl(named: "Mixed"))
        guard case .object(let mixedFields, let maps, let additional, let keepsUnknown) = mixed.kind else { return }
        #expect(mixedFields.map(\.wireName) == ["count"])
        #expect(maps.map(\.swiftName) == ["users", "rooms"])
        #expect(maps.map(\.keyType) == [.builtin(.userID), .builtin(.roomID)])
        #expect(additional == .builtin(.double))
        #expect(!keepsUnknown)
    }

    @Test func fixedLengthAnyOfArraysBecomeTuples() throws {
        let spec = try FixtureSpec([
            "thing.yaml": apiFile("""
                type: array
                minItems: 2
                maxItems: 2
                items:
                  anyOf:
                    - type: integer
                    - type: object
                      title: Room State
                      properties:
                        origin: {type: string}
                """, example: "[200, {\"origin\": \"example.org\"}]")
        ])
        let model = try spec.model()
        let body = try #require(model.decl(named: "ResponseBody"))
        guard case .tuple(let elements) = body.kind else { Issue.record("not a tuple: \(body.kind)"); return }
        #expect(elements.map(\.swiftName) == ["element0", "roomState"])
        #expect(elements[0].type == .builtin(.int))
        let endpoint = try #require(model.modules.flatMap(\.endpoints).first)
        #expect(endpoint.examples.map(\.json) == ["[200,{\"origin\":\"example.org\"}]"])
    }

    @Test func stringEnumsAreOpenAndFormatsMapToIdentifiers() throws {
        let spec = try FixtureSpec([
            "thing.yaml": apiFile("""
                type: object
                properties:
                  method: {type: string, enum: [crop, scale, m.custom]}
                  server: {type: string, format: mx-server-name}
                  avatar: {type: string, format: mx-mxc-uri}
                  big: {type: integer, format: int64}
                  link: {type: string, format: uri}
                """)
        ])
        let model = try spec.model()
        let method = try #require(model.decl(named: "Method"))
        guard case .openEnum(let values) = method.kind else { Issue.record("not an enum"); return }
        #expect(values.map(\.swiftName) == ["crop", "scale", "mCustom"])
        let body = try #require(model.decl(named: "ResponseBody"))
        guard case .object(let fields, _, _, _) = body.kind else { Issue.record("not an object"); return }
        #expect(fields.map(\.type) == [
            .declared(method.id), .builtin(.serverName), .builtin(.mxcURI), .builtin(.int64), .builtin(.string),
        ])
    }

    @Test func statusRangesFollowExactStatusesAndUntypedHeadersWarn() throws {
        let spec = try FixtureSpec(["thing.yaml": """
            openapi: 3.1.0
            info: {title: Fixture, version: 1.0.0}
            paths:
              /thing:
                get:
                  operationId: getThing
                  responses:
                    "4XX":
                      description: Failed.
                      content:
                        application/json:
                          schema: {type: object, properties: {errcode: {type: string}}}
                    "3XX":
                      description: Go elsewhere.
                    "404":
                      description: Not here.
                    "200":
                      description: Fine.
                      headers:
                        X-Trace: {schema: {type: string}}
                    default:
                      description: Anything else.
            servers:
              - url: "https://localhost{basePath}"
                variables:
                  basePath:
                    default: /_matrix/test/v1

            """])
        let (model, warnings) = try Pipeline.buildModel(configuration: spec.configuration)
        let endpoint = try #require(model.modules.flatMap(\.endpoints).first)
        #expect(endpoint.responses.map(\.caseName) == ["ok", "notFound", "redirection", "clientError"])
        #expect(endpoint.responses.map(\.statusClass) == [nil, nil, 3, 4])
        #expect(endpoint.responses[2].body == .redirect)
        let messages = warnings.map(\.description)
        #expect(messages.contains { $0.contains("thing.yaml:22:") && $0.contains("response \"default\" is neither a status code nor a range") })
        #expect(messages.contains { $0.contains("thing.yaml:20:") && $0.contains("response header \"X-Trace\" is not typed") })
        let swift = try spec.swift("thing.yaml")
        #expect(swift.contains("case redirection(status: Int, redirect: Redirect)"))
        #expect(swift.contains("case clientError(status: Int, body: "))
        let order = ["case 200:", "case 404:", "case 300..<400:", "case 400..<500:"].compactMap { swift.range(of: $0)?.lowerBound }
        #expect(order.count == 4 && order == order.sorted())
        #expect(swift.contains("static let responseRangeBodyCodecs: [Int: JSONBodyCodec] = [4: JSONBodyCodec("))
    }

    @Test func aNestedTypeShadowingATopLevelOneIsQualifiedWithTheModule() throws {
        // As v1.10's push_ruleset.yaml does: an inline item titled like the file it extends by `allOf` (here with a
        // property of its own, so that it is a type of its own and not just a described use of rule.yaml).
        let spec = try FixtureSpec([
            "thing.yaml": apiFile("{$ref: definitions/ruleset.yaml}"),
            "definitions/ruleset.yaml": """
                title: Ruleset
                type: object
                properties:
                  content: {type: array, items: {title: Rule, type: object, allOf: [{$ref: rule.yaml}], properties: {extra: {type: string}}}}
                """,
            "definitions/rule.yaml": """
                title: Rule
                type: object
                properties:
                  action: {type: object, properties: {kind: {type: string}}}
                """,
        ])
        let swift = try spec.swift("definitions/ruleset.yaml")
        #expect(swift.contains("public struct Rule: Codable"))
        #expect(swift.contains("public var action: FixtureAPI.Rule.Action?"))
    }

    @Test func securitySchemesByRefAndFromTheGroupsSharedFile() throws {
        let security = "accessToken:\n  type: apiKey\n  name: access_token\n  in: query\nhsToken:\n  type: apiKey\n  name: Authorization\n  in: header\n  description: The `Bearer` token.\n"
        func file(_ id: String, _ scheme: String, components: String) -> String {
            apiFile("{type: object}")
                .replacingOccurrences(of: "operationId: getThing", with: "operationId: \(id)\n      security: [{\(scheme): []}]")
                .replacingOccurrences(of: "/thing:", with: "/\(id):")
                + components
        }
        let spec = try FixtureSpec([
            "definitions/security.yaml": security,
            "a.yaml": file("byRef", "hsToken", components: "components:\n  securitySchemes:\n    $ref: definitions/security.yaml\n"),
            "b.yaml": file("undefinedHere", "accessToken", components: ""),
        ])
        let (model, warnings) = try Pipeline.buildModel(configuration: spec.configuration)
        #expect(warnings.isEmpty, "\(warnings)")
        let endpoints = Dictionary(uniqueKeysWithValues: model.modules.flatMap(\.endpoints).map { ($0.operationID, $0) })
        #expect(endpoints["byRef"]?.security.map(\.location) == [.bearerHeader])
        #expect(endpoints["undefinedHere"]?.security.map(\.location) == [.query])
    }

    @Test func refsInsideExamplesAreResolvedWithSiblingKeysLaidOver() throws {
        let spec = try FixtureSpec([
            "thing.yaml": apiFile(
                "{type: object, properties: {a: {type: integer}, b: {type: string}, c: {type: boolean}}}",
                example: "{\"$ref\": \"examples/base.yaml\", \"b\": \"over\", \"c\": true}"),
            "examples/base.yaml": "a: 1\nb: base\n",
        ])
        let endpoint = try #require(try spec.model().modules.flatMap(\.endpoints).first)
        #expect(endpoint.examples.map(\.json) == [#"{"a":1,"b":"over","c":true}"#])
    }

    @Test func objectsKeepUnknownFieldsUnlessAdditionalPropertiesIsTypedOrFalse() throws {
        let spec = try FixtureSpec([
            "thing.yaml": apiFile("""
                type: object
                properties:
                  open: {type: object, properties: {x: {type: string}}}
                  closed: {type: object, properties: {x: {type: string}}, additionalProperties: false}
                """),
        ])
        let swift = try spec.swift("thing.yaml")
        let open = try #require(swift.range(of: "public struct Open"))
        let closed = try #require(swift.range(of: "public struct Closed"))
        let openBody = swift[open.lowerBound...].prefix(800)
        let closedBody = swift[closed.lowerBound...].prefix(800)
        #expect(openBody.contains("public var additionalFields: JSONObject"))
        #expect(!closedBody.contains("additionalFields"))
    }

    @Test func aTrailingSpaceThatKeepsTwoPathKeysApartIsNotPartOfThePath() throws {
        // inviting.yaml declares "/rooms/{roomId}/invite " so that it and third_party_membership.yaml can both
        // describe POST /rooms/{roomId}/invite.
        let spec = try FixtureSpec(["thing.yaml": apiFile("{type: object}").replacingOccurrences(of: "/thing:", with: "\"/thing \":")])
        let endpoint = try #require(try spec.model().modules.flatMap(\.endpoints).first)
        #expect(endpoint.path == "/_matrix/test/v1/thing")
        #expect(endpoint.source.hasSuffix("#/paths/~1thing /get"))
    }

    @Test func metadataAndDocumentationReachTheOutput() throws {
        let spec = try FixtureSpec([
            "thing.yaml": apiFile("""
                type: object
                properties:
                  old:
                    type: string
                    deprecated: true
                    x-addedInMatrixVersion: "1.2"
                    x-changedInMatrixVersion: {"1.4": "Now a string."}
                    description: |-
                      Before.

                      {{% boxes/note %}}
                      Inside the box.
                      {{% /boxes/note %}}
                """)
        ])
        let swift = try spec.swift("thing.yaml")
        #expect(swift.contains("/// > **Note:**\n        /// > Inside the box."))
        #expect(swift.contains("/// - Since: Matrix 1.2"))
        #expect(swift.contains("/// - Note: Changed in Matrix 1.4: Now a string."))
        #expect(swift.contains("@available(*, deprecated)\n        public var old: String? {"))
        #expect(swift.contains("- Remark: Generated from `test/thing.yaml#/paths/~1thing/get`."))
        #expect(!swift.contains("{{%"))
    }
}

/// The binary finds its built-in templates (SwiftPM's copy of `Sources/MatrixCodegenCore/Resources`, which
/// `Templates/` links to), and they are the files of `Templates/`.
@Test func theBuiltInTemplatesAreTheTemplatesDirectory() throws {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Templates")
    let builtIn = try BuiltInResources.templates()
    #expect(try BuiltInResources.templates(in: directory) == builtIn)
    #expect(builtIn.count >= 14, "\(builtIn.keys.sorted())")
    #expect(BuiltInResources.eventKinds() != nil)
}

/// The previous spec version goes through the whole pipeline too (the diff command and users of older
/// versions depend on it).
@Test func theV110SpecTranslatesWithoutErrors() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/matrix-spec/v1.10").standardizedFileURL
    let configuration = Configuration.standard(specRoot: root, specVersion: "v1.10", outputDirectory: root.appendingPathComponent("unused"))
    let (model, _) = try Pipeline.buildModel(configuration: configuration)
    let endpoints = model.modules.flatMap(\.endpoints)
    #expect(endpoints.count == 219)
    #expect(!endpoints.contains { $0.path.hasPrefix("/_matrix/client/v1/media/") })
    let files = try Renderer().render(model)
    #expect(files.count > 150)
    #expect(files.allSatisfy { $0.text.contains("v1.10") })
}

/// `allOf` of one `$ref` with only a description beside it is a described use of the referenced type, not a
/// copy of it (the spec writes every `auth` of the client-server API this way).
@Test func aDescribedReferenceIsTheReferencedType() throws {
    let spec = try FixtureSpec([
        "thing.yaml": apiFile("""
            type: object
            properties:
              described: {allOf: [{$ref: definitions/auth.yaml}], description: The authentication for this request.}
              extended: {allOf: [{$ref: definitions/auth.yaml}], properties: {more: {type: string}}}
              restated: {type: object, title: Ruleset, allOf: [{$ref: definitions/auth.yaml}], description: Its own type restated.}
              retyped: {type: array, allOf: [{$ref: definitions/auth.yaml}]}
            """),
        "definitions/auth.yaml": "title: Auth Data\ntype: object\nproperties:\n  session: {type: string}\n",
    ])
    let model = try spec.model()
    let auth = try #require(model.decl(named: "AuthData"))
    let body = try #require(model.decl(named: "ResponseBody"))
    guard case .object(let fields, _, _, _) = body.kind else { Issue.record("not an object"); return }
    #expect(fields[0].type == .declared(auth.id))
    #expect(fields[0].documentation == "The authentication for this request.")
    #expect(fields[1].type != .declared(auth.id), "an allOf that adds properties is a type of its own")
    #expect(fields[2].type == .declared(auth.id), "restating the referenced schema's own type adds nothing")
    #expect(fields[3].type != .declared(auth.id), "a different type is not a described use")
    #expect(body.nested.map(\.swiftName).contains("Extended"))
    #expect(!body.nested.map(\.swiftName).contains("Restated") && !body.nested.map(\.swiftName).contains("Ruleset"))
}

/// Nodes the translator makes itself (the `allOf` wrapper of an event's shared content) are freed once used;
/// a map keyed by their addresses must not hand a freed node's entry to a node made later at the same address.
@Test func nodeIdentityMapDoesNotLendEntriesToLaterNodes() {
    var declared = NodeIdentityMap<String>()
    var checked = NodeIdentityMap<Void>()
    for index in 0..<1_000 {
        let node = SpecNode(.scalar("x", plain: true), location: SourceLocation(file: "f.yaml", line: index, column: 1))
        #expect(declared[node] == nil, "node \(index) found an earlier node's entry")
        declared[node] = "decl \(index)"
        let first = checked.insert(node), second = checked.insert(node)
        #expect(first && !second)
    }
}
