import Foundation

extension Translator {
    static let methods = HTTPMethod.allCases.map { $0.rawValue.lowercased() }

    /// Translates every operation of an API file.
    func translateAPIFile(_ file: String, group: Configuration.Group) {
        let root: SpecNode
        do {
            root = try store.file(file)
        } catch {
            diagnostics.emit(error)
            return
        }
        let rootSite = Site(node: root, file: file, pointer: [])
        checkShape(root, NodeShapes.document, what: "an API document")
        guard let paths = rootSite.child("paths"), paths.node.isMapping else { return }
        apiFiles.append((group, file))
        currentFile = file
        defer { currentFile = "" }
        let basePath = root["servers"]?.sequence?.first?["variables"]?["basePath"]?["default"]?.string ?? ""
        if root["servers"] == nil {
            diagnostics.warning("no servers entry; paths are used without a base path", at: root.location)
        }
        // `securitySchemes` may itself be a `$ref` to a file of schemes (as in v1.10).
        let securitySchemes = rootSite.child("components")?.child("securitySchemes").map(resolveSite)
        for (path, pathItem) in rootSite.entries("paths") where pathItem.node.isMapping {
            checkShape(pathItem.node, NodeShapes.pathItem, what: "a path item")
            let shared = pathItem.children("parameters")
            for pair in pathItem.node.mapping ?? [] where Self.methods.contains(pair.key) && pair.value.isMapping {
                let operation = pathItem.child(pair.key)!
                checkShape(operation.node, NodeShapes.operation, what: "an operation")
                if let wanted = configuration.operations, !wanted.contains(operation.node["operationId"]?.string ?? "") { continue }
                if let endpoint = translateOperation(
                    operation, method: pair.key, path: basePath + path.trimmingCharacters(in: .whitespaces), group: group, sharedParameters: shared,
                    securitySchemes: securitySchemes)
                {
                    endpointsByFile[file, default: []].append(endpoint)
                }
            }
        }
    }

    /// Declares the schema of a definitions file no operation references, if the file is a schema at all
    /// (security scheme files and the like are not).
    func translateStandaloneDefinition(_ file: String) {
        guard configuration.typeOverrides[file] == nil, let root = try? store.file(file),
            nodeDecls[root] == nil
        else { return }
        let schemaKeys: Set<String> = ["type", "properties", "allOf", "oneOf", "anyOf", "additionalProperties", "patternProperties", "items", "enum"]
        guard let keys = root.mapping?.map(\.key), keys.contains(where: schemaKeys.contains) else { return }
        currentFile = file
        defer { currentFile = "" }
        _ = namedType(Site(node: root, file: file, pointer: []))
    }

    /// The group's shared `definitions/security.yaml`, when it has one.
    func groupSecuritySchemes(_ group: Configuration.Group) -> Site? {
        let file = "api/\(group.directory)/definitions/security.yaml"
        guard let node = try? store.file(file) else { return nil }
        return Site(node: node, file: file, pointer: [])
    }

    func translateOperation(
        _ site: Site, method: String, path: String, group: Configuration.Group, sharedParameters: [Site],
        securitySchemes: Site?
    ) -> Endpoint? {
        guard let operationID = site.node["operationId"]?.string else {
            diagnostics.error("operation has no operationId", at: site.node.location)
            return nil
        }
        let owner = Owner.endpoint(site.id)
        endpointLocations[site.id] = site.node["operationId"]?.location ?? site.node.location
        let parameters = translateParameters(sharedParameters + site.children("parameters"), path: path, of: site, owner: owner)
        let (requestBody, requestExamples) = translateRequestBody(site.child("requestBody"), owner: owner)
        let (responses, responseExamples) = translateResponses(site.entries("responses"), owner: owner)
        let (security, authenticationOptional) = translateSecurity(site.node["security"], schemes: securitySchemes, group: group)
        return Endpoint(
            operationID: operationID,
            swiftName: Naming.typeName(operationID),
            group: group.directory,
            method: HTTPMethod(rawValue: method.uppercased()) ?? .GET,
            path: path,
            security: security,
            authenticationOptional: authenticationOptional,
            summary: site.node["summary"]?.string ?? "",
            documentation: documentation(site.node),
            availability: availability(site.node),
            parameters: parameters,
            requestBody: requestBody,
            responses: responses,
            nested: [],
            source: site.id,
            examples: requestExamples + responseExamples)
    }

    /// The path item's parameters, then the operation's (which override by name and location); every `{name}`
    /// of the path must be among them.
    func translateParameters(_ sites: [Site], path: String, of operation: Site, owner: Owner) -> [Parameter] {
        var parameters: [Parameter] = []
        var takenNames: Set<String> = ["body"]
        for parameterSite in sites {
            let resolved = resolveSite(parameterSite)
            checkShape(resolved.node, NodeShapes.parameter, what: "a parameter")
            guard let name = resolved.node["name"]?.string, let location = resolved.node["in"]?.string else {
                diagnostics.error("parameter needs \"name\" and \"in\"", at: resolved.node.location)
                continue
            }
            guard let parameterLocation = ParameterLocation(rawValue: location) else {
                diagnostics.warning("\(location) parameter \"\(name)\" is not supported; skipped", at: resolved.node.location)
                continue
            }
            if let existing = parameters.firstIndex(where: { $0.wireName == name && $0.location == parameterLocation }) {
                takenNames.remove(parameters[existing].swiftName)
                parameters.remove(at: existing)
            }
            let schema = resolved.child("schema") ?? Site(node: SpecNode(.mapping([]), location: resolved.node.location), file: resolved.file, pointer: resolved.pointer + ["schema"])
            let type = withFile(resolved.file) { typeRef(schema, owner: owner, hint: Naming.typeName(name)) }
            let schemaTypes = jsonTypes(schema.node)
            let style: Parameter.Style = schemaTypes == ["array"] ? .array : (schemaTypes == ["object"] ? .object : .single)
            if !isEncodableParameter(type, style: style) {
                diagnostics.error(
                    "\(location) parameter \"\(name)\" has a schema that cannot be written as an HTTP parameter "
                        + "(a scalar, an identifier, an enum, a oneOf of those, or an array or map of them)",
                    at: schema.node.location)
            }
            parameters.append(Parameter(
                wireName: name,
                swiftName: Naming.unique(Naming.memberName(name), in: &takenNames),
                location: parameterLocation,
                type: type,
                style: style,
                required: resolved.node["required"]?.bool ?? (parameterLocation == .path),
                documentation: documentation(resolved.node),
                availability: availability(resolved.node)))
        }
        for name in Self.pathParameterNames(path) where !parameters.contains(where: { $0.location == .path && $0.wireName == name }) {
            diagnostics.error("path parameter {\(name)} of \(path) is not declared", at: operation.node.location)
        }
        return parameters
    }

    /// JSON (with its examples), or raw media of the listed content types.
    func translateRequestBody(_ site: Site?, owner: Owner) -> (Body?, [Example]) {
        guard let site else { return (nil, []) }
        let body = resolveSite(site)
        checkShape(body.node, NodeShapes.requestBody, what: "a request body")
        let content = body.entries("content")
        for (_, mediaType) in content { checkShape(mediaType.node, NodeShapes.mediaType, what: "a media type") }
        if let json = content.first(where: { $0.key == "application/json" })?.site {
            let type = json.child("schema").map { schema in withFile(body.file) { typeRef(schema, owner: owner, hint: "RequestBody") } }
            return (.json(type ?? .builtin(.jsonObject)), collectExamples(json, role: .request, status: nil))
        }
        return (content.isEmpty ? nil : .media(contentTypes: content.map(\.key)), [])
    }

    /// The responses by status, exact statuses first so that a range never shadows them when responses are
    /// decoded in order.
    func translateResponses(_ entries: [(key: String, site: Site)], owner: Owner) -> ([ResponseModel], [Example]) {
        var responses: [ResponseModel] = []
        var examples: [Example] = []
        for (code, responseSite) in entries {
            let status: Int
            var statusClass: Int?
            if let exact = Int(code), (100...599).contains(exact) {
                status = exact
            } else if code.count == 3, code.uppercased().hasSuffix("XX"), let digit = Int(code.prefix(1)), (1...5).contains(digit) {
                status = digit * 100
                statusClass = digit
            } else {
                diagnostics.warning(
                    "response \"\(code)\" is neither a status code nor a range like 4XX; skipped (it decodes as undocumented)",
                    at: responseSite.node.location)
                continue
            }
            let response = resolveSite(responseSite)
            checkShape(response.node, NodeShapes.response, what: "a response")
            let body = responseBody(response, status: status, statusClass: statusClass, owner: owner, examples: &examples)
            checkResponseHeaders(response, body: body)
            responses.append(ResponseModel(
                status: status, statusClass: statusClass,
                caseName: statusClass.map(Naming.statusRangeCaseName) ?? Naming.statusCaseName(status), body: body,
                documentation: documentation(response.node)))
        }
        responses.sort { ($0.statusClass != nil ? 1 : 0, $0.status) < ($1.statusClass != nil ? 1 : 0, $1.status) }
        return (responses, examples)
    }

    func responseBody(_ response: Site, status: Int, statusClass: Int?, owner: Owner, examples: inout [Example]) -> Body {
        let content = response.entries("content")
        for (_, mediaType) in content { checkShape(mediaType.node, NodeShapes.mediaType, what: "a media type") }
        if let json = content.first(where: { $0.key == "application/json" })?.site {
            let hint = status == 200 ? "ResponseBody" : "ResponseBody\(status)"
            examples += collectExamples(json, role: .response, status: status)
            guard let schema = json.child("schema") else { return .json(.builtin(.jsonObject)) }
            return .json(withFile(response.file) { typeRef(schema, owner: owner, hint: hint) })
        }
        if content.contains(where: { $0.key == "multipart/mixed" }) { return .multipartMedia }
        if !content.isEmpty { return .media(contentTypes: content.map(\.key)) }
        // A `3XX` range declares no headers, but a redirect without `Location` means nothing.
        if response.node["headers"]?["Location"] != nil || statusClass == 3 { return .redirect }
        return status >= 400 ? .optionalError : .empty
    }

    /// Headers typed by the body: Content-Type / Content-Disposition of media, Location of redirects. Others
    /// are not generated, with a warning.
    func checkResponseHeaders(_ response: Site, body: Body) {
        for (header, headerSite) in response.entries("headers") {
            switch (header.lowercased(), body) {
            case ("content-type", .media), ("content-type", .multipartMedia), ("content-type", .json),
                 ("content-disposition", .media), ("location", .redirect):
                continue
            default:
                diagnostics.warning(
                    "response header \"\(header)\" is not typed for this response; it is not generated",
                    at: headerSite.node.location)
            }
        }
    }

    /// The schemes an operation accepts, and whether it may be called without credentials (an empty
    /// requirement, or a fallback for an unknown scheme).
    func translateSecurity(_ requirements: SpecNode?, schemes securitySchemes: Site?, group: Configuration.Group) -> ([SecuritySchemeModel], Bool) {
        var security: [SecuritySchemeModel] = []
        var authenticationOptional = false
        for requirement in requirements?.sequence ?? [] {
            let names = requirement.mapping?.map(\.key) ?? []
            if names.isEmpty { authenticationOptional = true }
            for name in names {
                let schemes: [Site]
                if let known = securityScheme(named: name, in: securitySchemes, group: group) {
                    schemes = [known]
                } else {
                    let fallback = unknownSchemeFallback(name, at: requirement.location, in: securitySchemes, group: group)
                    if fallback.count > 1 { authenticationOptional = true }
                    schemes = fallback
                }
                for schemeSite in schemes {
                    guard let model = securitySchemeModel(schemeSite, name: name),
                        !security.contains(where: { $0.name == model.name })
                    else { continue }
                    security.append(model)
                }
            }
        }
        return (security, authenticationOptional)
    }

    /// The scheme a security requirement names: the file's own, or else the group's shared definition (v1.10's
    /// list_public_rooms.yaml names `accessToken` without defining it, as the spec's own tooling allows).
    func securityScheme(named name: String, in securitySchemes: Site?, group: Configuration.Group) -> Site? {
        if let own = securitySchemes?.child(name) { return own }
        return groupSecuritySchemes(group)?.child(name)
    }

    /// What a requirement naming an undefined scheme means. Spec bugs seen in the wild: server-server
    /// `events.yaml` names `accessToken` where it defines only `signedRequest` (that one is meant), and from v1.15
    /// client-server `room_summary.yaml` names `signedRequest`, which the client-server API does not define
    /// (its prose: authentication is optional). So: the file's only scheme when it defines one; else every
    /// scheme of the file or group, with authentication optional. A warning either way; an error only when
    /// nothing is defined to fall back on.
    func unknownSchemeFallback(_ name: String, at location: SourceLocation, in securitySchemes: Site?, group: Configuration.Group) -> [Site] {
        let source = securitySchemes.flatMap { $0.node.mapping?.isEmpty == false ? $0 : nil } ?? groupSecuritySchemes(group)
        let defined = source?.node.mapping?.map(\.key) ?? []
        guard let source, !defined.isEmpty else {
            diagnostics.error("unknown security scheme \"\(name)\", and no scheme is defined to fall back on", at: location)
            return []
        }
        if defined.count == 1 {
            diagnostics.warning("unknown security scheme \"\(name)\"; using \"\(defined[0])\", the only one this file defines", at: location)
        } else {
            diagnostics.warning(
                "unknown security scheme \"\(name)\"; using \(defined.map { "\"\($0)\"" }.joined(separator: ", ")) with authentication optional",
                at: location)
        }
        return defined.compactMap { source.child($0) }
    }

    /// Where a security scheme puts its credentials; `nil` (with a warning) for schemes the runtime cannot use.
    func securitySchemeModel(_ schemeSite: Site, name: String) -> SecuritySchemeModel? {
        let scheme = resolveSite(schemeSite).node
        let location: SecuritySchemeModel.Location
        switch (scheme["type"]?.string, scheme["scheme"]?.string?.lowercased(), scheme["in"]?.string) {
        case ("http", "bearer", _): location = .bearerHeader
        case ("http", "x-matrix", _): location = .signedRequest
        case ("apiKey", _, "query"): location = .query
        case ("apiKey", _, "header") where scheme["name"]?.string?.lowercased() == "authorization":
            // How v1.10 and earlier describe the Authorization header: a bearer token, or the
            // federation's signed request (`X-Matrix`).
            let key = schemeSite.pointer.last ?? name
            let description = scheme["description"]?.string?.lowercased() ?? ""
            if key.lowercased().contains("signed") || description.contains("x-matrix") {
                location = .signedRequest
            } else if description.contains("bearer") || key.lowercased().contains("token") {
                location = .bearerHeader
            } else {
                diagnostics.warning("security scheme \"\(key)\" (an Authorization header) is neither a bearer token nor a signed request", at: scheme.location)
                return nil
            }
        default:
            diagnostics.warning("security scheme \"\(name)\" is not supported", at: scheme.location)
            return nil
        }
        return SecuritySchemeModel(
            name: schemeSite.pointer.last ?? name, location: location, parameterName: scheme["name"]?.string,
            deprecated: scheme["description"]?.string?.hasPrefix("**Deprecated.**") ?? false)
    }

    /// Whether the runtime can write and read a parameter of this type and style (`HTTPParameterValue`).
    func isEncodableParameter(_ type: TypeRef, style: Parameter.Style) -> Bool {
        let value: TypeRef
        switch (style, type) {
        case (.single, _): value = type
        case (.array, .array(let element)): value = element
        case (.object, .map(_, let element)): value = element
        default: return false
        }
        return value.isParameterValue { self.decls[$0]?.kind }
    }

    static func pathParameterNames(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }

    func collectExamples(_ media: Site, role: Example.Role, status: Int?) -> [Example] {
        var examples: [Example] = []
        for (_, example) in media.entries("examples") {
            let resolved = resolveSite(example)
            if let value = resolved.node["value"] {
                examples.append(makeExample(value, role: role, status: status, file: resolved.file))
            }
        }
        if let example = media.node["example"] {
            examples.append(makeExample(example, role: role, status: status, file: media.file))
        }
        return examples
    }
}
