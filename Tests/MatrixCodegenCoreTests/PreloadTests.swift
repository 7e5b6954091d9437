import Foundation
import Testing
@testable import MatrixCodegenCore

/// `SpecStore.preload` parses files on other threads while the run reads them: whatever the interleaving, a
/// file reads the same as without it, a broken one is reported at its first use, and only what was used counts
/// as loaded.
@Suite struct PreloadTests {
    static func tree(files: Int) throws -> (FixtureSpec, [String]) {
        var texts: [String: String] = [:]
        for index in 0..<files {
            // Files of different sizes, so that the workers and the reader overtake one another.
            let entries = (0..<(1 + index % 7 * 40)).map { "  key\($0): [\(index), \($0), \"text \($0)\"]" }.joined(separator: "\n")
            texts[String(format: "f%03d.yaml", index)] = "name: f\(index)\nentries:\n\(entries)\n"
        }
        texts["broken.yaml"] = "name: broken\nentries: [1, 2\n"
        let fixture = try FixtureSpec(texts)
        let paths = texts.keys.sorted().map { "api/\(fixture.group)/" + $0 }
        return (fixture, paths)
    }

    /// The file as YAML nodes, for comparison.
    static func dump(_ node: SpecNode) -> String {
        switch node.kind {
        case .scalar(let text, let plain): return "\(plain ? "" : "'")\(text)@\(node.location.line):\(node.location.column)"
        case .mapping(let pairs): return "{" + pairs.map { "\($0.key): \(dump($0.value))" }.joined(separator: ", ") + "}"
        case .sequence(let items): return "[" + items.map(dump).joined(separator: ", ") + "]"
        }
    }

    @Test(arguments: [0, 1, 2, 3])
    func preloadedFilesReadAsWithout(seed: UInt64) throws {
        let (fixture, paths) = try Self.tree(files: 120)
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let data = fixture.root.appendingPathComponent("data")
        let plain = SpecStore(dataDirectory: data)
        let preloading = SpecStore(dataDirectory: data)
        preloading.preload(paths)
        // Read a shuffled half of them, some right away (before a worker gets there), some twice.
        var generator = SplitMix(seed: seed)
        let read = Array(paths.shuffled(using: &generator).prefix(paths.count / 2)) + [paths[0], paths[paths.count - 1]]
        for path in read {
            let expected = Result { () throws(Diagnostic) in try plain.file(path) }
            let actual = Result { () throws(Diagnostic) in try preloading.file(path) }
            switch (expected, actual) {
            case (.success(let expected), .success(let actual)):
                #expect(Self.dump(actual) == Self.dump(expected), "\(path)")
            case (.failure(let expected), .failure(let actual)):
                #expect(actual.description == expected.description)
                #expect(actual.description.contains("broken.yaml:"))
            default:
                Issue.record("\(path): \(expected) against \(actual)")
            }
        }
        preloading.stopPreloading()
        #expect(preloading.loadedFiles == Set(read).subtracting(["api/test/broken.yaml"]).sorted())
        // A file the workers parsed but the run never read is still read, once asked for.
        if let unread = paths.first(where: { !read.contains($0) }) {
            #expect(Self.dump(try preloading.file(unread)) == Self.dump(try plain.file(unread)))
        }
    }
}

private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 1 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
