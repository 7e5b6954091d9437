import Foundation
import Testing
@testable import MatrixCodegenCore

@Suite struct ReferenceTests {
    static let here = SourceLocation(file: "api/client-server/sync.yaml", line: 1, column: 1)

    @Test(arguments: [
        ("#/components/schemas/Event", "api/client-server/sync.yaml", ["components", "schemas", "Event"]),
        ("definitions/event.yaml", "api/client-server/definitions/event.yaml", []),
        ("./definitions/event.yaml#/properties", "api/client-server/definitions/event.yaml", ["properties"]),
        ("../../event-schemas/schema/core-event-schema/room_event.yaml", "event-schemas/schema/core-event-schema/room_event.yaml", []),
        ("a//b/../c.yaml#/", "api/client-server/a/c.yaml", [""]),
        ("#/paths/~1sync/get", "api/client-server/sync.yaml", ["paths", "/sync", "get"]),
        ("#/a~0b/%7Bid%7D/x%25y/~01", "api/client-server/sync.yaml", ["a~b", "{id}", "x%y", "~1"]),
        ("#/caf\u{E9}/\u{1F44D}", "api/client-server/sync.yaml", ["caf\u{E9}", "\u{1F44D}"]),
    ])
    func resolvesRelativeToItsFile(ref: String, file: String, pointer: [String]) throws {
        let reference = try Reference(ref, relativeTo: Self.here.file, at: Self.here)
        #expect(reference.file == file)
        #expect(reference.pointer == pointer)
    }

    @Test(arguments: [
        ("https://example.org/a.yaml", "remote $ref"),
        ("../../../../outside.yaml", "points outside"),
        ("#components", "is not a JSON pointer"),
    ])
    func rejects(ref: String, message: String) {
        #expect(throws: Diagnostic.self) { try Reference(ref, relativeTo: Self.here.file, at: Self.here) }
        do {
            _ = try Reference(ref, relativeTo: Self.here.file, at: Self.here)
        } catch {
            #expect(error.description.contains(message))
        }
    }

    @Test func aFileAtTheRootResolvesBesideIt() throws {
        #expect(try Reference("b.yaml#/x", relativeTo: "a.yaml", at: Self.here).file == "b.yaml")
    }

    /// Doc comment lines split as `String.split(separator: "\n")` did: a CRLF stays within its line.
    @Test func docLinesSplitAtLineFeedCharacters() {
        let pieces = ["a", "\n", "\r", "\r\n", "\u{301}", "é", " ", "👍🏽"]
        var state: UInt64 = 42
        for _ in 0..<2000 {
            var text = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<(state >> 60) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text += pieces[Int(state >> 33) % pieces.count]
            }
            #expect(DocLines.lines(text) == text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), "\(text.debugDescription)")
        }
    }
}
