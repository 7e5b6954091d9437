import Foundation
import Mustache

/// A generated file: its path relative to the output directory, and its text.
public struct SwiftFile: Sendable, Hashable {
    public var path: String
    public var text: String
}

/// Renders the API model through the Mustache templates.
public struct Renderer: Sendable {
    let library: MustacheLibrary

    /// The embedded default templates, or those of `directory` (every `*.mustache` file there replaces the
    /// embedded one of the same name).
    public init(templatesDirectory directory: URL? = nil) throws(GenerationFailure) {
        var sources = embeddedTemplates
        if let directory {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
                throw GenerationFailure([.error("cannot read the templates directory \(directory.path)", at: nil)])
            }
            for name in names.sorted() where name.hasSuffix(".mustache") {
                let path = directory.appendingPathComponent(name).path
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                sources[String(name.dropLast(".mustache".count))] = String(decoding: data, as: UTF8.self)
            }
        }
        var library = MustacheLibrary()
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register(source, named: name)
            } catch let error as MustacheTemplate.ParserError {
                let file = directory.map { $0.appendingPathComponent(name + ".mustache").path } ?? "Templates/\(name).mustache"
                throw GenerationFailure([.error(
                    "template error: \(error.error)",
                    at: SourceLocation(file: file, line: error.context.lineNumber, column: error.context.columnNumber))])
            } catch {
                throw GenerationFailure([.error("template \(name): \(error)", at: nil)])
            }
        }
        self.library = library
    }

    /// The paths `render` produces, in the same order, without rendering.
    public static func filePaths(_ model: APIModel) -> [String] {
        var paths: [String] = []
        for module in model.modules {
            for file in module.files { paths.append(module.name + "/" + file.swiftFileName) }
            paths.append(module.name + "/" + module.name + ".swift")
        }
        return paths
    }

    /// Every generated file, by path relative to the output directory (`MatrixClientServerAPI/sync.swift`).
    public func render(_ model: APIModel) throws(GenerationFailure) -> [SwiftFile] {
        var files: [SwiftFile] = []
        for module in model.modules {
            let builder = ViewModelBuilder(model: model, module: module)
            for file in module.files {
                files.append(SwiftFile(
                    path: module.name + "/" + file.swiftFileName,
                    text: try render(builder.fileView(file), template: "file")))
            }
            files.append(SwiftFile(
                path: module.name + "/" + module.name + ".swift",
                text: try render(builder.moduleView(), template: "module")))
        }
        return files
    }

    func render(_ view: [String: Any], template: String) throws(GenerationFailure) -> String {
        guard let text = library.render(view, withTemplate: template) else {
            throw GenerationFailure([.error("no template named \(template)", at: nil)])
        }
        return Indenter.format(text)
    }
}
