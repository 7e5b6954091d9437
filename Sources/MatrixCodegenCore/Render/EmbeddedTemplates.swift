// Written by Scripts/embed-templates.py from Templates/*.mustache. Do not edit.

/// The default templates, by name (file name without `.mustache`).
let embeddedTemplates: [String: String] = [
    "alias": #"""
{{%CONTENT_TYPE: TEXT}}
{{#docLines}}
{{.}}
{{/docLines}}
{{access}} typealias {{name}} = {{target}}

"""#,
    "decl": #"""
{{%CONTENT_TYPE: TEXT}}
{{#isObject}}
{{>object}}
{{/isObject}}
{{#isEnum}}
{{>enum}}
{{/isEnum}}
{{#isSum}}
{{>sum}}
{{/isSum}}
{{#isTuple}}
{{>tuple}}
{{/isTuple}}
{{#isAlias}}
{{>alias}}
{{/isAlias}}

"""#,
    "endpoint": #"""
{{%CONTENT_TYPE: TEXT}}
{{#docLines}}
{{.}}
{{/docLines}}
{{access}} enum {{name}}: MatrixEndpoint {
    public static let metadata = OperationMetadata(
        operationID: {{operationID}},
        group: {{group}},
        method: .{{method}},
        pathTemplate: {{path}},
        security: [{{security}}],
        authenticationOptional: {{authenticationOptional}},
        availability: {{availability}},
        summary: {{summary}},
        source: {{source}})

    public struct Request: Sendable, Hashable {
{{#parameters}}
{{#docLines}}
        {{.}}
{{/docLines}}
        public var {{name}}: {{publicType}}
{{/parameters}}
{{#body}}
        public var body: {{type}}
{{/body}}

{{#deprecated}}
        @available(*, deprecated, message: "deprecated by the Matrix specification")
{{/deprecated}}
        public init({{initParameters}}) {
{{#parameters}}
            self.{{plainName}} = {{name}}
{{/parameters}}
{{#body}}
            self.body = body
{{/body}}
        }

        /// Reads a request on the server side.
        init(reading reader: RequestReader) throws {
{{#parameters}}
            {{name}} = {{reader}}
{{/parameters}}
{{#body}}
            body = {{reader}}
{{/body}}
        }
    }

    public enum Response: MatrixEndpointResponse, Hashable {
{{#responses}}
{{#docLines}}
        {{.}}
{{/docLines}}
        case {{caseName}}{{payload}}
{{/responses}}
        /// A status the spec does not document for this operation.
        case undocumented(UndocumentedResponse)

        public var status: Int {
            switch self {
{{#responses}}
            {{statusCase}}
{{/responses}}
            case .undocumented(let response): return response.status
            }
        }

        public var matrixError: MatrixError? {
            switch self {
{{#responses}}
{{#matrixErrorCase}}
            {{.}}
{{/matrixErrorCase}}
{{/responses}}
            case .undocumented(let response): return response.matrixError
{{#hasOtherResponses}}
            default: return nil
{{/hasOtherResponses}}
            }
        }
    }

    public static func makeHTTPRequest(_ request: Request) throws -> HTTPRequestMessage {
{{#hasRequestFields}}
        var builder = RequestBuilder(method: metadata.method, pathTemplate: metadata.pathTemplate)
{{/hasRequestFields}}
{{^hasRequestFields}}
        let builder = RequestBuilder(method: metadata.method, pathTemplate: metadata.pathTemplate)
{{/hasRequestFields}}
{{#parameters}}
        {{writer}}
{{/parameters}}
{{#body}}
        {{writer}}
{{/body}}
        return builder.build()
    }

    public static func decodeResponse(_ response: HTTPResponseMessage) throws -> Response {
        let reader = ResponseReader(response)
        do {
            return try decodeResponse(reader)
        } catch {
            throw ResponseDecodingError(operationID: metadata.operationID, status: reader.status, underlying: error)
        }
    }

    private static func decodeResponse(_ reader: ResponseReader) throws -> Response {
        switch reader.status {
{{#responses}}
        case {{match}}: {{decode}}
{{/responses}}
        default: return .undocumented(UndocumentedResponse(status: reader.status, body: reader.message.body))
        }
    }

    public static func decodeRequest(_ request: IncomingRequest) throws -> Request {
        try Request(reading: RequestReader(request))
    }

    public static func makeHTTPResponse(_ response: Response) throws -> HTTPResponseMessage {
        switch response {
{{#responses}}
        {{encode}}
{{/responses}}
        case .undocumented(let response): return ResponseWriter.raw(response.status, response.body)
        }
    }

    /// Codecs of the JSON bodies, by status, for the module's registry.
    static let responseBodyCodecs: [Int: JSONBodyCodec] = {{responseCodecs}}
{{#responseRangeCodecs}}
    /// Codecs of the JSON bodies of status ranges, by the range's first digit.
    static let responseRangeBodyCodecs: [Int: JSONBodyCodec] = {{.}}
{{/responseRangeCodecs}}
    static let requestBodyCodec: JSONBodyCodec? = {{requestCodec}}
{{#nested}}

    {{>decl}}
{{/nested}}
}
{{#client}}

extension {{protocol}} {
{{#docLines}}
    {{.}}
{{/docLines}}
{{#deprecated}}
    @available(*, deprecated, message: "deprecated by the Matrix specification")
{{/deprecated}}
{{#discardable}}
    @discardableResult
{{/discardable}}
    {{access}} func {{methodName}}(_ request: {{endpoint}}.Request{{defaultRequest}}) async throws -> {{returnType}} {
{{#lines}}
        {{.}}
{{/lines}}
    }
}
{{/client}}

"""#,
    "enum": #"""
{{%CONTENT_TYPE: TEXT}}
{{#docLines}}
{{.}}
{{/docLines}}
///
/// Open: a value the spec does not list decodes and re-encodes unchanged.
{{access}} struct {{name}}: OpenStringEnum, HTTPParameterValue {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
{{#values}}
    public static let {{name}}: Self = {{literal}}
{{/values}}

    public static let knownValues: [Self] = [{{knownValues}}]
}

"""#,
    "file": #"""
{{%CONTENT_TYPE: TEXT}}
// Generated by matrix-codegen from the Matrix specification {{specVersion}}, {{specFile}}.
// Do not edit: change the generator or its templates and run `matrix-codegen generate`.

import Foundation
@_spi(Generated) import MatrixAPIRuntime
{{#imports}}
import {{.}}
{{/imports}}
{{#types}}

{{>decl}}
{{/types}}
{{#endpoints}}

{{>endpoint}}
{{/endpoints}}

"""#,
    "module": #"""
{{%CONTENT_TYPE: TEXT}}
// Generated by matrix-codegen from the Matrix specification {{specVersion}}.
// Do not edit: change the generator or its templates and run `matrix-codegen generate`.

@_exported import MatrixAPIRuntime
{{#imports}}
@_exported import {{.}}
{{/imports}}

/// Fails to compile against a runtime of another major version.
private typealias RuntimeVersionCheck = MatrixAPIRuntimeVersion1

/// Every operation and example-bearing schema of {{moduleName}}, with type-erased codecs, for tools and
/// tests that check JSON against the generated types without knowing them statically.
{{access}} enum {{registryName}} {
    /// The API group, or `nil` for the shared types.
    public static let group: String? = {{group}}
    /// The Matrix version the code was generated from.
    public static let specVersion = "{{specVersion}}"

    public static let operations: [OperationDescriptor] = [
{{#operations}}
        {{.}},
{{/operations}}
    ]

    public static let schemas: [SchemaDescriptor] = [
{{#schemas}}
        {{.}},
{{/schemas}}
    ]
{{#handlers}}

    /// Every operation of `{{protocolName}}`, for a server to register (MatrixServer's
    /// `registerMatrixRoutes(_:handler:on:configuration:)`).
    public static let {{routesName}}: [MatrixRoute<any {{protocolName}}>] = [
{{#methods}}
        MatrixRoute({{endpoint}}.self) { try await $0.{{methodName}}($1, context: $2) },
{{/methods}}
    ]
{{/handlers}}
}
{{#handlers}}

/// The server side of the {{group}} API: one method per operation, typed request in, typed response out.
/// Each has a default that answers 404 `M_UNRECOGNIZED`, so a server implements only what it serves and
/// registers `{{registryName}}.{{routesName}}`; requests are decoded, validated and authenticated before a
/// method runs.
{{access}} protocol {{protocolName}}: Sendable {
{{#methods}}
{{#docLines}}
    {{.}}
{{/docLines}}
    func {{methodName}}(_ request: {{endpoint}}.Request, context: MatrixRequestContext) async throws -> {{endpoint}}.Response
{{/methods}}
}

extension {{protocolName}} {
{{#methods}}
    {{access}} func {{methodName}}(_ request: {{endpoint}}.Request, context: MatrixRequestContext) async throws -> {{endpoint}}.Response {
        throw OperationNotImplemented()
    }
{{/methods}}
}
{{/handlers}}

"""#,
    "object": #"""
{{%CONTENT_TYPE: TEXT}}
{{#docLines}}
{{.}}
{{/docLines}}
{{access}} struct {{name}}: Codable, Hashable, Sendable {
{{#fields}}
{{#docLines}}
    {{.}}
{{/docLines}}
{{#hasStorage}}
    {{#deprecated}}@available(*, deprecated)
    {{/deprecated}}public var {{name}}: {{publicType}} {
        get { {{getter}} }
        set { {{setter}} }
    }
    private var {{storageName}}: {{storageType}}
{{/hasStorage}}
{{^hasStorage}}
    public var {{name}}: {{publicType}}
{{/hasStorage}}
{{/fields}}
{{#patternMaps}}
{{#docLines}}
    {{.}}
{{/docLines}}
    public var {{name}}: {{type}}
{{/patternMaps}}
{{#additional}}
    /// Keys the spec does not name, with values of the type it gives for them.
    public var additionalProperties: {{type}}
{{/additional}}
{{#keepsUnknown}}
    /// Keys the spec does not describe, kept so that re-encoding loses nothing.
    public var additionalFields: JSONObject
{{/keepsUnknown}}

    public init({{initParameters}}) {
{{#fields}}
        {{initAssignment}}
{{/fields}}
{{#patternMaps}}
        self.{{plainName}} = {{name}}
{{/patternMaps}}
{{#additional}}
        self.additionalProperties = additionalProperties
{{/additional}}
{{#keepsUnknown}}
        self.additionalFields = additionalFields
{{/keepsUnknown}}
    }
{{#hasFields}}

    enum CodingKeys: String, CodingKey, CaseIterable {
{{#fields}}
        case {{storageName}} = {{wireName}}
{{/fields}}
    }
{{/hasFields}}

    public init(from decoder: any Decoder) throws {
{{#hasFields}}
        let container = try decoder.container(keyedBy: CodingKeys.self)
{{/hasFields}}
{{#fields}}
        {{storageName}} = try container.{{decodeCall}}({{storageBase}}.self, forKey: .{{storageName}})
{{/fields}}
{{#usesRemainder}}
{{#hasFields}}
        var remainder = try ObjectRemainder(decoder: decoder, known: CodingKeys.self{{#hasNullableKeys}}, nullableKeys: [{{nullableKeys}}]{{/hasNullableKeys}})
{{/hasFields}}
{{^hasFields}}
        var remainder = try ObjectRemainder(decoder: decoder)
{{/hasFields}}
{{/usesRemainder}}
{{#patternMaps}}
        {{name}} = try remainder.take(matching: KeyPattern({{pattern}}), as: {{type}}.self)
{{/patternMaps}}
{{#additional}}
        additionalProperties = try remainder.takeAll(as: {{type}}.self)
{{/additional}}
{{#keepsUnknown}}
        additionalFields = try remainder.takeUnknownFields()
{{/keepsUnknown}}
    }

    public func encode(to encoder: any Encoder) throws {
{{#keepsUnknown}}
        // First, so that a declared field set since decoding replaces an explicit null kept here.
        try encoder.encodeEntries(additionalFields)
{{/keepsUnknown}}
{{#hasFields}}
        var container = encoder.container(keyedBy: CodingKeys.self)
{{/hasFields}}
{{#fields}}
        try container.{{encodeCall}}({{storageName}}, forKey: .{{storageName}})
{{/fields}}
{{#patternMaps}}
        try encoder.encodeEntries({{name}})
{{/patternMaps}}
{{#additional}}
        try encoder.encodeEntries(additionalProperties)
{{/additional}}
{{^hasFields}}
{{^usesRemainder}}
        _ = encoder.container(keyedBy: AnyCodingKey.self)
{{/usesRemainder}}
{{/hasFields}}
    }
{{#nested}}

    {{>decl}}
{{/nested}}
}

"""#,
    "sum": #"""
{{%CONTENT_TYPE: TEXT}}
{{#docLines}}
{{.}}
{{/docLines}}
///
/// One of several shapes, decoded by the shape of the JSON.
{{access}} {{indirect}}enum {{name}}: Codable, Hashable, Sendable{{#parameterValue}}, HTTPParameterValue{{/parameterValue}} {
{{#variants}}
    case {{name}}({{type}})
{{/variants}}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
{{#decodeOrder}}
        if let value = try? container.decode({{type}}.self) {
            self = .{{name}}(value)
            return
        }
{{/decodeOrder}}
        throw DecodingError.noMatchingVariant("{{name}}", [{{variantNames}}], decoder: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
{{#variants}}
        case .{{name}}(let value): try container.encode(value)
{{/variants}}
        }
    }
{{#parameterValue}}

    /// As a path, query or header parameter: the variant's own text; read by trying the variants in order.
    public var httpParameterString: String {
        switch self {
{{#variants}}
        case .{{name}}(let value): return value.httpParameterString
{{/variants}}
        }
    }

    public init?(httpParameterString: String) {
{{#decodeOrder}}
        if let value = {{type}}(httpParameterString: httpParameterString) {
            self = .{{name}}(value)
            return
        }
{{/decodeOrder}}
        return nil
    }
{{/parameterValue}}
{{#nested}}

    {{>decl}}
{{/nested}}
}

"""#,
    "tuple": #"""
{{%CONTENT_TYPE: TEXT}}
{{#docLines}}
{{.}}
{{/docLines}}
///
/// A JSON array of exactly {{count}} elements.
{{access}} struct {{name}}: Codable, Hashable, Sendable {
{{#elements}}
    public var {{name}}: {{type}}
{{/elements}}

    public init({{initParameters}}) {
{{#elements}}
        self.{{name}} = {{name}}
{{/elements}}
    }

    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
{{#elements}}
        {{name}} = try container.decode({{type}}.self)
{{/elements}}
        if !container.isAtEnd {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected exactly {{count}} elements")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
{{#elements}}
        try container.encode({{name}})
{{/elements}}
    }
{{#nested}}

    {{>decl}}
{{/nested}}
}

"""#,
]
