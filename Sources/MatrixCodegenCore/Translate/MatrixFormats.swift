/// The spec's string formats for Matrix identifiers — `format: mx-user-id` on a string schema, and
/// `x-pattern-format: mx-user-id` on a `patternProperties` key — in one table: the runtime type of a value, whether it
/// can key a map, and the name of a map keyed by it. A format not listed here is a plain `String`.
enum MatrixFormat: String, CaseIterable {
    case userID = "mx-user-id"
    case roomID = "mx-room-id"
    case eventID = "mx-event-id"
    case serverName = "mx-server-name"
    case mxcURI = "mx-mxc-uri"
    case roomAlias = "mx-room-alias"

    var type: RuntimeType {
        switch self {
        case .userID: .userID
        case .roomID: .roomID
        case .eventID: .eventID
        case .serverName: .serverName
        case .mxcURI: .mxcURI
        case .roomAlias: .roomAlias
        }
    }

    /// Whether the type keys a JSON object map (`[UserID: DeviceKeys]`); an MXC URI does not.
    var keysMaps: Bool { self != .mxcURI }

    /// The Swift name of a `patternProperties` map keyed by this format (`users`), if it has one.
    var mapName: String? {
        switch self {
        case .userID: "users"
        case .roomID: "rooms"
        case .eventID: "events"
        case .serverName: "servers"
        case .mxcURI, .roomAlias: nil
        }
    }

    /// The Swift type of a string value with the given `format`.
    static func valueType(_ format: String?) -> RuntimeType {
        format.flatMap(MatrixFormat.init(rawValue:))?.type ?? .string
    }

    /// The Swift type of the keys of a map whose `x-pattern-format` is `format`.
    static func keyType(_ format: String?) -> RuntimeType {
        guard let known = format.flatMap(MatrixFormat.init(rawValue:)), known.keysMaps else { return .string }
        return known.type
    }
}
