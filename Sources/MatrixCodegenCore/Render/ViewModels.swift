import Foundation
import VendoredMustache

/// A view model: the templates read its properties by name through `keys` (swift-mustache would otherwise use
/// reflection for every lookup, ten times slower). A test checks that `keys` names every stored property.
/// The table holds closures rather than key paths: reading through a `PartialKeyPath` boxes each value and
/// instantiates generic metadata, which showed in the render's profile.
protocol TemplateView: MustacheParent {
    static var keys: [String: @Sendable (Self) -> Any] { get }
}

extension TemplateView {
    func child(named name: String) -> Any? {
        Self.keys[name].map { $0(self) }
    }

    var keyNames: Set<String> { Set(Self.keys.keys) }
}

// The values the Mustache templates read (`Templates/README.md` lists which template reads which). They hold
// facts — names, Swift type names, wire names, statuses, documentation lines, flags — and never Swift
// statements: the syntax lives in the templates.
//
// Conventions, because Mustache looks a missing key up in the enclosing values:
// - every view has every key its template reads (no optionals, which would let the lookup climb);
// - a list that holds at most one value is a section the template renders when the value is present
//   (`object`, `client`, `body`);
// - text that goes between quotes in Swift is already escaped for a string literal (`wireName`, `pattern`).

/// One generated Swift file of an API group (`file.mustache`).
struct FileView: TemplateView {
    var specVersion: String
    var specFile: String
    var imports: [String]
    var types: [DeclView]
    var endpoints: [EndpointView]
    /// The event content types of the file, with the event type they are the content of.
    var events: [EventView]

    static let keys: [String: @Sendable (Self) -> Any] = [
        "specVersion": { $0.specVersion }, "specFile": { $0.specFile }, "imports": { $0.imports }, "types": { $0.types },
        "endpoints": { $0.endpoints }, "events": { $0.events },
    ]
}

/// A declared type (`decl.mustache`, which picks the template of its kind).
struct DeclView: TemplateView {
    var name: String
    var qualifiedName: String
    var access: String
    var docLines: [String]
    /// Recursive through a sum's case: `indirect enum`.
    var indirect: Bool
    var nested: [DeclView]
    var object: [ObjectView]
    var openEnum: [EnumView]
    var sum: [SumView]
    var tuple: [TupleView]
    var alias: [AliasView]

    static let keys: [String: @Sendable (Self) -> Any] = [
        "name": { $0.name }, "qualifiedName": { $0.qualifiedName }, "access": { $0.access }, "docLines": { $0.docLines },
        "indirect": { $0.indirect }, "nested": { $0.nested }, "object": { $0.object }, "openEnum": { $0.openEnum }, "sum": { $0.sum },
        "tuple": { $0.tuple }, "alias": { $0.alias },
    ]
}

/// A parameter of a generated initializer, with the default that makes it optional to pass.
struct InitParameterView: TemplateView {
    var label: String
    var type: String
    /// `type? = nil`.
    var defaultsToNil: Bool
    /// `type = [:]`.
    var defaultsToEmpty: Bool
    /// `type = .mText`: a required field whose enum has one value (a variant's `msgtype`).
    var defaultValue: [String] = []

    static let keys: [String: @Sendable (Self) -> Any] = [
        "label": { $0.label }, "type": { $0.type }, "defaultsToNil": { $0.defaultsToNil }, "defaultsToEmpty": { $0.defaultsToEmpty },
        "defaultValue": { $0.defaultValue },
    ]
}

/// `object.mustache`: a struct with coding keys and the unknown keys it keeps.
struct ObjectView: TemplateView {
    var fields: [FieldView]
    var hasFields: Bool
    var patternMaps: [PatternMapView]
    /// The typed `additionalProperties` map.
    var additional: [MapView]
    var keepsUnknown: Bool
    /// Whether decoding reads the keys the coding keys do not name.
    var usesRemainder: Bool
    /// Declared keys whose explicit `null` the field itself keeps.
    var nullableKeys: [String]
    var hasNullableKeys: Bool
    var initParameters: [InitParameterView]

    static let keys: [String: @Sendable (Self) -> Any] = [
        "fields": { $0.fields }, "hasFields": { $0.hasFields }, "patternMaps": { $0.patternMaps }, "additional": { $0.additional },
        "keepsUnknown": { $0.keepsUnknown }, "usesRemainder": { $0.usesRemainder }, "nullableKeys": { $0.nullableKeys },
        "hasNullableKeys": { $0.hasNullableKeys }, "initParameters": { $0.initParameters },
    ]
}

struct FieldView: TemplateView {
    /// The property's name, escaped where it is a keyword.
    var name: String
    /// The initializer's argument label.
    var plainName: String
    var wireName: String
    var docLines: [String]
    /// The property's type, without the `?` of an optional field.
    var type: String
    var required: Bool
    /// Stored in an `Indirect` box, because the type contains itself.
    var boxed: Bool
    var deprecated: Bool
    /// Whether the property is computed over a private stored one (boxed, or deprecated so that the
    /// coding does not warn).
    var hasStorage: Bool
    var storageName: String

    static let keys: [String: @Sendable (Self) -> Any] = [
        "name": { $0.name }, "plainName": { $0.plainName }, "wireName": { $0.wireName }, "docLines": { $0.docLines }, "type": { $0.type },
        "required": { $0.required }, "boxed": { $0.boxed }, "deprecated": { $0.deprecated }, "hasStorage": { $0.hasStorage },
        "storageName": { $0.storageName },
    ]
}

struct PatternMapView: TemplateView {
    var name: String
    var plainName: String
    var type: String
    var pattern: String
    var docLines: [String]

    static let keys: [String: @Sendable (Self) -> Any] = [
        "name": { $0.name }, "plainName": { $0.plainName }, "type": { $0.type }, "pattern": { $0.pattern }, "docLines": { $0.docLines },
    ]
}

struct MapView: TemplateView {
    var type: String

    static let keys: [String: @Sendable (Self) -> Any] = [
        "type": { $0.type },
    ]
}

/// `enum.mustache`: an open string enumeration.
struct EnumView: TemplateView {
    var values: [EnumValueView]

    static let keys: [String: @Sendable (Self) -> Any] = [
        "values": { $0.values },
    ]
}

struct EnumValueView: TemplateView {
    var name: String
    var plainName: String
    var value: String

    static let keys: [String: @Sendable (Self) -> Any] = [
        "name": { $0.name }, "plainName": { $0.plainName }, "value": { $0.value },
    ]
}

/// `sum.mustache`: an enum over several JSON shapes.
struct SumView: TemplateView {
    var variants: [VariantView]
    /// The variants in the order decoding tries them (narrow JSON kinds first).
    var decodeOrder: [VariantView]
    /// Every variant reads and writes itself as an HTTP parameter.
    var parameterValue: Bool

    static let keys: [String: @Sendable (Self) -> Any] = [
        "variants": { $0.variants }, "decodeOrder": { $0.decodeOrder }, "parameterValue": { $0.parameterValue },
    ]
}

struct VariantView: TemplateView {
    var name: String
    var plainName: String
    var type: String

    static let keys: [String: @Sendable (Self) -> Any] = [
        "name": { $0.name }, "plainName": { $0.plainName }, "type": { $0.type },
    ]
}

/// `tuple.mustache`: a fixed-length JSON array.
struct TupleView: TemplateView {
    var elements: [VariantView]
    var count: Int

    static let keys: [String: @Sendable (Self) -> Any] = [
        "elements": { $0.elements }, "count": { $0.count },
    ]
}

/// `alias.mustache`.
struct AliasView: TemplateView {
    var target: String

    static let keys: [String: @Sendable (Self) -> Any] = [
        "target": { $0.target },
    ]
}

/// `endpoint.mustache`: an operation's namespace with its request, response, coding and client method.
struct EndpointView: TemplateView {
    var name: String
    var access: String
    var docLines: [String]
    var operationID: String
    var group: String
    /// `get`, `put`, ...: the member of `HTTPRequest.Method`.
    var method: String
    var path: String
    /// `GET /_matrix/client/v3/sync`, for documentation.
    var route: String
    var security: [SecurityView]
    var authenticationOptional: Bool
    var availability: AvailabilityView
    var summary: String
    var source: String
    var parameters: [ParameterView]
    var body: [RequestBodyView]
    var hasRequestFields: Bool
    var initParameters: [InitParameterView]
    var deprecated: Bool
    var responses: [ResponseView]
    /// Whether some documented response carries no `MatrixError`.
    var hasOtherResponses: Bool
    /// Exact statuses with a JSON body, for the registry's codecs.
    var jsonResponses: [ResponseView]
    /// Status ranges with a JSON body.
    var jsonRangeResponses: [ResponseView]
    var hasJSONRangeResponses: Bool
    var nested: [DeclView]
    var client: [ClientMethodView]

    static let keys: [String: @Sendable (Self) -> Any] = [
        "name": { $0.name }, "access": { $0.access }, "docLines": { $0.docLines }, "operationID": { $0.operationID }, "group": { $0.group },
        "method": { $0.method }, "path": { $0.path }, "route": { $0.route }, "security": { $0.security },
        "authenticationOptional": { $0.authenticationOptional }, "availability": { $0.availability }, "summary": { $0.summary },
        "source": { $0.source }, "parameters": { $0.parameters }, "body": { $0.body }, "hasRequestFields": { $0.hasRequestFields },
        "initParameters": { $0.initParameters }, "deprecated": { $0.deprecated }, "responses": { $0.responses },
        "hasOtherResponses": { $0.hasOtherResponses }, "jsonResponses": { $0.jsonResponses },
        "jsonRangeResponses": { $0.jsonRangeResponses }, "hasJSONRangeResponses": { $0.hasJSONRangeResponses },
        "nested": { $0.nested }, "client": { $0.client },
    ]
}

struct SecurityView: TemplateView {
    var name: String
    /// The member of the runtime's `SecurityScheme.Location`.
    var location: String
    var parameterName: [String]

    static let keys: [String: @Sendable (Self) -> Any] = [
        "name": { $0.name }, "location": { $0.location }, "parameterName": { $0.parameterName },
    ]
}

struct AvailabilityView: TemplateView {
    var added: [String]
    var changed: [String]
    var hasChanged: Bool
    var deprecated: Bool
    /// `added` or `changed` is present (so `deprecated` follows a comma).
    var hasVersions: Bool

    static let keys: [String: @Sendable (Self) -> Any] = [
        "added": { $0.added }, "changed": { $0.changed }, "hasChanged": { $0.hasChanged }, "deprecated": { $0.deprecated },
        "hasVersions": { $0.hasVersions },
    ]
}

/// A path, query or header parameter, read on the server side and written by the client.
struct ParameterView: TemplateView {
    var name: String
    var plainName: String
    var wireName: String
    var docLines: [String]
    /// The property's type, without the `?` of an optional parameter.
    var type: String
    /// The type of one value (of the array's or map's elements for repeated or spread parameters).
    var elementType: String
    var required: Bool
    var inPath: Bool
    /// A single query value.
    var inQuery: Bool
    /// A repeated query parameter (`?a=1&a=2`).
    var inQueryArray: Bool
    /// Query entries spread as separate parameters; `excludedNames` are the operation's other query parameters.
    var inQueryEntries: Bool
    var excludedNames: [String]
    var inHeader: Bool

    static let keys: [String: @Sendable (Self) -> Any] = [
        "name": { $0.name }, "plainName": { $0.plainName }, "wireName": { $0.wireName }, "docLines": { $0.docLines }, "type": { $0.type },
        "elementType": { $0.elementType }, "required": { $0.required }, "inPath": { $0.inPath }, "inQuery": { $0.inQuery },
        "inQueryArray": { $0.inQueryArray }, "inQueryEntries": { $0.inQueryEntries }, "excludedNames": { $0.excludedNames },
        "inHeader": { $0.inHeader },
    ]
}

struct RequestBodyView: TemplateView {
    var type: String
    var json: Bool
    var media: Bool
    var defaultContentType: String

    static let keys: [String: @Sendable (Self) -> Any] = [
        "type": { $0.type }, "json": { $0.json }, "media": { $0.media }, "defaultContentType": { $0.defaultContentType },
    ]
}

struct ResponseView: TemplateView {
    var caseName: String
    var docLines: [String]
    /// The exact status, or the first of the range.
    var status: Int
    /// `4XX`: the case carries the status it was sent with.
    var isRange: Bool
    /// The first digit of a range.
    var statusClass: Int
    var rangeEnd: Int
    /// The case's associated value (besides the status of a range): its label and type.
    var hasPayload: Bool
    var payloadLabel: String
    var payloadType: String
    var json: Bool
    var media: Bool
    var multipartMedia: Bool
    var redirect: Bool
    var optionalError: Bool
    var empty: Bool
    var carriesMatrixError: Bool

    static let keys: [String: @Sendable (Self) -> Any] = [
        "caseName": { $0.caseName }, "docLines": { $0.docLines }, "status": { $0.status }, "isRange": { $0.isRange },
        "statusClass": { $0.statusClass }, "rangeEnd": { $0.rangeEnd }, "hasPayload": { $0.hasPayload },
        "payloadLabel": { $0.payloadLabel }, "payloadType": { $0.payloadType }, "json": { $0.json }, "media": { $0.media },
        "multipartMedia": { $0.multipartMedia }, "redirect": { $0.redirect }, "optionalError": { $0.optionalError },
        "empty": { $0.empty }, "carriesMatrixError": { $0.carriesMatrixError },
    ]
}

/// The method of the API group's client protocol that sends the operation.
struct ClientMethodView: TemplateView {
    var protocolName: String
    var deprecated: Bool
    var access: String
    var endpoint: String
    var methodName: String
    /// Every request field has a default, so the request argument does too.
    var defaultRequest: Bool
    var returnType: String
    var returnsVoid: Bool
    var docLines: [String]
    /// One success response: the method unwraps its payload.
    var single: [ResponseView]
    /// No documented success: the method returns whatever response came.
    var anyResponse: Bool
    /// Several successes: the method returns the response when it is one of them.
    var someSuccess: Bool

    static let keys: [String: @Sendable (Self) -> Any] = [
        "protocolName": { $0.protocolName }, "deprecated": { $0.deprecated }, "access": { $0.access }, "endpoint": { $0.endpoint },
        "methodName": { $0.methodName }, "defaultRequest": { $0.defaultRequest }, "returnType": { $0.returnType },
        "returnsVoid": { $0.returnsVoid }, "docLines": { $0.docLines }, "single": { $0.single }, "anyResponse": { $0.anyResponse },
        "someSuccess": { $0.someSuccess },
    ]
}

/// `event.mustache`: an event content type's conformance to `EventContent` (or `EventContentVariant`), and for
/// an event type with variants, the sum over them.
struct EventView: TemplateView {
    /// The content type (`RoomTopicEventContent`); with variants, the sum (`RoomMessageEventContent`).
    var contentType: String
    var eventType: String
    /// `messageLike`, `state`, ... (members of the runtime's `EventKind`).
    var kinds: [String]
    /// The member of `StateKeyKind`, for a state event.
    var stateKey: [String]
    /// For a variant: the content key and value that select it.
    var variant: [EventVariantView]
    /// For an event type with variants: the sum over them.
    var sum: [EventSumView]
    var source: String

    static let keys: [String: @Sendable (Self) -> Any] = [
        "contentType": { $0.contentType }, "eventType": { $0.eventType }, "kinds": { $0.kinds }, "stateKey": { $0.stateKey },
        "variant": { $0.variant }, "sum": { $0.sum }, "source": { $0.source },
    ]
}

struct EventVariantView: TemplateView {
    var key: String
    var value: String

    static let keys: [String: @Sendable (Self) -> Any] = ["key": { $0.key }, "value": { $0.value }]
}

/// The content of an event type with variants: one case per variant, by the value of `key`, and an open case.
struct EventSumView: TemplateView {
    var name: String
    var docLines: [String]
    /// The discriminating content key (`msgtype`).
    var key: String
    var cases: [EventCaseView]
    /// The base schema's type, for values no variant describes (`UnknownRoomMessageEventContent`).
    var unknownType: String

    static let keys: [String: @Sendable (Self) -> Any] = [
        "name": { $0.name }, "docLines": { $0.docLines }, "key": { $0.key }, "cases": { $0.cases }, "unknownType": { $0.unknownType },
    ]
}

/// A case of a variant sum or a per-kind event enum.
struct EventCaseView: TemplateView {
    var name: String
    /// The event type or variant value it is chosen by (`m.text`), escaped for a string literal.
    var value: String
    /// Further values that choose it, as string literals with a leading comma (`, "m.other"`).
    var otherValues: String
    /// The payload type: a variant's content, or an envelope (`StateEvent<RoomTopicEventContent>`).
    var type: String

    static let keys: [String: @Sendable (Self) -> Any] = [
        "name": { $0.name }, "value": { $0.value }, "otherValues": { $0.otherValues }, "type": { $0.type },
    ]
}

/// An enum over every event type of one kind (`AnyTimelineEvent`), decoded by `type`.
struct KindEnumView: TemplateView {
    var name: String
    var summary: String
    var cases: [EventCaseView]
    /// Room events, which a redaction may have stripped: their enums have a `redacted` case.
    var redactable: Bool

    static let keys: [String: @Sendable (Self) -> Any] = [
        "name": { $0.name }, "summary": { $0.summary }, "cases": { $0.cases }, "redactable": { $0.redactable },
    ]
}

/// `module.mustache`: the module's registry, handler protocols and route tables.
struct ModuleView: TemplateView {
    var specVersion: String
    var moduleName: String
    var registryName: String
    var access: String
    var group: [String]
    var imports: [String]
    var operations: [OperationView]
    var schemas: [SchemaView]
    var handlers: [HandlerView]
    /// The event content types, when this module holds them.
    var events: [EventView]
    var hasEvents: Bool
    /// The per-kind event enums, when this module holds the events.
    var kindEnums: [KindEnumView]
    /// Typed sending of event contents, for the client-server API.
    var typedSending: [TypedSendingView]

    static let keys: [String: @Sendable (Self) -> Any] = [
        "specVersion": { $0.specVersion }, "moduleName": { $0.moduleName }, "registryName": { $0.registryName }, "access": { $0.access },
        "group": { $0.group }, "imports": { $0.imports }, "operations": { $0.operations }, "schemas": { $0.schemas },
        "handlers": { $0.handlers }, "events": { $0.events }, "hasEvents": { $0.hasEvents }, "kindEnums": { $0.kindEnums }, "typedSending": { $0.typedSending },
    ]
}

struct OperationView: TemplateView {
    var endpoint: String
    var hasJSONStatusRange: Bool

    static let keys: [String: @Sendable (Self) -> Any] = [
        "endpoint": { $0.endpoint }, "hasJSONStatusRange": { $0.hasJSONStatusRange },
    ]
}

struct SchemaView: TemplateView {
    var source: String
    var type: String

    static let keys: [String: @Sendable (Self) -> Any] = [
        "source": { $0.source }, "type": { $0.type },
    ]
}

struct HandlerView: TemplateView {
    var group: String
    var protocolName: String
    var routesName: String
    var registryName: String
    var access: String
    var methods: [HandlerMethodView]

    static let keys: [String: @Sendable (Self) -> Any] = [
        "group": { $0.group }, "protocolName": { $0.protocolName }, "routesName": { $0.routesName }, "registryName": { $0.registryName },
        "access": { $0.access }, "methods": { $0.methods },
    ]
}

struct HandlerMethodView: TemplateView {
    var endpoint: String
    var methodName: String
    var docLines: [String]

    static let keys: [String: @Sendable (Self) -> Any] = [
        "endpoint": { $0.endpoint }, "methodName": { $0.methodName }, "docLines": { $0.docLines },
    ]
}

/// `typed-sending.mustache`: client methods that send an event content and take its event type from its type.
struct TypedSendingView: TemplateView {
    var clientProtocol: String
    var sendMessage = false
    var setState = false
    var setAccountData = false
    var setRoomAccountData = false

    var any: Bool { sendMessage || setState || setAccountData || setRoomAccountData }

    static let keys: [String: @Sendable (Self) -> Any] = [
        "clientProtocol": { $0.clientProtocol }, "sendMessage": { $0.sendMessage }, "setState": { $0.setState },
        "setAccountData": { $0.setAccountData }, "setRoomAccountData": { $0.setRoomAccountData },
    ]
}
