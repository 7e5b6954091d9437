import Foundation

/// `oneOf` and `anyOf`: a sum of variants, named by title, `$ref` or JSON kind.
extension Translator {
    func buildSum(_ site: Site, box: DeclBox) -> TypeKind {
        let branches = site.children("oneOf") + site.children("anyOf")
        var taken: Set<String> = []
        var variants: [Variant] = []
        for (index, branch) in branches.enumerated() {
            let resolved = resolveSite(branch)
            let kinds = jsonTypes(resolved.node)
            let kind = kinds.count == 1 ? kinds[0] : "any"
            let name: String
            if let title = resolved.node["title"]?.string, Naming.isNameLike(title) {
                name = Naming.memberName(title)
            } else if branch.node["$ref"] != nil {
                name = Naming.memberName(resolved.pointer.last ?? Naming.fileTypeName(resolved.file))
            } else if kind != "any" {
                name = Naming.memberName(kind)
            } else {
                name = "variant\(index)"
            }
            let type = typeRef(branch, owner: .decl(box.id), hint: Naming.typeName(name))
            variants.append(Variant(swiftName: Naming.unique(name, in: &taken), type: type, jsonKind: JSONKind(rawValue: kind) ?? .any))
        }
        return .sum(variants)
    }
}
