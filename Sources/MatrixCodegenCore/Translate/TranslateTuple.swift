import Foundation

/// Fixed-length arrays (`minItems == maxItems`, `items: {anyOf: [...]}` in order).
extension Translator {
    /// `minItems == maxItems == n` with `items: anyOf` of `n` schemas: a fixed-length array of those shapes.
    func tupleElements(_ site: Site, items: Site) -> [(name: String, site: Site)]? {
        guard let count = site.node["minItems"]?.int, site.node["maxItems"]?.int == count else { return nil }
        let branches = items.children("anyOf")
        guard branches.count == count, count > 0 else { return nil }
        var taken: Set<String> = []
        return branches.enumerated().map { index, branch in
            let name = branch.node["title"]?.string.map(Naming.memberName) ?? "element\(index)"
            return (Naming.unique(name, in: &taken), branch)
        }
    }

    func tupleKind(_ elements: [(name: String, site: Site)], box: DeclBox) -> TypeKind {
        .tuple(elements.map { element in
            TupleElement(
                swiftName: element.name,
                type: typeRef(element.site, owner: .decl(box.id), hint: Naming.typeName(element.name)))
        })
    }
}
