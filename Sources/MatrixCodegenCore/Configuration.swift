import Foundation

/// What to generate: read from `specs/matrix-codegen.yaml`. Paths in it are relative to the file.
public struct Configuration: Sendable {
    public struct Group: Sendable, Hashable {
        /// The directory under `data/api` (`client-server`).
        public var directory: String
        public var module: String
    }

    /// A matrix-spec checkout's root (holding `data/`), or its `data/` directory itself.
    public var specRoot: URL
    public var specVersion: String
    public var outputDirectory: URL
    public var commonModule: String
    public var groups: [Group]
    /// Spec files whose schema maps to a runtime type instead of a generated one.
    public var typeOverrides: [String: String]

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
            root = try YAMLParser.parse(String(decoding: data, as: UTF8.self), file: url.path)
        } catch {
            throw GenerationFailure([error])
        }
        let base = url.deletingLastPathComponent()
        func string(_ key: String) throws(GenerationFailure) -> String {
            guard let value = root[key]?.string else {
                throw GenerationFailure([.error("missing \"\(key)\"", at: root[key]?.location ?? root.location)])
            }
            return value
        }
        var groups: [Group] = []
        for item in root["groups"]?.sequence ?? [] {
            guard let directory = item["directory"]?.string, let module = item["module"]?.string else {
                throw GenerationFailure([.error("a group needs \"directory\" and \"module\"", at: item.location)])
            }
            groups.append(Group(directory: directory, module: module))
        }
        var overrides: [String: String] = [:]
        for pair in root["typeOverrides"]?.mapping ?? [] {
            overrides[pair.key] = pair.value.string
        }
        return Configuration(
            specRoot: URL(fileURLWithPath: try string("spec"), relativeTo: base).standardizedFileURL,
            specVersion: try string("specVersion"),
            outputDirectory: URL(fileURLWithPath: try string("output"), relativeTo: base).standardizedFileURL,
            commonModule: try string("commonModule"),
            groups: groups,
            typeOverrides: overrides)
    }
}
