import Foundation
import Mustache

/// A view model: the templates read its properties by name through `keys` (swift-mustache would otherwise use
/// reflection for every lookup, ten times slower). A test checks that `keys` names every stored property.
/// The tables are `nonisolated(unsafe)` only because key paths are not declared `Sendable`; they are immutable.
protocol TemplateView: MustacheParent {
    static var keys: [String: PartialKeyPath<Self>] { get }
}

extension TemplateView {
    func child(named name: String) -> Any? {
        Self.keys[name].map { self[keyPath: $0] }
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

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "specVersion": \.specVersion, "specFile": \.specFile, "imports": \.imports, "types": \.types,
        "endpoints": \.endpoints, "events": \.events,
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

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "name": \.name, "qualifiedName": \.qualifiedName, "access": \.access, "docLines": \.docLines,
        "indirect": \.indirect, "nested": \.nested, "object": \.object, "openEnum": \.openEnum, "sum": \.sum,
        "tuple": \.tuple, "alias": \.alias,
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

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "label": \.label, "type": \.type, "defaultsToNil": \.defaultsToNil, "defaultsToEmpty": \.defaultsToEmpty,
        "defaultValue": \.defaultValue,
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

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "fields": \.fields, "hasFields": \.hasFields, "patternMaps": \.patternMaps, "additional": \.additional,
        "keepsUnknown": \.keepsUnknown, "usesRemainder": \.usesRemainder, "nullableKeys": \.nullableKeys,
        "hasNullableKeys": \.hasNullableKeys, "initParameters": \.initParameters,
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

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "name": \.name, "plainName": \.plainName, "wireName": \.wireName, "docLines": \.docLines, "type": \.type,
        "required": \.required, "boxed": \.boxed, "deprecated": \.deprecated, "hasStorage": \.hasStorage,
        "storageName": \.storageName,
    ]
}

struct PatternMapView: TemplateView {
    var name: String
    var plainName: String
    var type: String
    var pattern: String
    var docLines: [String]

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "name": \.name, "plainName": \.plainName, "type": \.type, "pattern": \.pattern, "docLines": \.docLines,
    ]
}

struct MapView: TemplateView {
    var type: String

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "type": \.type,
    ]
}

/// `enum.mustache`: an open string enumeration.
struct EnumView: TemplateView {
    var values: [EnumValueView]

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "values": \.values,
    ]
}

struct EnumValueView: TemplateView {
    var name: String
    var plainName: String
    var value: String

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "name": \.name, "plainName": \.plainName, "value": \.value,
    ]
}

/// `sum.mustache`: an enum over several JSON shapes.
struct SumView: TemplateView {
    var variants: [VariantView]
    /// The variants in the order decoding tries them (narrow JSON kinds first).
    var decodeOrder: [VariantView]
    /// Every variant reads and writes itself as an HTTP parameter.
    var parameterValue: Bool

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "variants": \.variants, "decodeOrder": \.decodeOrder, "parameterValue": \.parameterValue,
    ]
}

struct VariantView: TemplateView {
    var name: String
    var plainName: String
    var type: String

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "name": \.name, "plainName": \.plainName, "type": \.type,
    ]
}

/// `tuple.mustache`: a fixed-length JSON array.
struct TupleView: TemplateView {
    var elements: [VariantView]
    var count: Int

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "elements": \.elements, "count": \.count,
    ]
}

/// `alias.mustache`.
struct AliasView: TemplateView {
    var target: String

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "target": \.target,
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

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "name": \.name, "access": \.access, "docLines": \.docLines, "operationID": \.operationID, "group": \.group,
        "method": \.method, "path": \.path, "route": \.route, "security": \.security,
        "authenticationOptional": \.authenticationOptional, "availability": \.availability, "summary": \.summary,
        "source": \.source, "parameters": \.parameters, "body": \.body, "hasRequestFields": \.hasRequestFields,
        "initParameters": \.initParameters, "deprecated": \.deprecated, "responses": \.responses,
        "hasOtherResponses": \.hasOtherResponses, "jsonResponses": \.jsonResponses,
        "jsonRangeResponses": \.jsonRangeResponses, "hasJSONRangeResponses": \.hasJSONRangeResponses,
        "nested": \.nested, "client": \.client,
    ]
}

struct SecurityView: TemplateView {
    var name: String
    /// The member of the runtime's `SecurityScheme.Location`.
    var location: String
    var parameterName: [String]

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "name": \.name, "location": \.location, "parameterName": \.parameterName,
    ]
}

struct AvailabilityView: TemplateView {
    var added: [String]
    var changed: [String]
    var hasChanged: Bool
    var deprecated: Bool
    /// `added` or `changed` is present (so `deprecated` follows a comma).
    var hasVersions: Bool

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "added": \.added, "changed": \.changed, "hasChanged": \.hasChanged, "deprecated": \.deprecated,
        "hasVersions": \.hasVersions,
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

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "name": \.name, "plainName": \.plainName, "wireName": \.wireName, "docLines": \.docLines, "type": \.type,
        "elementType": \.elementType, "required": \.required, "inPath": \.inPath, "inQuery": \.inQuery,
        "inQueryArray": \.inQueryArray, "inQueryEntries": \.inQueryEntries, "excludedNames": \.excludedNames,
        "inHeader": \.inHeader,
    ]
}

struct RequestBodyView: TemplateView {
    var type: String
    var json: Bool
    var media: Bool
    var defaultContentType: String

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "type": \.type, "json": \.json, "media": \.media, "defaultContentType": \.defaultContentType,
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

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "caseName": \.caseName, "docLines": \.docLines, "status": \.status, "isRange": \.isRange,
        "statusClass": \.statusClass, "rangeEnd": \.rangeEnd, "hasPayload": \.hasPayload,
        "payloadLabel": \.payloadLabel, "payloadType": \.payloadType, "json": \.json, "media": \.media,
        "multipartMedia": \.multipartMedia, "redirect": \.redirect, "optionalError": \.optionalError,
        "empty": \.empty, "carriesMatrixError": \.carriesMatrixError,
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

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "protocolName": \.protocolName, "deprecated": \.deprecated, "access": \.access, "endpoint": \.endpoint,
        "methodName": \.methodName, "defaultRequest": \.defaultRequest, "returnType": \.returnType,
        "returnsVoid": \.returnsVoid, "docLines": \.docLines, "single": \.single, "anyResponse": \.anyResponse,
        "someSuccess": \.someSuccess,
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

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "contentType": \.contentType, "eventType": \.eventType, "kinds": \.kinds, "stateKey": \.stateKey,
        "variant": \.variant, "sum": \.sum, "source": \.source,
    ]
}

struct EventVariantView: TemplateView {
    var key: String
    var value: String

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = ["key": \.key, "value": \.value]
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

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "name": \.name, "docLines": \.docLines, "key": \.key, "cases": \.cases, "unknownType": \.unknownType,
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

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "name": \.name, "value": \.value, "otherValues": \.otherValues, "type": \.type,
    ]
}

/// An enum over every event type of one kind (`AnyTimelineEvent`), decoded by `type`.
struct KindEnumView: TemplateView {
    var name: String
    var summary: String
    var cases: [EventCaseView]
    /// Room events, which a redaction may have stripped: their enums have a `redacted` case.
    var redactable: Bool

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "name": \.name, "summary": \.summary, "cases": \.cases, "redactable": \.redactable,
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

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "specVersion": \.specVersion, "moduleName": \.moduleName, "registryName": \.registryName, "access": \.access,
        "group": \.group, "imports": \.imports, "operations": \.operations, "schemas": \.schemas,
        "handlers": \.handlers, "events": \.events, "hasEvents": \.hasEvents, "kindEnums": \.kindEnums, "typedSending": \.typedSending,
    ]
}

struct OperationView: TemplateView {
    var endpoint: String
    var hasJSONStatusRange: Bool

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "endpoint": \.endpoint, "hasJSONStatusRange": \.hasJSONStatusRange,
    ]
}

struct SchemaView: TemplateView {
    var source: String
    var type: String

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "source": \.source, "type": \.type,
    ]
}

struct HandlerView: TemplateView {
    var group: String
    var protocolName: String
    var routesName: String
    var registryName: String
    var access: String
    var methods: [HandlerMethodView]

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "group": \.group, "protocolName": \.protocolName, "routesName": \.routesName, "registryName": \.registryName,
        "access": \.access, "methods": \.methods,
    ]
}

struct HandlerMethodView: TemplateView {
    var endpoint: String
    var methodName: String
    var docLines: [String]

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "endpoint": \.endpoint, "methodName": \.methodName, "docLines": \.docLines,
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

    nonisolated(unsafe) static let keys: [String: PartialKeyPath<Self>] = [
        "clientProtocol": \.clientProtocol, "sendMessage": \.sendMessage, "setState": \.setState,
        "setAccountData": \.setAccountData, "setRoomAccountData": \.setRoomAccountData,
    ]
}
