/// A node of a YAML or JSON document, with the place it was read from.
public final class SpecNode: @unchecked Sendable {
    public enum Kind {
        /// A scalar and whether it was plain (unquoted), which decides whether `true`, `12` or `null` are
        /// booleans, numbers and null or strings.
        case scalar(String, plain: Bool)
        case mapping([(key: String, value: SpecNode)])
        case sequence([SpecNode])
    }

    public let kind: Kind
    public let location: SourceLocation
    private let index: [String: Int]
    /// Nodes in this subtree, this one included (an alias's target counted at each of its uses).
    let size: Int

    init(_ kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
        switch kind {
        case .scalar: size = 1
        case .mapping(let pairs): size = pairs.reduce(1) { $0 + $1.value.size }
        case .sequence(let items): size = items.reduce(1) { $0 + $1.size }
        }
        if case .mapping(let pairs) = kind, pairs.count > 8 {
            var index: [String: Int] = [:]
            for (offset, pair) in pairs.enumerated() where index[pair.key] == nil { index[pair.key] = offset }
            self.index = index
        } else {
            index = [:]
        }
    }

    public subscript(key: String) -> SpecNode? {
        guard case .mapping(let pairs) = kind else { return nil }
        if !index.isEmpty { return index[key].map { pairs[$0].value } }
        return pairs.first { $0.key == key }?.value
    }

    public var mapping: [(key: String, value: SpecNode)]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    public var sequence: [SpecNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The scalar's text, whatever its style.
    public var string: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    public var bool: Bool? {
        guard case .scalar(let text, let plain) = kind, plain else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    public var int: Int? {
        guard case .scalar(let text, _) = kind else { return nil }
        return Int(text)
    }

    public var isMapping: Bool { mapping != nil }
}
