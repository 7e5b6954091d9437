import Crypto
import Foundation
import HTTPTypes
import MatrixAPIRuntime

/// Unpadded standard Base64, as Matrix writes keys and signatures (padding is accepted when reading).
public enum UnpaddedBase64 {
    public static func encode(_ data: some DataProtocol) -> String {
        var text = Data(data).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    public static func decode(_ text: String) -> Data? {
        var padded = text.trimmingCharacters(in: .whitespaces)
        while padded.count % 4 != 0 { padded += "=" }
        return Data(base64Encoded: padded)
    }
}

/// A server's ed25519 signing key (`ed25519:abc`), signing and verifying JSON as the spec appendix says:
/// `signatures` and `unsigned` are removed, the rest encoded as canonical JSON and signed.
public struct MatrixSigningKey: Sendable {
    public var serverName: String
    public var keyID: String
    public let privateKey: Curve25519.Signing.PrivateKey

    public init(serverName: String, keyID: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.serverName = serverName
        self.keyID = keyID
        self.privateKey = privateKey
    }

    /// From the 32-byte seed, Base64 (the form Synapse's signing key file uses after the algorithm and version).
    public init(serverName: String, keyID: String, seed: String) throws {
        guard let bytes = UnpaddedBase64.decode(seed), bytes.count == 32 else {
            throw CanonicalJSON.Failure(description: "an ed25519 seed is 32 bytes of Base64")
        }
        self.init(serverName: serverName, keyID: keyID, privateKey: try .init(rawRepresentation: bytes))
    }

    public var publicKeyBase64: String { UnpaddedBase64.encode(privateKey.publicKey.rawRepresentation) }

    /// The signature of `object` (without its `signatures` and `unsigned`), unpadded Base64.
    public func signature(of object: JSONObject) throws -> String {
        var stripped = object
        stripped["signatures"] = nil
        stripped["unsigned"] = nil
        return UnpaddedBase64.encode(try privateKey.signature(for: CanonicalJSON.encode(.object(stripped))))
    }

    /// `object` with this key's signature added to its `signatures`.
    public func sign(_ object: JSONObject) throws -> JSONObject {
        var signed = object
        let signature = try self.signature(of: object)
        var signatures = object["signatures"]?.objectValue ?? [:]
        var mine = signatures[serverName]?.objectValue ?? [:]
        mine[keyID] = .string(signature)
        signatures[serverName] = .object(mine)
        signed["signatures"] = .object(signatures)
        return signed
    }

    /// Whether `object` carries a valid signature by `server` with `keyID` under `publicKey`.
    public static func verify(_ object: JSONObject, server: String, keyID: String, publicKey: Curve25519.Signing.PublicKey) -> Bool {
        guard case .string(let encoded)? = object["signatures"]?.objectValue?[server]?.objectValue?[keyID],
            let signature = UnpaddedBase64.decode(encoded)
        else { return false }
        var stripped = object
        stripped["signatures"] = nil
        stripped["unsigned"] = nil
        guard let canonical = try? CanonicalJSON.encode(.object(stripped)) else { return false }
        return publicKey.isValidSignature(signature, for: canonical)
    }
}

extension JSONValue {
    var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }
}

/// The federation `Authorization: X-Matrix origin="...",destination="...",key="...",sig="..."` header.
/// Parameters may be quoted or not, in any order, with whitespace around the commas (as Matrix 1.11 clarified).
public struct XMatrixAuthorization: Sendable, Hashable {
    public var origin: String
    public var destination: String?
    public var key: String
    public var signature: String

    public init(origin: String, destination: String?, key: String, signature: String) {
        self.origin = origin
        self.destination = destination
        self.key = key
        self.signature = signature
    }

    public init?(headerValue: String) {
        let trimmed = headerValue.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("x-matrix ") else { return nil }
        var parameters: [String: String] = [:]
        var rest = Substring(trimmed.dropFirst("x-matrix ".count))
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let name = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped { value.append(character); escaped = false }
                    else if character == "\\" { escaped = true }
                    else if character == "\"" { break }
                    else { value.append(character) }
                }
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            parameters[name] = value
        }
        guard let origin = parameters["origin"], let key = parameters["key"], let signature = parameters["sig"] else { return nil }
        self.init(origin: origin, destination: parameters["destination"], key: key, signature: signature)
    }

    public var headerValue: String {
        var parts = ["origin=\"\(origin)\""]
        if let destination { parts.append("destination=\"\(destination)\"") }
        parts += ["key=\"\(key)\"", "sig=\"\(signature)\""]
        return "X-Matrix " + parts.joined(separator: ",")
    }
}

/// Signing and verifying federation requests: the JSON `{method, uri, origin, destination, content}` is
/// signed, and the signature travels in the `X-Matrix` header.
public enum FederationRequestSignature {
    /// The object a request signature covers.
    public static func signedObject(method: String, uri: String, origin: String, destination: String, content: JSONValue?) -> JSONObject {
        var object: JSONObject = [
            "method": .string(method), "uri": .string(uri), "origin": .string(origin), "destination": .string(destination),
        ]
        if let content { object["content"] = content }
        return object
    }

    /// The `Authorization` header for a request from `key`'s server to `destination`.
    public static func authorization(
        method: String, uri: String, destination: String, content: JSONValue?, key: MatrixSigningKey
    ) throws -> XMatrixAuthorization {
        let object = signedObject(method: method, uri: uri, origin: key.serverName, destination: destination, content: content)
        return XMatrixAuthorization(origin: key.serverName, destination: destination, key: key.keyID, signature: try key.signature(of: object))
    }

    /// Whether `authorization` is a valid signature of the request under `publicKey`.
    public static func verify(
        _ authorization: XMatrixAuthorization, method: String, uri: String, destination: String, content: JSONValue?,
        publicKey: Curve25519.Signing.PublicKey
    ) -> Bool {
        if let claimed = authorization.destination, claimed != destination { return false }
        var object = signedObject(method: method, uri: uri, origin: authorization.origin, destination: destination, content: content)
        object["signatures"] = [authorization.origin: [authorization.key: .string(authorization.signature)]]
        return MatrixSigningKey.verify(object, server: authorization.origin, keyID: authorization.key, publicKey: publicKey)
    }
}
