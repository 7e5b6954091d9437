import Foundation

/// Scalars, arrays and the JSON kinds of a schema.
extension Translator {
    /// The JSON Schema `type`s of a node; objects are implied by `properties` and friends.
    func jsonTypes(_ node: SpecNode) -> [String] {
        if let list = node["type"]?.sequence { return list.compactMap(\.string) }
        if let single = node["type"]?.string { return [single] }
        if node["properties"] != nil || node["patternProperties"] != nil || node["additionalProperties"] != nil
            || node["allOf"] != nil
        {
            return ["object"]
        }
        if node["items"] != nil { return ["array"] }
        if node["enum"] != nil { return ["string"] }
        return []
    }

    func kindType(_ kind: String) -> TypeRef {
        switch kind {
        case "string": .builtin(.string)
        case "integer": .builtin(.int64)
        case "number": .builtin(.double)
        case "boolean": .builtin(.bool)
        case "array": .array(.builtin(.jsonValue))
        case "object": .builtin(.jsonObject)
        default: .builtin(.jsonValue)
        }
    }

    func scalarOrContainer(_ site: Site, type: String?, owner: Owner, hint: String, candidate: String) -> TypeRef {
        let node = site.node
        switch type {
        case "string":
            if let values = node["enum"]?.sequence {
                return declare(site, owner: owner, candidate: candidate, fallback: hint) { _ in
                    self.buildEnum(values)
                }
            }
            return stringType(node)
        case "integer":
            return node["format"]?.string == "int64" ? .builtin(.int64) : .builtin(.int)
        case "number":
            return .builtin(.double)
        case "boolean":
            return .builtin(.bool)
        case "array":
            guard let items = site.child("items") else { return .array(.builtin(.jsonValue)) }
            if let tuple = tupleElements(site, items: items) {
                return declare(site, owner: owner, candidate: candidate, fallback: hint) { box in
                    self.tupleKind(tuple, box: box)
                }
            }
            return .array(typeRef(items, owner: owner, hint: singular(candidate)))
        case "object":
            return objectType(site, owner: owner, hint: hint, candidate: candidate)
        case "null":
            return .nullable(.builtin(.jsonValue))
        case nil:
            if let values = node["enum"]?.sequence, values.allSatisfy({ $0.string != nil && !$0.isNumberLiteral }) {
                return declare(site, owner: owner, candidate: candidate, fallback: hint) { _ in self.buildEnum(values) }
            }
            return .builtin(.jsonValue)
        default:
            diagnostics.error("unknown schema type \"\(type!)\"", at: node["type"]?.location ?? node.location)
            return .builtin(.jsonValue)
        }
    }

    func stringType(_ node: SpecNode) -> TypeRef {
        .builtin(MatrixFormat.valueType(node["format"]?.string))
    }

    func singular(_ name: String) -> String {
        if name.hasSuffix("ies") { return String(name.dropLast(3)) + "y" }
        if name.hasSuffix("s") && !name.hasSuffix("ss") { return String(name.dropLast()) }
        return name + "Item"
    }
}
