import Foundation

/// Type-erased codecs of one operation, for tools and tests that check JSON against the generated types
/// without knowing them statically.
public struct OperationDescriptor: Sendable {
    public var metadata: OperationMetadata
    /// Status codes whose body is JSON, with a codec each.
    public var responseBodies: [Int: JSONBodyCodec]
    /// Status ranges (`4XX`, keyed by the first digit) whose body is JSON.
    public var responseRangeBodies: [Int: JSONBodyCodec]
    /// The JSON request body, when the operation has one.
    public var requestBody: JSONBodyCodec?

    public init(
        metadata: OperationMetadata, responseBodies: [Int: JSONBodyCodec], responseRangeBodies: [Int: JSONBodyCodec] = [:],
        requestBody: JSONBodyCodec?
    ) {
        self.metadata = metadata
        self.responseBodies = responseBodies
        self.responseRangeBodies = responseRangeBodies
        self.requestBody = requestBody
    }

    /// The codec of the JSON body sent with `status`: the exact status's, else its range's.
    public func responseBody(forStatus status: Int) -> JSONBodyCodec? {
        responseBodies[status] ?? responseRangeBodies[status / 100]
    }
}

/// Decodes JSON into a generated type and re-encodes it.
public struct JSONBodyCodec: Sendable {
    /// The Swift type's name.
    public var typeName: String
    public var decode: @Sendable (Data) throws -> any Sendable
    public var roundTrip: @Sendable (Data) throws -> Data

    public init<T: Codable & Sendable>(_ type: T.Type) {
        typeName = String(describing: T.self)
        decode = { try MatrixJSON.decode(T.self, from: $0) }
        roundTrip = { try MatrixJSON.encode(MatrixJSON.decode(T.self, from: $0)) }
    }
}

/// Named schemas of a module keyed by where the spec defines them (`client-server/definitions/tag.yaml`).
public struct SchemaDescriptor: Sendable {
    public var source: String
    public var codec: JSONBodyCodec
    public init(source: String, codec: JSONBodyCodec) {
        self.source = source
        self.codec = codec
    }
}
