import Foundation
@testable import MatrixCodegenCore

/// A small spec tree written to a temporary directory: `files` maps paths under `data/api/<group>/` to YAML
/// (`test` unless a test needs what only a known API group gets, such as client methods).
struct FixtureSpec {
    let root: URL
    let group: String

    init(_ files: [String: String], group: String = "test") throws {
        self.group = group
        root = FileManager.default.temporaryDirectory.appendingPathComponent("matrix-codegen-fixture-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent("data/api/\(group)/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    var output: URL { root.appendingPathComponent("Generated") }

    var configuration: Configuration {
        Configuration(
            specRoot: root, specVersion: "fixture", outputDirectory: output, commonModule: "FixtureCommon",
            groups: [.init(directory: group, module: "FixtureAPI")], typeOverrides: [:])
    }

    func model() throws -> APIModel { try Pipeline.buildModel(configuration: configuration).model }

    /// The rendered Swift of one spec file.
    func swift(_ specFile: String) throws -> String {
        let files = try Renderer().render(try model())
        let name = specFile.replacingOccurrences(of: ".yaml", with: ".swift").replacingOccurrences(of: "/", with: ".")
        return files.first { $0.path.hasSuffix("/" + name) }?.text ?? ""
    }

    /// The errors of a failing run, as printed.
    func errors() -> [String] {
        do {
            _ = try Pipeline.buildModel(configuration: configuration)
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }.map(\.description)
        }
    }

    func path(_ file: String) -> String { root.appendingPathComponent("data/api/\(group)/" + file).standardizedFileURL.path }
}

/// An API file with one `GET /thing` operation whose 200 response is `schema` (YAML, indented for the slot).
func apiFile(_ schema: String, example: String? = nil) -> String {
    var text = """
        openapi: 3.1.0
        info: {title: Fixture, version: 1.0.0}
        paths:
          /thing:
            get:
              operationId: getThing
              responses:
                "200":
                  description: The thing.
                  content:
                    application/json:
                      schema:
        \(schema.split(separator: "\n", omittingEmptySubsequences: false).map { "                " + $0 }.joined(separator: "\n"))

        """
    if let example {
        text += """
                          examples:
                            response:
                              value: \(example)

            """
    }
    text += """
        servers:
          - url: "https://localhost{basePath}"
            variables:
              basePath:
                default: /_matrix/test/v1

        """
    return text
}

extension APIModel {
    func decl(id: String) -> TypeDecl? {
        allDecls.first { $0.decl.id == id }?.decl
    }

    func decl(named name: String) -> TypeDecl? {
        func search(_ decls: [TypeDecl]) -> TypeDecl? {
            for decl in decls {
                if decl.swiftName == name { return decl }
                if let found = search(decl.nested) { return found }
            }
            return nil
        }
        for module in modules {
            for file in module.files {
                if let found = search(file.types) ?? search(file.endpoints.flatMap(\.nested)) { return found }
            }
        }
        return nil
    }
}
