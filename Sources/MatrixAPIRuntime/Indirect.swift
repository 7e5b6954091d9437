/// A heap box for a value of a recursive type, so that a struct can contain (optionally) its own type.
public struct Indirect<Value: Sendable>: Sendable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
    private let box: Box

    public init(_ value: Value) { box = Box(value) }
    public var value: Value { box.value }
}

extension Indirect: Equatable where Value: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.value == rhs.value }
}

extension Indirect: Hashable where Value: Hashable {
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

extension Indirect: Codable where Value: Codable {
    public init(from decoder: any Decoder) throws { self.init(try Value(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

/// Generated files refer to this type, so that code generated for another runtime version fails to compile
/// with a message naming the mismatch instead of failing in subtle ways.
public enum MatrixAPIRuntimeVersion1 {}
