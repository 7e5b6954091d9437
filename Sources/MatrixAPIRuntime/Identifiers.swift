/// Matrix identifiers, validated by the grammars of the specification's appendix
/// (<https://spec.matrix.org/v1.11/appendices/#identifier-grammar>). Lengths are counted in UTF-8 bytes.

/// The failure to read a string as a Matrix identifier.
public struct InvalidIdentifierError: Error, Sendable, Hashable, CustomStringConvertible {
    public var kind: String
    public var value: String
    public var reason: String

    public var description: String { "invalid \(kind) \"\(value)\": \(reason)" }
}

/// Shared behaviour of the identifier types: a validated string that encodes as a JSON string and can key a
/// JSON object (`[UserID: DeviceKeys]` encodes as `{"@alice:example.org": {...}}`).
public protocol MatrixIdentifier: RawRepresentable<String>, Codable, Hashable, Sendable, Comparable,
    CustomStringConvertible, CodingKeyRepresentable, LosslessStringConvertible
{
    /// The identifier's name in error messages.
    static var kindName: String { get }
    /// Checks `string` against the grammar; returns why it does not match, or `nil`.
    static func validationFailure(_ string: String) -> String?
    init(uncheckedRawValue: String)
}

extension MatrixIdentifier {
    /// Reads and validates an identifier; throws `InvalidIdentifierError` when `string` breaks the grammar.
    public init(validating string: String) throws {
        if let reason = Self.validationFailure(string) {
            throw InvalidIdentifierError(kind: Self.kindName, value: string, reason: reason)
        }
        self.init(uncheckedRawValue: string)
    }

    public init?(rawValue: String) {
        guard Self.validationFailure(rawValue) == nil else { return nil }
        self.init(uncheckedRawValue: rawValue)
    }

    public init?(_ description: String) { self.init(rawValue: description) }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        if let reason = Self.validationFailure(string) {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "invalid \(Self.kindName) \"\(string)\": \(reason)")
        }
        self.init(uncheckedRawValue: string)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var codingKey: any CodingKey { AnyCodingKey(rawValue) }

    public init?<Key: CodingKey>(codingKey: Key) { self.init(rawValue: codingKey.stringValue) }
}

/// The longest identifier the spec allows, in bytes.
let maximumIdentifierLength = 255

/// Validates `sigil` `opaque` `:` `server name`, the shape shared by user, room and alias identifiers.
func sigilledFailure(
    _ string: String, sigil: Character, requiresServer: Bool, localpart: (Substring) -> String?
) -> String? {
    if string.utf8.count > maximumIdentifierLength { return "longer than \(maximumIdentifierLength) bytes" }
    guard string.first == sigil else { return "does not start with \"\(sigil)\"" }
    let body = string.dropFirst()
    guard let colon = body.firstIndex(of: ":") else {
        return requiresServer ? "has no \":server_name\" part" : localpart(body)
    }
    if let failure = localpart(body[..<colon]) { return failure }
    return serverNameFailure(body[body.index(after: colon)...])
}

/// `server_name = hostname [ ":" port ]` with `hostname = IPv4address / "[" IPv6address "]" / dns-name`.
func serverNameFailure(_ name: Substring) -> String? {
    if name.isEmpty { return "empty server name" }
    if name.utf8.count > maximumIdentifierLength { return "server name longer than \(maximumIdentifierLength) bytes" }
    var host = name
    var port: Substring?
    if name.first == "[" {
        guard let close = name.firstIndex(of: "]") else { return "unterminated IPv6 literal" }
        let literal = name[name.index(after: name.startIndex)..<close]
        if literal.isEmpty || !literal.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) {
            return "invalid IPv6 literal"
        }
        let rest = name[name.index(after: close)...]
        if !rest.isEmpty {
            guard rest.first == ":" else { return "unexpected characters after IPv6 literal" }
            port = rest.dropFirst()
        }
        host = name[..<name.index(after: close)]
    } else if let colon = name.lastIndex(of: ":") {
        host = name[..<colon]
        port = name[name.index(after: colon)...]
        if host.contains(":") { return "IPv6 address must be in brackets" }
    }
    if let port {
        guard (1...5).contains(port.count), port.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return "invalid port"
        }
    }
    if host.first != "[" {
        if host.isEmpty { return "empty host name" }
        let valid = host.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == ".")
        }
        if !valid { return "host name has characters outside [A-Za-z0-9.-]" }
    }
    return nil
}

/// Historical user IDs allow any printable ASCII but `:` in the localpart; current ones `[a-z0-9._=\-/+]`.
/// Decoding is lenient (historical IDs exist on the federation), `UserID.isHistorical` tells them apart.
func userLocalpartFailure(_ localpart: Substring) -> String? {
    if localpart.isEmpty { return "empty localpart" }
    let printable = localpart.unicodeScalars.allSatisfy { $0.value >= 0x21 && $0.value <= 0x7E && $0 != ":" }
    return printable ? nil : "localpart has characters outside printable ASCII"
}

func opaqueFailure(_ opaque: Substring) -> String? {
    if opaque.isEmpty { return "empty opaque part" }
    return opaque.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value <= 0x7E })
        ? nil : "has characters outside printable ASCII"
}

/// A user ID, `@localpart:server_name`.
public struct UserID: MatrixIdentifier {
    public let rawValue: String
    public init(uncheckedRawValue: String) { rawValue = uncheckedRawValue }
    public static let kindName = "user ID"
    public static func validationFailure(_ string: String) -> String? {
        sigilledFailure(string, sigil: "@", requiresServer: true, localpart: userLocalpartFailure)
    }

    public var localpart: Substring { rawValue.dropFirst().prefix { $0 != ":" } }
    public var serverName: ServerName {
        ServerName(uncheckedRawValue: String(rawValue.drop { $0 != ":" }.dropFirst()))
    }
    /// Whether the localpart uses characters that only the historical grammar allows.
    public var isHistorical: Bool {
        !localpart.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._=-/+".unicodeScalars.contains($0) }
    }
}

/// A room ID: `!opaque_id:server_name` (room versions 1 to 11, as the v1.11 appendix describes), or
/// `!opaque_id` without a server name (room version 12 and later, where the ID is the create event's hash;
/// servers such as Synapse create these by default), so a client keeps working with new rooms.
public struct RoomID: MatrixIdentifier {
    public let rawValue: String
    public init(uncheckedRawValue: String) { rawValue = uncheckedRawValue }
    public static let kindName = "room ID"
    public static func validationFailure(_ string: String) -> String? {
        if string.first == "!", !string.contains(":") {
            if string.utf8.count > maximumIdentifierLength { return "longer than \(maximumIdentifierLength) bytes" }
            if string.count == 1 { return "has an empty opaque part" }
            return opaqueFailure(string.dropFirst())
        }
        return sigilledFailure(string, sigil: "!", requiresServer: true, localpart: opaqueFailure)
    }

    /// The server name of a room ID that has one (room versions 1 to 11).
    public var serverName: ServerName? {
        guard let colon = rawValue.firstIndex(of: ":") else { return nil }
        return ServerName(rawValue: String(rawValue[rawValue.index(after: colon)...]))
    }
}

/// A room alias, `#room_alias:server_name`.
public struct RoomAlias: MatrixIdentifier {
    public let rawValue: String
    public init(uncheckedRawValue: String) { rawValue = uncheckedRawValue }
    public static let kindName = "room alias"
    public static func validationFailure(_ string: String) -> String? {
        sigilledFailure(string, sigil: "#", requiresServer: true, localpart: opaqueFailure)
    }
}

/// An event ID: `$opaque_id` (room versions 3 and later) or `$opaque_id:server_name` (versions 1 and 2).
public struct EventID: MatrixIdentifier {
    public let rawValue: String
    public init(uncheckedRawValue: String) { rawValue = uncheckedRawValue }
    public static let kindName = "event ID"
    public static func validationFailure(_ string: String) -> String? {
        if string.utf8.count > maximumIdentifierLength { return "longer than \(maximumIdentifierLength) bytes" }
        guard string.first == "$" else { return "does not start with \"$\"" }
        // Room versions 3+ use unpadded base64 which may contain neither ':' nor a server name; older ones
        // carry ':server_name'. Both shapes are printable ASCII after the sigil.
        return opaqueFailure(string.dropFirst())
    }
}

/// A server name, `hostname [ ":" port ]`.
public struct ServerName: MatrixIdentifier {
    public let rawValue: String
    public init(uncheckedRawValue: String) { rawValue = uncheckedRawValue }
    public static let kindName = "server name"
    public static func validationFailure(_ string: String) -> String? { serverNameFailure(Substring(string)) }
}

/// A content URI, `mxc://<server-name>/<media-id>` with the media ID in `[A-Za-z0-9_-]`.
public struct MXCURI: MatrixIdentifier {
    public let rawValue: String
    public init(uncheckedRawValue: String) { rawValue = uncheckedRawValue }
    public static let kindName = "mxc URI"
    public static func validationFailure(_ string: String) -> String? {
        guard string.hasPrefix("mxc://") else { return "does not start with \"mxc://\"" }
        let rest = string.dropFirst(6)
        guard let slash = rest.firstIndex(of: "/") else { return "has no media ID" }
        if let failure = serverNameFailure(rest[..<slash]) { return failure }
        let mediaID = rest[rest.index(after: slash)...]
        if mediaID.isEmpty { return "empty media ID" }
        let valid = mediaID.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
        }
        return valid ? nil : "media ID has characters outside [A-Za-z0-9_-]"
    }

    public init(serverName: ServerName, mediaID: String) throws {
        try self.init(validating: "mxc://\(serverName.rawValue)/\(mediaID)")
    }

    public var serverName: ServerName {
        ServerName(uncheckedRawValue: String(rawValue.dropFirst(6).prefix { $0 != "/" }))
    }
    public var mediaID: String { String(rawValue.dropFirst(6).drop { $0 != "/" }.dropFirst()) }
}
