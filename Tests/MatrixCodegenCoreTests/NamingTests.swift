import Testing
@testable import MatrixCodegenCore

/// Swift names from spec names, one row per rule.
@Suite struct NamingTests {
    @Test(arguments: [
        ("room_id", "RoomID"), ("getContentAuthed", "GetContentAuthed"), ("m.room.message", "MRoomMessage"),
        ("txnId", "TxnID"), ("device_ids", "DeviceIDs"), ("mxc_uri", "MXCURI"), ("3pid", "_3pid"), ("", "Value"),
        ("url_preview", "URLPreview"), ("Room State", "RoomState"), ("séance", "SAnce"),
    ])
    func typeNames(spec: String, swift: String) {
        #expect(Naming.typeName(spec) == swift)
    }

    @Test(arguments: [
        ("room_id", "roomID"), ("m.upload.size", "mUploadSize"), ("url", "url"), ("IDs", "ids"), ("txnId", "txnID"),
        ("default", "default"), ("200", "_200"), ("---", "value"), ("one_time_key_counts", "oneTimeKeyCounts"),
        ("X-Note", "xNote"),
    ])
    func memberNames(spec: String, swift: String) {
        #expect(Naming.memberName(spec) == swift)
    }

    @Test(arguments: [
        ("GetRoomEvents", "getRoomEvents"), ("URLPreview", "urlPreview"), ("URL", "url"), ("ID", "id"), ("sync", "sync"),
    ])
    func lowerFirst(type: String, member: String) {
        #expect(Naming.lowerFirst(type) == member)
    }

    @Test(arguments: [("default", "`default`"), ("Type", "`Type`"), ("self", "`self`"), ("roomID", "roomID")])
    func keywordsAreEscaped(name: String, escaped: String) {
        #expect(Naming.escaped(name) == escaped)
    }

    @Test(arguments: [
        ("ClientEvent", true), ("Room State", true), ("The room's state.", false), ("A, B", false), ("Some (thing)", false),
        ("one two three four five", false),
    ])
    func titlesThatReadAsNames(title: String, isName: Bool) {
        #expect(Naming.isNameLike(title) == isName)
    }

    @Test(arguments: [(200, "ok"), (204, "noContent"), (404, "notFound"), (429, "tooManyRequests"), (599, "status599")])
    func statusCases(status: Int, name: String) {
        #expect(Naming.statusCaseName(status) == name)
    }

    @Test(arguments: [
        ("QueryUserByID", "/_matrix/app/v1/users/{userId}", HTTPMethod.GET, "QueryUserByIDAtUsers"),
        ("Thing", "/_matrix/client/v3/{id}", HTTPMethod.PUT, "ThingAtPut"),
        ("Thing", "/other/path", HTTPMethod.GET, "ThingAtOtherPath"),
    ])
    func namesFromPaths(name: String, path: String, method: HTTPMethod, result: String) {
        #expect(Naming.operationNameFromPath(name, path: path, method: method) == result)
    }

    @Test func uniqueNamesCountFromTwo() {
        var taken: Set<String> = ["Thing", "Thing2"]
        #expect(Naming.unique("Thing", in: &taken) == "Thing3")
        #expect(Naming.unique("Other", in: &taken) == "Other")
        #expect(taken == ["Thing", "Thing2", "Thing3", "Other"])
    }

    @Test(arguments: [
        ("api/client-server/definitions/client_event.yaml", "ClientEvent"), ("event-schemas/schema/m.room.message$m.text.yaml", "MRoomMessageMText"),
    ])
    func fileTypeNames(path: String, name: String) {
        #expect(Naming.fileTypeName(path) == name)
    }

    /// The byte split of ASCII names gives the words the `Character` split gives.
    @Test func asciiWordsMatchCharacterWords() {
        let pieces = ["a", "B", "c", "Z", "0", "9", "_", "-", ".", " ", "/", "{", "ID", "Url", "v1", "\r\n", "\t"]
        var state: UInt64 = 7
        var texts = ["", "m.room.member", "getRoomIDsByAlias", "v3PUTRooms", "HTTPServer", "snake_case_name", "A1b2C3"]
        for _ in 0..<3000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            texts.append((0..<(state >> 60)).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return pieces[Int(state >> 33) % pieces.count]
            }.joined())
        }
        for text in texts {
            #expect(Naming.words(text) == Naming.wordsByCharacter(text), "\(text.debugDescription)")
        }
        // Not ASCII: the Character split decides.
        #expect(Naming.words("caf\u{E9}Name") == Naming.wordsByCharacter("caf\u{E9}Name"))
        #expect(Naming.words("e\u{301}x") == ["x"])
    }
}

/// Markdown with Hugo shortcodes to the Markdown of a doc comment, one row per rule.
@Suite struct DocumentationTests {
    @Test(arguments: [
        ("Plain text.", "Plain text."),
        ("Trailing spaces   \nkept apart  ", "Trailing spaces\nkept apart"),
        ("{{% boxes/note %}}\nMind this.\n{{% /boxes/note %}}", "> **Note:**\n> Mind this."),
        ("{{% boxes/warning %}}\nCareful.\n{{% /boxes/warning %}}", "> **Warning:**\n> Careful."),
        ("{{% boxes/rationale %}}\nBecause.\n{{% /boxes/rationale %}}", "> **Rationale:**\n> Because."),
        ("{{% boxes/note %}}\nOuter\n{{% boxes/warning %}}\nInner\n{{% /boxes/warning %}}\n{{% /boxes/note %}}", "> **Note:**\n> Outer\n> > **Warning:**\n> > Inner"),
        ("{{% changed-in v=\"1.3\" %}}\nText.", "Text."),
        ("Since {{< added-in v=\"1.11\" >}} here.", "Since  here."),
        ("See [the spec](/client-server-api/#sync).", "See [the spec](https://spec.matrix.org/latest/client-server-api/#sync)."),
        ("See [elsewhere](https://example.org/x).", "See [elsewhere](https://example.org/x)."),
        ("\tindented", "    indented"),
        ("Text.\n\n\n", "Text."),
        ("", ""),
        ("Windows\r\nlines", "Windows\nlines"),
    ])
    func markdown(spec: String, docC: String) {
        #expect(Documentation.markdown(spec) == docC)
    }

    /// The byte scans of `Documentation` split and trim as the `Character`-based code they replaced: lines at
    /// `\n` and `\r\n` (not a lone `\r`), spaces and tabs trimmed, but a space that a combining mark joins.
    @Test func lineSplitAndTrimMatchCharacters() {
        let pieces = ["a", " ", "\t", "\n", "\r", "\r\n", "\u{301}", "é", "e\u{301}", "日", "👍🏽", "{{%", "x ", "\u{200D}"]
        var state: UInt64 = 0x5EED
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var inputs = [" \u{301}x ", "\t\u{301}", "  é  ", "\r\n\r\n", "a\r", "\r", "", " ", "x\r\r\n"]
        for _ in 0..<3000 {
            inputs.append((0..<(next() % 12)).map { _ in pieces[next() % pieces.count] }.joined())
        }
        for input in inputs {
            let expected = input.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            #expect(Documentation.lines(of: input) == expected, "\(input.debugDescription)")
            let trimmed = Documentation.trim(input[...]) { $0 == " " || $0 == "\t" }
            #expect(Documentation.trimSpaces(input[...]) == trimmed, "\(input.debugDescription)")
        }
    }

}
