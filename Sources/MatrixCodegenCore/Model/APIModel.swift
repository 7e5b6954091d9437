/// The intermediate representation: everything the spec says, resolved, with Swift names chosen once.
/// Nothing after `Translate` reads YAML; nothing before `Render` writes Swift syntax beyond names.
public struct APIModel: Sendable {
    /// The spec version, from the configuration (`v1.11`).
    public var specVersion: String
    public var modules: [ModuleModel]
    /// The access level of top-level declarations (`public`, `package`, `internal`).
    public var accessLevel: String = "public"

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

public struct Availability: Sendable, Hashable {
    public var added: String?
    public var changed: [(version: String, note: String)]
    public var deprecated: Bool

    public init(added: String? = nil, changed: [(version: String, note: String)] = [], deprecated: Bool = false) {
        self.added = added
        self.changed = changed
        self.deprecated = deprecated
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.added == rhs.added && lhs.deprecated == rhs.deprecated
            && lhs.changed.map { [$0.version, $0.note] } == rhs.changed.map { [$0.version, $0.note] }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(added)
        hasher.combine(deprecated)
        for change in changed {
            hasher.combine(change.version)
            hasher.combine(change.note)
        }
    }
}

/// A reference to a Swift type.
public indirect enum TypeRef: Sendable, Hashable {
    /// A type the generator declares, by its id (`TypeDecl.id`).
    case declared(String)
    /// A runtime or standard library type: `String`, `Int64`, `UserID`, `MatrixError`, `JSONValue`.
    case builtin(String)
    case array(TypeRef)
    case map(key: TypeRef, value: TypeRef)
    case nullable(TypeRef)
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
    /// The JSON kind this variant decodes from (`object`, `string`, ...); sum types try variants by kind.
    public var jsonKind: String
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
    public var method: String
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
    /// `bearerHeader`, `query` or `signedRequest`.
    public var location: String
    public var parameterName: String?
    /// The spec marks the scheme deprecated (its description starts with `**Deprecated.**`, as v1.11 does for
    /// access tokens in the query string).
    public var deprecated: Bool = false
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
    /// The runtime's types that read and write themselves as one HTTP parameter (`HTTPParameterValue`).
    static let parameterBuiltins: Set<String> = [
        "String", "Int", "Int64", "Double", "Bool", "UserID", "RoomID", "RoomAlias", "EventID", "ServerName", "MXCURI",
    ]

    /// Whether a value of this type can be a single path, query or header parameter: a scalar, an identifier, an
    /// open enum, or an alias or sum of those. `kind` finds a declared type's kind.
    func isParameterValue(kind: (String) -> TypeKind?) -> Bool {
        switch self {
        case .builtin(let name): return Self.parameterBuiltins.contains(name)
        case .declared(let id): return kind(id)?.isParameterValue(kind: kind) ?? false
        case .array, .map, .nullable: return false
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
