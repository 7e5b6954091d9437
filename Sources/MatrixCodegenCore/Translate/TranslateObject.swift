import Foundation

/// Objects: properties, `allOf` flattened recursively, `patternProperties` and `additionalProperties`.
extension Translator {
    func objectType(_ site: Site, owner: Owner, hint: String, candidate: String) -> TypeRef {
        let node = site.node
        let properties = node["properties"]?.mapping ?? []
        let patterns = node["patternProperties"]?.mapping ?? []
        let additional = node["additionalProperties"]
        if properties.isEmpty && patterns.isEmpty {
            if let additional, additional.isMapping {
                let value = typeRef(site.child("additionalProperties")!, owner: owner, hint: singular(candidate))
                return .map(key: .builtin(.string), value: value)
            }
            return .builtin(.jsonObject)
        }
        if properties.isEmpty && patterns.count == 1 && (additional == nil || additional?.bool == false) {
            let pattern = site.entries("patternProperties")[0]
            let key = TypeRef.builtin(MatrixFormat.keyType(pattern.site.node["x-pattern-format"]?.string))
            let value = typeRef(pattern.site, owner: owner, hint: singular(candidate))
            return .map(key: key, value: value)
        }
        return declare(site, owner: owner, candidate: candidate, fallback: hint) { box in
            self.buildObject(site, box: box)
        }
    }

    struct MergedObject {
        /// Each property with the named schema it comes from (`nil`: the object itself or an inline branch),
        /// so that its inline types are declared once, inside the schema that defines them.
        /// `earlier`: definitions of the same property in earlier branches that this one deep-merges with
        /// (as the spec's tooling does: Hugo's `merge`), oldest first.
        var properties: [(name: String, site: Site, origin: Site?, earlier: [(site: Site, origin: Site?)])] = []
        var required: Set<String> = []
        var patterns: [(pattern: String, site: Site, origin: Site?)] = []
        var additional: (site: Site, origin: Site?)?
        var additionalAllowed = true
    }

    /// Flattens `allOf` (recursively, through `$ref`s) and the node's own keywords into one object.
    /// A property redefined with a different JSON type is an error; a refinement (same type, more detail)
    /// replaces the earlier definition, as the derived schema is the more specific.
    func merge(_ site: Site, origin: Site?, into merged: inout MergedObject, visiting: inout Set<String>) {
        guard visiting.insert(site.id).inserted else {
            diagnostics.error("allOf includes itself", at: site.node.location)
            return
        }
        defer { visiting.remove(site.id) }
        checkShape(site.node, NodeShapes.schema, what: "a schema")
        for branch in site.children("allOf") {
            let resolved = resolveSite(branch)
            if resolved.file != site.file { noteReference(to: resolved.file, at: branch.node["$ref"]?.location) }
            merge(resolved, origin: branch.node["$ref"] != nil ? resolved : origin, into: &merged, visiting: &visiting)
        }
        for (name, property) in site.entries("properties") {
            if let index = merged.properties.firstIndex(where: { $0.name == name }) {
                let earlier = resolveSite(merged.properties[index].site)
                let later = resolveSite(property)
                let earlierTypes = jsonTypes(earlier.node)
                let laterTypes = jsonTypes(later.node)
                if !earlierTypes.isEmpty && !laterTypes.isEmpty && Set(earlierTypes) != Set(laterTypes) {
                    diagnostics.error(
                        "allOf redefines property \"\(name)\" as \(laterTypes.joined(separator: "|")) "
                            + "where \(earlier.node.location) defines it as \(earlierTypes.joined(separator: "|"))",
                        at: property.node.location)
                }
                let previous = merged.properties[index]
                if property.node["$ref"] == nil, isObjectLike(earlier.node), isObjectLike(later.node) || laterTypes.isEmpty {
                    // An inline redefinition of an object property adds to it rather than replacing it
                    // (ClientEvent's `unsigned` adds `redacted_because` to UnsignedData's properties).
                    merged.properties[index] = (name, property, origin, previous.earlier + [(previous.site, previous.origin)])
                } else {
                    merged.properties[index] = (name, property, origin, [])
                }
            } else {
                merged.properties.append((name, property, origin, []))
            }
        }
        for item in site.node["required"]?.sequence ?? [] {
            if let name = item.string { merged.required.insert(name) }
        }
        for (pattern, schema) in site.entries("patternProperties") {
            if let index = merged.patterns.firstIndex(where: { $0.pattern == pattern }) {
                merged.patterns[index] = (pattern, schema, origin)
            } else {
                merged.patterns.append((pattern, schema, origin))
            }
        }
        if let additional = site.child("additionalProperties") {
            if additional.node.isMapping {
                merged.additional = (additional, origin)
            } else if additional.node.bool == false {
                merged.additionalAllowed = false
            }
        }
    }

    func isObjectLike(_ node: SpecNode) -> Bool {
        let types = jsonTypes(node)
        return types == ["object"] || (types.isEmpty && (node["properties"] != nil || node["allOf"] != nil))
    }

    /// The type of a property that several `allOf` branches define: one object merging them all.
    func mergedPropertyType(_ site: Site, earlier: [(site: Site, origin: Site?)], owner: Owner, hint: String) -> TypeRef {
        let resolved = resolveSite(site)
        let sites = earlier.map { resolveSite($0.site) } + [resolved]
        let structure = ["properties", "allOf", "patternProperties", "additionalProperties"]
        let structured = sites.indices.filter { index in structure.contains { sites[index].node[$0] != nil } }
        if structured.count <= 1 {
            // At most one definition says what the object holds (the others are open objects or annotations):
            // that one is the type.
            let index = structured.first ?? 0
            return typeRef(index < earlier.count ? earlier[index].site : site, owner: owner, hint: hint)
        }
        let title = sites.reversed().lazy.compactMap { $0.node["title"]?.string }.first { Naming.isNameLike($0) }
        return declare(resolved, owner: owner, candidate: title.map(Naming.typeName) ?? hint, fallback: hint) { box in
            if box.documentation.isEmpty {
                box.documentation = sites.reversed().lazy.map { self.documentation($0.node) }.first { !$0.isEmpty } ?? ""
            }
            return self.buildObject(resolved, box: box, preceding: zip(sites.dropLast(), earlier).map { ($0, $1.origin) })
        }
    }

    func buildObject(_ site: Site, box: DeclBox, preceding: [(site: Site, origin: Site?)] = []) -> TypeKind {
        var merged = MergedObject()
        var visiting: Set<String> = []
        for earlier in preceding { merge(earlier.site, origin: earlier.origin, into: &merged, visiting: &visiting) }
        merge(site, origin: nil, into: &merged, visiting: &visiting)
        if box.documentation.isEmpty {
            // A schema that is only `allOf` takes the description of its first documented branch.
            for branch in site.children("allOf") {
                let text = documentation(resolveSite(branch).node)
                if !text.isEmpty {
                    box.documentation = text
                    break
                }
            }
        }
        var taken: Set<String> = ["additionalFields", "additionalProperties"]
        let ownOwner = Owner.decl(box.id)
        func owner(_ origin: Site?) -> Owner {
            guard let origin, origin.node !== site.node,
                !(origin.pointer.isEmpty && configuration.typeOverrides[origin.file] != nil)
            else { return ownOwner }
            if case .declared(let id) = withFile(origin.file, { namedType(origin) }) { return .decl(id) }
            return ownOwner
        }
        let fields = merged.properties.map { name, property, origin, earlier -> Field in
            let resolved = resolveSite(property)
            let type = withFile(origin?.file ?? currentFile) {
                earlier.isEmpty
                    ? typeRef(property, owner: owner(origin), hint: Naming.typeName(name))
                    : mergedPropertyType(property, earlier: earlier, owner: owner(origin), hint: Naming.typeName(name))
            }
            return Field(
                wireName: name,
                swiftName: Naming.unique(Naming.memberName(name), in: &taken),
                type: type,
                required: merged.required.contains(name),
                documentation: documentation(property.node["$ref"] != nil ? resolved.node : property.node),
                availability: availability(property.node))
        }
        let patternMaps = merged.patterns.enumerated().map { index, entry -> PatternMap in
            let entryOwner = owner(entry.origin)
            let format = entry.site.node["x-pattern-format"]?.string
            let base = format.flatMap(MatrixFormat.init(rawValue:))?.mapName ?? "matchingEntries\(index + 1)"
            return PatternMap(
                pattern: entry.pattern,
                swiftName: Naming.unique(base, in: &taken),
                keyType: .builtin(MatrixFormat.keyType(format)),
                valueType: withFile(entry.origin?.file ?? currentFile) { typeRef(entry.site, owner: entryOwner, hint: singular(Naming.typeName(base))) },
                documentation: documentation(entry.site.node))
        }
        let additional = merged.additional.map { entry in
            withFile(entry.origin?.file ?? currentFile) { typeRef(entry.site, owner: owner(entry.origin), hint: "AdditionalProperty") }
        }
        return .object(
            fields: fields, patternMaps: patternMaps, additional: additional,
            keepsUnknownFields: additional == nil && merged.additionalAllowed)
    }
}
