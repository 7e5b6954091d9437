import Foundation

extension ViewModelBuilder {
    func endpointView(_ endpoint: Endpoint) -> EndpointView {
        let scope = Self.scope(entering: endpoint.swiftName, simpleName: endpoint.swiftName, nested: endpoint.nested, from: [:])
        let parameters = endpoint.requestParameters
        let queryNames = parameters.filter { $0.location == .query && $0.style != .object }.map { Self.escaped($0.wireName) }
        let parameterViews = parameters.map { parameterView($0, otherQueryNames: queryNames, scope: scope) }
        var initParameters = parameterViews.map {
            InitParameterView(label: $0.plainName, type: $0.type, defaultsToNil: !$0.required, defaultsToEmpty: false)
        }
        let body = requestBodyView(endpoint.requestBody, scope: scope)
        initParameters += body.map { InitParameterView(label: "body", type: $0.type, defaultsToNil: false, defaultsToEmpty: false) }
        let responses = endpoint.responses.map { responseView($0, scope: scope) }
        let source = DocLines.sourceName(endpoint.source)
        var summaryAndDocs = endpoint.summary
        if !endpoint.documentation.isEmpty { summaryAndDocs += (summaryAndDocs.isEmpty ? "" : "\n\n") + endpoint.documentation }
        let availability = endpoint.availability
        return EndpointView(
            name: endpoint.swiftName, access: model.accessLevel.rawValue,
            docLines: docLines(
                summaryAndDocs, remark: source, availability: availability,
                extra: ["- Note: `\(endpoint.route)` (operation `\(endpoint.operationID)`)."]),
            operationID: Self.escaped(endpoint.operationID), group: Self.escaped(endpoint.group),
            method: endpoint.method.memberName, path: Self.escaped(endpoint.path),
            route: endpoint.route,
            security: endpoint.security.map { scheme in
                SecurityView(name: Self.escaped(scheme.name), location: scheme.location.rawValue, parameterName: scheme.parameterName.map { [Self.escaped($0)] } ?? [])
            },
            authenticationOptional: endpoint.authenticationOptional,
            availability: AvailabilityView(
                added: availability.added.map { [Self.escaped($0)] } ?? [], changed: availability.changed.map { Self.escaped($0.version) },
                hasChanged: !availability.changed.isEmpty, deprecated: availability.deprecated,
                hasVersions: availability.added != nil || !availability.changed.isEmpty),
            summary: Self.escaped(endpoint.summary), source: Self.escaped(source),
            parameters: parameterViews, body: body, hasRequestFields: !parameterViews.isEmpty || !body.isEmpty,
            initParameters: initParameters, deprecated: availability.deprecated, responses: responses,
            hasOtherResponses: endpoint.hasResponsesWithoutMatrixError,
            jsonResponses: responses.filter { $0.json && !$0.isRange },
            jsonRangeResponses: responses.filter { $0.json && $0.isRange },
            hasJSONRangeResponses: endpoint.hasJSONStatusRange,
            nested: endpoint.nested.map { declView($0, outer: scope) },
            client: clientView(endpoint, responses: responses, initParameters: initParameters, scope: scope))
    }

    func parameterView(_ parameter: Parameter, otherQueryNames: [String], scope: Scope) -> ParameterView {
        let elementType: String
        switch parameter.type {
        case .array(let element), .map(_, let element): elementType = swiftType(element, scope: scope)
        default: elementType = swiftType(parameter.type, scope: scope)
        }
        let (location, style) = (parameter.location, parameter.style)
        return ParameterView(
            name: Naming.escaped(parameter.swiftName), plainName: parameter.swiftName, wireName: Self.escaped(parameter.wireName),
            docLines: docLines(
                parameter.documentation, availability: parameter.availability,
                extra: ["- Note: Sent as the \(location.rawValue) parameter `\(parameter.wireName)`."]),
            type: swiftType(parameter.type, scope: scope), elementType: elementType, required: parameter.required,
            inPath: location == .path,
            inQuery: location == .query && style != .array && style != .object,
            inQueryArray: location == .query && style == .array,
            inQueryEntries: location == .query && style == .object, excludedNames: otherQueryNames,
            inHeader: location == .header)
    }

    func requestBodyView(_ body: Body?, scope: Scope) -> [RequestBodyView] {
        switch body {
        case .json(let type)?:
            return [RequestBodyView(type: swiftType(type, scope: scope), json: true, media: false, defaultContentType: "")]
        case .media(let contentTypes)?:
            return [RequestBodyView(
                type: "MediaContent", json: false, media: true,
                defaultContentType: Self.escaped(contentTypes.first ?? "application/octet-stream"))]
        default:
            return []
        }
    }

    func responseView(_ response: ResponseModel, scope: Scope) -> ResponseView {
        let label = response.statusClass.map { "HTTP \($0)XX" } ?? "HTTP \(response.status)"
        var view = ResponseView(
            caseName: response.caseName,
            docLines: docLines(response.documentation.isEmpty ? label + "." : label + ": " + response.documentation),
            status: response.status, isRange: response.statusClass != nil, statusClass: response.statusClass ?? 0,
            rangeEnd: response.statusClass.map { $0 * 100 + 100 } ?? response.status,
            hasPayload: true, payloadLabel: "", payloadType: "",
            json: false, media: false, multipartMedia: false, redirect: false, optionalError: false, empty: false,
            carriesMatrixError: response.carriesMatrixError)
        if let statusClass = response.statusClass { view.status = statusClass * 100 }
        switch response.body {
        case .json(let type): (view.json, view.payloadLabel, view.payloadType) = (true, "body", swiftType(type, scope: scope))
        case .media: (view.media, view.payloadLabel, view.payloadType) = (true, "media", "MediaContent")
        case .multipartMedia: (view.multipartMedia, view.payloadLabel, view.payloadType) = (true, "media", "FederationMediaResponse")
        case .redirect: (view.redirect, view.payloadLabel, view.payloadType) = (true, "redirect", "Redirect")
        case .optionalError: (view.optionalError, view.payloadLabel, view.payloadType) = (true, "error", "MatrixError?")
        case .empty: (view.empty, view.hasPayload) = (true, false)
        }
        return view
    }

    /// `extension ClientServerAPIClient { func sync(_:) }`, for the groups whose clients the runtime knows.
    func clientView(_ endpoint: Endpoint, responses: [ResponseView], initParameters: [InitParameterView], scope: Scope) -> [ClientMethodView] {
        guard let group = APIGroup(rawValue: endpoint.group) else { return [] }
        let name = endpoint.swiftName
        var single: [ResponseView] = []
        let returnType: String
        let returns: String
        switch endpoint.clientResult {
        case .payload(let success):
            let view = responses[endpoint.responses.firstIndex(of: success)!]
            single = [view]
            returnType = view.hasPayload && !view.optionalError ? view.payloadType : "Void"
            switch success.body {
            case .json: returns = "The HTTP \(success.status) body."
            case .media: returns = "The content (HTTP \(success.status))."
            case .multipartMedia: returns = "The metadata and content (HTTP \(success.status))."
            case .redirect: returns = "Where the server redirects to (HTTP \(success.status))."
            case .empty, .optionalError: returns = "Nothing (HTTP \(success.status))."
            }
        case .anyResponse:
            returnType = "\(name).Response"
            returns = "The response, whatever its status (the operation documents no success status)."
        case .successResponse:
            returnType = "\(name).Response"
            returns = "The response, one of its success statuses."
        }
        return [ClientMethodView(
            protocolName: group.clientProtocol, deprecated: endpoint.availability.deprecated,
            access: model.accessLevel.rawValue, endpoint: name,
            methodName: Naming.escaped(Naming.lowerFirst(name)),
            defaultRequest: initParameters.allSatisfy { $0.defaultsToNil || $0.defaultsToEmpty },
            returnType: returnType, returnsVoid: returnType == "Void",
            docLines: docLines(
                endpoint.shortSummary + " `\(endpoint.route)`",
                availability: endpoint.availability,
                extra: [
                    "- Returns: \(returns)",
                    "- Throws: `MatrixResponseError` for any other status; the client's errors for transport failures.",
                ]),
            single: single, anyResponse: endpoint.clientResult == .anyResponse,
            someSuccess: endpoint.clientResult == .successResponse)]
    }
}
