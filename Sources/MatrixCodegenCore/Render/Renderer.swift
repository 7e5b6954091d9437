import Foundation
import VendoredMustache

/// A generated file: its path relative to the output directory, and its text.
public struct SwiftFile: Sendable, Hashable {
    public var path: String
    public var text: String
}

/// Renders the API model through the Mustache templates.
public struct Renderer: Sendable {
    let library: MustacheLibrary

    /// The built-in templates, or those of `directory` (every `*.mustache` file there replaces the built-in one
    /// of the same name).
    public init(templatesDirectory directory: URL? = nil) throws(GenerationFailure) {
        var sources = try BuiltInResources.templates()
        if let directory {
            sources.merge(try BuiltInResources.templates(in: directory)) { $1 }
        }
        var library = MustacheLibrary()
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            do {
                try library.register(PartialIndentation.marking(source), named: name)
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
        // One job per file; files render independently, so they render in parallel, each into its own slot.
        let jobs = model.modules.flatMap { module in
            let builder = ViewModelBuilder(model: model, module: module)
            return module.files.map { RenderJob(path: module.name + "/" + $0.swiftFileName, builder: builder, file: $0) }
                + [RenderJob(path: module.name + "/" + module.name + ".swift", builder: builder, file: nil)]
        }
        nonisolated(unsafe) var texts = [String?](repeating: nil, count: jobs.count)
        let library = library
        texts.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
                let job = jobs[index]
                let text: String?
                if let file = job.file {
                    text = library.render(job.builder.fileView(file), withTemplate: "file")
                } else {
                    text = library.render(job.builder.moduleView(), withTemplate: "module")
                }
                slots[index] = text.map(PartialIndentation.applying)
            }
        }
        var files: [SwiftFile] = []
        for (job, text) in zip(jobs, texts) {
            guard let text else { throw GenerationFailure([.error("no template named \(job.file == nil ? "module" : "file")", at: nil)]) }
            files.append(SwiftFile(path: job.path, text: text))
        }
        return files
    }

    private struct RenderJob {
        var path: String
        var builder: ViewModelBuilder
        /// `nil` for the module's own file (registry and handler protocols).
        var file: FileModel?
    }

    func render(_ view: Any, template: String) throws(GenerationFailure) -> String {
        guard let text = library.render(view, withTemplate: template) else {
            throw GenerationFailure([.error("no template named \(template)", at: nil)])
        }
        return PartialIndentation.applying(text)
    }
}

/// Standalone partials inherit the indentation of the line that includes them (`    {{>decl}}` indents every
/// line of the nested declaration), as the Mustache spec says. swift-mustache 2.1 indents only the lines that
/// begin a partial's top-level tokens, not the first line of each pass through a section, so the renderer does
/// it: `marking` turns each indented standalone partial tag into an unindented one between two marker lines,
/// and `applying` indents what lies between them, then drops the spaces that end lines (`/// {{.}}` of an empty
/// documentation line).
enum PartialIndentation {
    static let open: Character = "\u{1}"
    static let close: Character = "\u{2}"

    static func marking(_ source: String) -> String {
        var lines: [Substring] = []
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let indentation = line.prefix { $0 == " " }
            let rest = line.dropFirst(indentation.count)
            if !indentation.isEmpty, rest.hasPrefix("{{>"), rest.hasSuffix("}}"), rest.dropFirst(3).firstIndex(of: "}") == rest.index(rest.endIndex, offsetBy: -2) {
                lines.append(Substring(String(open) + indentation))
                lines.append(rest)
                lines.append(Substring(String(close)))
            } else {
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    static func applying(_ text: String) -> String {
        var text = text
        return text.withUTF8 { applying(bytes: $0) }
    }

    private static func applying(bytes: UnsafeBufferPointer<UInt8>) -> String {
        let space = UInt8(ascii: " "), newline = UInt8(ascii: "\n")
        let openByte = UInt8(ascii: "\u{1}"), closeByte = UInt8(ascii: "\u{2}")
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 4)
        var widths: [Int] = []  // the indentation each open marker adds
        var indentation = 0
        var lineStart = 0
        var first = true
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != newline { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            if lineStart < lineEnd, bytes[lineStart] == openByte,
                (lineStart + 1..<lineEnd).allSatisfy({ bytes[$0] == space }) {
                widths.append(lineEnd - lineStart - 1)
                indentation += widths.last!
                continue
            }
            if lineEnd - lineStart == 1, bytes[lineStart] == closeByte, let width = widths.popLast() {
                indentation -= width
                continue
            }
            if !first { output.append(newline) }
            first = false
            var end = lineEnd
            while end > lineStart && bytes[end - 1] == space { end -= 1 }
            if end > lineStart {
                output.append(contentsOf: repeatElement(space, count: indentation))
                output.append(contentsOf: bytes[lineStart..<end])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
