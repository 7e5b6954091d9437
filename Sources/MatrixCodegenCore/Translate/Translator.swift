import Foundation

/// A schema node and where it is: the file it was read from and its JSON pointer there.
struct Site {
    var node: SpecNode
    var file: String
    var pointer: [String]

    var id: String { Reference.format(file: file, pointer: pointer) }

    func child(_ key: String) -> Site? {
        node[key].map { Site(node: $0, file: file, pointer: pointer + [key]) }
    }

    func children(_ key: String) -> [Site] {
        guard let items = node[key]?.sequence else { return [] }
        return items.enumerated().map { Site(node: $0.element, file: file, pointer: pointer + [key, String($0.offset)]) }
    }

    func entries(_ key: String) -> [(key: String, site: Site)] {
        guard let pairs = node[key]?.mapping else { return [] }
        return pairs.map { ($0.key, Site(node: $0.value, file: file, pointer: pointer + [key, $0.key])) }
    }
}

/// Where inline types go: inside a type, inside an endpoint, or at the top of a file.
enum Owner: Hashable {
    case topLevel
    case decl(String)
    case endpoint(String)
}

/// A declaration while it is being built; `Assembler` turns these into `TypeDecl`s with final names.
final class DeclBox {
    let id: String
    let file: String
    let owner: Owner
    /// Preferred name and the name to fall back on when the preferred one collides.
    var nameCandidate: String
    var fallbackName: String
    var kind: TypeKind = .alias(.builtin(.jsonValue))
    var documentation = ""
    var availability = Availability()
    var inProgress = true
    var isRecursive = false
    var examples: [Example] = []
    let location: SourceLocation

    init(id: String, file: String, owner: Owner, nameCandidate: String, fallbackName: String, location: SourceLocation) {
        self.id = id
        self.file = file
        self.owner = owner
        self.nameCandidate = nameCandidate
        self.fallbackName = fallbackName
        self.location = location
    }
}

/// Translates resolved spec documents into the API model.
final class Translator {
    let store: SpecStore
    let configuration: Configuration
    let diagnostics = DiagnosticCollector()

    var decls: [String: DeclBox] = [:]
    var declOrder: [String] = []
    var nodeDecls: [ObjectIdentifier: String] = [:]
    var endpointsByFile: [String: [Endpoint]] = [:]
    /// Where each operation (by `Endpoint.source`) was read.
    var endpointLocations: [String: SourceLocation] = [:]
    var apiFiles: [(group: Configuration.Group, file: String)] = []
    /// File-level references between spec files, for placing files into modules.
    var fileEdges: [String: Set<String>] = [:]
    /// Where each file first references each other file (for diagnostics about the placement of files).
    var fileEdgeLocations: [String: [String: SourceLocation]] = [:]
    /// The file whose content is being translated (the origin of references).
    var currentFile = ""
    /// Nodes whose keywords `checkShape` has checked.
    var shapeChecked: Set<ObjectIdentifier> = []

    init(store: SpecStore, configuration: Configuration) {
        self.store = store
        self.configuration = configuration
    }

    // MARK: Schemas

    /// The Swift type of a schema, declaring types for it (and what it contains) on the way.
    func typeRef(_ site: Site, owner: Owner, hint: String) -> TypeRef {
        checkShape(site.node, NodeShapes.schema, what: "a schema")
        if let ref = site.node["$ref"]?.string {
            let resolved: ResolvedNode
            do {
                resolved = try store.resolve(ref, in: site.file, at: site.node["$ref"]!.location)
            } catch {
                diagnostics.emit(error)
                return .builtin(.jsonValue)
            }
            noteReference(to: resolved.file, at: site.node["$ref"]?.location)
            if resolved.pointer.isEmpty, let override = configuration.typeOverrides[resolved.file] {
                return .builtin(RuntimeType(swiftName: override))
            }
            let target = Site(node: resolved.node, file: resolved.file, pointer: resolved.pointer)
            if isSimple(target.node) {
                return withFile(resolved.file) { inlineType(target, owner: .topLevel, hint: hint) }
            }
            return withFile(resolved.file) { namedType(target) }
        }
        return inlineType(site, owner: owner, hint: hint)
    }

    func withFile<T>(_ file: String, _ body: () -> T) -> T {
        let saved = currentFile
        currentFile = file
        defer { currentFile = saved }
        return body()
    }

    func noteReference(to file: String, at location: SourceLocation?) {
        guard file != currentFile, !currentFile.isEmpty else { return }
        fileEdges[currentFile, default: []].insert(file)
        if let location, fileEdgeLocations[currentFile]?[file] == nil { fileEdgeLocations[currentFile, default: [:]][file] = location }
    }

    /// A schema that maps to a type without declaring one: scalars without `enum`, untyped values, and
    /// objects with nothing declared.
    func isSimple(_ node: SpecNode) -> Bool {
        if node["allOf"] != nil || node["oneOf"] != nil || node["anyOf"] != nil || node["enum"] != nil { return false }
        if node["properties"] != nil || node["patternProperties"] != nil { return false }
        if node["additionalProperties"]?.isMapping == true { return false }
        if node["items"] != nil { return false }
        if node["type"]?.sequence != nil { return false }
        return true
    }

    /// A top-level type for a schema reached through `$ref` (or listed under `components/schemas`).
    func namedType(_ site: Site) -> TypeRef {
        checkShape(site.node, NodeShapes.schema, what: "a schema")
        let title = site.node["title"]?.string
        let fileName = site.pointer.isEmpty ? Naming.fileTypeName(site.file) : Naming.typeName(site.pointer.last!)
        let candidate = title.flatMap { Naming.isNameLike($0) ? Naming.typeName($0) : nil } ?? fileName
        return declare(site, owner: .topLevel, candidate: candidate, fallback: fileName) { box in
            self.buildKind(site, box: box)
        }
    }

    func declare(
        _ site: Site, owner: Owner, candidate: String, fallback: String, build: (DeclBox) -> TypeKind
    ) -> TypeRef {
        if let existing = nodeDecls[ObjectIdentifier(site.node)], let box = decls[existing] {
            if box.inProgress { box.isRecursive = true }
            return .declared(existing)
        }
        let box = DeclBox(
            id: site.id, file: site.file, owner: owner, nameCandidate: candidate, fallbackName: fallback,
            location: site.node.location)
        box.documentation = documentation(site.node)
        box.availability = availability(site.node)
        decls[box.id] = box
        declOrder.append(box.id)
        nodeDecls[ObjectIdentifier(site.node)] = box.id
        box.kind = build(box)
        if let example = site.node["example"] {
            box.examples.append(makeExample(example, role: .schema, status: nil, file: site.file))
        }
        box.inProgress = false
        return .declared(box.id)
    }

    func inlineType(_ site: Site, owner: Owner, hint: String) -> TypeRef {
        checkShape(site.node, NodeShapes.schema, what: "a schema")
        let node = site.node
        let title = node["title"]?.string
        let candidate = title.flatMap { Naming.isNameLike($0) ? Naming.typeName($0) : nil } ?? hint
        if node["allOf"] != nil || node["oneOf"] != nil || node["anyOf"] != nil {
            return declare(site, owner: owner, candidate: candidate, fallback: hint) { buildKind(site, box: $0) }
        }
        let types = jsonTypes(node)
        if types.count > 1 {
            let nonNull = types.filter { $0 != "null" }
            let base: TypeRef
            if nonNull.count == 1 {
                base = scalarOrContainer(site, type: nonNull[0], owner: owner, hint: hint, candidate: candidate)
            } else {
                base = declare(site, owner: owner, candidate: candidate, fallback: hint) { box in
                    .sum(nonNull.map { kind in
                        Variant(swiftName: Naming.memberName(kind), type: self.kindType(kind), jsonKind: JSONKind(rawValue: kind) ?? .any)
                    })
                }
            }
            return nonNull.count < types.count ? .nullable(base) : base
        }
        return scalarOrContainer(site, type: types.first, owner: owner, hint: hint, candidate: candidate)
    }

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

    /// The kind of a declared schema: object (with `allOf` flattened), sum, enum, tuple or alias.
    func buildKind(_ site: Site, box: DeclBox) -> TypeKind {
        let node = site.node
        if node["oneOf"] != nil || node["anyOf"] != nil {
            return buildSum(site, box: box)
        }
        if node["allOf"] != nil || node["properties"] != nil || node["patternProperties"] != nil {
            return buildObject(site, box: box)
        }
        let types = jsonTypes(node)
        if types == ["string"] || (types.isEmpty && node["enum"] != nil), let values = node["enum"]?.sequence {
            return buildEnum(values)
        }
        if types == ["array"], let items = site.child("items"), let tuple = tupleElements(site, items: items) {
            return tupleKind(tuple, box: box)
        }
        // A named map, array or scalar: an alias whose inline parts live beside it.
        let hint = box.nameCandidate
        let target: TypeRef
        if types.count > 1 {
            let nonNull = types.filter { $0 != "null" }
            if nonNull.count > 1 {
                return .sum(nonNull.map { Variant(swiftName: Naming.memberName($0), type: kindType($0), jsonKind: JSONKind(rawValue: $0) ?? .any) })
            }
            target = .nullable(scalarOrContainer(site, type: nonNull.first, owner: .decl(box.id), hint: hint, candidate: hint))
        } else if types == ["object"] {
            let properties = node["properties"]?.mapping ?? []
            if properties.isEmpty, let additional = site.child("additionalProperties"), additional.node.isMapping {
                target = .map(key: .builtin(.string), value: typeRef(additional, owner: .decl(box.id), hint: singular(hint)))
            } else {
                target = .builtin(.jsonObject)
            }
        } else if types == ["array"], let items = site.child("items") {
            target = .array(typeRef(items, owner: .decl(box.id), hint: singular(hint)))
        } else {
            target = scalarOrContainer(site, type: types.first, owner: .decl(box.id), hint: hint, candidate: hint)
        }
        return .alias(target)
    }

    func buildEnum(_ values: [SpecNode]) -> TypeKind {
        var taken: Set<String> = []
        return .openEnum(values.compactMap { value in
            guard let text = value.string else { return nil }
            return EnumValue(value: text, swiftName: Naming.unique(Naming.memberName(text), in: &taken), documentation: "")
        })
    }

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

    /// Follows a `$ref` (if any) to the schema it names.
    func resolveSite(_ site: Site) -> Site {
        guard let ref = site.node["$ref"]?.string else { return site }
        do {
            let resolved = try store.resolve(ref, in: site.file, at: site.node["$ref"]!.location)
            return Site(node: resolved.node, file: resolved.file, pointer: resolved.pointer)
        } catch {
            diagnostics.emit(error)
            return site
        }
    }

    // MARK: Objects and allOf

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

    // MARK: Documentation and metadata

    func documentation(_ node: SpecNode) -> String {
        Documentation.markdown(node["description"]?.string ?? "")
    }

    func availability(_ node: SpecNode) -> Availability {
        var result = Availability()
        result.added = node["x-addedInMatrixVersion"]?.string
        for pair in node["x-changedInMatrixVersion"]?.mapping ?? [] {
            result.changed.append(.init(version: pair.key, note: Documentation.markdown(pair.value.string ?? "")))
        }
        result.deprecated = node["deprecated"]?.bool ?? false
        return result
    }

    func makeExample(_ node: SpecNode, role: Example.Role, status: Int?, file: String) -> Example {
        var json = ""
        do {
            json = try ExampleJSON.render(node, file: file, store: store)
        } catch {
            diagnostics.emit(error)
        }
        return Example(role: role, status: status, json: json, location: node.location)
    }
}

extension SpecNode {
    var isNumberLiteral: Bool {
        guard case .scalar(let text, let plain) = kind, plain else { return false }
        return Int64(text) != nil || Double(text) != nil
    }
}
