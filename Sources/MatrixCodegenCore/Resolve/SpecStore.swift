import Foundation

/// Loads spec files on demand, once each, and resolves `$ref`s across them.
///
/// Files are named by their path relative to the spec's `data/` directory (`api/client-server/sync.yaml`);
/// diagnostics print the path as the user gave it, so editors can open it.
public final class SpecStore: @unchecked Sendable {
    /// The `data/` directory of a matrix-spec checkout.
    public let dataDirectory: URL
    private var files: [String: SpecNode] = [:]
    private var failures: [String: Diagnostic] = [:]
    /// Files being parsed ahead of their first use (`preload`); a file counts as loaded only once it is used.
    private var preloader: Preloader?

    public init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory.standardizedFileURL
    }

    /// The root node of a file, given relative to `data/`.
    public func file(_ relativePath: String, referencedFrom origin: SourceLocation? = nil) throws(Diagnostic) -> SpecNode {
        if let node = files[relativePath] { return node }
        if let node = preloader?.take(relativePath) {
            files[relativePath] = node
            return node
        }
        if let failure = failures[relativePath] { throw failure }
        let url = dataDirectory.appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let failure = Diagnostic.error("cannot read \(relativePath)", at: origin)
            throw failure
        }
        do {
            let node = try YAMLParser.parse(bytes: [UInt8](data), file: url.path)
            files[relativePath] = node
            return node
        } catch {
            failures[relativePath] = error
            throw error
        }
    }

    /// Starts parsing `relativePaths`, in their order, on the other cores, and returns at once: the run goes on
    /// translating while they parse, and a file it asks for that no worker has reached yet it parses itself.
    /// A file that does not parse is left for its first use to report, where it is referenced from.
    public func preload(_ relativePaths: [String]) {
        let paths = relativePaths.filter { files[$0] == nil && failures[$0] == nil }
        guard !paths.isEmpty else { return }
        let preloader = Preloader(paths: paths, directory: dataDirectory)
        self.preloader = preloader
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
        for _ in 0..<workers {
            DispatchQueue.global().async { preloader.work() }
        }
    }

    /// Stops the workers of `preload` before the files they have not started (the run has read all it needs).
    public func stopPreloading() {
        preloader?.stop()
    }

    /// Relative paths of the YAML files directly inside a directory of the tree, sorted.
    public func yamlFiles(in relativeDirectory: String) throws(Diagnostic) -> [String] {
        let url = dataDirectory.appendingPathComponent(relativeDirectory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
            throw .error("\(url.path) is not a directory of a matrix-spec checkout", at: nil)
        }
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { relativeDirectory + "/" + $0 }
    }

    /// Relative paths of the YAML files anywhere under a directory of the tree, sorted; none if it is missing.
    public func yamlFilesRecursively(in relativeDirectory: String) -> [String] {
        let url = dataDirectory.appendingPathComponent(relativeDirectory)
        guard let enumerator = FileManager.default.enumerator(atPath: url.path) else { return [] }
        var result: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix(".yaml") { result.append(relativeDirectory + "/" + path) }
        }
        return result.sorted()
    }

    /// Every file loaded so far, relative to `data/`, sorted.
    public var loadedFiles: [String] { files.keys.sorted() }

    /// Follows a `$ref` written in `file` at `location`, repeatedly while the target is itself a `$ref`.
    /// A chain that comes back to where it started is an error.
    public func resolve(
        _ ref: String, in file: String, at location: SourceLocation, followingChains: Bool = true
    ) throws(Diagnostic) -> ResolvedNode {
        var seen: [String] = []
        var currentRef = ref
        var currentFile = file
        var currentLocation = location
        while true {
            let target = try Reference(currentRef, relativeTo: currentFile, at: currentLocation)
            let key = target.description
            if seen.contains(key) {
                throw .error("cyclic $ref: \((seen + [key]).joined(separator: " -> "))", at: location)
            }
            seen.append(key)
            let root = try self.file(target.file, referencedFrom: currentLocation)
            guard let node = Self.walk(root, pointer: target.pointer) else {
                throw .error("dangling $ref \"\(currentRef)\": \(target.pointer) not found in \(target.file)", at: currentLocation)
            }
            if followingChains, let next = node["$ref"]?.string {
                currentRef = next
                currentFile = target.file
                currentLocation = node["$ref"]!.location
                continue
            }
            return ResolvedNode(node: node, file: target.file, pointer: target.pointer)
        }
    }

    static func walk(_ root: SpecNode, pointer: [String]) -> SpecNode? {
        var node = root
        for token in pointer {
            if let child = node[token] {
                node = child
            } else if let items = node.sequence, let index = Int(token), items.indices.contains(index) {
                node = items[index]
            } else {
                return nil
            }
        }
        return node
    }
}

/// A node together with the file and JSON pointer it was found at.
public struct ResolvedNode {
    public var node: SpecNode
    public var file: String
    public var pointer: [String]
}

/// A parsed `$ref`: a file (relative to `data/`) and a JSON pointer.
public struct Reference: Hashable, CustomStringConvertible {
    public var file: String
    public var pointer: [String]

    init(_ ref: String, relativeTo file: String, at location: SourceLocation) throws(Diagnostic) {
        // Scanned as UTF-8 ('#', '/', '%' and '~' are ASCII): a generation resolves tens of thousands of these.
        let filePart: Substring, fragment: Substring
        if let hash = ref.utf8.firstIndex(of: UInt8(ascii: "#")) {
            filePart = ref[..<hash]
            fragment = ref[ref.utf8.index(after: hash)...]
        } else {
            filePart = ref[...]
            fragment = ""
        }
        if filePart.isEmpty {
            self.file = file
        } else {
            if filePart.contains("://") { throw .error("remote $ref \"\(ref)\" is not supported", at: location) }
            let directory = file.utf8.lastIndex(of: UInt8(ascii: "/")).map { file[..<$0] } ?? ""
            self.file = Self.normalize(directory.isEmpty ? String(filePart) : directory + "/" + filePart)
            if self.file.hasPrefix("../") {
                throw .error("$ref \"\(ref)\" points outside the spec's data directory", at: location)
            }
        }
        if fragment.isEmpty {
            pointer = []
        } else {
            guard fragment.utf8.first == UInt8(ascii: "/") else {
                throw .error("$ref fragment \"#\(fragment)\" is not a JSON pointer", at: location)
            }
            pointer = fragment.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { bytes in
                let token = String(Substring(bytes))
                guard bytes.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "~") }) else { return token }
                let decoded = token.removingPercentEncoding ?? token
                return decoded.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            }
        }
    }

    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for bytes in path.utf8.split(separator: UInt8(ascii: "/")) {
            let part = Substring(bytes)
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    static func format(file: String, pointer: [String]) -> String {
        if pointer.isEmpty { return file }
        var result = file + "#"
        for token in pointer {
            result += "/"
            if token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) {
                for character in token.unicodeScalars {
                    switch character {
                    case "~": result += "~0"
                    case "/": result += "~1"
                    default: result.unicodeScalars.append(character)
                    }
                }
            } else {
                result += token
            }
        }
        return result
    }

    public var description: String { Self.format(file: file, pointer: pointer) }
}

/// The files of a `preload`, each parsed once: by a background worker, in order, or by the run itself when it
/// needs a file before a worker has reached it (it then waits only for a file a worker is parsing).
private final class Preloader: @unchecked Sendable {
    private enum Slot {
        case pending
        case parsing
        /// `nil`: it did not parse; the run parses it again to report why.
        case parsed(SpecNode?)
        /// Handed to the run, or parsed by it.
        case taken

        var isPending: Bool {
            if case .pending = self { return true }
            return false
        }
    }

    private let paths: [String]
    private let directory: URL
    private let indices: [String: Int]
    private var slots: [Slot]
    private var next = 0
    private let condition = NSCondition()

    init(paths: [String], directory: URL) {
        self.paths = paths
        self.directory = directory
        var indices: [String: Int] = [:]
        for (index, path) in paths.enumerated() { indices[path] = index }
        self.indices = indices
        slots = Array(repeating: .pending, count: paths.count)
    }

    /// Parses the pending files in order until none is left.
    func work() {
        while true {
            condition.lock()
            while next < slots.count, !slots[next].isPending { next += 1 }
            guard next < slots.count else {
                condition.unlock()
                return
            }
            let index = next
            slots[index] = .parsing
            next += 1
            condition.unlock()
            let node = parse(index)
            condition.lock()
            slots[index] = .parsed(node)
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Leaves the files no worker has started to the run (which reads them only if it needs them).
    func stop() {
        condition.lock()
        next = slots.count
        condition.unlock()
    }

    /// The parsed root of `path`, if it was preloaded and parsed; `nil` if the run must read it itself.
    func take(_ path: String) -> SpecNode? {
        guard let index = indices[path] else { return nil }
        condition.lock()
        defer { condition.unlock() }
        while true {
            switch slots[index] {
            case .pending:
                slots[index] = .taken
                condition.unlock()
                let node = parse(index)
                condition.lock()
                return node
            case .parsing:
                condition.wait()
            case .parsed(let node):
                slots[index] = .taken
                return node
            case .taken:
                return nil
            }
        }
    }

    private func parse(_ index: Int) -> SpecNode? {
        let url = directory.appendingPathComponent(paths[index])
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? YAMLParser.parse(bytes: [UInt8](data), file: url.path)
    }
}
