import Foundation

/// Turns the translator's declarations into the API model: places each spec file in a module, chooses
/// every type's final name, and nests inline types in their owners.
struct Assembler {
    let translator: Translator
    let configuration: Configuration

    /// Names of the runtime and the standard library that generated types must not shadow.
    static let reservedTypeNames: Set<String> = [
        "String", "Int", "Int64", "Double", "Bool", "Data", "Array", "Dictionary", "Optional", "Error", "Never",
        "JSONValue", "JSONObject", "JSONKind", "Nullable", "UserID", "RoomID", "RoomAlias", "EventID", "ServerName",
        "MXCURI", "MatrixError", "ErrorCode", "Availability", "SecurityScheme", "OperationMetadata", "MediaContent",
        "Redirect", "ContentDisposition", "FederationMediaResponse", "MatrixEndpoint", "OperationDescriptor",
        "JSONBodyCodec", "SchemaDescriptor", "UndocumentedResponse", "Indirect", "CodingKeys", "Request",
        "Response", "Type", "Self", "Protocol", "Any", "Operations", "Schemas", "HTTPRequest", "HTTPResponse",
    ]

    func assemble() -> APIModel {
        let diagnostics = translator.diagnostics
        let apiFileGroups = Dictionary(translator.apiFiles.map { ($0.file, $0.group) }, uniquingKeysWith: { first, _ in first })
        let declsByID = translator.decls
        let allDecls = translator.declOrder.compactMap { declsByID[$0] }

        // 1. Which groups reach each file.
        var reach: [String: Set<String>] = [:]  // file -> group directories
        for group in configuration.groups {
            var queue = translator.apiFiles.filter { $0.group == group }.map(\.file)
            var seen = Set(queue)
            while let file = queue.popLast() {
                reach[file, default: []].insert(group.directory)
                for next in translator.fileEdges[file] ?? [] where seen.insert(next).inserted {
                    queue.append(next)
                }
            }
        }

        // 2. Module of each file: API files stay with their group; definitions used by one group go to it;
        //    everything else, and everything the shared module uses, is shared.
        let declFiles = Set(allDecls.filter { $0.owner == .topLevel }.map(\.file))
        var moduleOfFile: [String: String] = [:]
        let groupModule = Dictionary(configuration.groups.map { ($0.directory, $0.module) }, uniquingKeysWith: { a, _ in a })
        for file in declFiles.union(apiFileGroups.keys).sorted() {
            if let group = apiFileGroups[file] {
                moduleOfFile[file] = group.module
            } else if let groups = reach[file], groups.count == 1, file.hasPrefix("api/"), let only = groups.first {
                moduleOfFile[file] = groupModule[only]
            } else if reach[file] == nil, let group = configuration.groups.first(where: { file.hasPrefix("api/\($0.directory)/") }) {
                // A definition no operation reaches stays with the group that defines it.
                moduleOfFile[file] = group.module
            } else {
                moduleOfFile[file] = configuration.commonModule
            }
        }
        var queue = moduleOfFile.filter { $0.value == configuration.commonModule }.map(\.key).sorted()
        while let file = queue.popLast() {
            for next in (translator.fileEdges[file] ?? []).sorted() where moduleOfFile[next] != configuration.commonModule {
                if apiFileGroups[next] != nil {
                    diagnostics.error(
                        "\(next) is an API file of one group but is used by shared schemas in \(file)",
                        at: translator.fileEdgeLocations[file]?[next])
                    continue
                }
                moduleOfFile[next] = configuration.commonModule
                queue.append(next)
            }
        }
        for (file, groups) in reach.sorted(by: { $0.key < $1.key }) where apiFileGroups[file] != nil && groups.count > 1 {
            // At a reference to it from a file of another group.
            let owner = apiFileGroups[file]?.directory
            let location = translator.fileEdgeLocations.sorted { $0.key < $1.key }.lazy.compactMap { from, targets in
                reach[from]?.contains { $0 != owner } == true ? targets[file] : nil
            }.first
            diagnostics.error(
                "\(file) is an API file of one group but other groups reference it (\(groups.sorted().joined(separator: ", ")))",
                at: location)
        }

        // 3. Names. Top-level type names are unique across all modules (users import several), and never
        //    collide with an operation of their module or with a runtime type.
        var endpointNames: [String: Set<String>] = [:]
        var endpointNameBySource: [String: String] = [:]
        var operationSites: [String: [String: (name: String, location: SourceLocation?)]] = [:]  // module -> operationId
        for (file, endpoints) in translator.endpointsByFile.sorted(by: { $0.key < $1.key }) {
            let module = moduleOfFile[file] ?? ""
            for endpoint in endpoints {
                let location = translator.endpointLocations[endpoint.source]
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
        let topLevel = allDecls.filter { $0.owner == .topLevel }.sorted { $0.id < $1.id }
        var candidateCount: [String: Int] = [:]
        for decl in topLevel { candidateCount[decl.nameCandidate, default: 0] += 1 }
        var takenNames = Self.reservedTypeNames
        for names in endpointNames.values { takenNames.formUnion(names) }
        var names: [String: String] = [:]
        var preferred: [(DeclBox, String)] = []
        var fallbacks: [(DeclBox, String)] = []
        for decl in topLevel {
            if candidateCount[decl.nameCandidate] == 1 && !takenNames.contains(decl.nameCandidate) {
                preferred.append((decl, decl.nameCandidate))
            } else {
                fallbacks.append((decl, decl.fallbackName))
            }
        }
        for (decl, name) in preferred { names[decl.id] = Naming.unique(name, in: &takenNames) }
        for (decl, name) in fallbacks { names[decl.id] = Naming.unique(name, in: &takenNames) }

        // Nested names, unique in their scope. A type alias cannot hold types: what an alias contains is
        // hoisted beside it, its name prefixed with the alias's.
        var owners: [String: Owner] = [:]
        var candidates: [String: String] = [:]
        for decl in allDecls {
            var owner = decl.owner
            var candidate = decl.nameCandidate
            while case .decl(let parentID) = owner, let parent = declsByID[parentID], case .alias = parent.kind {
                owner = parent.owner
                candidate = (names[parent.id] ?? parent.nameCandidate) + candidate
            }
            owners[decl.id] = owner
            candidates[decl.id] = candidate
        }
        var children: [Owner: [DeclBox]] = [:]
        var topLevelChildren: [String: [DeclBox]] = [:]  // hoisted out of top-level aliases, by file
        for decl in allDecls where decl.owner != .topLevel {
            if owners[decl.id] == .topLevel {
                topLevelChildren[decl.file, default: []].append(decl)
            } else {
                children[owners[decl.id]!, default: []].append(decl)
            }
        }
        for (_, decls) in topLevelChildren.sorted(by: { $0.key < $1.key }) {
            for decl in decls { names[decl.id] = Naming.unique(candidates[decl.id]!, in: &takenNames) }
        }
        // Each scope names its children on its own, so the order of the scopes does not matter.
        for scope in children.values {
            var taken = Self.reservedTypeNames
            for decl in scope { names[decl.id] = Naming.unique(candidates[decl.id]!, in: &taken) }
        }

        // Qualified names: `Owner.Child`; endpoints own their inline types.
        var qualified: [String: String] = [:]
        func qualifiedName(_ id: String) -> String {
            if let known = qualified[id] { return known }
            guard let decl = declsByID[id] else { return names[id] ?? id }
            let name = names[id] ?? decl.nameCandidate
            let result: String
            switch owners[id] ?? decl.owner {
            case .topLevel: result = name
            case .decl(let parent): result = qualifiedName(parent) + "." + name
            case .endpoint(let source): result = (endpointNameBySource[source] ?? "") + "." + name
            }
            qualified[id] = result
            return result
        }

        func build(_ decl: DeclBox) -> TypeDecl {
            TypeDecl(
                id: decl.id,
                swiftName: names[decl.id] ?? decl.nameCandidate,
                kind: decl.kind,
                documentation: decl.documentation,
                availability: decl.availability,
                nested: (children[.decl(decl.id)] ?? []).map(build),
                isRecursive: decl.isRecursive,
                examples: decl.examples,
                qualifiedName: qualifiedName(decl.id))
        }

        // 4. Files and modules.
        var filesByModule: [String: [FileModel]] = [:]
        let topLevelByFile = Dictionary(grouping: allDecls.filter { owners[$0.id] == .topLevel }, by: \.file)
        for file in Set(topLevelByFile.keys).union(translator.endpointsByFile.keys).sorted() {
            let module = moduleOfFile[file] ?? configuration.commonModule
            let endpoints = (translator.endpointsByFile[file] ?? []).map { endpoint -> Endpoint in
                var endpoint = endpoint
                endpoint.swiftName = endpointNameBySource[endpoint.source] ?? endpoint.swiftName
                endpoint.nested = (children[.endpoint(endpoint.source)] ?? []).map(build)
                return endpoint
            }
            let types = (topLevelByFile[file] ?? []).map(build)
            filesByModule[module, default: []].append(FileModel(
                specFile: file, swiftFileName: swiftFileName(file, module: module, group: apiFileGroups[file]),
                types: types, endpoints: endpoints))
        }
        if let single = configuration.singleModule {
            let group = configuration.groups.count == 1 ? configuration.groups[0].directory : nil
            return APIModel(specVersion: configuration.specVersion, modules: [
                ModuleModel(name: single, group: group, dependencies: [], files: filesByModule[single] ?? [])
            ])
        }
        var modules: [ModuleModel] = [
            ModuleModel(
                name: configuration.commonModule, group: nil, dependencies: [],
                files: filesByModule[configuration.commonModule] ?? [])
        ]
        for group in configuration.groups {
            modules.append(ModuleModel(
                name: group.module, group: group.directory, dependencies: [configuration.commonModule],
                files: filesByModule[group.module] ?? []))
        }
        return APIModel(specVersion: configuration.specVersion, modules: modules)
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
        } else if path.hasPrefix("api/") {
            path = String(path.dropFirst(4))
        }
        return path.replacingOccurrences(of: "/", with: ".").replacingOccurrences(of: "$", with: "_") + ".swift"
    }
}
