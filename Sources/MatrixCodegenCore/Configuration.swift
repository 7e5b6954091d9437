import Foundation

/// What to generate: read from a YAML file (`specs/matrix-codegen.yaml` in this repository, `matrix-codegen.yaml`
/// in a target that uses the build-tool plugin). Paths in it are relative to the file. The keys are listed in
/// the README ("Configuration").
public struct Configuration: Sendable {
    public struct Group: Sendable, Hashable {
        /// The directory under `data/api` (`client-server`).
        public var directory: String
        public var module: String

        public init(directory: String, module: String) {
            self.directory = directory
            self.module = module
        }
    }

    /// A matrix-spec checkout's root (holding `data/`), or its `data/` directory itself.
    public var specRoot: URL
    public var specVersion: String
    public var outputDirectory: URL
    public var commonModule: String
    public var groups: [Group]
    /// Spec files whose schema maps to a runtime type instead of a generated one.
    public var typeOverrides: [String: String]
    /// Event schemas whose uses are kept as received and decoded on demand (`Raw<ClientEvent>`), so that one
    /// event that does not match never fails a whole response.
    public var rawEvents: Set<String> = Configuration.standardRawEvents

    public static let standardRawEvents: Set<String> = [
        "api/client-server/definitions/client_event.yaml",
        "api/client-server/definitions/client_event_without_room_id.yaml",
        "event-schemas/schema/core-event-schema/event.yaml",
        "event-schemas/schema/core-event-schema/stripped_state.yaml",
    ]
    /// Only these operations (by operationId) and the types they need; `nil`: every operation.
    public var operations: [String]?
    /// Where the `operations` list is, for diagnostics about it.
    public var operationsLocation: SourceLocation?
    /// Everything into one module of this name (the build-tool plugin's target) instead of one per group
    /// plus the shared one.
    public var singleModule: String?
    /// The access level of top-level declarations.
    public var accessLevel: AccessLevel = .public
    /// Also generate the schemas of `definitions/` directories that no generated operation references.
    public var unreferencedDefinitions: Bool = true
    /// The event schemas of `data/event-schemas`; `nil` (`events: false`): none.
    public var events: Events? = Events()

    public struct Events: Sendable, Hashable {
        /// The module the events go to.
        public var module = "MatrixEvents"
        /// The event kind table; `nil`: the one built in (this repository's `specs/event-kinds.yaml`).
        public var kindsFile: URL?
        /// The event types to generate (`m.room.*`, `m.reaction`; a trailing `*` matches any rest); `nil`: all.
        /// A type's variants (`m.room.message$m.text`) come with it.
        public var types: [TypePattern]?

        public init(module: String = "MatrixEvents", kindsFile: URL? = nil, types: [TypePattern]? = nil) {
            self.module = module
            self.kindsFile = kindsFile
            self.types = types
        }

        /// Whether `type` is selected.
        public func includes(_ type: String) -> Bool {
            types?.contains { $0.matches(type) } ?? true
        }

        /// An entry of `types`, with where it was written.
        public struct TypePattern: Sendable, Hashable {
            public var pattern: String
            public var location: SourceLocation?

            public init(_ pattern: String, location: SourceLocation? = nil) {
                self.pattern = pattern
                self.location = location
            }

            public func matches(_ type: String) -> Bool {
                pattern.hasSuffix("*") ? type.hasPrefix(pattern.dropLast()) : type == pattern
            }
        }
    }

    public init(
        specRoot: URL, specVersion: String, outputDirectory: URL, commonModule: String, groups: [Group],
        typeOverrides: [String: String]
    ) {
        self.specRoot = specRoot
        self.specVersion = specVersion
        self.outputDirectory = outputDirectory
        self.commonModule = commonModule
        self.groups = groups
        self.typeOverrides = typeOverrides
    }

    /// The groups, modules and type overrides this repository's `specs/matrix-codegen.yaml` uses, for a run
    /// without a configuration file: every API group of the spec into its own module.
    public static func standard(specRoot: URL, specVersion: String, outputDirectory: URL) -> Configuration {
        Configuration(
            specRoot: specRoot, specVersion: specVersion, outputDirectory: outputDirectory,
            commonModule: "MatrixCommonTypes",
            groups: [
                Group(directory: "client-server", module: "MatrixClientServerAPI"),
                Group(directory: "server-server", module: "MatrixServerServerAPI"),
                Group(directory: "application-service", module: "MatrixApplicationServiceAPI"),
                Group(directory: "identity", module: "MatrixIdentityAPI"),
                Group(directory: "push-gateway", module: "MatrixPushGatewayAPI"),
            ],
            typeOverrides: [
                "api/client-server/definitions/errors/error.yaml": "MatrixError",
                "api/client-server/definitions/errors/rate_limited.yaml": "MatrixError",
            ])
    }

    /// The spec version a checkout's directory name gives (`.../v1.10` → `v1.10`), if it gives one.
    public static func versionFromDirectoryName(_ url: URL) -> String? {
        let name = url.standardizedFileURL.lastPathComponent
        let digits = name.hasPrefix("v") ? name.dropFirst() : name[...]
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        return "v" + digits
    }

    /// The `data/` directory of the checkout.
    public var dataDirectory: URL {
        let data = specRoot.appendingPathComponent("data")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: data.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return data
        }
        return specRoot
    }

    public static func load(_ url: URL) throws(GenerationFailure) -> Configuration {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw GenerationFailure([.error("cannot read the configuration file \(url.path)", at: nil)])
        }
        let root: SpecNode
        do {
            root = try YAMLParser.parse(bytes: [UInt8](data), file: url.path)
        } catch {
            throw GenerationFailure([error])
        }
        guard root.isMapping else {
            throw GenerationFailure([.error("the configuration must be a mapping of keys (spec, groups, ...)", at: root.location)])
        }
        var reader = ConfigurationReader(root: root, base: url.deletingLastPathComponent())
        guard let configuration = reader.read(), reader.errors.isEmpty else { throw GenerationFailure(reader.errors) }
        return configuration
    }
}

/// Reads `matrix-codegen.yaml`, collecting every error with its position.
private struct ConfigurationReader {
    static let known: Set<String> = [
        "spec", "specVersion", "output", "commonModule", "groups", "typeOverrides", "operations", "module",
        "accessLevel", "unreferencedDefinitions", "rawEvents", "events",
    ]

    let root: SpecNode
    /// The directory of the file, which relative paths start from.
    let base: URL
    var errors: [Diagnostic] = []

    init(root: SpecNode, base: URL) {
        self.root = root
        self.base = base
    }

    mutating func string(_ key: String) -> String? {
        guard let node = root[key] else { return nil }
        guard let value = node.string else {
            errors.append(.error("\"\(key)\" must be a string", at: node.location))
            return nil
        }
        return value
    }

    /// The configuration, or `nil` where an error makes the rest meaningless.
    mutating func read() -> Configuration? {
        for pair in root.mapping ?? [] where !Self.known.contains(pair.key) {
            errors.append(.error("unknown configuration key \"\(pair.key)\" (known: \(Self.known.sorted().joined(separator: ", ")))", at: pair.value.location))
        }
        guard let spec = string("spec") else {
            errors.append(.error("missing \"spec\": the matrix-spec checkout to read, relative to this file", at: root.location))
            return nil
        }
        let specRoot = URL(fileURLWithPath: spec, relativeTo: base).standardizedFileURL
        let standard = Configuration.standard(
            specRoot: specRoot,
            specVersion: string("specVersion") ?? Configuration.versionFromDirectoryName(specRoot) ?? "unversioned",
            outputDirectory: URL(fileURLWithPath: string("output") ?? "Generated", relativeTo: base).standardizedFileURL)
        var configuration = standard
        configuration.commonModule = string("commonModule") ?? standard.commonModule
        configuration.singleModule = string("module")
        if let groupsNode = root["groups"] {
            configuration.groups = groups(groupsNode, standard: standard.groups, singleModule: configuration.singleModule)
        }
        if let node = root["rawEvents"] {
            guard let list = node.sequence?.compactMap(\.string), list.count == node.sequence?.count else {
                errors.append(.error("\"rawEvents\" must be a list of spec files (data/-relative paths)", at: node.location))
                return nil
            }
            configuration.rawEvents = Set(list)
        }
        if let overrides = root["typeOverrides"] {
            configuration.typeOverrides = [:]
            for pair in overrides.mapping ?? [] { configuration.typeOverrides[pair.key] = pair.value.string }
        }
        if let operations = root["operations"] {
            guard let list = operations.sequence?.compactMap(\.string), list.count == operations.sequence?.count else {
                errors.append(.error("\"operations\" must be a list of operationIds", at: operations.location))
                return nil
            }
            configuration.operations = list
            configuration.operationsLocation = operations.location
            configuration.unreferencedDefinitions = false
        }
        if let level = string("accessLevel") {
            if let parsed = AccessLevel(rawValue: level) {
                configuration.accessLevel = parsed
            } else {
                errors.append(.error("accessLevel must be public, package or internal, not \"\(level)\"", at: root["accessLevel"]!.location))
            }
        }
        if let node = root["events"] {
            configuration.events = events(node)
        }
        if let node = root["unreferencedDefinitions"] {
            if let value = node.bool { configuration.unreferencedDefinitions = value } else {
                errors.append(.error("unreferencedDefinitions must be true or false", at: node.location))
            }
        }
        return configuration
    }

    /// `events: false`, or `events: {module: MatrixEvents, kinds: event-kinds.yaml, types: [m.room.*]}` (the kind
    /// table relative to this file; the built-in one when left out; all types when `types` is left out).
    mutating func events(_ node: SpecNode) -> Configuration.Events? {
        if node.bool == false { return nil }
        guard let entries = node.mapping else {
            errors.append(.error("\"events\" must be false or a mapping (module, kinds)", at: node.location))
            return nil
        }
        var events = Configuration.Events()
        for entry in entries {
            if entry.key == "types" {
                guard let items = entry.value.sequence, items.allSatisfy({ $0.string?.isEmpty == false }) else {
                    errors.append(.error("\"types\" of \"events\" must be a list of event types (m.room.message, m.room.*)", at: entry.value.location))
                    continue
                }
                events.types = items.map { Configuration.Events.TypePattern($0.string!, location: $0.location) }
                continue
            }
            guard let value = entry.value.string, ["module", "kinds"].contains(entry.key) else {
                errors.append(.error("\"events\" takes module and kinds, each a string, and types, a list", at: entry.value.location))
                continue
            }
            if entry.key == "module" { events.module = value } else { events.kindsFile = URL(fileURLWithPath: value, relativeTo: base).standardizedFileURL }
        }
        return events
    }

    /// `groups: [client-server, {directory: identity, module: MyIdentity}]`: a standard group's module is known.
    mutating func groups(_ node: SpecNode, standard: [Configuration.Group], singleModule: String?) -> [Configuration.Group] {
        var groups: [Configuration.Group] = []
        for item in node.sequence ?? [] {
            guard let directory = item["directory"]?.string ?? item.string else {
                errors.append(.error("a group needs a \"directory\" (client-server, server-server, ...)", at: item.location))
                continue
            }
            guard let module = item["module"]?.string ?? standard.first(where: { $0.directory == directory })?.module ?? singleModule else {
                errors.append(.error("group \"\(directory)\" needs a \"module\"", at: item.location))
                continue
            }
            groups.append(Configuration.Group(directory: directory, module: module))
        }
        if node.sequence == nil { errors.append(.error("\"groups\" must be a list", at: node.location)) }
        return groups
    }
}
