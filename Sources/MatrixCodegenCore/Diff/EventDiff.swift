/// Changes to the event types themselves: added, removed, their kinds, state keys and content variants. Their
/// content fields are compared as the events module's named types (`RoomTopicEventContent.topic`), with the
/// same rules as any type.
extension DiffBuilder {
    mutating func compareEvents() {
        let oldEvents = Self.eventTypes(old), newEvents = Self.eventTypes(new)
        for type in Set(newEvents.keys).subtracting(oldEvents.keys).sorted() {
            let event = newEvents[type]!
            addEvent(type, .eventAdded, .additive, [], new: event.file, message: "\(type) added (\(symbols(type, in: new)))")
        }
        for type in Set(oldEvents.keys).subtracting(newEvents.keys).sorted() {
            let event = oldEvents[type]!
            addEvent(type, .eventRemoved, .breaking, [.clients, .servers], old: event.file, message: "\(type) removed (\(symbols(type, in: old)))")
        }
        for type in Set(oldEvents.keys).intersection(newEvents.keys).sorted() {
            compareEvent(old: oldEvents[type]!, new: newEvents[type]!, variants: (Self.variants(type, old), Self.variants(type, new)))
        }
    }

    mutating func compareEvent(old before: EventModel, new after: EventModel, variants: (old: Set<String>, new: Set<String>)) {
        let type = after.type
        if before.kinds != after.kinds {
            let (was, now) = (before.kinds.map(\.rawValue).joined(separator: ", "), after.kinds.map(\.rawValue).joined(separator: ", "))
            // A kind lost takes the type out of that kind's enum; a kind gained only adds a case.
            let lost = !Set(before.kinds).isSubset(of: after.kinds)
            addEvent(
                type, .eventKindsChanged, lost ? .breaking : .additive, lost ? [.clients] : [], old: was, new: now,
                message: "kinds changed from [\(was)] to [\(now)]")
        }
        if before.stateKey != after.stateKey {
            let (was, now) = (before.stateKey?.rawValue ?? "none", after.stateKey?.rawValue ?? "none")
            addEvent(type, .stateKeyChanged, .breaking, [.clients, .servers], old: was, new: now, message: "state key changed from \(was) to \(now)")
        }
        for value in variants.new.subtracting(variants.old).sorted() {
            addEvent(type, .variantAdded, .additive, [], new: value, message: "variant \(value) added (a new case of \(after.variantSum ?? type))")
        }
        for value in variants.old.subtracting(variants.new).sorted() {
            addEvent(
                type, .variantRemoved, .breaking, [.clients], old: value,
                message: "variant \(value) removed (its case of \(before.variantSum ?? type) is gone; the content decodes as unknown)")
        }
    }

    /// The event types of a model, by type (variants apart).
    static func eventTypes(_ model: APIModel) -> [String: EventModel] {
        Dictionary(model.events.filter { $0.variant == nil }.map { ($0.type, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func variants(_ type: String, _ model: APIModel) -> Set<String> {
        Set(model.events.filter { $0.type == type }.compactMap(\.variant?.value))
    }

    /// The Swift symbols an event type has: its content type and its cases in the per-kind enums.
    func symbols(_ type: String, in model: APIModel) -> String {
        guard let event = model.events.first(where: { $0.type == type && $0.variant == nil }) else { return "" }
        let content: String?
        if let sum = event.variantSum {
            content = sum
        } else if case .declared(let id)? = event.content {
            content = model.allDecls.first { $0.decl.id == id }?.decl.qualifiedName
        } else {
            content = nil
        }
        let member = ViewModelBuilder.memberName(forType: type)
        let enums = KindEnumSpec.all.filter { spec in spec.envelopes.contains { event.kinds.contains($0.kind) } }.map { "\($0.name).\(member)" }
        return ([content].compactMap { $0 } + enums).joined(separator: ", ")
    }

    mutating func addEvent(
        _ type: String, _ kind: SpecChange.Kind, _ classification: SpecChange.Classification, _ breaks: [SpecChange.Party],
        old: String? = nil, new: String? = nil, message: String
    ) {
        changes.append(SpecChange(
            group: SpecChange.eventsGroup, subjectKind: .event, subject: type, endpoint: nil, kind: kind, location: nil,
            old: old, new: new, classification: classification, breaks: breaks, usedBy: [], message: message))
    }
}
