import Foundation
import HTTPTypes
@_spi(Generated) import MatrixAPIRuntime
import Testing

/// What untrusted JSON, multipart bodies and media cannot do to the runtime.
@Suite struct JSONParserTests {
    @Test func parsesEveryKindAndKeepsIntegersApartFromNumbers() throws {
        let value = try MatrixJSON.parse(Data(#" {"a": [1, -0, 1.5, 2e3, true, false, null, "x\u00e9\ud83d\ude00\n"], "b": {}} "#.utf8))
        #expect(value == ["a": [1, 0, 1.5, 2000.0, true, false, nil, "xé😀\n"], "b": [:]])
        #expect(try MatrixJSON.parse(Data("-9223372036854775808".utf8)) == .integer(.min))
        #expect(try MatrixJSON.parse(Data("9223372036854775807".utf8)) == .integer(.max))
        // Past Int64: a number, as JSONSerialization reads it.
        #expect(try MatrixJSON.parse(Data("9223372036854775808".utf8)) == .number(9_223_372_036_854_775_808))
    }

    @Test(arguments: [
        ("", "unexpected end of data"),
        ("{\"a\":1,}", "expected a string key"),
        ("[1 2]", "expected ',' or ']'"),
        ("01", "leading zero in a number"),
        ("1.", "expected a digit after '.'"),
        ("\"\\ud800\"", "lone surrogate in a \\u escape"),
        ("\"\\udc00x\"", "lone surrogate in a \\u escape"),
        ("\"a\u{01}\"", "unescaped control character in a string"),
        ("{} x", "unexpected data after the JSON value"),
        ("1e999", "number out of range"),
        ("nul", "unexpected end of data"),
        ("\"\\x\"", "invalid escape"),
    ])
    func refusesMalformedJSONWithAReason(text: String, reason: String) {
        #expect(throws: JSONParseError.self) { try MatrixJSON.parse(Data(text.utf8)) }
        do {
            _ = try MatrixJSON.parse(Data(text.utf8))
        } catch {
            #expect(error.reason == reason)
        }
    }

    @Test func invalidUTF8IsAnErrorNotAReplacement() throws {
        let bytes: [UInt8] = Array(#"{"a": "x"#.utf8) + [0xFF, 0xFE, 0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(throws: JSONParseError(offset: 7, reason: "invalid UTF-8 in a string")) { try MatrixJSON.parse(Data(bytes)) }
        // Foundation refuses it too; nothing silently replaced either way.
        #expect(throws: (any Error).self) { try JSONSerialization.jsonObject(with: Data(bytes)) }
    }

    @Test func nestingIsLimitedAndRefusedAsSoonAsItIsReached() throws {
        let limit = MatrixJSON.maximumDepth
        let atLimit = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(throws: Never.self) { try MatrixJSON.parse(Data(atLimit.utf8)) }
        // 200,000 levels: refused at the first level past the limit, without reading (or recursing) further.
        let deep = String(repeating: "{\"a\":", count: 200_000) + "1" + String(repeating: "}", count: 200_000)
        #expect(throws: JSONParseError(offset: limit * 5, reason: "nesting deeper than \(limit) levels")) {
            try MatrixJSON.parse(Data(deep.utf8))
        }
        let mixed = String(repeating: "[{\"k\":", count: limit) + "1" + String(repeating: "}]", count: limit)
        #expect(throws: JSONParseError.self) { try MatrixJSON.parse(Data(mixed.utf8)) }
    }

    @Test func repeatedKeysKeepTheLastValue() throws {
        #expect(try MatrixJSON.parse(Data(#"{"a": 1, "a": 2}"#.utf8)) == ["a": 2])
    }
}

@Suite struct DocumentDecoderTests {
    struct Sample: Codable, Equatable {
        var name: String
        var count: Int
        var ratio: Double
        var small: UInt8?
        var tags: [String]
        var nested: [String: [Int]]
        var free: JSONValue
    }

    @Test func decodesLikeFoundationsDecoder() throws {
        let json = Data(#"{"name":"n","count":3,"ratio":2,"small":255,"tags":["a"],"nested":{"x":[1,2]},"free":{"deep":[null,1.5]}}"#.utf8)
        let ours = try MatrixJSON.decode(Sample.self, from: json)
        let foundation = try JSONDecoder().decode(Sample.self, from: json)
        #expect(ours == foundation)
        #expect(ours.free == ["deep": [nil, 1.5]])
    }

    @Test func errorsNameThePathAndTheProblem() throws {
        func failure(_ text: String) -> DecodingError? {
            do {
                _ = try MatrixJSON.decode(Sample.self, from: Data(text.utf8))
                return nil
            } catch { return error as? DecodingError }
        }
        let base = #""name":"n","ratio":1,"tags":[],"nested":{},"free":null"#
        guard case .keyNotFound(let key, _)? = failure("{\(base)}") else { Issue.record("expected keyNotFound"); return }
        #expect(key.stringValue == "count")
        guard case .typeMismatch(_, let context)? = failure(#"{\#(base),"count":"3"}"#) else { Issue.record("expected typeMismatch"); return }
        #expect(context.codingPath.map(\.stringValue) == ["count"])
        guard case .dataCorrupted(let overflow)? = failure(#"{\#(base),"count":1,"small":256}"#) else { Issue.record("expected dataCorrupted"); return }
        #expect(overflow.codingPath.map(\.stringValue) == ["small"])
        guard case .valueNotFound? = failure(#"{\#(base),"count":null}"#) else { Issue.record("expected valueNotFound"); return }
        guard case .typeMismatch(_, let inArray)? = failure(#"{"name":"n","count":1,"ratio":1,"tags":[1],"nested":{},"free":1}"#) else {
            Issue.record("expected typeMismatch in the array"); return
        }
        #expect(inArray.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == ["tags", "0"])
    }

    @Test func freeFormJSONOfAnyShapeRoundTrips() throws {
        let text = #"{"a":[[[[1]]],{"b":[true,null,"s",-1.25e-7]}],"c":-9223372036854775808}"#
        let value = try MatrixJSON.decode(JSONValue.self, from: Data(text.utf8))
        #expect(try MatrixJSON.decode(JSONValue.self, from: MatrixJSON.encode(value)) == value)
    }
}

@Suite struct MultipartHostileTests {
    @Test func boundariesLongerThanRFC2046AllowsAreRefused() {
        let boundary = String(repeating: "b", count: 8_000)
        let body = Data(repeating: UInt8(ascii: "b"), count: 1 << 20)
        #expect(throws: MultipartError.malformed("boundary must be 1 to 70 bytes")) { try Multipart.decode(body, boundary: boundary) }
    }

    @Test func aBodyOfNearMissesIsSearchedOnceAndRefused() throws {
        // Every position almost matches the delimiter: a naive search compares ~70 bytes at each of them.
        let boundary = String(repeating: "a", count: 69) + "b"
        let body = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
        #expect(throws: MultipartError.malformed("fewer than two boundary delimiters")) { try Multipart.decode(body, boundary: boundary) }
    }

    @Test func partsAreCounted() throws {
        let parts = (0..<65).map { _ in MultipartPart(headers: [("Content-Type", "text/plain")], body: Data("x".utf8)) }
        let encoded = Multipart.encode(parts, boundary: "b")
        #expect(throws: MultipartError.malformed("more than 64 parts")) { try Multipart.decode(encoded, boundary: "b") }
        let fewer = Multipart.encode(Array(parts.prefix(64)), boundary: "b")
        #expect(try Multipart.decode(fewer, boundary: "b").count == 64)
    }

    @Test func overlappingBoundaryTextIsFoundWhereItStarts() throws {
        // "--aab" inside "--a--aab": the search restarts correctly after a partial match.
        let body = Data("--aab\r\nContent-Type: text/plain\r\n\r\n-a--a\r\n--aab--\r\n".utf8)
        let parts = try Multipart.decode(body, boundary: "aab")
        #expect(parts.count == 1)
        #expect(parts[0].body == Data("-a--a".utf8))
    }
}

@Suite struct MediaSecurityTests {
    @Test func mediaResponsesCarryBrowserProtections() {
        let response = ResponseWriter.media(200, MediaContent(data: Data("x".utf8), contentType: "image/png", contentDisposition: nil))
        let fields = response.head.headerFields
        #expect(fields[HTTPField.Name("Content-Security-Policy")!] == MediaSecurity.contentSecurityPolicy)
        #expect(fields[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
        #expect(fields[HTTPField.Name("Cross-Origin-Resource-Policy")!] == "cross-origin")
        #expect(fields[.contentDisposition] == nil)
    }

    @Test(arguments: ["text/html", "image/svg+xml", "application/javascript", "text/html; charset=utf-8", "TEXT/HTML"])
    func activeContentIsServedAsAnAttachment(type: String) {
        let media = MediaContent(data: Data("<script>".utf8), contentType: type, contentDisposition: .init(type: "inline", filename: "a.html"))
        let fields = ResponseWriter.media(200, media).head.headerFields
        #expect(fields[.contentDisposition].flatMap(ContentDisposition.init(headerValue:)) == ContentDisposition(type: "attachment", filename: "a.html"))
    }

    @Test func inlineTypesKeepTheirDisposition() {
        let media = MediaContent(data: Data(), contentType: "image/jpeg; q=1", contentDisposition: .init(type: "inline", filename: "cat.jpg"))
        #expect(ResponseWriter.media(200, media).head.headerFields[.contentDisposition] == ContentDisposition(type: "inline", filename: "cat.jpg").headerValue)
    }
}

@Suite struct MatrixErrorLenienceTests {
    @Test func anErrorWithoutErrcodeIsUnknownAndPassesThroughUnchanged() throws {
        let body = Data(#"{"error":"Unknown protocol"}"#.utf8)
        let error = try #require(MatrixError(body: body))
        #expect(error.errcode == .unknown)
        #expect(error.error == "Unknown protocol")
        #expect(try MatrixJSON.encode(error) == body)
        // One built in code always has its errcode.
        #expect(String(decoding: try MatrixJSON.encode(MatrixError(errcode: .unknown)), as: UTF8.self) == #"{"errcode":"M_UNKNOWN"}"#)
    }
}

/// The parser keeps strings and numbers as byte ranges of the input: what it accepts and how it reads them back.
@Suite struct JSONTapeTests {
    /// Every string of 0 to 3 bytes (from a set that covers every UTF-8 lead and continuation class), and random
    /// longer ones: accepted exactly when Swift's own validation accepts the bytes and JSON allows them unescaped,
    /// and read back as the same string.
    @Test func utf8IsCheckedAsSwiftChecksIt() throws {
        let interesting: [UInt8] = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
                                    0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        var samples: [[UInt8]] = [[]]
        for a in interesting {
            samples.append([a])
            for b in interesting {
                samples.append([a, b])
                for c in interesting where a >= 0xE0 { samples.append([a, b, c]) }
            }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let length = Int.random(in: 4...24, using: &generator)
            samples.append((0..<length).map { _ in interesting.randomElement(using: &generator)! })
        }
        for sample in samples {
            // Long ASCII around the sample so that the eight-bytes-at-a-time scan meets it at every alignment.
            for padding in 0..<8 {
                let prefix = Array(repeating: UInt8(ascii: "a"), count: padding)
                let text = prefix + sample + prefix
                let document = [UInt8(ascii: "\"")] + text + [UInt8(ascii: "\"")]
                let expected = String(validating: text, as: UTF8.self)
                let parsed = try? MatrixJSON.parse(Data(document))
                #expect(parsed == expected.map(JSONValue.string), "\(sample.map { String($0, radix: 16) })")
            }
        }
    }

    @Test func specialBytesAreFoundAtEveryPositionOfAWord() throws {
        for position in 0..<17 {
            let before = String(repeating: "x", count: position)
            for (inner, expected) in [(#"\""#, "\""), (#"\\"#, "\\"), (#"\u00e9"#, "é"), ("é", "é"), (#"\ud83d\ude00"#, "😀"), (#"\n"#, "\n")] {
                let text = #"""# + before + inner + "yyyyyyyyy" + #"""#
                #expect(try MatrixJSON.parse(Data(text.utf8)) == .string(before + expected + "yyyyyyyyy"))
            }
            let unterminated = #"""# + before
            #expect(throws: JSONParseError(offset: 0, reason: "unterminated string")) { try MatrixJSON.parse(Data(unterminated.utf8)) }
            let control = #"""# + before + "\u{1F}" + "yyyyyyyy" + #"""#
            #expect(throws: JSONParseError(offset: 1 + position, reason: "unescaped control character in a string")) {
                try MatrixJSON.parse(Data(control.utf8))
            }
        }
    }

    @Test func keysWithEscapesAndRepeatedKeysAreFoundInSmallAndLargeObjects() throws {
        struct Keyed: Decodable, Equatable {
            var plain: Int
            var quoted: Int
            enum CodingKeys: String, CodingKey { case plain, quoted = "quo\"ted" }
        }
        for filler in [0, 100] {
            let others = (0..<filler).map { #""k\#($0)": \#($0), "# }.joined()
            let text = #"{\#(others)"plain": 1, "quo\"ted": 2, "pl\u0061in": 3}"#
            #expect(try MatrixJSON.decode(Keyed.self, from: Data(text.utf8)) == Keyed(plain: 3, quoted: 2), "\(filler) other keys")
            #expect(try MatrixJSON.decode([String: Int].self, from: Data(text.utf8))["plain"] == 3)
        }
    }

    @Test func numbersAreReadFromTheirText() throws {
        struct Numbers: Decodable { var a: Int64; var b: Double; var c: UInt8; var d: Double; var e: Int }
        let numbers = try MatrixJSON.decode(Numbers.self, from: Data(#"{"a": -9223372036854775808, "b": 1.5e-3, "c": 255, "d": 12, "e": 2.0}"#.utf8))
        #expect(numbers.a == .min && numbers.b == 0.0015 && numbers.c == 255 && numbers.d == 12 && numbers.e == 2)
        #expect(throws: DecodingError.self) { try MatrixJSON.decode(Numbers.self, from: Data(#"{"a": 1, "b": 1, "c": 256, "d": 1, "e": 1}"#.utf8)) }
        #expect(throws: DecodingError.self) { try MatrixJSON.decode(Numbers.self, from: Data(#"{"a": 1, "b": 1, "c": 1, "d": 1, "e": 1.5}"#.utf8)) }
    }
}
