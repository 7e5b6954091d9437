/// What changed between two resolved API models: operations, their parameters, bodies, statuses, content
/// types, headers and security; the structure of named types; version metadata and documentation; and the
/// generated Swift API.
///
/// Bodies are compared by structure, flattened into JSON paths (`chunk[].unsigned.membership`) through named
/// and inline types alike, so moving a definition to another file, extracting an inline schema into a named
/// one or renaming a YAML anchor is not a change. A change inside a named type that exists in both versions
/// is reported once, on that type, with the operations that use it.
public struct SpecDiff: Sendable {
    public var from: String
    public var to: String
    public var changes: [SpecChange]
    public var swiftAPI: SwiftAPIDiff

    public init(from old: APIModel, to new: APIModel) {
        from = old.specVersion
        to = new.specVersion
        var builder = DiffBuilder(old: old, new: new)
        builder.compareOperations()
        builder.compareNamedTypes()
        builder.compareEvents()
        changes = builder.finish()
        swiftAPI = SwiftAPIDiff(old: SwiftSurface(old), new: SwiftSurface(new))
    }

    public func count(_ classification: SpecChange.Classification) -> Int {
        changes.count { $0.classification == classification }
    }

    public var hasBreakingChanges: Bool { changes.contains { $0.classification == .breaking } }
}

extension SpecChange {
    /// The `group` of changes to the event schemas and the types of the events module.
    public static let eventsGroup = "events"
}

/// One change. `classification` and `breaks` follow the rules in the README ("Diffing two spec versions").
public struct SpecChange: Sendable, Hashable, Codable {
    public enum Classification: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case breaking, deprecation, additive, documentation

        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public enum Party: String, Sendable, Hashable, Codable, Comparable {
        case clients, servers
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// What a change is about.
    public enum Subject: String, Sendable, Hashable, Codable {
        case operation, type
        /// An event type of `data/event-schemas` (`m.room.message`).
        case event
    }

    /// What changed (the README lists each kind with its classification).
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case authenticationOptional = "authentication-optional"
        case authenticationRequired = "authentication-required"
        case contentTypeAdded = "content-type-added"
        case contentTypeRemoved = "content-type-removed"
        case deprecated
        case documentation
        case enumAdded = "enum-added"
        case enumRemoved = "enum-removed"
        case enumValuesAdded = "enum-values-added"
        case enumValuesRemoved = "enum-values-removed"
        case formatChanged = "format-changed"
        case headerAdded = "header-added"
        case headerRemoved = "header-removed"
        case methodChanged = "method-changed"
        case operationAdded = "operation-added"
        case operationDeprecated = "operation-deprecated"
        case operationRemoved = "operation-removed"
        case operationUndeprecated = "operation-undeprecated"
        case optionalAdded = "optional-added"
        case pathChanged = "path-changed"
        case removed
        case requiredAdded = "required-added"
        case retyped
        case schemaRefined = "schema-refined"
        case securityAdded = "security-added"
        case securityDeprecated = "security-deprecated"
        case securityRemoved = "security-removed"
        case statusAdded = "status-added"
        case statusRemoved = "status-removed"
        case typeAdded = "type-added"
        case typeRemoved = "type-removed"
        case versionMetadata = "version-metadata"
        case madeRequired = "made-required"
        case madeOptional = "made-optional"
        case eventAdded = "event-added"
        case eventRemoved = "event-removed"
        case eventKindsChanged = "event-kinds-changed"
        case stateKeyChanged = "state-key-changed"
        case variantAdded = "variant-added"
        case variantRemoved = "variant-removed"
    }

    /// The API group (`client-server`), `events` for the event schemas, `common` for shared types.
    public var group: String
    public var subjectKind: Subject
    /// The operationId, or the named type's Swift name.
    public var subject: String
    /// `GET /_matrix/client/v3/sync` for operations; `nil` for types.
    public var endpoint: String?
    public var kind: Kind
    /// Where inside the subject: `query parameter animated`, `response 200 body: chunk[].unsigned.membership`.
    public var location: String?
    public var old: String?
    public var new: String?
    public var classification: Classification
    /// Who a breaking change breaks: code written against the old version, on the client or the server side.
    public var breaks: [Party]
    /// For a change on a named type: the operations that use the type.
    public var usedBy: [String]
    public var message: String
}

// MARK: Flattening

/// One JSON path of a body or parameter, described by structure only.
struct Leaf: Equatable {
    /// Documentation the model does not carry (the runtime's MatrixError fields): never compared.
    static let unknownDocumentation = "\u{0}"

    /// The JSON shape (`{string: [string]}`): what is on the wire.
    var type: String
    /// The shape with formats and identifier types (`[UserID: [String]]`): what the Swift side sees.
    var format: String
    var ref: TypeRef
    var required: Bool
    var deprecated: Bool
    var documentation: String
    var versions: String
    var enumValues: [String]?
    /// The nearest enclosing named (top-level) type, and the path inside it.
    var origin: String?
    var originPath: String
}

struct Flattener {
    let declsByID: [String: TypeDecl]
    /// Named (top-level) types by Swift name, with the API group whose module holds them (`common` for the
    /// shared module).
    let named: [String: (decl: TypeDecl, group: String)]

    init(_ model: APIModel) {
        var named: [String: (decl: TypeDecl, group: String)] = [:]
        let eventFiles = Set(model.events.map(\.file))
        for module in model.modules {
            // The events module's types are reported with the events.
            let group = module.group ?? (module.files.contains { eventFiles.contains($0.specFile) } ? SpecChange.eventsGroup : "common")
            for decl in module.types { named[decl.qualifiedName] = (decl, group) }
        }
        declsByID = Dictionary(model.allDecls.map { ($0.decl.id, $0.decl) }, uniquingKeysWith: { first, _ in first })
        self.named = named
    }

    func isNamed(_ decl: TypeDecl) -> Bool { !decl.qualifiedName.contains(".") }

    /// The JSON shape of a type: names of declared types and formats do not appear.
    func describe(_ ref: TypeRef, formats: Bool = false, depth: Int = 0) -> String {
        guard depth < 8 else { return "…" }
        switch ref {
        case .builtin(let type):
            // With formats, an identifier or integer width shows as its Swift type (`UserID`, `Int64`).
            if formats, type.jsonKind != .object, type.jsonKind != .any { return type.swiftName }
            return type.jsonKind?.rawValue ?? type.swiftName.lowercased()
        case .array(let element): return "[\(describe(element, formats: formats, depth: depth + 1))]"
        case .map(let key, let value):
            return formats
                ? "[\(describe(key, formats: true, depth: depth + 1)): \(describe(value, formats: true, depth: depth + 1))]"
                : "{string: \(describe(value, depth: depth + 1))}"
        case .nullable(let wrapped): return describe(wrapped, formats: formats, depth: depth + 1) + " | null"
        case .raw(let event): return describe(event, formats: formats, depth: depth)
        case .declared(let id):
            guard let decl = declsByID[id] else { return "any" }
            switch decl.kind {
            case .object: return "object"
            case .openEnum: return formats ? "String" : "string"
            case .sum(let variants): return "oneOf(" + variants.map { describe($0.type, formats: formats, depth: depth + 1) }.joined(separator: ", ") + ")"
            case .tuple(let elements): return "(" + elements.map { describe($0.type, formats: formats, depth: depth + 1) }.joined(separator: ", ") + ")"
            case .alias(let target): return describe(target, formats: formats, depth: depth + 1)
            }
        }
    }

    /// An object or value the spec leaves open (no properties, no typed entries).
    func isUnstructured(_ ref: TypeRef) -> Bool {
        switch ref {
        case .builtin(let type): return type.isFreeForm
        case .declared(let id):
            guard let decl = declsByID[id] else { return true }
            switch decl.kind {
            case .object(let fields, let patterns, let additional, _): return fields.isEmpty && patterns.isEmpty && additional == nil
            case .alias(let target): return isUnstructured(target)
            default: return false
            }
        default: return false
        }
    }

    /// Whether `new` describes in more detail what `old` left open: an open object became an object with
    /// properties or a map, possibly inside arrays and maps.
    static func refines(_ old: TypeRef, _ oldFlattener: Flattener, _ new: TypeRef, _ newFlattener: Flattener) -> Bool {
        switch (unwrapNullable(old), unwrapNullable(new)) {
        case (.array(let a), .array(let b)): return refines(a, oldFlattener, b, newFlattener)
        case (.map(_, let a), .map(_, let b)): return refines(a, oldFlattener, b, newFlattener)
        case (let a, let b):
            guard oldFlattener.isUnstructured(a) else { return false }
            let shape = newFlattener.describe(b)
            return shape == "object" || shape.hasPrefix("{") || shape.hasPrefix("oneOf(")
        }
    }

    static func versions(_ availability: Availability) -> String {
        var parts: [String] = []
        if let added = availability.added { parts.append("added \(added)") }
        if !availability.changed.isEmpty { parts.append("changed " + availability.changed.map(\.version).joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }

    /// Every path under `ref`, keyed by path (the root is `""`).
    func flatten(_ ref: TypeRef, required: Bool = true) -> [String: Leaf] {
        var result: [String: Leaf] = [:]
        var visiting: Set<String> = []
        walk(ref, path: "", required: required, deprecated: false, documentation: "", versions: "", origin: nil, originPath: "", visiting: &visiting, into: &result)
        return result
    }

    private func walk(
        _ ref: TypeRef, path: String, required: Bool, deprecated: Bool, documentation: String, versions: String,
        origin: String?, originPath: String, visiting: inout Set<String>, into result: inout [String: Leaf]
    ) {
        var origin = origin
        var originPath = originPath
        var enumValues: [String]?
        var decl: TypeDecl?
        if case .declared(let id) = Self.unwrapNullable(ref), let found = declsByID[id] {
            decl = found
            if isNamed(found) {
                origin = found.qualifiedName
                originPath = ""
            }
            if case .openEnum(let values) = found.kind { enumValues = values.map(\.value).sorted() }
        }
        result[path] = Leaf(
            type: describe(ref), format: describe(ref, formats: true), ref: ref, required: required, deprecated: deprecated, documentation: documentation,
            versions: versions, enumValues: enumValues, origin: origin, originPath: originPath)

        func child(_ ref: TypeRef, _ suffix: String, required: Bool = true, deprecated: Bool = false, documentation: String = "", versions: String = "", visiting: inout Set<String>) {
            // Entries of maps are never required; paths inside a named type start without a dot.
            let isEntry = suffix.hasPrefix("{")
            let originSuffix = originPath.isEmpty && suffix.hasPrefix(".") ? String(suffix.dropFirst()) : suffix
            walk(ref, path: path + suffix, required: required && !isEntry, deprecated: deprecated, documentation: documentation, versions: versions,
                 origin: origin, originPath: originPath + originSuffix, visiting: &visiting, into: &result)
        }

        switch Self.unwrapNullable(ref) {
        case .builtin(.matrixError):
            // The runtime's standard error body, described as the spec's error.yaml does.
            child(.builtin(.string), (path.isEmpty ? "" : ".") + "errcode", documentation: Leaf.unknownDocumentation, visiting: &visiting)
            child(.builtin(.string), (path.isEmpty ? "" : ".") + "error", required: false, documentation: Leaf.unknownDocumentation, visiting: &visiting)
        case .array(let element):
            if Self.isStructured(element, declsByID) { child(element, "[]", visiting: &visiting) }
        case .map(_, let value):
            if Self.isStructured(value, declsByID) { child(value, "{*}", visiting: &visiting) }
        case .declared(let id):
            guard let decl, !visiting.contains(id) else { return }
            visiting.insert(id)
            defer { visiting.remove(id) }
            switch decl.kind {
            case .object(let fields, let patternMaps, let additional, _):
                for field in fields {
                    child(field.type, (path.isEmpty ? "" : ".") + field.wireName, required: field.required,
                          deprecated: field.availability.deprecated, documentation: field.documentation,
                          versions: Self.versions(field.availability), visiting: &visiting)
                }
                for map in patternMaps {
                    child(map.valueType, "{\(map.pattern)}", documentation: map.documentation, visiting: &visiting)
                }
                if let additional { child(additional, "{*}", visiting: &visiting) }
            case .sum(let variants):
                for variant in variants { child(variant.type, "<\(variant.jsonKind)>", visiting: &visiting) }
            case .tuple(let elements):
                for (index, element) in elements.enumerated() { child(element.type, "[\(index)]", visiting: &visiting) }
            case .alias(let target):
                if Self.isStructured(target, declsByID) { child(target, "", visiting: &visiting) }
            case .openEnum:
                break
            }
        default:
            break
        }
    }

    /// The type whose JSON shape a reference has: through `Nullable` and `Raw` (a raw event is written as the
    /// event itself).
    static func unwrapNullable(_ ref: TypeRef) -> TypeRef {
        if case .nullable(let wrapped) = ref { return unwrapNullable(wrapped) }
        if case .raw(let event) = ref { return unwrapNullable(event) }
        return ref
    }

    static func isStructured(_ ref: TypeRef, _ decls: [String: TypeDecl]) -> Bool {
        switch unwrapNullable(ref) {
        case .builtin(let type): return type == .matrixError
        case .array(let element): return isStructured(element, decls)
        case .map(_, let value): return isStructured(value, decls)
        case .declared: return true
        case .nullable: return false
        case .raw(let event): return isStructured(event, decls)
        }
    }
}

// MARK: Comparing

struct DiffBuilder {
    let old: APIModel
    let new: APIModel
    let oldFlattener: Flattener
    let newFlattener: Flattener
    let oldNamed: Set<String>
    let newNamed: Set<String>
    var changes: [SpecChange] = []
    /// Changes on named types, merged across the operations that reach them.
    var typeChanges: [String: SpecChange] = [:]
    /// Named types some operation's comparison went through.
    var reachedTypes: Set<String> = []

    init(old: APIModel, new: APIModel) {
        self.old = old
        self.new = new
        let oldFlattener = Flattener(old), newFlattener = Flattener(new)
        self.oldFlattener = oldFlattener
        self.newFlattener = newFlattener
        oldNamed = Set(oldFlattener.named.keys)
        newNamed = Set(newFlattener.named.keys)
    }

    static func operations(_ model: APIModel) -> [String: Endpoint] {
        var result: [String: Endpoint] = [:]
        for module in model.modules {
            for endpoint in module.endpoints { result[endpoint.group + "/" + endpoint.operationID] = endpoint }
        }
        return result
    }

    mutating func compareOperations() {
        let oldOperations = Self.operations(old)
        let newOperations = Self.operations(new)
        for key in Set(oldOperations.keys).union(newOperations.keys).sorted() {
            switch (oldOperations[key], newOperations[key]) {
            case (nil, let added?):
                add(operation: added, kind: .operationAdded, .additive, [], new: added.route,
                    message: "\(added.method) \(added.path) added" + (added.availability.added.map { " (x-addedInMatrixVersion \($0))" } ?? ""))
            case (let removed?, nil):
                add(operation: removed, kind: .operationRemoved, .breaking, [.clients], old: removed.route,
                    message: "\(removed.method) \(removed.path) removed")
            case (let before?, let after?):
                compare(before, after)
            case (nil, nil):
                break
            }
        }
    }

    /// Named types that appear or disappear (by name and by where the spec defines them), and the structure
    /// of named types no operation uses (m.login.terms params, EDUs), which `compareOperations` cannot see.
    mutating func compareNamedTypes() {
        let oldIDs = Set(oldFlattener.declsByID.keys), newIDs = Set(newFlattener.declsByID.keys)
        for name in newNamed.subtracting(oldNamed).sorted() {
            let (decl, group) = newFlattener.named[name]!
            guard !oldIDs.contains(decl.id) else { continue }
            changes.append(SpecChange(
                group: group, subjectKind: .type, subject: name, endpoint: nil, kind: .typeAdded, location: nil, old: nil,
                new: Self.source(decl.id), classification: .additive, breaks: [], usedBy: [],
                message: "\(name) added (\(Self.source(decl.id)))"))
        }
        for name in oldNamed.subtracting(newNamed).sorted() {
            let (decl, group) = oldFlattener.named[name]!
            guard !newIDs.contains(decl.id) else { continue }
            changes.append(SpecChange(
                group: group, subjectKind: .type, subject: name, endpoint: nil, kind: .typeRemoved, location: nil,
                old: Self.source(decl.id), new: nil, classification: .breaking, breaks: [.clients], usedBy: [],
                message: "\(name) removed (\(Self.source(decl.id)))"))
        }
        // Unused named types: compared on their own, as both a request and a response would use them.
        for name in oldNamed.intersection(newNamed).subtracting(reachedTypes).sorted() {
            let (oldDecl, _) = oldFlattener.named[name]!, (newDecl, group) = newFlattener.named[name]!
            let oldPaths = oldFlattener.flatten(.declared(oldDecl.id)), newPaths = newFlattener.flatten(.declared(newDecl.id))
            let pseudo = Endpoint(
                operationID: "", swiftName: "", group: group, method: .GET, path: "", security: [], authenticationOptional: false,
                summary: "", documentation: "", availability: Availability(), parameters: [], requestBody: nil, responses: [],
                nested: [], source: "", examples: [])
            var reported: [String] = []
            for path in Set(oldPaths.keys).union(newPaths.keys).sorted() where !path.isEmpty {
                if reported.contains(where: { Self.isInside(path, $0) }) { continue }
                let oldLeaf = oldPaths[path], newLeaf = newPaths[path]
                if oldLeaf == nil || newLeaf == nil || oldLeaf!.type != newLeaf!.type { reported.append(path) }
                // A path inside another named type is that type's change (reported once, under its name).
                let owner = commonOwner(oldLeaf, newLeaf, path: path, oldPaths: oldPaths, newPaths: newPaths) ?? (name, path)
                for side in [Side.request, .response] {
                    compareLeaf(oldLeaf, newLeaf, side: side, location: nil, operation: pseudo, owner: owner)
                }
            }
        }
    }

    static func source(_ id: String) -> String { id.hasPrefix("api/") ? String(id.dropFirst(4)) : id }

    mutating func add(
        operation: Endpoint, kind: SpecChange.Kind, _ classification: SpecChange.Classification, _ breaks: [SpecChange.Party],
        location: String? = nil, old: String? = nil, new: String? = nil, message: String
    ) {
        changes.append(SpecChange(
            group: operation.group, subjectKind: .operation, subject: operation.operationID,
            endpoint: operation.route, kind: kind, location: location, old: old, new: new,
            classification: classification, breaks: breaks, usedBy: [], message: message))
    }

    mutating func compare(_ before: Endpoint, _ after: Endpoint) {
        if !before.availability.deprecated && after.availability.deprecated {
            add(operation: after, kind: .operationDeprecated, .deprecation, [], message: "deprecated")
        } else if before.availability.deprecated && !after.availability.deprecated {
            add(operation: after, kind: .operationUndeprecated, .additive, [], message: "no longer deprecated")
        }
        if before.path != after.path {
            add(operation: after, kind: .pathChanged, .breaking, [.clients, .servers], old: before.path, new: after.path,
                message: "path changed from \(before.path) to \(after.path)")
        }
        if before.method != after.method {
            add(operation: after, kind: .methodChanged, .breaking, [.clients, .servers], old: before.method.rawValue, new: after.method.rawValue,
                message: "method changed from \(before.method) to \(after.method)")
        }
        let beforeVersions = Flattener.versions(before.availability), afterVersions = Flattener.versions(after.availability)
        if beforeVersions != afterVersions {
            add(operation: after, kind: .versionMetadata, .documentation, [], old: beforeVersions, new: afterVersions,
                message: "version metadata: \(beforeVersions.isEmpty ? "none" : beforeVersions) → \(afterVersions.isEmpty ? "none" : afterVersions)")
        }
        if before.summary != after.summary || before.documentation != after.documentation {
            add(operation: after, kind: .documentation, .documentation, [], message: "description changed")
        }
        compareSecurity(before, after)
        compareParameters(before, after)
        compareBodies(
            before: before.requestBody, after: after.requestBody, side: .request, label: "request body", operation: after)
        compareResponses(before, after)
    }

    mutating func compareSecurity(_ before: Endpoint, _ after: Endpoint) {
        let oldLocations = Set(before.security.map(\.location)), newLocations = Set(after.security.map(\.location))
        for location in newLocations.subtracting(oldLocations).sorted() where !oldLocations.isEmpty {
            add(operation: after, kind: .securityAdded, .additive, [], location: "security", new: location.rawValue,
                message: "security: \(location) accepted")
        }
        for location in oldLocations.subtracting(newLocations).sorted() where !newLocations.isEmpty {
            add(operation: after, kind: .securityRemoved, .breaking, [.clients], location: "security", old: location.rawValue,
                message: "security: \(location) no longer accepted")
        }
        let oldDeprecated = Set(before.security.filter(\.deprecated).map(\.location))
        for scheme in after.security where scheme.deprecated && !oldDeprecated.contains(scheme.location) && oldLocations.contains(scheme.location) {
            add(operation: after, kind: .securityDeprecated, .deprecation, [], location: "security", old: scheme.location.rawValue,
                message: "security: \(scheme.location) deprecated")
        }
        let oldRequired = !oldLocations.isEmpty && !before.authenticationOptional
        let newRequired = !newLocations.isEmpty && !after.authenticationOptional
        if !oldRequired && newRequired {
            add(operation: after, kind: .authenticationRequired, .breaking, [.clients], location: "security",
                old: oldLocations.isEmpty ? "none" : "optional", new: "required", message: "authentication now required")
        } else if oldRequired && !newRequired {
            add(operation: after, kind: .authenticationOptional, .breaking, [.servers], location: "security",
                old: "required", new: newLocations.isEmpty ? "none" : "optional", message: "authentication now optional")
        }
    }

    enum Side { case request, response }

    mutating func compareParameters(_ before: Endpoint, _ after: Endpoint) {
        func key(_ parameter: Parameter) -> String { parameter.location.rawValue + " " + parameter.wireName }
        let oldParameters = Dictionary(before.parameters.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let newParameters = Dictionary(after.parameters.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        for name in Set(oldParameters.keys).union(newParameters.keys).sorted() {
            let location = name.replacingOccurrences(of: " ", with: " parameter ", options: [], range: name.range(of: " "))
            let oldLeaf = oldParameters[name].map { parameterLeaf($0, oldFlattener) }
            let newLeaf = newParameters[name].map { parameterLeaf($0, newFlattener) }
            compareLeaf(oldLeaf, newLeaf, side: .request, location: location, operation: after, owner: nil)
        }
    }

    func parameterLeaf(_ parameter: Parameter, _ flattener: Flattener) -> Leaf {
        var enumValues: [String]?
        if case .declared(let id) = parameter.type, case .openEnum(let values)? = flattener.declsByID[id]?.kind {
            enumValues = values.map(\.value).sorted()
        }
        return Leaf(
            type: flattener.describe(parameter.type), format: flattener.describe(parameter.type, formats: true),
            ref: parameter.type, required: parameter.required, deprecated: parameter.availability.deprecated,
            documentation: parameter.documentation, versions: Flattener.versions(parameter.availability),
            enumValues: enumValues, origin: nil, originPath: "")
    }

    static func contentTypes(_ body: Body?) -> [String] {
        switch body {
        case .json?: return ["application/json"]
        case .media(let types)?: return types.sorted()
        case .multipartMedia?: return ["multipart/mixed"]
        case .redirect?, .empty?, .optionalError?, nil: return []
        }
    }

    static func headers(_ body: Body?) -> [String] {
        switch body {
        case .media?: return ["Content-Disposition", "Content-Type"]
        case .multipartMedia?, .json?: return ["Content-Type"]
        case .redirect?: return ["Location"]
        case .empty?, .optionalError?, nil: return []
        }
    }

    mutating func compareResponses(_ before: Endpoint, _ after: Endpoint) {
        func key(_ response: ResponseModel) -> String { response.statusClass.map { "\($0)XX" } ?? String(response.status) }
        let oldResponses = Dictionary(before.responses.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let newResponses = Dictionary(after.responses.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        for status in Set(oldResponses.keys).union(newResponses.keys).sorted() {
            switch (oldResponses[status], newResponses[status]) {
            case (nil, _?):
                add(operation: after, kind: .statusAdded, .additive, [], location: "response \(status)", new: status,
                    message: "response \(status) added")
            case (_?, nil):
                add(operation: after, kind: .statusRemoved, .breaking, [.clients], location: "response \(status)", old: status,
                    message: "response \(status) removed")
            case (let oldResponse?, let newResponse?):
                if oldResponse.documentation != newResponse.documentation {
                    add(operation: after, kind: .documentation, .documentation, [], location: "response \(status)",
                        message: "response \(status): description changed")
                }
                compareBodies(before: oldResponse.body, after: newResponse.body, side: .response, label: "response \(status)", operation: after)
            case (nil, nil):
                break
            }
        }
    }

    mutating func compareBodies(before: Body?, after: Body?, side: Side, label: String, operation: Endpoint) {
        let oldTypes = Self.contentTypes(before), newTypes = Self.contentTypes(after)
        for type in newTypes where !oldTypes.contains(type) {
            add(operation: operation, kind: .contentTypeAdded, .additive, [], location: label, new: type,
                message: "\(label): content type \(type) added")
        }
        for type in oldTypes where !newTypes.contains(type) {
            add(operation: operation, kind: .contentTypeRemoved, .breaking, side == .request ? [.clients] : [.clients, .servers],
                location: label, old: type, message: "\(label): content type \(type) removed")
        }
        if side == .response {
            let oldHeaders = Self.headers(before), newHeaders = Self.headers(after)
            for header in newHeaders where !oldHeaders.contains(header) {
                add(operation: operation, kind: .headerAdded, .additive, [], location: label, new: header,
                    message: "\(label): header \(header) added")
            }
            for header in oldHeaders where !newHeaders.contains(header) {
                add(operation: operation, kind: .headerRemoved, .breaking, [.clients], location: label, old: header,
                    message: "\(label): header \(header) removed")
            }
        }
        let oldPaths: [String: Leaf], newPaths: [String: Leaf]
        if case .json(let type)? = before { oldPaths = oldFlattener.flatten(type) } else { oldPaths = [:] }
        if case .json(let type)? = after { newPaths = newFlattener.flatten(type) } else { newPaths = [:] }
        for leaf in newPaths.values { if let origin = leaf.origin { reachedTypes.insert(origin) } }
        if oldPaths.isEmpty || newPaths.isEmpty { return }  // a body appearing or going is a content-type change
        // Report the outermost path of an added, removed or retyped subtree only.
        var reported: [String] = []
        for path in Set(oldPaths.keys).union(newPaths.keys).sorted() {
            if reported.contains(where: { Self.isInside(path, $0) }) { continue }
            let oldLeaf = oldPaths[path], newLeaf = newPaths[path]
            if oldLeaf == nil || newLeaf == nil || oldLeaf!.type != newLeaf!.type { reported.append(path) }
            if oldLeaf == nil, let newLeaf, let parent = Self.parentPath(path), let parentLeaf = oldPaths[parent],
                oldFlattener.isUnstructured(parentLeaf.ref)
            {
                // The old version left the parent open; the new one describes what it holds.
                let owner = commonOwner(parentLeaf, newPaths[parent], path: parent, oldPaths: oldPaths, newPaths: newPaths)
                let location = owner != nil ? nil : label + " body: " + parent
                compareLeaf(parentLeaf, Leaf(type: "described", format: "", ref: newLeaf.ref, required: parentLeaf.required,
                                             deprecated: parentLeaf.deprecated, documentation: parentLeaf.documentation,
                                             versions: parentLeaf.versions, enumValues: nil, origin: nil, originPath: ""),
                            side: side, location: location, operation: operation, owner: owner,
                            refinement: "now describes \(String(path.dropFirst(parent.count))): \(newLeaf.format)")
                reported.append(path)
                continue
            }
            let owner = commonOwner(oldLeaf, newLeaf, path: path, oldPaths: oldPaths, newPaths: newPaths)
            let location = owner != nil ? nil : label + (path.isEmpty ? " body" : " body: " + path)
            compareLeaf(oldLeaf, newLeaf, side: side, location: location, operation: operation, owner: owner)
        }
    }

    /// The path one segment up (`a.b[]` → `a.b`), `nil` at the root.
    static func parentPath(_ path: String) -> String? {
        guard !path.isEmpty else { return nil }
        if path.hasSuffix("[]") { return String(path.dropLast(2)) }
        if path.hasSuffix("}"), let open = path.lastIndex(of: "{") { return String(path[..<open]) }
        if path.hasSuffix(">"), let open = path.lastIndex(of: "<") { return String(path[..<open]) }
        if path.hasSuffix("]"), let open = path.lastIndex(of: "[") { return String(path[..<open]) }
        if let dot = path.lastIndex(of: ".") { return String(path[..<dot]) }
        return ""
    }

    static func isInside(_ path: String, _ ancestor: String) -> Bool {
        guard path.count > ancestor.count, path.hasPrefix(ancestor) else { return false }
        if ancestor.isEmpty { return true }
        let next = path[path.index(path.startIndex, offsetBy: ancestor.count)]
        return next == "." || next == "[" || next == "{" || next == "<"
    }

    /// The named type a change belongs to: the nearest one that encloses the path in both versions.
    func commonOwner(_ oldLeaf: Leaf?, _ newLeaf: Leaf?, path: String, oldPaths: [String: Leaf], newPaths: [String: Leaf]) -> (name: String, path: String)? {
        func origin(_ leaf: Leaf?, at path: String, in paths: [String: Leaf]) -> (String, String)? {
            if let leaf {
                // A path that is itself the root of a named type belongs to whatever encloses it.
                guard let origin = leaf.origin, !leaf.originPath.isEmpty else {
                    return parentOrigin(path, in: paths)
                }
                return (origin, leaf.originPath)
            }
            return nil
        }
        func parentOrigin(_ path: String, in paths: [String: Leaf]) -> (String, String)? {
            var candidate = path
            while let cut = candidate.lastIndex(where: { ".[{<".contains($0) }) {
                candidate = String(candidate[..<cut])
                if let leaf = paths[candidate], let origin = leaf.origin {
                    return (origin, leaf.originPath + path.dropFirst(candidate.count))
                }
            }
            return nil
        }
        let fromOld = origin(oldLeaf, at: path, in: oldPaths) ?? parentOrigin(path, in: oldPaths)
        let fromNew = origin(newLeaf, at: path, in: newPaths) ?? parentOrigin(path, in: newPaths)
        guard let fromOld, let fromNew, fromOld.0 == fromNew.0, fromOld.1 == fromNew.1,
            oldNamed.contains(fromOld.0), newNamed.contains(fromNew.0)
        else { return nil }
        return (fromOld.0, fromOld.1)
    }

    /// Where a leaf change is recorded: on the operation, or on the named type that holds the leaf.
    struct LeafContext {
        var isRequest: Bool
        var location: String?
        var operation: Endpoint
        var owner: (name: String, path: String)?
    }

    /// Records a change on the operation, or once on the named type that holds it (listing the operations that
    /// use it).
    mutating func record(
        _ context: LeafContext, _ kind: SpecChange.Kind, _ classification: SpecChange.Classification, _ breaks: [SpecChange.Party],
        old: String? = nil, new: String? = nil, _ message: String
    ) {
        let operation = context.operation
        guard let owner = context.owner else {
            add(operation: operation, kind: kind, classification, breaks, location: context.location, old: old, new: new,
                message: (context.location.map { $0 + ": " } ?? "") + message)
            return
        }
        let where_ = owner.path.isEmpty ? owner.name : owner.name + "." + owner.path
        let key = [owner.name, owner.path, kind.rawValue, old ?? "", new ?? ""].joined(separator: "\u{1}")
        if var existing = typeChanges[key] {
            if !operation.operationID.isEmpty && !existing.usedBy.contains(operation.operationID) {
                existing.usedBy.append(operation.operationID)
            }
            // A type used on both sides breaks whoever either side's rule says.
            existing.breaks = Array(Set(existing.breaks).union(breaks)).sorted()
            if classification < existing.classification { existing.classification = classification }
            typeChanges[key] = existing
        } else {
            typeChanges[key] = SpecChange(
                group: newFlattener.named[owner.name]?.group ?? operation.group, subjectKind: .type, subject: owner.name, endpoint: nil, kind: kind,
                location: owner.path.isEmpty ? nil : owner.path, old: old, new: new, classification: classification,
                breaks: breaks, usedBy: operation.operationID.isEmpty ? [] : [operation.operationID],
                message: "\(where_): \(message)")
        }
    }

    /// Compares one path (or parameter) and records what changed.
    mutating func compareLeaf(
        _ oldLeaf: Leaf?, _ newLeaf: Leaf?, side: Side, location: String?, operation: Endpoint, owner: (name: String, path: String)?,
        refinement: String? = nil
    ) {
        let context = LeafContext(isRequest: side == .request, location: location, operation: operation, owner: owner)
        if let refinement {
            record(context, .schemaRefined, .documentation, [], old: oldLeaf?.format, new: refinement, refinement)
            return
        }
        switch (oldLeaf, newLeaf) {
        case (nil, let added?):
            // A required input breaks old clients; a required output, old servers.
            added.required
                ? record(context, .requiredAdded, .breaking, [context.isRequest ? .clients : .servers], new: added.type, "required \(added.type) added")
                : record(context, .optionalAdded, .additive, [], new: added.type, "optional \(added.type) added")
        case (let removed?, nil):
            record(context, .removed, .breaking, context.isRequest && removed.required ? [.clients, .servers] : [.clients], old: removed.type, "\(removed.type) removed")
        case (let before?, let after?):
            compareKeptLeaf(before, after, context)
        case (nil, nil):
            break
        }
    }

    /// A leaf in both versions: its type, format, requiredness, enumeration, deprecation, versions and wording.
    mutating func compareKeptLeaf(_ before: Leaf, _ after: Leaf, _ context: LeafContext) {
        if before.type != after.type {
            if Flattener.refines(before.ref, oldFlattener, after.ref, newFlattener) {
                record(context, .schemaRefined, .documentation, [], old: before.format, new: after.format,
                       "schema refined from \(before.format) to \(after.format)")
            } else {
                record(context, .retyped, .breaking, [.clients, .servers], old: before.format, new: after.format,
                       "type changed from \(before.format) to \(after.format)")
            }
            return
        }
        if before.format != after.format {
            record(context, .formatChanged, .documentation, [], old: before.format, new: after.format,
                   "format changed from \(before.format) to \(after.format) (same JSON: \(after.type))")
        }
        if before.required != after.required {
            // Requests: a newly required input breaks old clients, a no longer required one old servers.
            // Responses: the other way round.
            let breaks: SpecChange.Party = (after.required == context.isRequest) ? .clients : .servers
            record(context, after.required ? .madeRequired : .madeOptional, .breaking, [breaks],
                   old: before.required ? "required" : "optional", new: after.required ? "required" : "optional",
                   after.required ? "now required" : "now optional")
        }
        compareEnumerations(before.enumValues, after.enumValues, context)
        if !before.deprecated && after.deprecated { record(context, .deprecated, .deprecation, [], "deprecated") }
        if before.versions != after.versions {
            record(context, .versionMetadata, .documentation, [], old: before.versions, new: after.versions,
                   "version metadata: \(before.versions.isEmpty ? "none" : before.versions) → \(after.versions.isEmpty ? "none" : after.versions)")
        }
        if before.documentation != after.documentation, before.documentation != Leaf.unknownDocumentation,
            after.documentation != Leaf.unknownDocumentation
        {
            record(context, .documentation, .documentation, [], "description changed")
        }
    }

    mutating func compareEnumerations(_ before: [String]?, _ after: [String]?, _ context: LeafContext) {
        switch (before, after) {
        case (nil, let values?):
            record(context, .enumAdded, context.isRequest ? .breaking : .additive, context.isRequest ? [.clients] : [], new: values.joined(separator: ", "),
                   "now restricted to \(values.joined(separator: ", "))")
        case (let values?, nil):
            record(context, .enumRemoved, .additive, [], old: values.joined(separator: ", "),
                   "no longer restricted to \(values.joined(separator: ", "))")
        case (let oldValues?, let newValues?) where oldValues != newValues:
            let added = newValues.filter { !oldValues.contains($0) }, removed = oldValues.filter { !newValues.contains($0) }
            if !added.isEmpty {
                record(context, .enumValuesAdded, .additive, [], new: added.joined(separator: ", "), "values added: \(added.joined(separator: ", "))")
            }
            if !removed.isEmpty {
                record(context, .enumValuesRemoved, .breaking, [.clients], old: removed.joined(separator: ", "),
                       "values removed: \(removed.joined(separator: ", "))")
            }
        default:
            break
        }
    }

    func finish() -> [SpecChange] {
        let merged = typeChanges.values.map { change -> SpecChange in
            var change = change
            change.usedBy.sort()
            return change
        }
        func key(_ change: SpecChange) -> [String] {
            [change.group, change.subjectKind.rawValue, change.subject, change.location ?? "", change.kind.rawValue, change.old ?? "", change.new ?? ""]
        }
        return (changes + merged).sorted { key($0).lexicographicallyPrecedes(key($1)) }
    }
}
