import Foundation

/// The generator's built-in templates and event kind table: `Sources/MatrixCodegenCore/Resources` (which
/// `Templates/` and `specs/event-kinds.yaml` link to), copied by SwiftPM into the resource bundle beside the
/// built executable. Found without `Bundle.module`, which would stop the process when the bundle is missing:
/// then the error names where it looked and how to pass templates instead.
enum BuiltInResources {
    /// SwiftPM's names for the bundle: of the target, and of its build for plugin tools (`-tool`), on Linux and
    /// on Apple platforms.
    static let bundleNames = ["", "-tool"].flatMap { suffix in
        ["resources", "bundle"].map { "matrix-codegen_MatrixCodegenCore\(suffix).\($0)" }
    }

    /// The resource directory: in the bundle beside the executable (or the test runner), else in the source tree
    /// this binary was built from.
    static let directory: URL? = {
        var candidates: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for base in [Bundle.main.bundleURL, executable, Bundle.main.bundleURL.deletingLastPathComponent()] + Bundle.allBundles.map(\.bundleURL) {
            for name in bundleNames {
                candidates.append(base.appendingPathComponent(name))
                candidates.append(base.appendingPathComponent(name).appendingPathComponent("Contents/Resources"))
            }
        }
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Resources"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("Templates/file.mustache").path) }
    }()

    static var missing: Diagnostic {
        .error(
            "the built-in templates are missing: keep matrix-codegen_MatrixCodegenCore.resources beside the matrix-codegen binary, or pass --templates DIR (a copy of Templates/)",
            at: nil)
    }

    /// Every built-in template, by name (file name without `.mustache`).
    static func templates() throws(GenerationFailure) -> [String: String] {
        guard let directory else { throw GenerationFailure([missing]) }
        return try templates(in: directory.appendingPathComponent("Templates"))
    }

    /// The `*.mustache` files of a directory, by name.
    static func templates(in directory: URL) throws(GenerationFailure) -> [String: String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            throw GenerationFailure([.error("cannot read the templates directory \(directory.path)", at: nil)])
        }
        var templates: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".mustache") {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { continue }
            templates[String(name.dropLast(".mustache".count))] = String(decoding: data, as: UTF8.self)
        }
        return templates
    }

    /// The built-in event kind table and the name diagnostics give it.
    static func eventKinds() -> (bytes: [UInt8], name: String)? {
        guard let directory, let data = FileManager.default.contents(atPath: directory.appendingPathComponent("event-kinds.yaml").path) else {
            return nil
        }
        return ([UInt8](data), "specs/event-kinds.yaml (built in)")
    }
}
