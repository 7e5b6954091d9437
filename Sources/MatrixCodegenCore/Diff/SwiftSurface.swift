/// The public Swift API that the generator emits for a model, as symbol → declaration text
/// (`MatrixClientServerAPI.GetContentThumbnail.Request.animated` → `var animated: Bool?`).
public struct SwiftSurface: Sendable {
    public var symbols: [String: String]

    /// Read from the view models the templates render, so the symbols are those the generated code declares.
    init(_ model: APIModel) {
        var symbols: [String: String] = [:]
        func declare(_ decl: DeclView, in module: String) {
            let name = module + "." + decl.qualifiedName
            for object in decl.object {
                symbols[name] = "struct"
                for field in object.fields { symbols[name + "." + field.plainName] = "var \(field.plainName): \(field.type)\(field.required ? "" : "?")" }
                for map in object.patternMaps { symbols[name + "." + map.plainName] = "var \(map.plainName): \(map.type)" }
                for map in object.additional { symbols[name + ".additionalProperties"] = "var additionalProperties: \(map.type)" }
                if object.keepsUnknown { symbols[name + ".additionalFields"] = "var additionalFields: JSONObject" }
            }
            for openEnum in decl.openEnum {
                symbols[name] = "struct (open enum)"
                for value in openEnum.values { symbols[name + "." + value.plainName] = "static let \(value.plainName) = \(value.value)" }
            }
            for sum in decl.sum {
                symbols[name] = "enum"
                for variant in sum.variants { symbols[name + "." + variant.plainName] = "case \(variant.plainName)(\(variant.type))" }
            }
            for tuple in decl.tuple {
                symbols[name] = "struct (tuple)"
                for element in tuple.elements { symbols[name + "." + element.plainName] = "var \(element.plainName): \(element.type)" }
            }
            for alias in decl.alias { symbols[name] = "typealias = \(alias.target)" }
            decl.nested.forEach { declare($0, in: module) }
        }
        for module in model.modules {
            let builder = ViewModelBuilder(model: model, module: module, documented: false)
            for kindEnum in builder.kindEnumViews(model.events.filter { event in module.files.contains { $0.specFile == event.file } }) {
                let name = module.name + "." + kindEnum.name
                symbols[name] = "enum"
                for item in kindEnum.cases { symbols[name + "." + item.name] = "case \(item.name)(\(item.type))" }
            }
            for file in module.files.map(builder.fileView) {
                file.types.forEach { declare($0, in: module.name) }
                for event in file.events {
                    let name = module.name + "." + event.contentType
                    if event.variant.isEmpty {
                        symbols[name + ".eventType"] = "static let eventType = \"\(event.eventType)\""
                        symbols[name + ".kinds"] = "static let kinds: [EventKind] = [\(event.kinds.map { "." + $0 }.joined(separator: ", "))]"
                    }
                    for sum in event.sum {
                        symbols[name] = "enum (by \(sum.key))"
                        for item in sum.cases { symbols[name + "." + item.name] = "case \(item.name)(\(item.type))" }
                    }
                }
                for endpoint in file.endpoints {
                    let name = module.name + "." + endpoint.name
                    symbols[name] = "enum (endpoint \(endpoint.route))"
                    for parameter in endpoint.parameters {
                        symbols[name + ".Request." + parameter.plainName] = "var \(parameter.plainName): \(parameter.type)\(parameter.required ? "" : "?")"
                    }
                    for body in endpoint.body { symbols[name + ".Request.body"] = "var body: \(body.type)" }
                    for response in endpoint.responses {
                        let payload = response.hasPayload ? "\(response.payloadLabel): \(response.payloadType)" : ""
                        let associated = response.isRange ? "(status: Int\(payload.isEmpty ? "" : ", " + payload))"
                            : response.hasPayload ? "(\(response.payloadType))" : ""
                        symbols[name + ".Response." + response.caseName] = "case \(response.caseName)\(associated)"
                    }
                    endpoint.nested.forEach { declare($0, in: module.name) }
                }
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
