import Foundation
import Testing
@testable import MatrixCodegenCore

/// The `matrix-codegen` executable as a user runs it: exit codes, messages, and what it leaves on disk.
@Suite struct CLITests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// The built executable, next to the test bundle.
    static var executable: URL {
        get throws {
            var candidates = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
            candidates += Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
            for directory in candidates {
                for url in [directory.appendingPathComponent("matrix-codegen"), directory.deletingLastPathComponent().appendingPathComponent("matrix-codegen")]
                where FileManager.default.isExecutableFile(atPath: url.path) {
                    return url
                }
            }
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "matrix-codegen not found near \(candidates)"])
        }
    }

    func run(_ arguments: [String], in directory: URL) throws -> Run {
        let process = Process()
        process.executableURL = try Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self), errors: String(decoding: errorData, as: UTF8.self))
    }

    /// A fixture checkout with the standard groups' layout (`data/api/client-server/...`).
    func checkout(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("matrix-codegen-cli-\(UUID().uuidString)/v1.99")
        for (path, text) in files {
            let url = root.appendingPathComponent("data/api/client-server/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        for group in ["server-server", "application-service", "identity", "push-gateway"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent("data/api/" + group), withIntermediateDirectories: true)
        }
        return root
    }

    func contents(of directory: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            if let data = FileManager.default.contents(atPath: url.path), !url.hasDirectoryPath { result[url.path] = data }
        }
        return result
    }

    @Test func generatesChecksAndReportsStaleFiles() throws {
        let spec = try checkout(["thing.yaml": apiFile("{type: object, properties: {name: {type: string}}}")])
        let work = spec.deletingLastPathComponent()
        let out = work.appendingPathComponent("Out")

        let first = try run(["generate", "--spec", spec.path, "--output", out.path], in: work)
        #expect(first.status == 0, "\(first.errors)")
        let file = out.appendingPathComponent("MatrixClientServerAPI/thing.swift")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("v1.99"))
        #expect(text.contains("public enum GetThing: MatrixEndpoint"))

        let check = try run(["generate", "--check", "--spec", spec.path, "--output", out.path], in: work)
        #expect(check.status == 0)
        #expect(check.output.contains("up to date"))

        try Data((text + "// edited by hand\n").utf8).write(to: file)
        let stale = try run(["generate", "--check", "--spec", spec.path, "--output", out.path], in: work)
        #expect(stale.status == 1)
        #expect(stale.errors.contains("stale: MatrixClientServerAPI/thing.swift"))
        #expect(try String(contentsOf: file, encoding: .utf8).hasSuffix("// edited by hand\n"), "--check must not write")
    }

    @Test func aSpecErrorExitsNonZeroWithACompilerStyleDiagnosticAndTouchesNothing() throws {
        let spec = try checkout(["thing.yaml": apiFile("{type: object, properties: {name: {type: strin}}}")])
        let work = spec.deletingLastPathComponent()
        let out = work.appendingPathComponent("Out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("MatrixClientServerAPI"), withIntermediateDirectories: true)
        try Data("// previous output\n".utf8).write(to: out.appendingPathComponent("MatrixClientServerAPI/thing.swift"))
        let before = contents(of: out)

        let result = try run(["generate", "--spec", spec.path, "--output", out.path], in: work)
        #expect(result.status == 1)
        let thing = spec.appendingPathComponent("data/api/client-server/thing.yaml").path
        #expect(result.errors.contains(thing + ":13:"))
        #expect(result.errors.contains(": error: "))
        #expect(contents(of: out) == before)
    }

    @Test func operationsListsJSON() throws {
        let spec = try checkout(["thing.yaml": apiFile("{type: object}")])
        let result = try run(["operations", "--spec", spec.path, "--format", "json"], in: spec.deletingLastPathComponent())
        #expect(result.status == 0)
        let listing = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        #expect(listing.count == 1)
        #expect(listing.first?["operationId"] as? String == "getThing")
    }

    @Test func usageErrorsAndAMissingSpecAreClear() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("matrix-codegen-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let noSpec = try run(["generate"], in: empty)
        #expect(noSpec.status == 1)
        #expect(noSpec.errors.contains("pass --spec DIR"))
        let unknown = try run(["generate", "--frobnicate"], in: empty)
        #expect(unknown.status == 64)
        #expect(unknown.errors.contains("--frobnicate"))
        let missingCheckout = try run(["generate", "--spec", empty.appendingPathComponent("nowhere").path], in: empty)
        #expect(missingCheckout.status == 1)
        #expect(!missingCheckout.errors.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: empty.appendingPathComponent("Generated").path))
        let version = try run(["--version"], in: empty)
        #expect(version.status == 0)
        #expect(version.output.trimmingCharacters(in: .whitespacesAndNewlines) == MatrixCodegenInfo.version)
    }

    @Test func diffExitCodesFormatsAndErrors() throws {
        let old = try checkout(["thing.yaml": apiFile("{type: object, properties: {n: {type: integer}}}")])
        let additive = try checkout(["thing.yaml": apiFile("{type: object, properties: {n: {type: integer}, m: {type: string}}}")])
        let breaking = try checkout(["thing.yaml": apiFile("{type: object, properties: {n: {type: string}}}")])
        let work = old.deletingLastPathComponent()

        let text = try run(["diff", old.path, additive.path, "--fail-on", "breaking"], in: work)
        #expect(text.status == 0)
        #expect(text.output.contains("[additive] response 200 body: m: optional string added"))
        let failing = try run(["diff", old.path, breaking.path, "--fail-on", "breaking", "--format", "json"], in: work)
        #expect(failing.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(failing.output.utf8)) as? [String: Any])
        #expect((document["summary"] as? [String: Any])?["breaking"] as? Int == 1)
        let deprecationGate = try run(["diff", old.path, additive.path, "--fail-on", "deprecation", "--format", "markdown"], in: work)
        #expect(deprecationGate.status == 0)
        #expect(deprecationGate.output.hasPrefix("# Matrix "))

        let notASpec = try run(["diff", work.path, additive.path], in: work)
        #expect(notASpec.status == 1)
        #expect(notASpec.errors.contains("is not a matrix-spec checkout"))

        let broken = try checkout(["thing.yaml": "openapi: 3.1.0\npaths:\n  /thing: [unclosed\n"])
        let brokenRun = try run(["diff", old.path, broken.path], in: work)
        #expect(brokenRun.status == 1)
        #expect(brokenRun.errors.contains(broken.appendingPathComponent("data/api/client-server/thing.yaml").path + ":4:1: error: malformed YAML"))
    }
}

/// The configuration keys the build-tool plugin's targets use: a subset of operations, one module, an access level.
@Suite struct ConfigurationTests {
    func write(_ text: String, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("matrix-codegen.yaml")
        try Data(text.utf8).write(to: url)
        return url
    }

    func fixture() throws -> FixtureSpec {
        try FixtureSpec([
            "thing.yaml": apiFile("{$ref: definitions/thing.yaml}"),
            "other.yaml": apiFile("{$ref: definitions/other.yaml}").replacingOccurrences(of: "getThing", with: "getOther")
                .replacingOccurrences(of: "/thing:", with: "/other:"),
            "definitions/thing.yaml": "title: Thing\ntype: object\nproperties:\n  n: {type: integer}\n",
            "definitions/other.yaml": "title: Other\ntype: object\nproperties:\n  n: {type: integer}\n",
            "definitions/unused.yaml": "title: Unused\ntype: object\nproperties:\n  n: {type: integer}\n",
        ])
    }

    /// Overriding a template is how a maintainer changes the output: an `object.mustache` that makes every
    /// object `CustomStringConvertible` changes every struct, and the result compiles against the runtime.
    @Test func anOverriddenTemplateChangesEveryObjectAndTheResultCompiles() throws {
        let spec = try FixtureSpec([
            "thing.yaml": apiFile("{$ref: definitions/thing.yaml}"),
            "definitions/thing.yaml": "title: Thing\ntype: object\nproperties:\n  n: {type: integer}\n  inner: {type: object, properties: {m: {type: string}}}\n",
        ], group: "client-server")
        let configuration = try write("spec: .\ngroups: [client-server]\nmodule: Bindings\n", in: spec.root)
        let templates = spec.root.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let object = try #require(try BuiltInResources.templates()["object"])
        let changed = object.replacingOccurrences(
            of: "struct {{name}}: Codable, Hashable, Sendable {\n",
            with: "struct {{name}}: Codable, Hashable, Sendable, CustomStringConvertible {\n    public var description: String { \"{{name}}\" }\n")
        #expect(changed != object)
        try Data(changed.utf8).write(to: templates.appendingPathComponent("object.mustache"))
        let output = spec.root.appendingPathComponent("out")
        let generated = try CLITests().run(["generate", "--config", configuration.path, "--templates", templates.path, "--output", output.path], in: spec.root)
        #expect(generated.status == 0, "\(generated.errors)")
        let directory = output.appendingPathComponent("Bindings")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().map { directory.appendingPathComponent($0) }
        let text = try files.map { try String(contentsOf: $0, encoding: .utf8) }.joined()
        let structs = text.components(separatedBy: ": Codable, Hashable, Sendable").count - 1
        #expect(structs == 2, "Thing and Thing.Inner")
        #expect(text.components(separatedBy: ": Codable, Hashable, Sendable, CustomStringConvertible {\n").count - 1 == structs)
        #expect(text.contains("public var description: String { \"Inner\" }"))
        // Type-check the module against the runtime the tests were built with.
        let modules = try CLITests.executable.deletingLastPathComponent().appendingPathComponent("Modules")
        let swiftc = Process()
        swiftc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        swiftc.arguments = ["swiftc", "-typecheck", "-module-name", "Bindings", "-I", modules.path, "-warnings-as-errors"] + files.map(\.path)
        let errors = Pipe()
        swiftc.standardError = errors
        try swiftc.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        swiftc.waitUntilExit()
        #expect(swiftc.terminationStatus == 0, "\(message)")
    }

    @Test func aSubsetInOneModuleWithAnAccessLevel() throws {
        let spec = try fixture()
        let url = try write("""
            spec: .
            groups: [test]
            module: Bindings
            operations: [getThing]
            accessLevel: internal
            """, in: spec.root)
        let configuration = try Configuration.load(url)
        let model = try Pipeline.buildModel(configuration: configuration).model
        #expect(model.modules.map(\.name) == ["Bindings"])
        #expect(model.modules[0].endpoints.map(\.operationID) == ["getThing"])
        #expect(model.modules[0].types.map(\.swiftName) == ["Thing"], "Other and Unused are not needed")
        let files = try Renderer().render(model)
        let thing = try #require(files.first { $0.path == "Bindings/test.definitions.thing.swift" })
        #expect(thing.text.contains("\ninternal struct Thing: Codable"))
        #expect(!thing.text.contains("import MatrixCommonTypes"))
        let plan = try Pipeline.plan(configuration: configuration, configurationFile: url, templatesDirectory: nil)
        #expect(plan.outputs.map { URL(fileURLWithPath: $0).lastPathComponent }.sorted() == files.map { URL(fileURLWithPath: $0.path).lastPathComponent }.sorted())
        #expect(plan.inputs.contains(spec.path("thing.yaml")))
        #expect(plan.inputs.contains(spec.path("definitions/thing.yaml")))
        #expect(plan.inputs.contains(url.standardizedFileURL.path))
    }

    @Test func configurationMistakesNameTheFileAndLine() throws {
        let spec = try fixture()
        let url = try write("spec: .\ngroups: [test]\nfrobnicate: 1\naccessLevel: secret\noperations: [getThing, nope]\n", in: spec.root)
        do {
            _ = try Configuration.load(url)
            Issue.record("a bad configuration loaded")
        } catch {
            let messages = error.diagnostics.map(\.description)
            #expect(messages.contains { $0.hasPrefix(url.path + ":3:13: error: unknown configuration key \"frobnicate\"") })
            #expect(messages.contains { $0.hasPrefix(url.path + ":4:14: error: accessLevel must be public, package or internal") })
        }
        let unknownOperation = try write("spec: .\ngroups: [test]\noperations: [getThing, nope]\nmodule: Bindings\n", in: spec.root)
        do {
            _ = try Pipeline.buildModel(configuration: try Configuration.load(unknownOperation))
            Issue.record("an unknown operation passed")
        } catch {
            #expect(error.diagnostics.map(\.description).contains { $0.hasPrefix(url.path + ":3:13: error: no operation \"nope\"") }, "\(error.diagnostics)")
        }
        let badRaw = try write("spec: .\nmodule: Bindings\nrawEvents: {a: b}\n", in: spec.root)
        #expect(throws: GenerationFailure.self) { try Configuration.load(badRaw) }
        do {
            _ = try Configuration.load(badRaw)
        } catch {
            #expect(error.diagnostics.map(\.description) == [badRaw.path + ":3:12: error: \"rawEvents\" must be a list of spec files (data/-relative paths)"])
        }
    }

    /// `rawEvents` names the schemas kept raw: with the fixture's Thing listed, its uses become `Raw<Thing>`.
    @Test func rawEventsWrapTheirUses() throws {
        let spec = try fixture()
        let url = try write("spec: .\ngroups: [test]\nmodule: Bindings\nrawEvents: [api/test/definitions/thing.yaml]\n", in: spec.root)
        let model = try Pipeline.buildModel(configuration: try Configuration.load(url)).model
        let endpoint = try #require(model.modules.flatMap(\.endpoints).first { $0.operationID == "getThing" })
        let thing = try #require(model.decl(named: "Thing"))
        #expect(endpoint.responses.first?.body == .json(.raw(.declared(thing.id))))
    }
}
