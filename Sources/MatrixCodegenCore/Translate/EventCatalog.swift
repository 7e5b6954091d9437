import Foundation

/// The kinds of the event types whose schemas do not say it (`specs/event-kinds.yaml`): event type → kinds, each
/// with where it was read.
struct EventKindTable {
    var kinds: [String: (kinds: [EventKind], location: SourceLocation)] = [:]

    /// Reads `type: [kind, ...]` entries; a malformed entry is an error at its position.
    static func parse(_ root: SpecNode, diagnostics: DiagnosticCollector) -> EventKindTable {
        var table = EventKindTable()
        guard let entries = root.mapping else {
            if !root.isEmptyDocument {
                diagnostics.error("the event kind table must map event types to lists of kinds", at: root.location)
            }
            return table
        }
        let valid = EventKind.allCases.map(\.rawValue).joined(separator: ", ")
        for entry in entries {
            guard let items = entry.value.sequence else {
                diagnostics.error("the kinds of \(entry.key) must be a list (\(valid))", at: entry.value.location)
                continue
            }
            var kinds: [EventKind] = []
            for item in items {
                guard let kind = item.string.flatMap(EventKind.init(rawValue:)) else {
                    diagnostics.error("unknown event kind \"\(item.string ?? "?")\" for \(entry.key) (kinds: \(valid))", at: item.location)
                    continue
                }
                kinds.append(kind)
            }
            table.kinds[entry.key] = (kinds, entry.value.location)
        }
        return table
    }
}

extension SpecNode {
    /// A document with nothing in it (a YAML file of comments only).
    var isEmptyDocument: Bool {
        if case .scalar(let text, _) = kind { return text.isEmpty }
        return false
    }
}

extension Translator {
    static let eventSchemaDirectory = "event-schemas/schema"

    /// Every event schema of `event-schemas/schema` (not its `core-event-schema` bases): its type, kinds, state
    /// key and variant. Files that are not event schemas (no `type`, no core base) are skipped with a warning.
    func catalogEvents(kindTable: EventKindTable, selection: Configuration.Events = Configuration.Events()) -> [EventModel] {
        guard let files = try? store.yamlFiles(in: Self.eventSchemaDirectory) else { return [] }
        // `m.room.message` when `m.room.message$m.text.yaml` exists: its content becomes a sum over the variants.
        let variantBases = Set(files.compactMap { file -> String? in
            let name = file.split(separator: "/").last ?? ""
            return name.contains("$") ? String(name.split(separator: "$")[0]) : nil
        })
        var events: [EventModel] = []
        for file in files {
            let name = file.split(separator: "/").last.map { String($0.dropLast(".yaml".count)) } ?? ""
            let typePart = String(name.split(separator: "$", maxSplits: 1).first ?? "")
            // Unselected types are not translated; a schema whose `type` differs from its file name is judged
            // by its `type` below.
            guard selection.includes(typePart) || (try? store.file(file))?["properties"]?["type"]?["enum"] != nil else { continue }
            if let event = catalogEvent(file, kindTable: kindTable, hasVariants: variantBases.contains(name), selection: selection) {
                events.append(event)
            }
        }
        let known = Set(events.flatMap { [$0.type] + $0.otherTypes })
        for pattern in selection.types ?? [] where !known.contains(where: pattern.matches) {
            diagnostics.warning("the event type selection \(pattern.pattern) matches no event schema", at: pattern.location)
        }
        for (type, entry) in kindTable.kinds.sorted(by: { $0.key < $1.key }) where !known.contains(type) && selection.includes(type) {
            diagnostics.warning("the event kind table lists \(type), which no event schema defines", at: entry.location)
        }
        return events
    }

    func catalogEvent(
        _ file: String, kindTable: EventKindTable, hasVariants: Bool = false,
        selection: Configuration.Events = Configuration.Events()
    ) -> EventModel? {
        let root: SpecNode
        do {
            root = try store.file(file)
        } catch {
            diagnostics.emit(error)
            return nil
        }
        let name = String(file.dropFirst(Self.eventSchemaDirectory.count + 1).dropLast(".yaml".count))
        let typePart = String(name.split(separator: "$", maxSplits: 1).first ?? "")
        let schemaKinds = coreEventKinds(root, file: file)
        let declared = root["properties"]?["type"]?["enum"]?.sequence?.compactMap(\.string) ?? []
        guard schemaKinds != nil || !declared.isEmpty else {
            // A fragment the event schemas share (m.key.verification.m.relates_to.yaml): nothing to say.
            if root["properties"]?["content"] == nil { return nil }
            diagnostics.warning("\(file) is not an event schema (no `type` enum, no core-event-schema base); skipped", at: root.location)
            return nil
        }
        guard let type = declared.first ?? (typePart.contains(".") ? typePart : nil) else {
            diagnostics.error("the event schema gives no type: no enum on `type`, and the file name \(name) names none", at: root.location)
            return nil
        }
        guard selection.includes(type) else { return nil }
        if type != typePart {
            diagnostics.warning("the file name says \(typePart) but `type` is \(type); using \(type)", at: root["properties"]?["type"]?.location ?? root.location)
        }
        var variant: EventModel.Variant?
        if name.contains("$") {
            variant = eventVariant(root, file: file, type: type, value: String(name.split(separator: "$", maxSplits: 1)[1]))
            guard variant != nil else { return nil }
        }
        var kinds = Set(schemaKinds ?? [])
        if let listed = kindTable.kinds[type] { kinds.formUnion(listed.kinds) }
        if kinds.isEmpty && variant == nil {
            diagnostics.warning(
                "the kind of \(type) is not in its schema nor in the event kind table; it is in no per-kind enum",
                at: root.location)
        }
        let title = root["title"]?.string ?? ""
        let contentName = EventModel.contentTypeName(type: type, variantValue: variant?.value, title: title)
        // With variants, the event type's content is the sum (`RoomMessageEventContent`); the base schema's shape
        // is its open case, for values no variant describes (`UnknownRoomMessageEventContent`).
        let sumName = hasVariants && variant == nil ? contentName : nil
        return EventModel(
            type: type, otherTypes: Array(declared.dropFirst()), file: file, kinds: kinds.sorted(),
            stateKey: kinds.contains(.state) ? stateKeyKind(root["properties"]?["state_key"]) : nil, variant: variant,
            title: title, documentation: documentation(root), availability: availability(root),
            location: root.location,
            content: translateEventContent(root, file: file, name: sumName.map { "Unknown" + $0 } ?? contentName),
            variantSum: sumName)
    }

    /// Declares the type of the schema's `content`, named for the event type. A content schema that is a `$ref`
    /// shared by several event types (`m.policy.rule.*`) still gives each event type a type of its own, so that
    /// each can say which event type it is.
    func translateEventContent(_ root: SpecNode, file: String, name: String) -> TypeRef? {
        guard let content = root["properties"]?["content"] else { return nil }
        let pointer = ["properties", "content"]
        var site = Site(node: content, file: file, pointer: pointer)
        if content["$ref"] != nil {
            let wrapper = SpecNode(.mapping([(key: "allOf", value: SpecNode(.sequence([content]), location: content.location))]), location: content.location)
            site = Site(node: wrapper, file: file, pointer: pointer)
        }
        let type = withFile(file) {
            declare(site, owner: .topLevel, candidate: name, fallback: name) { self.buildKind(site, box: $0) }
        }
        // The content's own description is rare; the event's says what the content is for.
        if case .declared(let id) = type, let box = decls[id], box.documentation.isEmpty {
            box.documentation = documentation(root)
            if box.availability == Availability() { box.availability = availability(root) }
        }
        return type
    }

    /// The kinds the schema's `allOf` bases give: state for `state_event.yaml`, message-like for `room_event.yaml`,
    /// none for `event.yaml`; `nil` when it extends no core event schema.
    func coreEventKinds(_ root: SpecNode, file: String) -> [EventKind]? {
        var kinds: [EventKind]?
        for branch in root["allOf"]?.sequence ?? [] {
            guard let ref = branch["$ref"]?.string,
                let resolved = try? store.resolve(ref, in: file, at: branch.location),
                resolved.file.hasPrefix(Self.eventSchemaDirectory + "/core-event-schema/")
            else { continue }
            switch resolved.file.split(separator: "/").last {
            case "state_event.yaml", "sync_state_event.yaml": kinds = (kinds ?? []) + [.state]
            case "room_event.yaml", "sync_room_event.yaml", "call_event.yaml": kinds = (kinds ?? []) + [.messageLike]
            default: kinds = kinds ?? []
            }
        }
        return kinds
    }

    /// `m.room.message$m.text.yaml`: the content property fixed to `m.text` (`msgtype`) selects the variant; the
    /// base schema must exist.
    func eventVariant(_ root: SpecNode, file: String, type: String, value: String) -> EventModel.Variant? {
        let baseFile = "\(Self.eventSchemaDirectory)/\(type).yaml"
        guard (try? store.file(baseFile)) != nil else {
            diagnostics.error("\(file) is a variant of \(type), whose schema \(baseFile) does not exist", at: root.location)
            return nil
        }
        let properties = root["properties"]?["content"]?["properties"]?.mapping ?? []
        guard let key = properties.first(where: { $0.value["enum"]?.sequence?.compactMap(\.string) == [value] })?.key else {
            diagnostics.warning("no content property of \(file) is fixed to \(value), so nothing selects this variant; skipped", at: root.location)
            return nil
        }
        return EventModel.Variant(key: key, value: value, baseFile: baseFile)
    }

    /// `pattern: '^$'` (or a description of a zero-length string): empty; a description naming the user ID: the
    /// user; anything else: any string.
    func stateKeyKind(_ node: SpecNode?) -> StateKeyKind {
        let description = node?["description"]?.string?.lowercased() ?? ""
        if node?["pattern"]?.string == "^$" || description.contains("zero-length") { return .empty }
        if node?["format"]?.string == MatrixFormat.userID.rawValue || description.contains("`user_id`") || description.contains("user id") {
            return .userID
        }
        return .any
    }
}
