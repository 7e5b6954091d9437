/// A value the spec allows to be `null` (`type: [X, "null"]`). Wrapped in an `Optional` when the field is not
/// required, it keeps the three states apart: absent (`nil`), present and `null` (`.null`), present with a value.
public enum Nullable<Wrapped> {
    case null
    case value(Wrapped)

    public var value: Wrapped? {
        if case .value(let wrapped) = self { return wrapped }
        return nil
    }
}

extension Nullable: Sendable where Wrapped: Sendable {}
extension Nullable: Equatable where Wrapped: Equatable {}
extension Nullable: Hashable where Wrapped: Hashable {}

extension Nullable: Codable where Wrapped: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = container.decodeNil() ? .null : .value(try container.decode(Wrapped.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .value(let wrapped): try container.encode(wrapped)
        }
    }
}

extension Nullable: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension KeyedDecodingContainer {
    /// The standard `decodeIfPresent` reads a present `null` as absent; for `Nullable` it must not.
    public func decodeIfPresent<Wrapped: Codable>(_ type: Nullable<Wrapped>.Type, forKey key: Key) throws -> Nullable<Wrapped>? {
        guard contains(key) else { return nil }
        return try decode(Nullable<Wrapped>.self, forKey: key)
    }
}
