import Crypto
import Foundation
import MatrixServer
import Testing

/// Canonical JSON and signatures, against the spec appendix's own examples.
@Suite struct SigningTests {
    func canonical(_ json: String) throws -> String {
        String(decoding: try CanonicalJSON.canonicalize(Data(json.utf8)), as: UTF8.self)
    }

    @Test func canonicalJSONMatchesTheAppendixExamples() throws {
        #expect(try canonical("{}") == "{}")
        #expect(try canonical(#"{"one": 1, "two": "Two"}"#) == #"{"one":1,"two":"Two"}"#)
        #expect(try canonical(#"{"b": "2", "a": "1"}"#) == #"{"a":"1","b":"2"}"#)
        #expect(try canonical(#"{"auth": {"success": true, "mxid": "@john.doe:example.com", "profile": {"display_name": "John Doe", "three_pids": [{"medium": "email", "address": "john.doe@example.org"}, {"medium": "msisdn", "address": "123456789"}]}}}"#)
            == #"{"auth":{"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe","three_pids":[{"address":"john.doe@example.org","medium":"email"},{"address":"123456789","medium":"msisdn"}]},"success":true}}"#)
        #expect(try canonical(#"{"a": "日本語"}"#) == #"{"a":"日本語"}"#)
        #expect(try canonical(#"{"本": 2, "日": 1}"#) == #"{"日":1,"本":2}"#)
        #expect(try canonical(#"{"a": "\u65E5"}"#) == #"{"a":"日"}"#)
        #expect(try canonical(#"{"a": null}"#) == #"{"a":null}"#)
        #expect(try canonical(#"{"a": -0, "b": 1e10}"#) == #"{"a":0,"b":10000000000}"#)
        #expect(try canonical(#"{"a": "\u0000\n\"\\/"}"#) == #"{"a":"\u0000\n\"\\/"}"#)
        #expect(throws: CanonicalJSON.Failure.self) { try canonical(#"{"a": 1.5}"#) }
        #expect(throws: CanonicalJSON.Failure.self) { try canonical(#"{"a": 9007199254740992}"#) }
    }

    /// The appendix's signing key: seed YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1, server "domain", key "ed25519:1".
    let key = try! MatrixSigningKey(serverName: "domain", keyID: "ed25519:1", seed: "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1")

    @Test func jsonSigningMatchesTheAppendixTestVectors() throws {
        #expect(try key.signature(of: [:]) == "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ")
        let signed = try key.sign(["one": 1, "two": "Two"])
        #expect(signed["signatures"] == ["domain": ["ed25519:1": "KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw"]])
        #expect(MatrixSigningKey.verify(signed, server: "domain", keyID: "ed25519:1", publicKey: key.privateKey.publicKey))
        var tampered = signed
        tampered["two"] = "Three"
        #expect(!MatrixSigningKey.verify(tampered, server: "domain", keyID: "ed25519:1", publicKey: key.privateKey.publicKey))
        // `unsigned` is not covered by the signature.
        var withUnsigned = signed
        withUnsigned["unsigned"] = ["age_ts": 1]
        #expect(MatrixSigningKey.verify(withUnsigned, server: "domain", keyID: "ed25519:1", publicKey: key.privateKey.publicKey))
    }

    @Test func xMatrixHeadersParseWithWhitespaceAndQuotingVariants() throws {
        let spaced = try #require(XMatrixAuthorization(headerValue: #"X-Matrix origin="origin.hs.example.com" , destination="destination.hs.example.com",  key="ed25519:key1",sig="ABCDEF...""#))
        #expect(spaced == XMatrixAuthorization(origin: "origin.hs.example.com", destination: "destination.hs.example.com", key: "ed25519:key1", signature: "ABCDEF..."))
        let unquoted = try #require(XMatrixAuthorization(headerValue: "x-matrix origin=origin.example.com,key=ed25519:1,sig=c2ln"))
        #expect(unquoted.origin == "origin.example.com")
        #expect(unquoted.destination == nil)
        #expect(unquoted.signature == "c2ln")
        #expect(XMatrixAuthorization(headerValue: spaced.headerValue) == spaced)
        #expect(XMatrixAuthorization(headerValue: "Bearer abc") == nil)
        #expect(XMatrixAuthorization(headerValue: #"X-Matrix origin="a""#) == nil)
    }

    @Test func federationRequestsAreSignedAndVerified() throws {
        let content: JSONValue = ["pdus": [], "origin": "domain"]
        let authorization = try FederationRequestSignature.authorization(
            method: "PUT", uri: "/_matrix/federation/v1/send/1", destination: "remote.example", content: content, key: key)
        #expect(authorization.origin == "domain" && authorization.key == "ed25519:1")
        let publicKey = key.privateKey.publicKey
        #expect(FederationRequestSignature.verify(authorization, method: "PUT", uri: "/_matrix/federation/v1/send/1", destination: "remote.example", content: content, publicKey: publicKey))
        #expect(!FederationRequestSignature.verify(authorization, method: "PUT", uri: "/_matrix/federation/v1/send/2", destination: "remote.example", content: content, publicKey: publicKey))
        #expect(!FederationRequestSignature.verify(authorization, method: "PUT", uri: "/_matrix/federation/v1/send/1", destination: "other.example", content: content, publicKey: publicKey))
        #expect(!FederationRequestSignature.verify(authorization, method: "PUT", uri: "/_matrix/federation/v1/send/1", destination: "remote.example", content: ["pdus": [1]], publicKey: publicKey))
    }
}
