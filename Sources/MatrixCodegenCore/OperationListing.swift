import Foundation

/// `matrix-codegen operations`: every operation with its group, method, path, security and versions.
public struct OperationListing {
    public struct Entry: Codable, Hashable {
        public var group: String
        public var module: String
        public var operationId: String
        public var method: String
        public var path: String
        public var security: [String]
        public var authenticationOptional: Bool
        public var added: String?
        public var changed: [String]
        public var deprecated: Bool
        public var swiftType: String
    }

    public let entries: [Entry]

    public init(model: APIModel) {
        entries = model.modules.flatMap { module in
            module.endpoints.map { endpoint in
                Entry(
                    group: endpoint.group, module: module.name, operationId: endpoint.operationID,
                    method: endpoint.method.rawValue, path: endpoint.path, security: endpoint.security.map(\.name),
                    authenticationOptional: endpoint.authenticationOptional, added: endpoint.availability.added,
                    changed: endpoint.availability.changed.map(\.version), deprecated: endpoint.availability.deprecated,
                    swiftType: module.name + "." + endpoint.swiftName)
            }
        }
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(entries)) ?? Data(), as: UTF8.self)
    }

    public func text() -> String {
        var output = ""
        for entry in entries {
            var versions: [String] = []
            if let added = entry.added { versions.append("added \(added)") }
            if !entry.changed.isEmpty { versions.append("changed \(entry.changed.joined(separator: ","))") }
            if entry.deprecated { versions.append("deprecated") }
            let security = entry.security.isEmpty ? "none" : entry.security.joined(separator: "|") + (entry.authenticationOptional ? "|optional" : "")
            output += [entry.group, entry.operationId, entry.method, entry.path, security,
                       versions.isEmpty ? "-" : versions.joined(separator: " "), entry.swiftType].joined(separator: "\t") + "\n"
        }
        output += "\(entries.count) operations\n"
        return output
    }
}
