/// The kind of YAML node each keyword the generator reads must be. A node of another kind is an error at its
/// `file:line:column` instead of being read as empty: a `properties` written as a list would otherwise drop
/// every property without a word. Keywords not listed here are not read, or read as anything.
enum NodeShape: Hashable {
    case scalar
    case mapping
    case sequence
    /// A mapping whose every value is a mapping (`properties`, `responses`, `content`, ...).
    case mappingOfMappings
    /// A list of mappings (`allOf`, `parameters`, `security`).
    case sequenceOfMappings
    case sequenceOfScalars
    /// `type`: one name or a list of names.
    case scalarOrScalars
    /// `additionalProperties`: a schema or a boolean.
    case mappingOrScalar
    /// `items`: a schema, or (JSON Schema draft 4) a list of schemas.
    case mappingOrMappings

    var description: String {
        switch self {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a sequence"
        case .mappingOfMappings: "a mapping of mappings"
        case .sequenceOfMappings: "a sequence of mappings"
        case .sequenceOfScalars: "a sequence of scalars"
        case .scalarOrScalars: "a scalar or a sequence of scalars"
        case .mappingOrScalar: "a mapping or a boolean"
        case .mappingOrMappings: "a mapping or a sequence of mappings"
        }
    }

    func accepts(_ node: SpecNode) -> Bool {
        switch (self, node.kind) {
        case (.scalar, .scalar), (.mapping, .mapping), (.sequence, .sequence), (.mappingOrScalar, .mapping),
            (.mappingOrScalar, .scalar), (.mappingOrMappings, .mapping), (.scalarOrScalars, .scalar):
            return true
        case (.mappingOfMappings, .mapping(let pairs)):
            return pairs.allSatisfy { $0.value.isMapping }
        case (.sequenceOfMappings, .sequence(let items)), (.mappingOrMappings, .sequence(let items)):
            return items.allSatisfy(\.isMapping)
        case (.sequenceOfScalars, .sequence(let items)), (.scalarOrScalars, .sequence(let items)):
            return items.allSatisfy { $0.string != nil }
        default:
            return false
        }
    }

    /// The first node inside `node` that breaks the shape (for a precise location), or `node` itself.
    func offender(in node: SpecNode) -> SpecNode {
        switch node.kind {
        case .mapping(let pairs) where self == .mappingOfMappings:
            return pairs.first { !$0.value.isMapping }?.value ?? node
        case .sequence(let items) where self == .sequenceOfMappings || self == .mappingOrMappings:
            return items.first { !$0.isMapping } ?? node
        case .sequence(let items) where self == .sequenceOfScalars || self == .scalarOrScalars:
            return items.first { $0.string == nil } ?? node
        default:
            return node
        }
    }
}

/// What the generator reads, by the kind of object it reads it from.
enum NodeShapes {
    typealias Table = [String: NodeShape]

    static let schema: Table = [
        "$ref": .scalar, "type": .scalarOrScalars, "format": .scalar, "title": .scalar, "description": .scalar,
        "properties": .mappingOfMappings, "patternProperties": .mappingOfMappings, "additionalProperties": .mappingOrScalar,
        "required": .sequenceOfScalars, "items": .mappingOrMappings, "enum": .sequence, "allOf": .sequenceOfMappings,
        "oneOf": .sequenceOfMappings, "anyOf": .sequenceOfMappings, "x-pattern-format": .scalar, "pattern": .scalar,
        "deprecated": .scalar, "x-addedInMatrixVersion": .scalar, "x-changedInMatrixVersion": .mapping,
    ]

    static let document: Table = [
        "paths": .mappingOfMappings, "servers": .sequenceOfMappings, "components": .mapping, "security": .sequenceOfMappings,
    ]

    static let pathItem: Table = [
        "parameters": .sequenceOfMappings, "get": .mapping, "put": .mapping, "post": .mapping, "delete": .mapping,
        "patch": .mapping, "head": .mapping, "options": .mapping,
    ]

    static let operation: Table = [
        "operationId": .scalar, "summary": .scalar, "description": .scalar, "deprecated": .scalar,
        "parameters": .sequenceOfMappings, "requestBody": .mapping, "responses": .mappingOfMappings,
        "security": .sequenceOfMappings, "tags": .sequenceOfScalars, "x-addedInMatrixVersion": .scalar,
        "x-changedInMatrixVersion": .mapping,
    ]

    static let parameter: Table = [
        "$ref": .scalar, "name": .scalar, "in": .scalar, "required": .scalar, "description": .scalar, "schema": .mapping,
        "deprecated": .scalar, "x-addedInMatrixVersion": .scalar, "x-changedInMatrixVersion": .mapping,
    ]

    static let requestBody: Table = ["$ref": .scalar, "content": .mappingOfMappings, "required": .scalar, "description": .scalar]

    static let response: Table = [
        "$ref": .scalar, "description": .scalar, "content": .mappingOfMappings, "headers": .mappingOfMappings,
    ]

    static let mediaType: Table = ["schema": .mapping, "examples": .mappingOfMappings]
}

extension Translator {
    /// Reports each keyword of `node` whose value is not of the kind the table names. Each node is checked once.
    func checkShape(_ node: SpecNode, _ table: NodeShapes.Table, what: String) {
        guard shapeChecked.insert(node) else { return }
        guard let pairs = node.mapping else {
            diagnostics.error("\(what) must be a mapping, not \(node.kindName)", at: node.location)
            return
        }
        for (key, value) in pairs {
            guard let shape = table[key], !shape.accepts(value) else { continue }
            let offender = shape.offender(in: value)
            let message = offender === value
                ? "\"\(key)\" of \(what) must be \(shape.description), not \(value.kindName)"
                : "\"\(key)\" of \(what) must be \(shape.description); this entry is \(offender.kindName)"
            diagnostics.error(message, at: offender.location)
            // Reported once: what the keyword holds is not checked (and reported) again as a schema.
            _ = shapeChecked.insert(value)
            for child in value.mapping?.map(\.value) ?? value.sequence ?? [] { _ = shapeChecked.insert(child) }
        }
    }
}

extension SpecNode {
    /// The kind of node, as diagnostics name it.
    var kindName: String {
        switch kind {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a sequence"
        }
    }
}
