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

/// What translation hands the assembler: every declaration (in the order it was made, names not final yet),
/// the operations of each file, and the references between files.
struct TranslationResult {
    var decls: [String: DeclBox]
    var declOrder: [String]
    var endpointsByFile: [String: [Endpoint]]
    /// Where each operation (by `Endpoint.source`) was read.
    var endpointLocations: [String: SourceLocation]
    var apiFiles: [(group: Configuration.Group, file: String)]
    /// File-level references between spec files, for placing files into modules.
    var fileEdges: [String: Set<String>]
    /// Where each file first references each other file (for diagnostics about the placement of files).
    var fileEdgeLocations: [String: [String: SourceLocation]]
    /// The event schemas, when the configuration asks for events.
    var events: [EventModel] = []
}

/// Translates resolved spec documents into the API model.
final class Translator {
    let store: SpecStore
    let configuration: Configuration
    let diagnostics = DiagnosticCollector()

    var decls: [String: DeclBox] = [:]
    var declOrder: [String] = []
    var nodeDecls = NodeIdentityMap<String>()
    var endpointsByFile: [String: [Endpoint]] = [:]
    /// Where each operation (by `Endpoint.source`) was read.
    var endpointLocations: [String: SourceLocation] = [:]
    var apiFiles: [(group: Configuration.Group, file: String)] = []
    var events: [EventModel] = []
    /// File-level references between spec files, for placing files into modules.
    var fileEdges: [String: Set<String>] = [:]
    /// Where each file first references each other file (for diagnostics about the placement of files).
    var fileEdgeLocations: [String: [String: SourceLocation]] = [:]
    /// The file whose content is being translated (the origin of references).
    var currentFile = ""
    /// Nodes whose keywords `checkShape` has checked.
    var shapeChecked = NodeIdentityMap<Void>()

    init(store: SpecStore, configuration: Configuration) {
        self.store = store
        self.configuration = configuration
    }

    var result: TranslationResult {
        TranslationResult(
            decls: decls, declOrder: declOrder, endpointsByFile: endpointsByFile, endpointLocations: endpointLocations,
            apiFiles: apiFiles, fileEdges: fileEdges, fileEdgeLocations: fileEdgeLocations, events: events)
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
            let named = withFile(resolved.file) { namedType(target) }
            return resolved.pointer.isEmpty && configuration.rawEvents.contains(resolved.file) ? .raw(named) : named
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
        if let existing = nodeDecls[site.node], let box = decls[existing] {
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
        nodeDecls[site.node] = box.id
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
        if let reference = describedReference(site) { return typeRef(reference, owner: owner, hint: hint) }
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

    /// `allOf: [{$ref: X}]` with nothing beside it but words (`description`, `title`, `x-*`) and, at most, X's own
    /// `type` restated: a use of X that only describes it (`/context`'s `event`, every `auth`, the push rule
    /// sets), so it is X itself — kept raw if X is a raw event — not a copy of X's type.
    func describedReference(_ site: Site) -> Site? {
        let branches = site.children("allOf")
        guard branches.count == 1, let ref = branches[0].node["$ref"]?.string,
            (site.node.mapping ?? []).allSatisfy({ ["allOf", "description", "title", "type"].contains($0.key) || $0.key.hasPrefix("x-") })
        else { return nil }
        if let type = site.node["type"] {
            guard let target = try? store.resolve(ref, in: site.file, at: branches[0].node.location),
                target.node["type"]?.string == type.string, type.string != nil
            else { return nil }
        }
        return branches[0]
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

/// Values keyed by node identity. The map keeps its nodes alive: a node made during translation (the `allOf`
/// wrapper of an event's shared content) that was freed would otherwise lend its address, and so its entry, to
/// a node made later (which made `m.policy.rule.user` reuse `m.policy.rule.room`'s content type once the
/// allocation pattern changed).
struct NodeIdentityMap<Value> {
    private var entries: [ObjectIdentifier: (node: SpecNode, value: Value)] = [:]

    subscript(node: SpecNode) -> Value? {
        get { entries[ObjectIdentifier(node)]?.value }
        set { entries[ObjectIdentifier(node)] = newValue.map { (node, $0) } }
    }
}

extension NodeIdentityMap where Value == Void {
    /// Adds `node`; whether it was not there yet.
    mutating func insert(_ node: SpecNode) -> Bool {
        guard self[node] == nil else { return false }
        self[node] = ()
        return true
    }
}
