import Foundation

/// Builds the dictionaries the Mustache templates read. Every dictionary carries every key its template
/// reads (Mustache would otherwise find a key of an enclosing context), and every string is final Swift text.
struct ViewModelBuilder {
    let model: APIModel
    let module: ModuleModel
    /// Every declaration of every module, by id.
    let declsByID: [String: TypeDecl]
    /// Module of each top-level type name, to qualify names that a nested type shadows.
    let moduleOfDecl: [String: String]

    init(model: APIModel, module: ModuleModel) {
        self.model = model
        self.module = module
        var decls: [String: TypeDecl] = [:]
        var modules: [String: String] = [:]
        for (decl, module) in model.allDecls {
            decls[decl.id] = decl
            modules[decl.id] = module.name
        }
        declsByID = decls
        moduleOfDecl = modules
    }

    // MARK: Types

    /// The type names visible inside a declaration, by simple name: each enclosing declaration's own name and
    /// the names of its nested types, inner ones winning. Values are qualified names.
    typealias Scope = [String: String]

    static func scope(entering qualifiedName: String, simpleName: String, nested: [TypeDecl], from outer: Scope) -> Scope {
        var scope = outer
        scope[simpleName] = qualifiedName
        for child in nested { scope[child.swiftName] = child.qualifiedName }
        return scope
    }

    /// Swift text for a type reference, seen from inside `scope`.
    func swiftType(_ ref: TypeRef, scope: Scope = [:]) -> String {
        switch ref {
        case .builtin(let name): return name
        case .array(let element): return "[\(swiftType(element, scope: scope))]"
        case .map(let key, let value): return "[\(swiftType(key, scope: scope)): \(swiftType(value, scope: scope))]"
        case .nullable(let wrapped): return "Nullable<\(swiftType(wrapped, scope: scope))>"
        case .declared(let id):
            guard let decl = declsByID[id] else { return "JSONValue" }
            let name = decl.qualifiedName
            let first = String(name.split(separator: ".").first ?? "")
            // A nested or enclosing type of the same name as the reference's outermost type would shadow it
            // here: qualify with the module.
            if let visible = scope[first], visible != first, let module = moduleOfDecl[id] { return module + "." + name }
            return name
        }
    }

    func isRecursiveDirect(_ ref: TypeRef) -> Bool {
        switch ref {
        case .declared(let id): return declsByID[id]?.isRecursive ?? false
        case .nullable(let wrapped): return isRecursiveDirect(wrapped)
        default: return false
        }
    }

    static func docLines(_ text: String, remark: String? = nil, availability: Availability? = nil, extra: [String] = []) -> [String] {
        var lines = text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.isEmpty ? "///" : "/// " + line
        }
        var notes: [String] = []
        if let availability {
            if let added = availability.added { notes.append("- Since: Matrix \(added)") }
            for change in availability.changed {
                let note = change.note.replacingOccurrences(of: "\n", with: " ")
                notes.append("- Note: Changed in Matrix \(change.version)\(note.isEmpty ? "" : ": " + note)")
            }
            if availability.deprecated { notes.append("- Important: Deprecated by the specification.") }
        }
        notes += extra
        if let remark { notes.append("- Remark: Generated from `\(remark)`.") }
        if !notes.isEmpty {
            if !lines.isEmpty { lines.append("///") }
            lines += notes.map { "/// " + $0 }
        }
        return lines
    }

    static func sourceName(_ id: String) -> String {
        id.hasPrefix("api/") ? String(id.dropFirst(4)) : id
    }

    func declView(_ decl: TypeDecl, outer: Scope = [:]) -> [String: Any] {
        let nestedNames = Self.scope(entering: decl.qualifiedName, simpleName: decl.swiftName, nested: decl.nested, from: outer)
        var view: [String: Any] = [
            "name": decl.swiftName,
            "access": outer.isEmpty ? model.accessLevel : "public",
            "docLines": Self.docLines(decl.documentation, remark: Self.sourceName(decl.id), availability: decl.availability),
            "nested": decl.nested.map { declView($0, outer: nestedNames) },
            "isObject": false, "isEnum": false, "isSum": false, "isTuple": false, "isAlias": false,
            "indirect": decl.isRecursive ? "indirect " : "",
        ]
        switch decl.kind {
        case .object(let fields, let patternMaps, let additional, let keepsUnknown):
            view["isObject"] = true
            view.merge(objectView(decl, fields: fields, patternMaps: patternMaps, additional: additional, keepsUnknown: keepsUnknown, scope: nestedNames)) { $1 }
        case .openEnum(let values):
            view["isEnum"] = true
            view["knownValues"] = values.map { "." + $0.swiftName }.joined(separator: ", ")
            view["values"] = values.map { ["name": Naming.escaped($0.swiftName), "plainName": $0.swiftName, "literal": Self.literal($0.value)] }
        case .sum(let variants):
            view["isSum"] = true
            let order = ["null", "boolean", "integer", "number", "string", "array", "object", "any"]
            let sorted = variants.enumerated().sorted {
                let a = order.firstIndex(of: $0.element.jsonKind) ?? order.count
                let b = order.firstIndex(of: $1.element.jsonKind) ?? order.count
                return a != b ? a < b : $0.offset < $1.offset
            }.map(\.element)
            view["variants"] = variants.map { ["name": Naming.escaped($0.swiftName), "type": swiftType($0.type, scope: nestedNames)] }
            view["decodeOrder"] = sorted.map { ["name": Naming.escaped($0.swiftName), "type": swiftType($0.type, scope: nestedNames)] }
            view["variantNames"] = variants.map { Self.literal($0.swiftName) }.joined(separator: ", ")
            view["parameterValue"] = decl.kind.isParameterValue { declsByID[$0]?.kind }
        case .tuple(let elements):
            view["isTuple"] = true
            view["elements"] = elements.map { ["name": Naming.escaped($0.swiftName), "type": swiftType($0.type, scope: nestedNames)] }
            view["count"] = elements.count
            view["initParameters"] = elements.map { "\($0.swiftName): \(swiftType($0.type, scope: nestedNames))" }.joined(separator: ", ")
        case .alias(let target):
            view["isAlias"] = true
            view["target"] = swiftType(target)
        }
        return view
    }

    func objectView(
        _ decl: TypeDecl, fields: [Field], patternMaps: [PatternMap], additional: TypeRef?, keepsUnknown: Bool,
        scope: Scope
    ) -> [String: Any] {
        var initParameters: [String] = []
        var fieldViews: [[String: Any]] = []
        for field in fields {
            let base = swiftType(field.type, scope: scope)
            let publicType = field.required ? base : base + "?"
            let boxed = isRecursiveDirect(field.type)
            let deprecated = field.availability.deprecated
            let name = Naming.escaped(field.swiftName)
            let storageName = (boxed || deprecated) ? "_" + field.swiftName : name
            let storageBase = boxed ? "Indirect<\(base)>" : base
            let getter: String
            let setter: String
            if boxed {
                getter = field.required ? "\(storageName).value" : "\(storageName)?.value"
                setter = field.required ? "\(storageName) = Indirect(newValue)" : "\(storageName) = newValue.map(Indirect.init)"
            } else {
                getter = storageName
                setter = "\(storageName) = newValue"
            }
            let parameterName = field.swiftName
            initParameters.append("\(parameterName): \(publicType)\(field.required ? "" : " = nil")")
            fieldViews.append([
                "name": name,
                "wireName": Self.literal(field.wireName),
                "docLines": Self.docLines(field.documentation, availability: field.availability),
                "publicType": publicType,
                "hasStorage": storageName != name,
                "storageName": storageName,
                "storageType": field.required ? storageBase : storageBase + "?",
                "storageBase": storageBase,
                "getter": getter,
                "setter": setter,
                "deprecated": deprecated,
                "decodeCall": field.required ? "decode" : "decodeIfPresent",
                "encodeCall": field.required ? "encode" : "encodeIfPresent",
                "initAssignment": boxed
                    ? (field.required ? "self.\(storageName) = Indirect(\(Naming.escaped(parameterName)))" : "self.\(storageName) = \(Naming.escaped(parameterName)).map(Indirect.init)")
                    : "self.\(storageName) = \(Naming.escaped(parameterName))",
            ])
        }
        let mapViews: [[String: Any]] = patternMaps.map { map in
            let type = "[\(swiftType(map.keyType, scope: scope)): \(swiftType(map.valueType, scope: scope))]"
            initParameters.append("\(map.swiftName): \(type) = [:]")
            return [
                "name": Naming.escaped(map.swiftName),
                "plainName": map.swiftName,
                "type": type,
                "pattern": Self.literal(map.pattern),
                "docLines": Self.docLines(
                    map.documentation.isEmpty ? "Entries whose keys match `\(map.pattern)`." : map.documentation),
            ]
        }
        var additionalView: [[String: Any]] = []
        if let additional {
            let type = "[String: \(swiftType(additional, scope: scope))]"
            initParameters.append("additionalProperties: \(type) = [:]")
            additionalView.append(["type": type])
        }
        if keepsUnknown { initParameters.append("additionalFields: JSONObject = [:]") }
        // Fields that keep an explicit null themselves; other declared keys sent as null go to additionalFields.
        let nullableKeys = fields.filter { field in
            if case .nullable = field.type, !isRecursiveDirect(field.type) { return true }
            return false
        }.map { Self.literal($0.wireName) }
        return [
            "hasNullableKeys": !nullableKeys.isEmpty,
            "nullableKeys": nullableKeys.joined(separator: ", "),
            "fields": fieldViews,
            "hasFields": !fields.isEmpty,
            "patternMaps": mapViews,
            "additional": additionalView,
            "keepsUnknown": keepsUnknown,
            "usesRemainder": !patternMaps.isEmpty || additional != nil || keepsUnknown,
            "initParameters": initParameters.joined(separator: ", "),
            "initParametersMultiline": initParameters.count > 3,
            "initParameterLines": initParameters.enumerated().map { index, parameter in
                parameter + (index < initParameters.count - 1 ? "," : "")
            },
        ]
    }

    // MARK: Endpoints

    func endpointView(_ endpoint: Endpoint) -> [String: Any] {
        let nestedNames = Self.scope(entering: endpoint.swiftName, simpleName: endpoint.swiftName, nested: endpoint.nested, from: [:])
        var parameters = endpoint.parameters
        if case .media = endpoint.requestBody {
            // The media body carries its own Content-Type.
            parameters.removeAll { $0.location == .header && $0.wireName.lowercased() == "content-type" }
        }
        var initParameters: [String] = []
        var parameterViews: [[String: Any]] = []
        for parameter in parameters {
            let base = swiftType(parameter.type, scope: nestedNames)
            let (elementType, valueType): (String, String) = {
                switch parameter.type {
                case .array(let element): return (swiftType(element, scope: nestedNames), base)
                case .map(_, let value): return (swiftType(value, scope: nestedNames), base)
                default: return (base, base)
                }
            }()
            let publicType = parameter.required ? valueType : valueType + "?"
            let name = Naming.escaped(parameter.swiftName)
            initParameters.append("\(parameter.swiftName): \(publicType)\(parameter.required ? "" : " = nil")")
            let reader: String
            let writer: String
            let wire = Self.literal(parameter.wireName)
            switch (parameter.location, parameter.style) {
            case (.path, _):
                reader = "try reader.path(\(wire), as: \(elementType).self)"
                writer = "builder.path(\(wire), request.\(name))"
            case (.query, .array):
                reader = parameter.required
                    ? "try reader.queryArray(\(wire), as: \(elementType).self) ?? []" : "try reader.queryArray(\(wire), as: \(elementType).self)"
                writer = "builder.query(\(wire), request.\(name))"
            case (.query, .object):
                let known = parameters.filter { $0.location == .query && $0.style != .object }.map { Self.literal($0.wireName) }
                reader = "try reader.queryEntries(excluding: [\(known.joined(separator: ", "))], as: \(elementType).self)" + (parameter.required ? " ?? [:]" : "")
                writer = "builder.queryEntries(request.\(name))"
            case (.query, _):
                reader = parameter.required
                    ? "try reader.requiredQuery(\(wire), as: \(elementType).self)" : "try reader.query(\(wire), as: \(elementType).self)"
                writer = "builder.query(\(wire), request.\(name))"
            case (.header, _):
                reader = "try reader.header(\(wire), as: \(elementType).self)"
                writer = "builder.header(\(wire), request.\(name))"
            }
            parameterViews.append([
                "name": name,
                "plainName": parameter.swiftName,
                "docLines": Self.docLines(parameter.documentation, availability: parameter.availability, extra: ["- Note: Sent as the \(parameter.location.rawValue) parameter `\(parameter.wireName)`."]),
                "publicType": publicType,
                "reader": reader,
                "writer": writer,
            ])
        }
        var bodyViews: [[String: Any]] = []
        var requestCodec = "nil"
        switch endpoint.requestBody {
        case .json(let type):
            let typeName = swiftType(type, scope: nestedNames)
            initParameters.append("body: \(typeName)")
            bodyViews.append([
                "type": typeName,
                "reader": "try reader.jsonBody(\(typeName).self)",
                "writer": "try builder.jsonBody(request.body)",
            ])
            requestCodec = "JSONBodyCodec(\(typeName).self)"
        case .media(let contentTypes):
            initParameters.append("body: MediaContent")
            bodyViews.append([
                "type": "MediaContent",
                "reader": "MediaContent(data: reader.rawBody, contentType: reader.request.headers[.contentType], contentDisposition: reader.request.headers[.contentDisposition].flatMap(ContentDisposition.init(headerValue:)))",
                "writer": "builder.media(request.body, defaultContentType: \(Self.literal(contentTypes.first ?? "application/octet-stream")))",
            ])
        default:
            break
        }

        var responseViews: [[String: Any]] = []
        var responseCodecs: [String] = []
        var responseRangeCodecs: [String] = []
        for response in endpoint.responses {
            let label = response.statusClass.map { "HTTP \($0)XX" } ?? "HTTP \(response.status)"
            var view: [String: Any] = [
                "caseName": response.caseName,
                "match": response.statusClass.map { "\($0 * 100)..<\($0 * 100 + 100)" } ?? "\(response.status)",
                "docLines": Self.docLines(response.documentation.isEmpty ? label + "." : label + ": " + response.documentation),
            ]
            // An exact status is implied by its case; a range case carries the status it was sent with.
            let isRange = response.statusClass != nil
            let status = isRange ? "status" : "\(response.status)"
            func payload(_ label: String, _ type: String) -> String { isRange ? "(status: Int, \(label): \(type))" : "(\(type))" }
            func decoded(_ label: String, _ value: String) -> String {
                "return .\(response.caseName)(" + (isRange ? "status: reader.status, \(label): " : "") + value + ")"
            }
            func pattern(_ binding: String) -> String {
                "case .\(response.caseName)(" + (isRange ? "let status, " : "") + "let \(binding))"
            }
            switch response.body {
            case .json(let type):
                let typeName = swiftType(type, scope: nestedNames)
                view["payload"] = payload("body", typeName)
                view["decode"] = decoded("body", "try reader.json(\(typeName).self)")
                view["encode"] = pattern("body") + ": return try ResponseWriter.json(\(status), body)"
                if let statusClass = response.statusClass {
                    responseRangeCodecs.append("\(statusClass): JSONBodyCodec(\(typeName).self)")
                } else {
                    responseCodecs.append("\(response.status): JSONBodyCodec(\(typeName).self)")
                }
            case .media:
                view["payload"] = payload("media", "MediaContent")
                view["decode"] = decoded("media", "reader.media()")
                view["encode"] = pattern("media") + ": return ResponseWriter.media(\(status), media)"
            case .multipartMedia:
                view["payload"] = payload("media", "FederationMediaResponse")
                view["decode"] = decoded("media", "try reader.multipartMedia()")
                view["encode"] = pattern("media") + ": return try ResponseWriter.multipartMedia(\(status), media)"
            case .redirect:
                view["payload"] = payload("redirect", "Redirect")
                view["decode"] = decoded("redirect", "reader.redirect()")
                view["encode"] = pattern("redirect") + ": return ResponseWriter.redirect(\(status), redirect)"
            case .optionalError:
                view["payload"] = payload("error", "MatrixError?")
                view["decode"] = decoded("error", "reader.optionalMatrixError()")
                view["encode"] = pattern("error") + ": return try ResponseWriter.optionalError(\(status), error)"
            case .empty:
                view["payload"] = isRange ? "(status: Int)" : ""
                view["decode"] = isRange ? "return .\(response.caseName)(status: reader.status)" : "return .\(response.caseName)"
                view["encode"] = isRange
                    ? "case .\(response.caseName)(let status): return ResponseWriter.empty(status)"
                    : "case .\(response.caseName): return ResponseWriter.empty(\(response.status))"
            }
            // `status` and `matrixError` of the Response enum.
            if isRange {
                let hasPayload = (view["payload"] as? String) != "(status: Int)"
                view["statusCase"] = "case .\(response.caseName)(let status\(hasPayload ? ", _" : "")): return status"
            } else {
                view["statusCase"] = "case .\(response.caseName): return \(response.status)"
            }
            if response.body == .json(.builtin("MatrixError")) || response.body == .optionalError {
                view["matrixErrorCase"] = isRange
                    ? "case .\(response.caseName)(_, let error): return error"
                    : "case .\(response.caseName)(let error): return error"
            } else {
                view["matrixErrorCase"] = false
            }
            responseViews.append(view)
        }

        let security = endpoint.security.map { scheme in
            "SecurityScheme(name: \(Self.literal(scheme.name)), location: .\(scheme.location)\(scheme.parameterName.map { ", parameterName: \(Self.literal($0))" } ?? ""))"
        }
        let availability = endpoint.availability
        let availabilityArguments = [
            availability.added.map { "added: \(Self.literal($0))" },
            availability.changed.isEmpty ? nil : "changed: [\(availability.changed.map { Self.literal($0.version) }.joined(separator: ", "))]",
            availability.deprecated ? "deprecated: true" : nil,
        ].compactMap { $0 }.joined(separator: ", ")
        let source = Self.sourceName(endpoint.source)
        var summaryAndDocs = endpoint.summary
        if !endpoint.documentation.isEmpty { summaryAndDocs += (summaryAndDocs.isEmpty ? "" : "\n\n") + endpoint.documentation }
        return [
            "name": endpoint.swiftName,
            "access": model.accessLevel,
            "docLines": Self.docLines(
                summaryAndDocs, remark: source, availability: availability,
                extra: ["- Note: `\(endpoint.method) \(endpoint.path)` (operation `\(endpoint.operationID)`)."]),
            "operationID": Self.literal(endpoint.operationID),
            "group": Self.literal(endpoint.group),
            "method": endpoint.method.lowercased(),
            "path": Self.literal(endpoint.path),
            "security": security.joined(separator: ", "),
            "authenticationOptional": endpoint.authenticationOptional ? "true" : "false",
            "availability": "Availability(\(availabilityArguments))",
            "summary": Self.literal(endpoint.summary),
            "source": Self.literal(source),
            "parameters": parameterViews,
            "body": bodyViews,
            "hasRequestFields": !parameterViews.isEmpty || !bodyViews.isEmpty,
            "initParameters": initParameters.joined(separator: ", "),
            "deprecated": availability.deprecated,
            "responses": responseViews,
            "nested": endpoint.nested.map { declView($0, outer: nestedNames) },
            "responseCodecs": responseCodecs.isEmpty ? "[:]" : "[" + responseCodecs.joined(separator: ", ") + "]",
            "responseRangeCodecs": responseRangeCodecs.isEmpty ? false : "[" + responseRangeCodecs.joined(separator: ", ") + "]",
            "requestCodec": requestCodec,
            "hasOtherResponses": endpoint.responses.contains { $0.body != .json(.builtin("MatrixError")) && $0.body != .optionalError },
            "client": clientView(endpoint, initParameters: initParameters, nestedNames: nestedNames) as Any,
        ]
    }

    /// The API group's client protocol, which the generated client methods extend.
    static let clientProtocols = [
        "client-server": "ClientServerAPIClient", "server-server": "ServerServerAPIClient",
        "application-service": "ApplicationServiceAPIClient", "identity": "IdentityServiceAPIClient",
        "push-gateway": "PushGatewayAPIClient",
    ]

    /// `extension ClientServerAPIClient { func sync(_:) }`: returns the success body when the operation has one
    /// success response, the whole `Response` when it has several (or none), and throws `MatrixResponseError`
    /// for anything else.
    func clientView(_ endpoint: Endpoint, initParameters: [String], nestedNames: Scope) -> Any {
        guard let protocolName = Self.clientProtocols[endpoint.group] else { return false }
        let name = endpoint.swiftName
        let successes = endpoint.responses.filter { $0.statusClass == nil ? (200..<300).contains($0.status) : $0.statusClass == 2 }
        var lines: [String] = []
        let returnType: String
        let returns: String
        if successes.count == 1, successes[0].statusClass == nil {
            let success = successes[0]
            switch success.body {
            case .json(let type):
                returnType = swiftType(type, scope: nestedNames)
                lines.append("if case .\(success.caseName)(let body) = response { return body }")
                returns = "The HTTP \(success.status) body."
            case .media:
                returnType = "MediaContent"
                lines.append("if case .\(success.caseName)(let media) = response { return media }")
                returns = "The content (HTTP \(success.status))."
            case .multipartMedia:
                returnType = "FederationMediaResponse"
                lines.append("if case .\(success.caseName)(let media) = response { return media }")
                returns = "The metadata and content (HTTP \(success.status))."
            case .redirect:
                returnType = "Redirect"
                lines.append("if case .\(success.caseName)(let redirect) = response { return redirect }")
                returns = "Where the server redirects to (HTTP \(success.status))."
            case .empty, .optionalError:
                returnType = "Void"
                lines.append("if case .\(success.caseName) = response { return }")
                returns = "Nothing (HTTP \(success.status))."
            }
            lines.append("throw MatrixResponseError(operationID: \(name).metadata.operationID, response: response)")
            lines.insert("let response = try await send(\(name).self, request)", at: 0)
        } else if successes.isEmpty {
            returnType = "\(name).Response"
            lines = ["try await send(\(name).self, request)"]
            returns = "The response, whatever its status (the operation documents no success status)."
        } else {
            returnType = "\(name).Response"
            lines = [
                "let response = try await send(\(name).self, request)",
                "if (200..<300).contains(response.status) { return response }",
                "throw MatrixResponseError(operationID: \(name).metadata.operationID, response: response)",
            ]
            returns = "The response, one of its success statuses."
        }
        let canDefault = initParameters.allSatisfy { $0.contains(" = ") }
        var summary = endpoint.summary.isEmpty ? "`\(endpoint.operationID)`." : endpoint.summary
        if !summary.hasSuffix(".") { summary += "." }
        return [
            "protocol": protocolName,
            "deprecated": endpoint.availability.deprecated,
            "discardable": returnType != "Void",
            "access": model.accessLevel,
            "endpoint": name,
            "methodName": Naming.escaped(Naming.lowerFirst(name)),
            "defaultRequest": canDefault ? " = .init()" : "",
            "returnType": returnType,
            "lines": lines,
            "docLines": Self.docLines(
                summary + " `\(endpoint.method) \(endpoint.path)`",
                availability: endpoint.availability,
                extra: [
                    "- Returns: \(returns)",
                    "- Throws: `MatrixResponseError` for any other status; the client's errors for transport failures.",
                ]),
        ]
    }

    // MARK: Files

    func fileView(_ file: FileModel) -> [String: Any] {
        [
            "specVersion": model.specVersion,
            "specFile": file.specFile,
            "imports": module.dependencies,
            "types": file.types.map { declView($0) },
            "endpoints": file.endpoints.map(endpointView),
        ]
    }

    func moduleView() -> [String: Any] {
        var schemas: [String] = []
        func collect(_ decl: TypeDecl) {
            if !decl.examples.isEmpty { schemas.append("SchemaDescriptor(source: \(Self.literal(Self.sourceName(decl.id))), codec: JSONBodyCodec(\(decl.qualifiedName).self))") }
            decl.nested.forEach(collect)
        }
        for file in module.files {
            file.types.forEach(collect)
            file.endpoints.forEach { $0.nested.forEach(collect) }
        }
        let registryName = module.name + "Registry"
        return [
            "specVersion": model.specVersion,
            "moduleName": module.name,
            "registryName": registryName,
            "access": model.accessLevel,
            "group": module.group.map(Self.literal) ?? "nil",
            "imports": module.dependencies,
            "operations": module.endpoints.map { "OperationDescriptor(metadata: \($0.swiftName).metadata, responseBodies: \($0.swiftName).responseBodyCodecs, \($0.hasJSONStatusRange ? "responseRangeBodies: \($0.swiftName).responseRangeBodyCodecs, " : "")requestBody: \($0.swiftName).requestBodyCodec)" },
            "schemas": schemas,
            "handlers": handlerViews(registryName: registryName),
        ]
    }

    static let handlerProtocols = [
        "client-server": ("ClientServerAPIHandler", "clientServerRoutes"),
        "server-server": ("ServerServerAPIHandler", "serverServerRoutes"),
        "application-service": ("ApplicationServiceAPIHandler", "applicationServiceRoutes"),
        "identity": ("IdentityServiceAPIHandler", "identityServiceRoutes"),
        "push-gateway": ("PushGatewayAPIHandler", "pushGatewayRoutes"),
    ]

    /// A handler protocol and a route table per API group of the module.
    func handlerViews(registryName: String) -> [[String: Any]] {
        let groups = Dictionary(grouping: module.endpoints, by: \.group)
        return groups.keys.sorted().compactMap { group -> [String: Any]? in
            guard let (protocolName, routesName) = Self.handlerProtocols[group] else { return nil }
            return [
                "group": group,
                "protocolName": protocolName,
                "routesName": routesName,
                "registryName": registryName,
                "access": model.accessLevel,
                "methods": groups[group]!.map { endpoint -> [String: Any] in
                    var summary = endpoint.summary.isEmpty ? "`\(endpoint.operationID)`." : endpoint.summary
                    if !summary.hasSuffix(".") { summary += "." }
                    return [
                        "endpoint": endpoint.swiftName,
                        "methodName": Naming.escaped(Naming.lowerFirst(endpoint.swiftName)),
                        "docLines": Self.docLines(summary + " `\(endpoint.method) \(endpoint.path)`", availability: endpoint.availability),
                    ]
                },
            ]
        }
    }

    /// A Swift string literal.
    static func literal(_ text: String) -> String {
        StringEscaping.quoted(text) { "\\u{\(String($0, radix: 16))}" }
    }
}
