import Foundation

/// Turns the translator's declarations into the API model: places each spec file in a module, chooses
/// every type's final name, and nests inline types in their owners.
struct Assembler {
    let result: TranslationResult
    let configuration: Configuration
    let diagnostics: DiagnosticCollector

    /// Names of the runtime and the standard library that generated types must not shadow.
    static let reservedTypeNames: Set<String> = [
        "String", "Int", "Int64", "Double", "Bool", "Data", "Array", "Dictionary", "Optional", "Error", "Never",
        "JSONValue", "JSONObject", "JSONKind", "Nullable", "UserID", "RoomID", "RoomAlias", "EventID", "ServerName",
        "MXCURI", "MatrixError", "ErrorCode", "Availability", "SecurityScheme", "OperationMetadata", "MediaContent",
        "Redirect", "ContentDisposition", "FederationMediaResponse", "MatrixEndpoint", "OperationDescriptor",
        "JSONBodyCodec", "SchemaDescriptor", "UndocumentedResponse", "Indirect", "CodingKeys", "Request",
        "Response", "Type", "Self", "Protocol", "Any", "Operations", "Schemas", "HTTPRequest", "HTTPResponse",
    ]

    /// Top-level names of the runtime's event layer, which spec schemas must not take either (v1.11's
    /// `stripped_state.yaml` is titled `StrippedStateEvent`). Nested types may reuse them: their uses are qualified.
    static let reservedTopLevelNames: Set<String> = [
        "Raw", "EventContent", "EventContentVariant", "EventKind", "StateKeyKind", "EventContentDescriptor",
        "EventContentRegistry", "MessageLikeEvent", "StateEvent", "StrippedStateEvent", "ToDeviceEvent",
        "EphemeralEvent", "AccountDataEvent", "UntypedEvent", "UnsignedEventData", "EventHeader", "RedactionRules",
        "AnyTimelineEvent", "AnyMessageLikeEvent", "AnyStateEvent", "AnyStrippedStateEvent", "AnyEphemeralEvent",
        "AnyGlobalAccountDataEvent", "AnyRoomAccountDataEvent", "AnyToDeviceEvent", "EventKindMismatch",
        "MatrixTransactionID",
    ]

    func assemble() -> APIModel {
        var assembly = Assembly(result: result, configuration: configuration, diagnostics: diagnostics)
        assembly.placeFiles()
        assembly.nameEndpoints()
        assembly.nameTopLevelTypes()
        assembly.nameNestedTypes()
        return assembly.model(fileName: swiftFileName)
    }

    /// `api/client-server/definitions/tag.yaml` → `definitions.tag.swift` in its group's module, and
    /// `client-server.definitions.tag.swift` in the shared one.
    func swiftFileName(_ file: String, module: String, group: Configuration.Group?) -> String {
        var path = file
        for suffix in [".yaml", ".json"] where path.hasSuffix(suffix) { path = String(path.dropLast(suffix.count)) }
        if module != configuration.commonModule,
            let directory = configuration.groups.first(where: { $0.module == module })?.directory,
            path.hasPrefix("api/\(directory)/")
        {
            path = String(path.dropFirst("api/\(directory)/".count))
        } else if module == configuration.events?.module, path.hasPrefix("event-schemas/") {
            // `m.room.topic.swift`, `core-event-schema.call_event.swift`, `moderation_policy_rule.swift`.
            path = String(path.dropFirst(path.hasPrefix("event-schemas/schema/") ? "event-schemas/schema/".count : "event-schemas/".count))
        } else if path.hasPrefix("api/") {
            path = String(path.dropFirst(4))
        }
        return path.replacingOccurrences(of: "/", with: ".").replacingOccurrences(of: "$", with: "_") + ".swift"
    }
}

/// The assembler's work in steps, each filling in what the next one reads.
private struct Assembly {
    let result: TranslationResult
    let configuration: Configuration
    let diagnostics: DiagnosticCollector
    let apiFileGroups: [String: Configuration.Group]
    let allDecls: [DeclBox]

    /// The module of each spec file.
    var moduleOfFile: [String: String] = [:]
    /// Swift names of the operations, by module, and of each operation by its source.
    var endpointNames: [String: Set<String>] = [:]
    var endpointNameBySource: [String: String] = [:]
    /// Type names taken at the top level (across modules).
    var takenNames = Assembler.reservedTypeNames.union(Assembler.reservedTopLevelNames)
    /// Final simple name of each declaration.
    var names: [String: String] = [:]
    /// The declaration or endpoint that holds each declaration once aliases have given up theirs.
    var owners: [String: Owner] = [:]
    var children: [Owner: [DeclBox]] = [:]
    var qualified: [String: String] = [:]

    init(result: TranslationResult, configuration: Configuration, diagnostics: DiagnosticCollector) {
        self.result = result
        self.configuration = configuration
        self.diagnostics = diagnostics
        apiFileGroups = Dictionary(result.apiFiles.map { ($0.file, $0.group) }, uniquingKeysWith: { first, _ in first })
        allDecls = result.declOrder.compactMap { result.decls[$0] }
    }

    // MARK: 1. Modules

    /// The name `reachingGroups` gives the event schemas, which reach files as a group of their own does.
    static let eventsGroup = "event-schemas"

    /// Which groups (and the events) reach each file, through references from their API (or event schema) files.
    func reachingGroups() -> [String: Set<String>] {
        var reach: [String: Set<String>] = [:]
        var starts = configuration.groups.map { group in (group.directory, result.apiFiles.filter { $0.group == group }.map(\.file)) }
        if configuration.events != nil { starts.append((Self.eventsGroup, result.events.map(\.file))) }
        for (group, files) in starts {
            var queue = files
            var seen = Set(queue)
            while let file = queue.popLast() {
                reach[file, default: []].insert(group)
                for next in result.fileEdges[file] ?? [] where seen.insert(next).inserted {
                    queue.append(next)
                }
            }
        }
        return reach
    }

    /// API files stay with their group; definitions used by one group go to it; everything else, and
    /// everything the shared module uses, is shared.
    mutating func placeFiles() {
        let reach = reachingGroups()
        let declFiles = Set(allDecls.filter { $0.owner == .topLevel }.map(\.file))
        var groupModule = Dictionary(configuration.groups.map { ($0.directory, $0.module) }, uniquingKeysWith: { a, _ in a })
        if let events = configuration.events { groupModule[Self.eventsGroup] = events.module }
        for file in declFiles.union(apiFileGroups.keys).sorted() {
            if let group = apiFileGroups[file] {
                moduleOfFile[file] = group.module
            } else if let groups = reach[file], groups.count == 1, let only = groups.first, file.hasPrefix("api/") || only == Self.eventsGroup {
                moduleOfFile[file] = groupModule[only]
            } else if reach[file] == nil, let group = configuration.groups.first(where: { file.hasPrefix("api/\($0.directory)/") }) {
                // A definition no operation reaches stays with the group that defines it.
                moduleOfFile[file] = group.module
            } else {
                moduleOfFile[file] = configuration.commonModule
            }
        }
        shareWhatSharedFilesUse()
        reportAPIFilesOfSeveralGroups(reach)
    }

    mutating func shareWhatSharedFilesUse() {
        var queue = moduleOfFile.filter { $0.value == configuration.commonModule }.map(\.key).sorted()
        while let file = queue.popLast() {
            for next in (result.fileEdges[file] ?? []).sorted() where moduleOfFile[next] != configuration.commonModule {
                if apiFileGroups[next] != nil {
                    diagnostics.error(
                        "\(next) is an API file of one group but is used by shared schemas in \(file)",
                        at: result.fileEdgeLocations[file]?[next])
                    continue
                }
                moduleOfFile[next] = configuration.commonModule
                queue.append(next)
            }
        }
    }

    func reportAPIFilesOfSeveralGroups(_ reach: [String: Set<String>]) {
        for (file, groups) in reach.sorted(by: { $0.key < $1.key }) where apiFileGroups[file] != nil && groups.count > 1 {
            // At a reference to it from a file of another group.
            let owner = apiFileGroups[file]?.directory
            let location = result.fileEdgeLocations.sorted { $0.key < $1.key }.lazy.compactMap { from, targets in
                reach[from]?.contains { $0 != owner } == true ? targets[file] : nil
            }.first
            diagnostics.error(
                "\(file) is an API file of one group but other groups reference it (\(groups.sorted().joined(separator: ", ")))",
                at: location)
        }
    }

    // MARK: 2. Names

    /// Operation names are unique in their module; a later operation whose name is taken is named after its
    /// path (with a warning), and a repeated operationId is an error.
    mutating func nameEndpoints() {
        var operationSites: [String: [String: (name: String, location: SourceLocation?)]] = [:]  // module -> operationId
        for (file, endpoints) in result.endpointsByFile.sorted(by: { $0.key < $1.key }) {
            let module = moduleOfFile[file] ?? ""
            for endpoint in endpoints {
                let location = result.endpointLocations[endpoint.source]
                if let first = operationSites[module]?[endpoint.operationID] {
                    diagnostics.error(
                        "operationId \"\(endpoint.operationID)\" is already used by the operation at \(first.location.map(\.description) ?? "?")",
                        at: location)
                    continue
                }
                var taken = endpointNames[module, default: []]
                var name = endpoint.swiftName
                if taken.contains(name) {
                    let clash = operationSites[module]?.values.first { $0.name == endpoint.swiftName }
                    name = Naming.unique(Naming.operationNameFromPath(endpoint.swiftName, path: endpoint.path, method: endpoint.method), in: &taken)
                    diagnostics.warning(
                        "operationId \"\(endpoint.operationID)\" gives the Swift name \(endpoint.swiftName) of the operation at "
                            + "\(clash?.location.map(\.description) ?? "?"); named \(name) after its path",
                        at: location)
                } else {
                    taken.insert(name)
                }
                operationSites[module, default: [:]][endpoint.operationID] = (name, location)
                endpointNames[module] = taken
                endpointNameBySource[endpoint.source] = name
            }
        }
    }

    /// Top-level type names are unique across all modules (users import several), and never collide with an
    /// operation or a runtime type. A name several schemas want goes to none of them: each takes its fallback.
    mutating func nameTopLevelTypes() {
        let topLevel = allDecls.filter { $0.owner == .topLevel }.sorted { $0.id < $1.id }
        var candidateCount: [String: Int] = [:]
        for decl in topLevel { candidateCount[decl.nameCandidate, default: 0] += 1 }
        for names in endpointNames.values { takenNames.formUnion(names) }
        let wanted = topLevel.filter { candidateCount[$0.nameCandidate] == 1 && !takenNames.contains($0.nameCandidate) }
        let ids = Set(wanted.map(\.id))
        for decl in wanted { names[decl.id] = Naming.unique(decl.nameCandidate, in: &takenNames) }
        for decl in topLevel where !ids.contains(decl.id) { names[decl.id] = Naming.unique(decl.fallbackName, in: &takenNames) }
    }

    /// Nested names, unique in their scope. A type alias cannot hold types: what an alias contains is hoisted
    /// beside it, its name prefixed with the alias's.
    mutating func nameNestedTypes() {
        var candidates: [String: String] = [:]
        for decl in allDecls {
            var owner = decl.owner
            var candidate = decl.nameCandidate
            while case .decl(let parentID) = owner, let parent = result.decls[parentID], case .alias = parent.kind {
                owner = parent.owner
                candidate = (names[parent.id] ?? parent.nameCandidate) + candidate
            }
            owners[decl.id] = owner
            candidates[decl.id] = candidate
        }
        var hoisted: [String: [DeclBox]] = [:]  // out of top-level aliases, by file
        for decl in allDecls where decl.owner != .topLevel {
            if owners[decl.id] == .topLevel {
                hoisted[decl.file, default: []].append(decl)
            } else {
                children[owners[decl.id]!, default: []].append(decl)
            }
        }
        for (_, decls) in hoisted.sorted(by: { $0.key < $1.key }) {
            for decl in decls { names[decl.id] = Naming.unique(candidates[decl.id]!, in: &takenNames) }
        }
        // Each scope names its children on its own, so the order of the scopes does not matter.
        for scope in children.values {
            var taken = Assembler.reservedTypeNames
            for decl in scope { names[decl.id] = Naming.unique(candidates[decl.id]!, in: &taken) }
        }
    }

    // MARK: 3. The model

    /// `Owner.Child`; endpoints own their inline types.
    mutating func qualifiedName(_ id: String) -> String {
        if let known = qualified[id] { return known }
        guard let decl = result.decls[id] else { return names[id] ?? id }
        let name = names[id] ?? decl.nameCandidate
        let qualifiedName: String
        switch owners[id] ?? decl.owner {
        case .topLevel: qualifiedName = name
        case .decl(let parent): qualifiedName = self.qualifiedName(parent) + "." + name
        case .endpoint(let source): qualifiedName = (endpointNameBySource[source] ?? "") + "." + name
        }
        qualified[id] = qualifiedName
        return qualifiedName
    }

    mutating func build(_ decl: DeclBox) -> TypeDecl {
        TypeDecl(
            id: decl.id,
            swiftName: names[decl.id] ?? decl.nameCandidate,
            kind: decl.kind,
            documentation: decl.documentation,
            availability: decl.availability,
            nested: (children[.decl(decl.id)] ?? []).map { build($0) },
            isRecursive: decl.isRecursive,
            examples: decl.examples,
            qualifiedName: qualifiedName(decl.id))
    }

    mutating func model(fileName: (String, String, Configuration.Group?) -> String) -> APIModel {
        var filesByModule: [String: [FileModel]] = [:]
        let topLevelByFile = Dictionary(grouping: allDecls.filter { owners[$0.id] == .topLevel }, by: \.file)
        for file in Set(topLevelByFile.keys).union(result.endpointsByFile.keys).sorted() {
            let module = moduleOfFile[file] ?? configuration.commonModule
            let endpoints = (result.endpointsByFile[file] ?? []).map { endpoint -> Endpoint in
                var endpoint = endpoint
                endpoint.swiftName = endpointNameBySource[endpoint.source] ?? endpoint.swiftName
                endpoint.nested = (children[.endpoint(endpoint.source)] ?? []).map { build($0) }
                return endpoint
            }
            let types = (topLevelByFile[file] ?? []).map { build($0) }
            filesByModule[module, default: []].append(FileModel(
                specFile: file, swiftFileName: fileName(file, module, apiFileGroups[file]), types: types, endpoints: endpoints))
        }
        if let single = configuration.singleModule {
            let group = configuration.groups.count == 1 ? configuration.groups[0].directory : nil
            return APIModel(specVersion: configuration.specVersion, modules: [
                ModuleModel(name: single, group: group, dependencies: [], files: filesByModule[single] ?? [])
            ], events: result.events)
        }
        let common = ModuleModel(
            name: configuration.commonModule, group: nil, dependencies: [], files: filesByModule[configuration.commonModule] ?? [])
        var modules = [common] + configuration.groups.map { group in
            ModuleModel(
                name: group.module, group: group.directory, dependencies: [configuration.commonModule],
                files: filesByModule[group.module] ?? [])
        }
        if let events = configuration.events {
            modules.append(ModuleModel(
                name: events.module, group: nil, dependencies: [configuration.commonModule], files: filesByModule[events.module] ?? []))
        }
        return APIModel(specVersion: configuration.specVersion, modules: modules, events: result.events)
    }
}
