import Crypto
import Foundation
import HTTPTypes
import MatrixApplicationServiceAPI
import MatrixClientServerAPI
import MatrixCodegenCore
import MatrixIdentityAPI
import MatrixPushGatewayAPI
import MatrixServer
import MatrixServerServerAPI
import Testing

/// A `ServerTransport` that keeps what is registered and dispatches requests to it in process.
final class RecordingTransport: ServerTransport, @unchecked Sendable {
    typealias Handler = @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    var routes: [(method: HTTPRequest.Method, template: String, handler: Handler)] = []

    func register(_ handler: @escaping Handler, method: HTTPRequest.Method, path: String) throws {
        routes.append((method, path, handler))
    }

    /// The most specific registered route for the request, as a router would pick it.
    func send(_ request: HTTPRequest, body: Data? = nil) async throws -> (status: Int, body: Data, headers: HTTPFields) {
        let path = PathTemplate.split(request.path ?? "/").path
        let candidates = routes.filter { $0.method == request.method && PathTemplate($0.template).match(path) != nil }
        guard let route = candidates.max(by: { literalLength($0.template) < literalLength($1.template) }) else {
            return (404, Data(), [:])
        }
        let (response, responseBody) = try await route.handler(request, body.map { HTTPBody($0) }, .init())
        var data = Data()
        if let responseBody { data = try await Data(collecting: responseBody, upTo: 1 << 26) }
        return (response.status.code, data, response.headerFields)
    }

    private func literalLength(_ template: String) -> Int {
        template.split(separator: "/").filter { !$0.hasPrefix("{") }.map(\.count).reduce(0, +)
    }
}

struct NothingServed: ClientServerAPIHandler, ServerServerAPIHandler, ApplicationServiceAPIHandler, IdentityServiceAPIHandler, PushGatewayAPIHandler {}

struct TokenTable: MatrixAuthenticator {
    func authenticate(accessToken: String, request: HTTPRequest) async throws -> MatrixPrincipal? {
        accessToken == "valid-token" ? .user(try UserID(validating: "@sweep:example.org"), deviceID: "SWEEP") : nil
    }
}

let federationKey = try! MatrixSigningKey(serverName: "origin.example", keyID: "ed25519:1", seed: "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1")

struct OneKey: FederationKeyResolver {
    func publicKey(server: String, keyID: String) async throws -> Curve25519.Signing.PublicKey? {
        server == federationKey.serverName && keyID == federationKey.keyID ? federationKey.privateKey.publicKey : nil
    }
}

func decodeError(_ data: Data) -> String? {
    (try? MatrixJSON.decode(MatrixError.self, from: data))?.errcode.rawValue
}

/// Every route of every API group, served by a handler that implements nothing.
@Suite struct RouteSweepTests {
    static let model: APIModel = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/matrix-spec/v1.11").standardizedFileURL
        return try! Pipeline.buildModel(configuration: .standard(specRoot: root, specVersion: "v1.11", outputDirectory: root)).model
    }()

    static func transport(maxBodyBytes: Int = 1 << 20) throws -> RecordingTransport {
        let transport = RecordingTransport()
        let configuration = MatrixServerConfiguration(
            maxBodyBytes: maxBodyBytes, authenticator: TokenTable(), serverName: "destination.example", federationKeys: OneKey())
        let handler = NothingServed()
        try registerMatrixRoutes(MatrixClientServerAPIRegistry.clientServerRoutes, handler: handler, on: transport, configuration: configuration)
        try registerMatrixRoutes(MatrixServerServerAPIRegistry.serverServerRoutes, handler: handler, on: transport, configuration: configuration)
        try registerMatrixRoutes(MatrixApplicationServiceAPIRegistry.applicationServiceRoutes, handler: handler, on: transport, configuration: configuration)
        try registerMatrixRoutes(MatrixIdentityAPIRegistry.identityServiceRoutes, handler: handler, on: transport, configuration: configuration)
        try registerMatrixRoutes(MatrixPushGatewayAPIRegistry.pushGatewayRoutes, handler: handler, on: transport, configuration: configuration)
        return transport
    }

    /// A value a parameter of this type accepts.
    static func sample(_ type: TypeRef, decls: [String: TypeDecl]) -> String {
        switch type {
        case .builtin(let type):
            switch type {
            case .userID: return "@sweep:example.org"
            case .roomID: return "!sweep:example.org"
            case .eventID: return "$sweep"
            case .roomAlias: return "#sweep:example.org"
            case .serverName: return "example.org"
            case .mxcURI: return "mxc://example.org/sweep"
            case .int, .int64, .double: return "1"
            case .bool: return "true"
            default: return "sweep"
            }
        case .declared(let id):
            if case .openEnum(let values)? = decls[id]?.kind, let first = values.first { return first.value }
            if case .alias(let target)? = decls[id]?.kind { return sample(target, decls: decls) }
            return "sweep"
        case .array(let element), .nullable(let element), .raw(let element): return sample(element, decls: decls)
        case .map: return "sweep"
        }
    }

    /// The smallest JSON value of a type: its required fields only, each with a sample value.
    static func sampleJSON(_ type: TypeRef, decls: [String: TypeDecl], depth: Int = 0) -> JSONValue {
        guard depth < 12 else { return .object([:]) }
        switch type {
        case .builtin(let builtin):
            switch builtin {
            case .int, .int64: return .integer(1)
            case .double: return .number(1)
            case .bool: return .bool(true)
            case .jsonObject, .jsonValue: return .object([:])
            case .matrixError: return ["errcode": "M_UNKNOWN"]
            default: return .string(sample(type, decls: decls))
            }
        case .array: return .array([])
        case .map: return .object([:])
        case .nullable(let wrapped), .raw(let wrapped): return sampleJSON(wrapped, decls: decls, depth: depth + 1)
        case .declared(let id):
            switch decls[id]?.kind {
            case .object(let fields, _, _, _)?:
                var object: JSONObject = [:]
                for field in fields where field.required { object[field.wireName] = sampleJSON(field.type, decls: decls, depth: depth + 1) }
                return .object(object)
            case .openEnum(let values)?: return .string(values.first?.value ?? "sweep")
            case .sum(let variants)?: return variants.first.map { sampleJSON($0.type, decls: decls, depth: depth + 1) } ?? .null
            case .tuple(let elements)?: return .array(elements.map { sampleJSON($0.type, decls: decls, depth: depth + 1) })
            case .alias(let target)?: return sampleJSON(target, decls: decls, depth: depth + 1)
            case nil: return .object([:])
            }
        }
    }

    /// A request that decodes: sample path and required query values, the smallest valid body.
    static func validRequest(_ endpoint: Endpoint, token: Bool) throws -> (HTTPRequest, Data?) {
        let decls = Dictionary(model.allDecls.map { ($0.decl.id, $0.decl) }, uniquingKeysWith: { first, _ in first })
        var path = endpoint.path
        var query: [String] = []
        for parameter in endpoint.parameters {
            let value = sample(parameter.type, decls: decls)
            switch parameter.location {
            case .path: path = path.replacingOccurrences(of: "{\(parameter.wireName)}", with: PathTemplate.escapeSegment(value))
            case .query where parameter.required: query.append("\(parameter.wireName)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)")
            default: break
            }
        }
        var head = HTTPRequest(method: .init(endpoint.method.rawValue)!, scheme: nil, authority: nil, path: path + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
        var body: Data?
        switch endpoint.requestBody {
        case .json(let type)?:
            body = try MatrixJSON.encode(sampleJSON(type, decls: decls))
            head.headerFields[.contentType] = "application/json"
        case .media?:
            body = Data("bytes".utf8)
            head.headerFields[.contentType] = "application/octet-stream"
        default:
            break
        }
        if token {
            if endpoint.security.contains(where: { $0.location == .signedRequest }) {
                let content = try body.map { try MatrixJSON.decode(JSONValue.self, from: $0) }
                let authorization = try FederationRequestSignature.authorization(
                    method: endpoint.method.rawValue, uri: head.path!, destination: "destination.example", content: content, key: federationKey)
                head.headerFields[.authorization] = authorization.headerValue
            } else if !endpoint.security.isEmpty {
                head.headerFields[.authorization] = "Bearer valid-token"
            }
        }
        return (head, body)
    }

    @Test func everyRouteAnswersAsTheSpecSays() async throws {
        let transport = try Self.transport()
        let endpoints = Self.model.modules.flatMap(\.endpoints)
        var secured = 0, refusedWithout = 0, badToken = 0
        var unrecognized = 0, notJSON = 0, badJSON = 0, jsonBodies = 0, methodNotAllowed = 0, refusedBeforeDecoding = 0
        var failures: [String] = []
        var learnt: [(name: String, head: HTTPRequest)] = []
        for endpoint in endpoints {
            let name = "\(endpoint.group)/\(endpoint.operationID)"
            // Without credentials.
            if !endpoint.security.isEmpty && !endpoint.authenticationOptional {
                secured += 1
                let (head, body) = try Self.validRequest(endpoint, token: false)
                let answer = try await transport.send(head, body: body)
                if answer.status == 401 { refusedWithout += 1 } else { failures.append("\(name) without credentials: \(answer.status)") }
                if !endpoint.security.contains(where: { $0.location == .signedRequest }) {
                    var wrong = head
                    wrong.headerFields[.authorization] = "Bearer wrong-token"
                    let refused = try await transport.send(wrong, body: body)
                    if refused.status == 401 && decodeError(refused.body) == "M_UNKNOWN_TOKEN" { badToken += 1 } else {
                        failures.append("\(name) with a wrong token: \(refused.status) \(decodeError(refused.body) ?? "")")
                    }
                }
            }
            let (head, body) = try Self.validRequest(endpoint, token: true)
            // Malformed bodies, before the server has learnt that the handler does not serve the operation.
            let takesJSON: Bool
            if case .json? = endpoint.requestBody, !endpoint.security.contains(where: { $0.location == .signedRequest }) { takesJSON = true } else { takesJSON = false }
            if takesJSON {
                jsonBodies += 1
                let garbage = try await transport.send(head, body: Data("{not json".utf8))
                if garbage.status == 400 && decodeError(garbage.body) == "M_NOT_JSON" { notJSON += 1 } else { failures.append("\(name) not JSON: \(garbage.status)") }
                let wrongShape = try await transport.send(head, body: Data(#"[1, 2, 3]"#.utf8))
                if wrongShape.status == 400 && decodeError(wrongShape.body) == "M_BAD_JSON" { badJSON += 1 } else { failures.append("\(name) wrong shape: \(wrongShape.status) \(decodeError(wrongShape.body) ?? "")") }
            }
            // Valid and authenticated: nobody serves it.
            let answer = try await transport.send(head, body: body)
            if answer.status == 404 && decodeError(answer.body) == "M_UNRECOGNIZED" { unrecognized += 1 } else {
                failures.append("\(name): \(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
            }
            if takesJSON { learnt.append((name, head)) }
            // A method the path does not take.
            let others = [HTTPRequest.Method.get, .put, .post, .delete].filter { method in
                !endpoints.contains { $0.path == endpoint.path && $0.method.rawValue == method.rawValue }
            }
            if let other = others.first {
                var wrongMethod = head
                wrongMethod.method = other
                let answer = try await transport.send(wrongMethod, body: nil)
                if answer.status == 405 && decodeError(answer.body) == "M_UNRECOGNIZED" { methodNotAllowed += 1 } else { failures.append("\(name) \(other): \(answer.status)") }
            }
        }
        // Once the handler turned out not to serve an operation (and every other sharing its path), a body is no
        // longer decoded: garbage gets the same 404.
        for (name, head) in learnt {
            let garbage = try await transport.send(head, body: Data("{not json".utf8))
            if garbage.status == 404 && decodeError(garbage.body) == "M_UNRECOGNIZED" { refusedBeforeDecoding += 1 } else {
                failures.append("\(name) not JSON after the 404: \(garbage.status)")
            }
        }
        print("""
            Route sweep over \(endpoints.count) operations: \(refusedWithout)/\(secured) secured operations answer 401 without \
            credentials, \(badToken) answer 401 M_UNKNOWN_TOKEN to a wrong token; \(unrecognized)/\(endpoints.count) unimplemented \
            operations answer 404 M_UNRECOGNIZED; \(notJSON)/\(jsonBodies) JSON bodies answer M_NOT_JSON to garbage and \
            \(badJSON)/\(jsonBodies) M_BAD_JSON to the wrong shape, \(refusedBeforeDecoding)/\(jsonBodies) then 404 before decoding; \(methodNotAllowed) paths answer 405 M_UNRECOGNIZED to another method
            """)
        for failure in failures { print("FAILED " + failure) }
        #expect(failures.isEmpty)
        #expect(unrecognized == endpoints.count)
        #expect(refusedBeforeDecoding == jsonBodies && jsonBodies > 80)
        #expect(secured > 150)
    }

    @Test func oversizedBodiesAnd413() async throws {
        let transport = try Self.transport(maxBodyBytes: 1024)
        var head = HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/_matrix/media/v3/upload")
        head.headerFields[.authorization] = "Bearer valid-token"
        head.headerFields[.contentType] = "image/png"
        let answer = try await transport.send(head, body: Data(count: 4096))
        #expect(answer.status == 413)
        #expect(decodeError(answer.body) == "M_TOO_LARGE")
    }
}
