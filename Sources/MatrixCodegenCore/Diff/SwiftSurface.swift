/// The public Swift API that the generator emits for a model, as symbol → declaration text
/// (`MatrixClientServerAPI.GetContentThumbnail.Request.animated` → `var animated: Bool?`).
public struct SwiftSurface: Sendable {
    public var symbols: [String: String]

    init(_ model: APIModel) {
        var symbols: [String: String] = [:]
        for module in model.modules {
            let builder = ViewModelBuilder(model: model, module: module)
            func type(_ ref: TypeRef) -> String { builder.swiftType(ref) }
            func declare(_ decl: TypeDecl) {
                let name = module.name + "." + decl.qualifiedName
                switch decl.kind {
                case .object(let fields, let patternMaps, let additional, let keepsUnknown):
                    symbols[name] = "struct"
                    for field in fields {
                        symbols[name + "." + field.swiftName] = "var \(field.swiftName): \(type(field.type))\(field.required ? "" : "?")"
                    }
                    for map in patternMaps {
                        symbols[name + "." + map.swiftName] = "var \(map.swiftName): [\(type(map.keyType)): \(type(map.valueType))]"
                    }
                    if let additional { symbols[name + ".additionalProperties"] = "var additionalProperties: [String: \(type(additional))]" }
                    if keepsUnknown { symbols[name + ".additionalFields"] = "var additionalFields: JSONObject" }
                case .openEnum(let values):
                    symbols[name] = "struct (open enum)"
                    for value in values { symbols[name + "." + value.swiftName] = "static let \(value.swiftName) = \(value.value)" }
                case .sum(let variants):
                    symbols[name] = "enum"
                    for variant in variants { symbols[name + "." + variant.swiftName] = "case \(variant.swiftName)(\(type(variant.type)))" }
                case .tuple(let elements):
                    symbols[name] = "struct (tuple)"
                    for element in elements { symbols[name + "." + element.swiftName] = "var \(element.swiftName): \(type(element.type))" }
                case .alias(let target):
                    symbols[name] = "typealias = \(type(target))"
                }
                decl.nested.forEach(declare)
            }
            module.types.forEach(declare)
            for endpoint in module.endpoints {
                let name = module.name + "." + endpoint.swiftName
                symbols[name] = "enum (endpoint \(endpoint.method) \(endpoint.path))"
                for parameter in endpoint.parameters {
                    symbols[name + ".Request." + parameter.swiftName] = "var \(parameter.swiftName): \(type(parameter.type))\(parameter.required ? "" : "?")"
                }
                switch endpoint.requestBody {
                case .json(let body)?: symbols[name + ".Request.body"] = "var body: \(type(body))"
                case .media?: symbols[name + ".Request.body"] = "var body: MediaContent"
                default: break
                }
                for response in endpoint.responses {
                    let status = response.statusClass != nil ? "status: Int, " : ""
                    let payload: String
                    switch response.body {
                    case .json(let body): payload = status.isEmpty ? "(\(type(body)))" : "(\(status)body: \(type(body)))"
                    case .media: payload = status.isEmpty ? "(MediaContent)" : "(\(status)media: MediaContent)"
                    case .multipartMedia: payload = status.isEmpty ? "(FederationMediaResponse)" : "(\(status)media: FederationMediaResponse)"
                    case .redirect: payload = status.isEmpty ? "(Redirect)" : "(\(status)redirect: Redirect)"
                    case .optionalError: payload = status.isEmpty ? "(MatrixError?)" : "(\(status)error: MatrixError?)"
                    case .empty: payload = status.isEmpty ? "" : "(status: Int)"
                    }
                    symbols[name + ".Response." + response.caseName] = "case \(response.caseName)\(payload)"
                }
                endpoint.nested.forEach(declare)
            }
        }
        self.symbols = symbols
    }
}

/// Symbols of the generated Swift API that appear, disappear or change declaration.
public struct SwiftAPIDiff: Sendable, Codable {
    public struct Change: Sendable, Codable, Hashable {
        public var symbol: String
        public var old: String
        public var new: String
    }

    public var added: [String]
    public var removed: [String]
    public var changed: [Change]

    init(old: SwiftSurface, new: SwiftSurface) {
        added = new.symbols.keys.filter { old.symbols[$0] == nil }.sorted()
        removed = old.symbols.keys.filter { new.symbols[$0] == nil }.sorted()
        changed = new.symbols.keys.sorted().compactMap { symbol in
            guard let before = old.symbols[symbol], let after = new.symbols[symbol], before != after else { return nil }
            return Change(symbol: symbol, old: before, new: after)
        }
    }
}
