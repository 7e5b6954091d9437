import Foundation

/// The per-kind event enums: which kinds each holds and the envelope its events come in.
struct KindEnumSpec {
    var name: String
    var summary: String
    /// Event kinds in the enum, each with the runtime envelope of its events (`StateEvent`).
    var envelopes: [(kind: EventKind, envelope: String)]
    var redactable: Bool

    static let all: [KindEnumSpec] = [
        KindEnumSpec(
            name: "AnyTimelineEvent", summary: "An event of a room's timeline: message-like or state (sync's `timeline`, `/messages`, `/context`).",
            envelopes: [(.messageLike, "MessageLikeEvent"), (.state, "StateEvent")], redactable: true),
        KindEnumSpec(
            name: "AnyMessageLikeEvent", summary: "A message-like room event.",
            envelopes: [(.messageLike, "MessageLikeEvent")], redactable: true),
        KindEnumSpec(
            name: "AnyStateEvent", summary: "A room state event (sync's `state`, `/rooms/{roomId}/state`).",
            envelopes: [(.state, "StateEvent")], redactable: true),
        KindEnumSpec(
            name: "AnyStrippedStateEvent", summary: "A stripped state event (sync's `invite_state` and `knock_state`).",
            envelopes: [(.state, "StrippedStateEvent")], redactable: false),
        KindEnumSpec(
            name: "AnyEphemeralEvent", summary: "An ephemeral event (sync's `ephemeral`: typing, receipts; `presence`).",
            envelopes: [(.ephemeral, "EphemeralEvent")], redactable: false),
        KindEnumSpec(
            name: "AnyGlobalAccountDataEvent", summary: "Global account data (sync's top-level `account_data`).",
            envelopes: [(.globalAccountData, "AccountDataEvent")], redactable: false),
        KindEnumSpec(
            name: "AnyRoomAccountDataEvent", summary: "Account data of a room (sync's `account_data` of a room).",
            envelopes: [(.roomAccountData, "AccountDataEvent")], redactable: false),
        KindEnumSpec(
            name: "AnyToDeviceEvent", summary: "An event sent to a device (sync's `to_device`).",
            envelopes: [(.toDevice, "ToDeviceEvent")], redactable: false),
    ]
}

extension ViewModelBuilder {
    /// The Swift type of an event type's content: the sum over its variants, else its declared type; `nil` when
    /// the content is not an object or a sum (an alias of a map or a scalar), which cannot say its event type.
    func eventContentType(_ event: EventModel) -> String? {
        guard case .declared(let id)? = event.content, let decl = declsByID[id] else { return nil }
        if case .alias = decl.kind { return nil }
        return event.variantSum ?? decl.qualifiedName
    }

    /// Conformances of the event content types to the runtime's protocols, and the sums over variants.
    func eventViews(_ events: [EventModel]) -> [EventView] {
        events.compactMap { event in
            guard let contentType = eventContentType(event) else { return nil }
            return EventView(
                contentType: contentType, eventType: Self.escaped(event.type), kinds: event.kinds.map(\.rawValue),
                stateKey: event.stateKey.map { [$0.rawValue] } ?? [],
                variant: event.variant.map { [EventVariantView(key: Self.escaped($0.key), value: Self.escaped($0.value))] } ?? [],
                sum: event.variantSum.map { [sumView(event, name: $0)] } ?? [],
                source: Self.escaped(event.file))
        }
    }

    /// `case text(TextMessageEventContent)` for each variant of the event type, chosen by its key's value.
    func sumView(_ event: EventModel, name: String) -> EventSumView {
        let variants = model.events.filter { $0.variant?.baseFile == event.file }
        var taken: Set<String> = ["unknown"]
        let cases = variants.compactMap { variant -> EventCaseView? in
            guard let value = variant.variant?.value, let type = eventContentType(variant) else { return nil }
            let caseName = Naming.unique(Self.memberName(forType: value), in: &taken)
            return EventCaseView(name: Naming.escaped(caseName), value: Self.escaped(value), otherValues: "", type: type)
        }
        let unknownType: String
        if case .declared(let id)? = event.content, let decl = declsByID[id] { unknownType = decl.qualifiedName } else { unknownType = "JSONObject" }
        return EventSumView(
            name: name, docLines: docLines(event.documentation, remark: DocLines.sourceName(event.file), availability: event.availability),
            key: Self.escaped(variants.first?.variant?.key ?? ""), cases: cases, unknownType: unknownType)
    }

    /// `roomMessage` for `m.room.message`, `text` for `m.text`, `comExampleGreeting` for `com.example.greeting`.
    static func memberName(forType type: String) -> String {
        Naming.memberName(type.hasPrefix("m.") ? String(type.dropFirst(2)) : type)
    }

    /// One enum per kind group, with a case per event type of its kinds.
    func kindEnumViews(_ events: [EventModel]) -> [KindEnumView] {
        let typed = events.filter { $0.variant == nil }.compactMap { event in eventContentType(event).map { (event, $0) } }
        return KindEnumSpec.all.map { spec in
            var taken: Set<String> = ["unknown", "redacted", "type"]
            var cases: [EventCaseView] = []
            for (event, contentType) in typed {
                guard let envelope = spec.envelopes.first(where: { event.kinds.contains($0.kind) })?.envelope else { continue }
                let caseName = Naming.unique(Self.memberName(forType: event.type), in: &taken)
                cases.append(EventCaseView(
                    name: Naming.escaped(caseName), value: Self.escaped(event.type),
                    otherValues: event.otherTypes.map { ", \"\(Self.escaped($0))\"" }.joined(),
                    type: "\(envelope)<\(contentType)>"))
            }
            return KindEnumView(name: spec.name, summary: spec.summary, cases: cases, redactable: spec.redactable)
        }
    }
}

/// Typed sending of event contents through the client-server API's generic operations: the event type comes
/// from the content type. Each helper is emitted only when its operation exists with the request shape it calls
/// (a later spec that reshapes one loses the helper, not the build).
struct TypedSendingSpec {
    var operationID: String
    /// The Swift names of the request's parameters, in order, and whether it has a `JSONObject` body.
    var parameters: [String]
    var flag: WritableKeyPath<TypedSendingView, Bool>

    nonisolated(unsafe) static let all: [TypedSendingSpec] = [
        TypedSendingSpec(operationID: "sendMessage", parameters: ["roomID", "eventType", "txnID"], flag: \.sendMessage),
        TypedSendingSpec(operationID: "setRoomStateWithKey", parameters: ["roomID", "eventType", "stateKey"], flag: \.setState),
        TypedSendingSpec(operationID: "setAccountData", parameters: ["userID", "type"], flag: \.setAccountData),
        TypedSendingSpec(operationID: "setAccountDataPerRoom", parameters: ["userID", "roomID", "type"], flag: \.setRoomAccountData),
    ]
}

extension ViewModelBuilder {
    /// Which typed-sending helpers the module's client protocol gets.
    func typedSendingViews() -> [TypedSendingView] {
        guard let api = module.group.flatMap(APIGroup.init(rawValue:)), api == .clientServer else { return [] }
        var view = TypedSendingView(clientProtocol: api.clientProtocol)
        for spec in TypedSendingSpec.all {
            guard let endpoint = module.endpoints.first(where: { $0.operationID == spec.operationID }),
                endpoint.parameters.map(\.swiftName) == spec.parameters,
                endpoint.requestBody == .json(.builtin(.jsonObject))
            else { continue }
            view[keyPath: spec.flag] = true
        }
        return view.any ? [view] : []
    }
}
