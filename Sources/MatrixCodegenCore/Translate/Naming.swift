/// Swift names from spec names, following the API Design Guidelines: `room_id` → `roomID`,
/// `getContentAuthed` → `GetContentAuthed`, `m.upload.size` → `mUploadSize`.
public enum Naming {
    /// Words written all capitals when they stand alone in a name.
    static let acronyms: [String: String] = [
        "id": "ID", "ids": "IDs", "url": "URL", "urls": "URLs", "uri": "URI", "uris": "URIs", "mxc": "MXC",
        "json": "JSON", "http": "HTTP", "https": "HTTPS", "ip": "IP", "sso": "SSO", "jwt": "JWT", "html": "HTML",
        "tls": "TLS", "ttl": "TTL", "api": "API", "uia": "UIA", "sdp": "SDP", "acl": "ACL", "mxid": "MXID",
    ]

    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default",
        "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch",
        "where", "while", "Any", "as", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try",
        "Type", "Protocol", "async", "await", "some", "any",
    ]

    /// Splits on non-alphanumerics and on lower-to-upper case changes: `txnId` → [txn, Id].
    static func words(_ text: String) -> [String] {
        // Names are nearly always ASCII, where a byte is a `Character`: split them by bytes, which costs a
        // fraction of asking each `Character` for its Unicode properties.
        if let words = text.utf8.withContiguousStorageIfAvailable(asciiWords), let words { return words }
        return wordsByCharacter(text)
    }

    /// `words` of ASCII text, from its bytes; `nil` if a byte is not ASCII.
    static func asciiWords(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
        func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        var words: [String] = []
        var start = -1  // where the current word starts; -1 between words
        for (index, byte) in bytes.enumerated() {
            guard byte < 0x80 else { return nil }
            guard isUpper(byte) || isLower(byte) || isDigit(byte) else {
                if start >= 0 { words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) }
                start = -1
                continue
            }
            if start < 0 {
                start = index
            } else if isUpper(byte), isLower(bytes[index - 1]) || isDigit(bytes[index - 1]) {
                words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                start = index
            }
        }
        if start >= 0 { words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)) }
        return words
    }

    static func wordsByCharacter(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previous: Character?
        for character in text {
            if !(character.isLetter || character.isNumber) || !character.isASCII {
                if !current.isEmpty { words.append(current) }
                current = ""
                previous = nil
                continue
            }
            if let previous, character.isUppercase, previous.isLowercase || previous.isNumber {
                words.append(current)
                current = ""
            }
            current.append(character)
            previous = character
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    static func capitalized(_ word: String) -> String {
        if let acronym = acronyms[word.lowercased()] { return acronym }
        return word.prefix(1).uppercased() + word.dropFirst()
    }

    /// `UpperCamelCase` for types.
    public static func typeName(_ text: String) -> String {
        let words = words(text)
        guard !words.isEmpty else { return "Value" }
        var name = words.map(capitalized).joined()
        if let first = name.first, first.isNumber { name = "_" + name }
        return name
    }

    /// `lowerCamelCase` for properties, cases and parameters, escaped when a keyword.
    public static func memberName(_ text: String) -> String {
        let words = words(text)
        guard !words.isEmpty else { return "value" }
        var parts: [String] = []
        for (index, word) in words.enumerated() {
            if index == 0 {
                let lower = word.lowercased()
                // A leading acronym is lower-cased whole (`url` → `url`, `IDs` → `ids`).
                parts.append(acronyms[lower] != nil ? lower : word.prefix(1).lowercased() + word.dropFirst())
            } else {
                parts.append(capitalized(word))
            }
        }
        var name = parts.joined()
        if let first = name.first, first.isNumber { name = "_" + name }
        return name
    }

    /// A type name as a member name: `GetRoomEvents` → `getRoomEvents`, `URLPreview` → `urlPreview`.
    public static func lowerFirst(_ name: String) -> String {
        let characters = Array(name)
        var upper = 0
        while upper < characters.count, characters[upper].isUppercase { upper += 1 }
        if upper == 0 { return name }
        // In a leading acronym followed by a word, the word's capital stays (`URLPreview` → `url` + `Preview`).
        let cut = upper > 1 && upper < characters.count && characters[upper].isLowercase ? upper - 1 : upper
        return String(characters[..<cut]).lowercased() + String(characters[cut...])
    }

    public static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// Whether a `title` reads as a name (`ClientEvent`, `Room State`) rather than a sentence.
    static func isNameLike(_ title: String) -> Bool {
        let words = title.split(separator: " ")
        return !title.hasSuffix(".") && words.count <= 4 && !title.contains(",") && !title.contains("(")
    }

    /// The type name a schema file suggests: `client_event.yaml` → `ClientEvent`.
    static func fileTypeName(_ path: String) -> String {
        var base = String(path.split(separator: "/").last ?? "")
        for suffix in [".yaml", ".json"] where base.hasSuffix(suffix) { base = String(base.dropLast(suffix.count)) }
        return typeName(base)
    }

    /// Makes `candidate` unique among `taken` by appending 2, 3, ...
    /// A name for an operation whose Swift name another operation already has: its own name followed by the
    /// literal segments of its path after the API prefix (`QueryUserByID` at `/_matrix/app/v1/users/{userId}`:
    /// `QueryUserByIDAtUsers`), or by its method when the path has none.
    static func operationNameFromPath(_ name: String, path: String, method: HTTPMethod) -> String {
        var segments = path.split(separator: "/").map(String.init).filter { !$0.hasPrefix("{") }
        if segments.first == "_matrix" { segments.removeFirst(min(3, segments.count)) }  // _matrix, API, version
        let words = segments.map { typeName($0) }.joined()
        return name + "At" + (words.isEmpty ? typeName(method.memberName) : words)
    }

    static func unique(_ candidate: String, in taken: inout Set<String>) -> String {
        var name = candidate
        var counter = 2
        while taken.contains(name) {
            name = candidate + String(counter)
            counter += 1
        }
        taken.insert(name)
        return name
    }

    /// Case names for HTTP status codes.
    static func statusCaseName(_ status: Int) -> String {
        switch status {
        case 200: "ok"
        case 201: "created"
        case 202: "accepted"
        case 204: "noContent"
        case 301: "movedPermanently"
        case 302: "found"
        case 307: "temporaryRedirect"
        case 308: "permanentRedirect"
        case 400: "badRequest"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "notFound"
        case 405: "methodNotAllowed"
        case 409: "conflict"
        case 413: "contentTooLarge"
        case 415: "unsupportedMediaType"
        case 429: "tooManyRequests"
        case 500: "internalServerError"
        case 502: "badGateway"
        case 503: "serviceUnavailable"
        case 504: "gatewayTimeout"
        default: "status\(status)"
        }
    }

    /// Case names for status ranges (`4XX`), by their first digit.
    static func statusRangeCaseName(_ statusClass: Int) -> String {
        switch statusClass {
        case 1: "informational"
        case 2: "success"
        case 3: "redirection"
        case 4: "clientError"
        case 5: "serverError"
        default: "status\(statusClass)XX"
        }
    }
}
