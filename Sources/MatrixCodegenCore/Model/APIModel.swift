/// The intermediate representation: everything the spec says, resolved, with Swift names chosen once.
/// Nothing after `Translate` reads YAML; nothing before `Render` writes Swift syntax beyond names.
public struct APIModel: Sendable {
    /// The spec version, from the configuration (`v1.11`).
    public var specVersion: String
    public var modules: [ModuleModel]
    /// The access level of top-level declarations.
    public var accessLevel: AccessLevel = .public
    /// The event types of `data/event-schemas`, when the configuration asks for events: kinds, state keys,
    /// variants and content types.
    public var events: [EventModel] = []

    /// Every declaration, nested ones and those inside endpoints included, with the module that holds it.
    public var allDecls: [(decl: TypeDecl, module: ModuleModel)] {
        var result: [(decl: TypeDecl, module: ModuleModel)] = []
        for module in modules {
            func add(_ decl: TypeDecl) {
                result.append((decl, module))
                decl.nested.forEach(add)
            }
            for file in module.files {
                file.types.forEach(add)
                file.endpoints.forEach { $0.nested.forEach(add) }
            }
        }
        return result
    }
}

public struct ModuleModel: Sendable {
    public var name: String
    /// The API group (`client-server`), or `nil` for the shared module.
    public var group: String?
    /// Modules whose types this one uses.
    public var dependencies: [String]
    public var files: [FileModel]

    public var endpoints: [Endpoint] { files.flatMap(\.endpoints) }
    public var types: [TypeDecl] { files.flatMap(\.types) }
}

/// One spec file, rendered to one Swift file.
public struct FileModel: Sendable {
    /// Relative to `data/`: `api/client-server/sync.yaml`.
    public var specFile: String
    public var swiftFileName: String
    public var types: [TypeDecl]
    public var endpoints: [Endpoint]
}

/// The access level of the generated top-level declarations.
public enum AccessLevel: String, Sendable, Hashable, CaseIterable {
    case `public`, package, `internal`
}

public struct Availability: Sendable, Hashable {
    /// A Matrix version that changed the thing, and how (`x-changedInMatrixVersion`).
    public struct Change: Sendable, Hashable {
        public var version: String
        public var note: String
    }

    public var added: String?
    public var changed: [Change]
    public var deprecated: Bool

    public init(added: String? = nil, changed: [Change] = [], deprecated: Bool = false) {
        self.added = added
        self.changed = changed
        self.deprecated = deprecated
    }
}

/// A type of the runtime or the standard library that generated code refers to.
public enum RuntimeType: Sendable, Hashable {
    case string, int, int64, double, bool
    /// Free-form JSON, and a JSON object of it.
    case jsonValue, jsonObject
    case userID, roomID, roomAlias, eventID, serverName, mxcURI
    case matrixError
    /// A type named by the configuration's `typeOverrides` (the user's own type).
    case named(String)

    /// The runtime type of that name, or the user's own type.
    public init(swiftName: String) {
        self = Self.known.first { $0.swiftName == swiftName } ?? .named(swiftName)
    }

    static let known: [RuntimeType] = [
        .string, .int, .int64, .double, .bool, .jsonValue, .jsonObject, .userID, .roomID, .roomAlias, .eventID,
        .serverName, .mxcURI, .matrixError,
    ]

    public var swiftName: String {
        switch self {
        case .string: "String"
        case .int: "Int"
        case .int64: "Int64"
        case .double: "Double"
        case .bool: "Bool"
        case .jsonValue: "JSONValue"
        case .jsonObject: "JSONObject"
        case .userID: "UserID"
        case .roomID: "RoomID"
        case .roomAlias: "RoomAlias"
        case .eventID: "EventID"
        case .serverName: "ServerName"
        case .mxcURI: "MXCURI"
        case .matrixError: "MatrixError"
        case .named(let name): name
        }
    }

    /// Whether a value reads and writes itself as one HTTP parameter (`HTTPParameterValue`).
    var isParameterValue: Bool {
        switch self {
        case .jsonValue, .jsonObject, .matrixError, .named: false
        default: true
        }
    }

    /// The JSON kind a value of the type is written as; `nil` for a user's own type.
    var jsonKind: JSONKind? {
        switch self {
        case .string, .userID, .roomID, .roomAlias, .eventID, .serverName, .mxcURI: .string
        case .int, .int64: .integer
        case .double: .number
        case .bool: .boolean
        case .jsonObject, .matrixError: .object
        case .jsonValue: .any
        case .named: nil
        }
    }

    /// Whether the type holds arbitrary JSON.
    var isFreeForm: Bool { self == .jsonValue || self == .jsonObject }
}

/// The JSON kinds a schema's `type` names, in the order a sum type tries its variants (narrow kinds first).
public enum JSONKind: String, Sendable, Hashable, Comparable, CaseIterable {
    case null, boolean, integer, number, string, array, object
    /// No single kind (an untyped or several-typed branch).
    case any

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The HTTP methods of the operations.
public enum HTTPMethod: String, Sendable, Hashable, CaseIterable {
    case GET, PUT, POST, DELETE, PATCH, HEAD, OPTIONS

    /// The member of swift-http-types' `HTTPRequest.Method`: `get`.
    public var memberName: String { rawValue.lowercased() }
}

/// The API groups the runtime knows: their client and handler protocols.
public enum APIGroup: String, Sendable, Hashable, CaseIterable {
    case clientServer = "client-server"
    case serverServer = "server-server"
    case applicationService = "application-service"
    case identity
    case pushGateway = "push-gateway"

    /// The runtime's protocol that a client of the group conforms to; generated methods extend it.
    var clientProtocol: String {
        switch self {
        case .clientServer: "ClientServerAPIClient"
        case .serverServer: "ServerServerAPIClient"
        case .applicationService: "ApplicationServiceAPIClient"
        case .identity: "IdentityServiceAPIClient"
        case .pushGateway: "PushGatewayAPIClient"
        }
    }

    /// The generated protocol a server implements.
    var handlerProtocol: String {
        switch self {
        case .clientServer: "ClientServerAPIHandler"
        case .serverServer: "ServerServerAPIHandler"
        case .applicationService: "ApplicationServiceAPIHandler"
        case .identity: "IdentityServiceAPIHandler"
        case .pushGateway: "PushGatewayAPIHandler"
        }
    }

    /// The registry's table of routes for the handler protocol.
    var routesName: String {
        switch self {
        case .clientServer: "clientServerRoutes"
        case .serverServer: "serverServerRoutes"
        case .applicationService: "applicationServiceRoutes"
        case .identity: "identityServiceRoutes"
        case .pushGateway: "pushGatewayRoutes"
        }
    }
}

/// A reference to a Swift type.
public indirect enum TypeRef: Sendable, Hashable {
    /// A type the generator declares, by its id (`TypeDecl.id`).
    case declared(String)
    /// A runtime or standard library type: `String`, `Int64`, `UserID`, `MatrixError`, `JSONValue`.
    case builtin(RuntimeType)
    case array(TypeRef)
    case map(key: TypeRef, value: TypeRef)
    case nullable(TypeRef)
    /// An event kept as the JSON it arrived as and decoded on demand (`Raw<ClientEvent>`): the configuration's
    /// `rawEvents`.
    case raw(TypeRef)
}

public struct Field: Sendable, Hashable {
    public var wireName: String
    public var swiftName: String
    public var type: TypeRef
    public var required: Bool
    public var documentation: String
    public var availability: Availability
}

/// A `patternProperties` entry: keys matching `pattern` form a map.
public struct PatternMap: Sendable, Hashable {
    public var pattern: String
    public var swiftName: String
    public var keyType: TypeRef
    public var valueType: TypeRef
    public var documentation: String
}

public struct EnumValue: Sendable, Hashable {
    public var value: String
    public var swiftName: String
    public var documentation: String
}

public struct Variant: Sendable, Hashable {
    public var swiftName: String
    public var type: TypeRef
    /// The JSON kind this variant decodes from; sum types try variants by kind.
    public var jsonKind: JSONKind
}

public struct TupleElement: Sendable, Hashable {
    public var swiftName: String
    public var type: TypeRef
}

public enum TypeKind: Sendable, Hashable {
    /// An object: declared fields, `patternProperties` maps, an `additionalProperties` map (typed), and
    /// whether other unknown keys are kept (always, unless `additionalProperties` is typed or `false`).
    case object(fields: [Field], patternMaps: [PatternMap], additional: TypeRef?, keepsUnknownFields: Bool)
    /// An open string enumeration.
    case openEnum([EnumValue])
    /// `oneOf`, `anyOf` or a type array: one of several shapes.
    case sum([Variant])
    /// A fixed-length array whose items are `anyOf` the element types in order (`[200, {...}]`).
    case tuple([TupleElement])
    /// Another name for a type (a titled map, array or scalar).
    case alias(TypeRef)
}

public struct TypeDecl: Sendable, Hashable {
    /// Stable identity: where the schema is defined (`api/client-server/definitions/tag.yaml`, or a JSON
    /// pointer into a file).
    public var id: String
    public var swiftName: String
    public var kind: TypeKind
    public var documentation: String
    public var availability: Availability
    /// Types declared inside this one.
    public var nested: [TypeDecl]
    /// Whether the type is referenced from itself (directly or through others), so stored uses are boxed.
    public var isRecursive: Bool
    /// The schema's `example`s.
    public var examples: [Example]
    /// The Swift name with its enclosing types: `Sync.ResponseBody.Rooms`.
    public var qualifiedName: String
}

public enum ParameterLocation: String, Sendable, Hashable {
    case path, query, header
}

public struct Parameter: Sendable, Hashable {
    public var wireName: String
    public var swiftName: String
    public var location: ParameterLocation
    public var type: TypeRef
    /// `array` parameters repeat their name; `object` ones spread their entries as separate parameters.
    public var style: Style
    public var required: Bool
    public var documentation: String
    public var availability: Availability

    public enum Style: String, Sendable, Hashable {
        case single, array, object
    }
}

public enum Body: Sendable, Hashable {
    case json(TypeRef)
    /// Raw bytes (`application/octet-stream`, images) with their content type and disposition.
    case media(contentTypes: [String])
    /// The federation media `multipart/mixed` body.
    case multipartMedia
    /// A redirect carrying `Location`.
    case redirect
    /// An error status for which the spec describes no body: the standard error body when the server sends
    /// one (servers do), else nothing.
    case optionalError
    case empty
}

extension ResponseModel {
    /// Whether the response's body is the standard error body.
    public var carriesMatrixError: Bool { body == .json(.builtin(.matrixError)) || body == .optionalError }
}

public struct ResponseModel: Sendable, Hashable {
    /// The status code; for a range (`4XX`) its lowest code.
    public var status: Int
    /// For a range (`4XX`), its first digit; `nil` for an exact status.
    public var statusClass: Int?
    public var caseName: String
    public var body: Body
    public var documentation: String
}

public struct Endpoint: Sendable, Hashable {
    public var operationID: String
    public var swiftName: String
    public var group: String
    public var method: HTTPMethod
    /// The full path, base path included.
    public var path: String
    public var security: [SecuritySchemeModel]
    public var authenticationOptional: Bool
    public var summary: String
    public var documentation: String
    public var availability: Availability
    public var parameters: [Parameter]
    public var requestBody: Body?
    public var responses: [ResponseModel]
    /// Inline schemas of this operation.
    public var nested: [TypeDecl]
    /// `api/client-server/sync.yaml#/paths/~1sync/get`
    public var source: String
    public var examples: [Example]
}

extension Endpoint {
    /// What the client method of an operation returns.
    public enum ClientResult: Sendable, Hashable {
        /// The payload of its one success response (exact status).
        case payload(of: ResponseModel)
        /// The whole response, when it is one of several success statuses (or a success range).
        case successResponse
        /// The whole response, whatever its status: the operation documents no success.
        case anyResponse
    }

    /// The client's success value: the body of the one documented success, or the response.
    public var clientResult: ClientResult {
        let successes = responses.filter { $0.statusClass == nil ? (200..<300).contains($0.status) : $0.statusClass == 2 }
        if successes.count == 1, successes[0].statusClass == nil { return .payload(of: successes[0]) }
        return successes.isEmpty ? .anyResponse : .successResponse
    }

    /// The parameters of the request type: those the spec lists, except a media body's `Content-Type` header,
    /// which the body carries itself.
    public var requestParameters: [Parameter] {
        guard case .media = requestBody else { return parameters }
        return parameters.filter { !($0.location == .header && $0.wireName.lowercased() == "content-type") }
    }

    /// Whether some documented response is not an error response (so it has no `matrixError`).
    public var hasResponsesWithoutMatrixError: Bool {
        responses.contains { !$0.carriesMatrixError }
    }

    /// `GET /_matrix/client/v3/sync`.
    public var route: String { "\(method.rawValue) \(path)" }

    /// The summary as one sentence, or the operation ID when there is none.
    public var shortSummary: String {
        var summary = summary.isEmpty ? "`\(operationID)`." : summary
        if !summary.hasSuffix(".") { summary += "." }
        return summary
    }

    /// Whether a status range (`4XX`) of the operation has a JSON body, so its registry entry lists range codecs.
    public var hasJSONStatusRange: Bool {
        responses.contains { response in
            guard response.statusClass != nil, case .json = response.body else { return false }
            return true
        }
    }
}

public struct SecuritySchemeModel: Sendable, Hashable {
    public var name: String
    public var location: Location
    public var parameterName: String?
    /// The spec marks the scheme deprecated (its description starts with `**Deprecated.**`, as v1.11 does for
    /// access tokens in the query string).
    public var deprecated: Bool = false

    /// Where the credentials go: the members of the runtime's `SecurityScheme.Location`.
    public enum Location: String, Sendable, Hashable, Comparable {
        case bearerHeader, query, signedRequest

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }
}

/// A JSON example from the spec, for round-trip tests.
public struct Example: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable {
        case request, response, schema
    }
    public var role: Role
    public var status: Int?
    /// The example as JSON text (with `$ref`s inside it followed).
    public var json: String
    public var location: SourceLocation
}

extension TypeRef {
    /// Whether a value of this type can be a single path, query or header parameter: a scalar, an identifier, an
    /// open enum, or an alias or sum of those. `kind` finds a declared type's kind.
    func isParameterValue(kind: (String) -> TypeKind?) -> Bool {
        switch self {
        case .builtin(let type): return type.isParameterValue
        case .declared(let id): return kind(id)?.isParameterValue(kind: kind) ?? false
        case .array, .map, .nullable, .raw: return false
        }
    }
}

extension TypeKind {
    /// Whether a declared type of this kind conforms to `HTTPParameterValue` (see `TypeRef.isParameterValue`).
    func isParameterValue(kind: (String) -> TypeKind?) -> Bool {
        switch self {
        case .openEnum: return true
        case .alias(let target): return target.isParameterValue(kind: kind)
        case .sum(let variants): return variants.allSatisfy { $0.type.isParameterValue(kind: kind) }
        case .object, .tuple: return false
        }
    }
}
