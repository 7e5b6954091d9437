import Foundation

/// Builds the view models of one module from the API model: Swift names and type names, documentation lines
/// and flags. What a thing means (which response a client method returns, which parameters a request has)
/// comes from the model; how it is written comes from the templates.
struct ViewModelBuilder {
    let model: APIModel
    let module: ModuleModel
    /// Every declaration of every module, by id.
    let declsByID: [String: TypeDecl]
    /// Module of each declaration, to qualify names that a nested type shadows.
    let moduleOfDecl: [String: String]
    /// Whether views carry documentation lines (the Swift surface of `diff` needs none).
    let documented: Bool

    init(model: APIModel, module: ModuleModel, documented: Bool = true) {
        self.model = model
        self.module = module
        self.documented = documented
        var decls: [String: TypeDecl] = [:]
        var modules: [String: String] = [:]
        for (decl, module) in model.allDecls {
            decls[decl.id] = decl
            modules[decl.id] = module.name
        }
        declsByID = decls
        moduleOfDecl = modules
    }

    func docLines(_ text: String, remark: String? = nil, availability: Availability? = nil, extra: [String] = []) -> [String] {
        documented ? DocLines.make(text, remark: remark, availability: availability, extra: extra) : []
    }

    // MARK: Type names

    /// The type names visible inside a declaration, by simple name: each enclosing declaration's own name and
    /// the names of its nested types, inner ones winning. Values are qualified names.
    typealias Scope = [String: String]

    static func scope(entering qualifiedName: String, simpleName: String, nested: [TypeDecl], from outer: Scope) -> Scope {
        var scope = outer
        scope[simpleName] = qualifiedName
        for child in nested { scope[child.swiftName] = child.qualifiedName }
        return scope
    }

    /// The Swift name of a type reference, seen from inside `scope`.
    func swiftType(_ ref: TypeRef, scope: Scope = [:]) -> String {
        switch ref {
        case .builtin(let type): return type.swiftName
        case .array(let element): return "[\(swiftType(element, scope: scope))]"
        case .map(let key, let value): return "[\(swiftType(key, scope: scope)): \(swiftType(value, scope: scope))]"
        case .nullable(let wrapped): return "Nullable<\(swiftType(wrapped, scope: scope))>"
        case .raw(let event): return "Raw<\(swiftType(event, scope: scope))>"
        case .declared(let id):
            guard let decl = declsByID[id] else { return RuntimeType.jsonValue.swiftName }
            let name = decl.qualifiedName
            let first = String(name.split(separator: ".").first ?? "")
            // A nested or enclosing type of the same name as the reference's outermost type would shadow it
            // here: qualify with the module.
            if let visible = scope[first], visible != first, let module = moduleOfDecl[id] { return module + "." + name }
            return name
        }
    }

    func isBoxed(_ ref: TypeRef) -> Bool {
        switch ref {
        case .declared(let id): return declsByID[id]?.isRecursive ?? false
        case .nullable(let wrapped): return isBoxed(wrapped)
        default: return false
        }
    }

    // MARK: Declarations

    func declView(_ decl: TypeDecl, outer: Scope = [:]) -> DeclView {
        let scope = Self.scope(entering: decl.qualifiedName, simpleName: decl.swiftName, nested: decl.nested, from: outer)
        var view = DeclView(
            name: decl.swiftName, qualifiedName: decl.qualifiedName,
            access: outer.isEmpty ? model.accessLevel.rawValue : AccessLevel.public.rawValue,
            docLines: docLines(decl.documentation, remark: DocLines.sourceName(decl.id), availability: decl.availability),
            indirect: decl.isRecursive, nested: decl.nested.map { declView($0, outer: scope) },
            object: [], openEnum: [], sum: [], tuple: [], alias: [])
        switch decl.kind {
        case .object(let fields, let patternMaps, let additional, let keepsUnknown):
            view.object = [objectView(fields: fields, patternMaps: patternMaps, additional: additional, keepsUnknown: keepsUnknown, scope: scope)]
        case .openEnum(let values):
            view.openEnum = [EnumView(values: values.map {
                EnumValueView(name: Naming.escaped($0.swiftName), plainName: $0.swiftName, value: Self.escaped($0.value))
            })]
        case .sum(let variants):
            let views = variants.map { variantView($0.swiftName, $0.type, scope: scope) }
            let order = variants.indices.sorted { (variants[$0].jsonKind, $0) < (variants[$1].jsonKind, $1) }
            view.sum = [SumView(
                variants: views, decodeOrder: order.map { views[$0] },
                parameterValue: decl.kind.isParameterValue { declsByID[$0]?.kind })]
        case .tuple(let elements):
            view.tuple = [TupleView(elements: elements.map { variantView($0.swiftName, $0.type, scope: scope) }, count: elements.count)]
        case .alias(let target):
            view.alias = [AliasView(target: swiftType(target))]
        }
        return view
    }

    /// `.mText` for a reference to an enum of one value (`msgtype` of `m.room.message$m.text`), which is then the
    /// field's only sensible value.
    func onlyValue(of type: TypeRef) -> String? {
        guard case .declared(let id) = type, case .openEnum(let values)? = declsByID[id]?.kind, values.count == 1 else { return nil }
        return "." + Naming.escaped(values[0].swiftName)
    }

    func variantView(_ name: String, _ type: TypeRef, scope: Scope) -> VariantView {
        VariantView(name: Naming.escaped(name), plainName: name, type: swiftType(type, scope: scope))
    }

    func objectView(fields: [Field], patternMaps: [PatternMap], additional: TypeRef?, keepsUnknown: Bool, scope: Scope) -> ObjectView {
        let fieldViews = fields.map { fieldView($0, scope: scope) }
        var initParameters = zip(fields, fieldViews).map { field, view in
            InitParameterView(
                label: view.plainName, type: view.type, defaultsToNil: !view.required, defaultsToEmpty: false,
                defaultValue: field.required ? onlyValue(of: field.type).map { [$0] } ?? [] : [])
        }
        let mapViews = patternMaps.map { map in
            PatternMapView(
                name: Naming.escaped(map.swiftName), plainName: map.swiftName,
                type: swiftType(.map(key: map.keyType, value: map.valueType), scope: scope),
                pattern: Self.escaped(map.pattern),
                docLines: docLines(map.documentation.isEmpty ? "Entries whose keys match `\(map.pattern)`." : map.documentation))
        }
        initParameters += mapViews.map { InitParameterView(label: $0.plainName, type: $0.type, defaultsToNil: false, defaultsToEmpty: true) }
        let additionalViews = additional.map { [MapView(type: swiftType(.map(key: .builtin(.string), value: $0), scope: scope))] } ?? []
        initParameters += additionalViews.map { InitParameterView(label: "additionalProperties", type: $0.type, defaultsToNil: false, defaultsToEmpty: true) }
        if keepsUnknown {
            initParameters.append(InitParameterView(label: "additionalFields", type: RuntimeType.jsonObject.swiftName, defaultsToNil: false, defaultsToEmpty: true))
        }
        // Fields that keep an explicit null themselves; other declared keys sent as null go to additionalFields.
        let nullableKeys = fields.filter { field in
            if case .nullable = field.type, !isBoxed(field.type) { return true }
            return false
        }.map { Self.escaped($0.wireName) }
        return ObjectView(
            fields: fieldViews, hasFields: !fields.isEmpty, patternMaps: mapViews, additional: additionalViews,
            keepsUnknown: keepsUnknown, usesRemainder: !patternMaps.isEmpty || additional != nil || keepsUnknown,
            nullableKeys: nullableKeys, hasNullableKeys: !nullableKeys.isEmpty, initParameters: initParameters)
    }

    func fieldView(_ field: Field, scope: Scope) -> FieldView {
        let boxed = isBoxed(field.type)
        let deprecated = field.availability.deprecated
        let name = Naming.escaped(field.swiftName)
        return FieldView(
            name: name, plainName: field.swiftName, wireName: Self.escaped(field.wireName),
            docLines: docLines(field.documentation, availability: field.availability),
            type: swiftType(field.type, scope: scope), required: field.required, boxed: boxed, deprecated: deprecated,
            hasStorage: boxed || deprecated, storageName: boxed || deprecated ? "_" + field.swiftName : name)
    }

    // MARK: Files

    func fileView(_ file: FileModel) -> FileView {
        FileView(
            specVersion: model.specVersion, specFile: file.specFile, imports: module.dependencies,
            types: file.types.map { declView($0) }, endpoints: file.endpoints.map(endpointView),
            events: eventViews(model.events.filter { $0.file == file.specFile }))
    }

    func moduleView() -> ModuleView {
        var schemas: [SchemaView] = []
        func collect(_ decl: TypeDecl) {
            if !decl.examples.isEmpty { schemas.append(SchemaView(source: Self.escaped(DocLines.sourceName(decl.id)), type: decl.qualifiedName)) }
            decl.nested.forEach(collect)
        }
        for file in module.files {
            file.types.forEach(collect)
            file.endpoints.forEach { $0.nested.forEach(collect) }
        }
        let registryName = module.name + "Registry"
        let files = Set(module.files.map(\.specFile))
        let moduleEvents = eventViews(model.events.filter { files.contains($0.file) })
        return ModuleView(
            specVersion: model.specVersion, moduleName: module.name, registryName: registryName,
            access: model.accessLevel.rawValue, group: module.group.map { [Self.escaped($0)] } ?? [],
            imports: module.dependencies,
            operations: module.endpoints.map { OperationView(endpoint: $0.swiftName, hasJSONStatusRange: $0.hasJSONStatusRange) },
            schemas: schemas, handlers: handlerViews(registryName: registryName),
            events: moduleEvents, hasEvents: !moduleEvents.isEmpty,
            kindEnums: moduleEvents.isEmpty ? [] : kindEnumViews(model.events.filter { files.contains($0.file) }),
            typedSending: typedSendingViews())
    }

    /// A handler protocol and a route table per API group of the module.
    func handlerViews(registryName: String) -> [HandlerView] {
        let groups = Dictionary(grouping: module.endpoints, by: \.group)
        return groups.keys.sorted().compactMap { group in
            guard let api = APIGroup(rawValue: group) else { return nil }
            return HandlerView(
                group: group, protocolName: api.handlerProtocol, routesName: api.routesName, registryName: registryName,
                access: model.accessLevel.rawValue,
                methods: groups[group]!.map { endpoint in
                    HandlerMethodView(
                        endpoint: endpoint.swiftName, methodName: Naming.escaped(Naming.lowerFirst(endpoint.swiftName)),
                        docLines: docLines(endpoint.shortSummary + " `\(endpoint.route)`", availability: endpoint.availability))
                })
        }
    }

    /// Text for between the quotes of a Swift string literal.
    static func escaped(_ text: String) -> String {
        String(StringEscaping.quoted(text) { "\\u{\(String($0, radix: 16))}" }.dropFirst().dropLast())
    }
}

/// Documentation comment lines (without the `///`): the text, then the notes (since, changed, deprecated,
/// where it was generated from).
enum DocLines {
    static func make(_ text: String, remark: String? = nil, availability: Availability? = nil, extra: [String] = []) -> [String] {
        var lines = text.isEmpty ? [] : Self.lines(text)
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
            if !lines.isEmpty { lines.append("") }
            lines += notes
        }
        return lines
    }

    /// `text` split at each `Character` `"\n"`, scanning its UTF-8: at every LF byte that does not end a CRLF
    /// (a CRLF is one `Character`, which splitting the `String` left whole).
    static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var previous: UInt8 = 0
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") {
                lines.append(String(text[start..<index]))
                start = utf8.index(after: index)
            }
            previous = byte
            index = utf8.index(after: index)
        }
        lines.append(String(text[start...]))
        return lines
    }

    static func sourceName(_ id: String) -> String {
        id.hasPrefix("api/") ? String(id.dropFirst(4)) : id
    }
}
