import Foundation
import HTTPTypes
import Hummingbird
import MatrixClient
import MatrixEvents
import MatrixServer
import NIOCore
import OpenAPIAsyncHTTPClient
import OpenAPIHummingbird
import Testing

/// A toy homeserver in memory: a handful of operations, the rest answered M_UNRECOGNIZED by the defaults.
actor ToyHomeserver: ClientServerAPIHandler {
    /// The timeline is kept typed: the handlers take and answer with the typed event envelopes.
    struct Room { var state: [String: JSONObject] = [:]; var events: [AnyTimelineEvent] = [] }
    var rooms: [String: Room] = [:]
    var accountData: [String: JSONObject] = [:]
    var displayNames: [String: String] = [:]
    var media: [String: MediaContent] = [:]
    var counter = 0

    func next(_ prefix: String) -> String { counter += 1; return "\(prefix)\(counter)" }

    func user(_ context: MatrixRequestContext) throws -> String {
        guard case .user(let user, _)? = context.principal else { throw MatrixHTTPError.unknownToken }
        return user.rawValue
    }

    func getVersions(_ request: GetVersions.Request, context: MatrixRequestContext) async throws -> GetVersions.Response {
        .ok(.init(versions: ["v1.10", "v1.11"]))
    }

    func getLoginFlows(_ request: GetLoginFlows.Request, context: MatrixRequestContext) async throws -> GetLoginFlows.Response {
        .ok(.init(flows: [.init(type: "m.login.password")]))
    }

    func login(_ request: Login.Request, context: MatrixRequestContext) async throws -> Login.Response {
        guard request.body.password == "secret" else {
            return .forbidden(MatrixError(errcode: .forbidden, error: "Invalid password"))
        }
        return .ok(.init(userID: "@alice:toy.example", accessToken: "alice-token", deviceID: "DEV"))
    }

    func getTokenOwner(_ request: GetTokenOwner.Request, context: MatrixRequestContext) async throws -> GetTokenOwner.Response {
        .ok(.init(userID: try user(context), deviceID: "DEV"))
    }

    func createRoom(_ request: CreateRoom.Request, context: MatrixRequestContext) async throws -> CreateRoom.Response {
        let roomID = "!\(next("room")):toy.example"
        rooms[roomID] = Room()
        if let name = request.body.name { rooms[roomID]!.state["m.room.name\u{1}"] = ["name": .string(name)] }
        return .ok(.init(roomID: roomID))
    }

    func getJoinedRooms(_ request: GetJoinedRooms.Request, context: MatrixRequestContext) async throws -> GetJoinedRooms.Response {
        .ok(.init(joinedRooms: rooms.keys.sorted()))
    }

    func sendMessage(_ request: SendMessage.Request, context: MatrixRequestContext) async throws -> SendMessage.Response {
        guard rooms[request.roomID] != nil else { throw MatrixHTTPError.forbidden("Not in room") }
        let eventID = "$" + next("event")
        let event = try Raw(ClientEvent(
            eventID: eventID, type: request.eventType, sender: try user(context), originServerTs: 1, content: request.body, roomID: request.roomID))
        do {
            rooms[request.roomID]!.events.append(try event.decode(as: AnyTimelineEvent.self))
        } catch {
            // Content that its own event type's schema refuses (an m.room.message without a body).
            return .badRequest(MatrixError(errcode: .badJSON, error: String(describing: error)))
        }
        return .ok(.init(eventID: eventID))
    }

    func setRoomStateWithKey(_ request: SetRoomStateWithKey.Request, context: MatrixRequestContext) async throws -> SetRoomStateWithKey.Response {
        guard rooms[request.roomID] != nil else { throw MatrixHTTPError.forbidden("Not in room") }
        rooms[request.roomID]!.state[request.eventType + "\u{1}" + request.stateKey] = request.body
        return .ok(.init(eventID: "$" + next("state")))
    }

    func getRoomStateWithKey(_ request: GetRoomStateWithKey.Request, context: MatrixRequestContext) async throws -> GetRoomStateWithKey.Response {
        guard let content = rooms[request.roomID]?.state[request.eventType + "\u{1}" + request.stateKey] else {
            return .notFound(MatrixError(errcode: .notFound, error: "No such state"))
        }
        return .ok(content)
    }

    func getRoomEvents(_ request: GetRoomEvents.Request, context: MatrixRequestContext) async throws -> GetRoomEvents.Response {
        let events = rooms[request.roomID]?.events ?? []
        let ordered = request.dir == .b ? Array(events.reversed()) : events
        return .ok(.init(start: request.from ?? "s0", chunk: try ordered.prefix(request.limit ?? 10).map { try Raw<ClientEvent>(encoding: $0) }))
    }

    func setDisplayName(_ request: SetDisplayName.Request, context: MatrixRequestContext) async throws -> SetDisplayName.Response {
        guard request.userID == (try user(context)) else { throw MatrixHTTPError.forbidden("Not yours") }
        displayNames[request.userID] = request.body.displayname
        return .ok([:])
    }

    func getDisplayName(_ request: GetDisplayName.Request, context: MatrixRequestContext) async throws -> GetDisplayName.Response {
        .ok(.init(displayname: displayNames[request.userID]))
    }

    func setAccountData(_ request: SetAccountData.Request, context: MatrixRequestContext) async throws -> SetAccountData.Response {
        accountData[request.type] = request.body
        return .ok([:])
    }

    func getAccountData(_ request: GetAccountData.Request, context: MatrixRequestContext) async throws -> GetAccountData.Response {
        // A handler failing in an unexpected way: the client must see only 500 M_UNKNOWN.
        if request.type == "org.example.crash" { throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "secret internals"]) }
        guard let data = accountData[request.type] else { return .notFound(MatrixError(errcode: .notFound, error: "No data")) }
        return .ok(data)
    }

    func uploadContent(_ request: UploadContent.Request, context: MatrixRequestContext) async throws -> UploadContent.Response {
        let id = next("media")
        media[id] = MediaContent(
            data: request.body.data, contentType: request.body.contentType,
            contentDisposition: request.filename.map { ContentDisposition(type: "inline", filename: $0) })
        return .ok(.init(contentURI: try MXCURI(validating: "mxc://toy.example/\(id)")))
    }

    func getContentAuthed(_ request: GetContentAuthed.Request, context: MatrixRequestContext) async throws -> GetContentAuthed.Response {
        guard let content = media[request.mediaID] else { throw MatrixHTTPError.notFound("No such media") }
        return .ok(content)
    }
}

struct ToyTokens: MatrixAuthenticator {
    func authenticate(accessToken: String, request: HTTPRequest) async throws -> MatrixPrincipal? {
        accessToken == "alice-token" ? .user(try UserID(validating: "@alice:toy.example"), deviceID: "DEV") : nil
    }
}

/// Starts the toy homeserver on 127.0.0.1 (any free port) with Hummingbird, runs `body`, stops it.
func withToyServer(_ body: (URL) async throws -> Void) async throws {
    let router = Router()
    try registerMatrixRoutes(
        MatrixClientServerAPIRegistry.clientServerRoutes, handler: ToyHomeserver(), on: router,
        configuration: .init(maxBodyBytes: 1 << 20, authenticator: ToyTokens()))
    let (ports, portContinuation) = AsyncStream<Int>.makeStream()
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) })
    let server = Task { try await app.run() }
    defer { server.cancel() }
    var iterator = ports.makeAsyncIterator()
    let port = try #require(await iterator.next())
    try await body(URL(string: "http://127.0.0.1:\(port)")!)
}

@Suite(.serialized) struct HTTPRoundTripTests {
    @Test func theGeneratedClientRoundTripsThroughTheGeneratedServer() async throws {
        try await withToyServer { url in
            let client = MatrixClient(serverURL: url, transport: AsyncHTTPClientTransport())
            #expect(try await client.getVersions().versions.contains("v1.11"))
            #expect(try await client.getLoginFlows().flows?.first?.type == "m.login.password")
            do {
                _ = try await client.login(.init(body: .init(type: "m.login.password", user: "alice", password: "wrong")))
                Issue.record("a wrong password logged in")
            } catch let error as MatrixResponseError {
                #expect(error.status == 403 && error.matrixError?.errcode == .forbidden)
            }
            let session = try await client.login(.init(body: .init(type: "m.login.password", user: "alice", password: "secret")))
            client.accessToken = session.accessToken
            #expect(try await client.getTokenOwner().userID == "@alice:toy.example")

            let room = try await client.createRoom(.init(body: .init(name: "Toy"))).roomID
            #expect(try await client.getJoinedRooms().joinedRooms == [room])
            // Identifiers with ':' and '!' are percent-encoded on the way and decoded on arrival.
            let sent = try await client.sendMessage(.init(roomID: room, eventType: "m.room.message", txnID: "t/1 2", body: ["msgtype": "m.text", "body": "hi"]))
            let typed = try await client.send(RoomMessageEventContent.notice(NoticeMessageEventContent(body: "typed")), in: room)
            let page = try await client.getRoomEvents(.init(roomID: room, dir: .b, limit: 5))
            let events = try page.chunk.map { try $0.decode() }
            #expect(events.map(\.eventID) == [typed.eventID, sent.eventID])
            #expect(events.last?.content["body"] == "hi")
            let timeline = try page.chunk.map { try $0.decode(as: AnyTimelineEvent.self) }
            guard case .roomMessage(let notice) = timeline.first, case .notice(let content) = notice.content else {
                Issue.record("not a notice: \(timeline)")
                return
            }
            #expect(content.body == "typed" && notice.eventID == typed.eventID)
            // Content its event type's schema refuses is answered 400 M_BAD_JSON.
            do {
                _ = try await client.sendMessage(.init(roomID: room, eventType: "m.room.message", txnID: "t3", body: ["msgtype": "m.text"]))
                Issue.record("a message without a body was accepted")
            } catch let error as MatrixResponseError {
                #expect(error.status == 400 && error.matrixError?.errcode == .badJSON)
                #expect(error.matrixError?.error?.contains("body") == true)
            }
            // A state event with an empty state key routes to the same operation.
            _ = try await client.setRoomStateWithKey(.init(roomID: room, eventType: "m.room.topic", stateKey: "", body: ["topic": "empty key"]))
            #expect(try await client.getRoomStateWithKey(.init(roomID: room, eventType: "m.room.topic", stateKey: ""))["topic"] == "empty key")
            _ = try await client.setRoomStateWithKey(.init(roomID: room, eventType: "m.room.member", stateKey: "@bob:toy.example", body: ["membership": "invite"]))
            #expect(try await client.getRoomStateWithKey(.init(roomID: room, eventType: "m.room.member", stateKey: "@bob:toy.example"))["membership"] == "invite")
            do {
                _ = try await client.getRoomStateWithKey(.init(roomID: room, eventType: "m.room.nothing", stateKey: ""))
                Issue.record("missing state was found")
            } catch let error as MatrixResponseError {
                #expect(error.status == 404 && error.matrixError?.errcode == .notFound)
            }
            try await client.setDisplayName(.init(userID: "@alice:toy.example", body: .init(displayname: "Alice")))
            #expect(try await client.getDisplayName(.init(userID: "@alice:toy.example")).displayname == "Alice")
            try await client.setAccountData(.init(userID: "@alice:toy.example", type: "org.example.a", body: ["k": 1]))
            #expect(try await client.getAccountData(.init(userID: "@alice:toy.example", type: "org.example.a"))["k"] == 1)

            // Media, streamed up and down through the authenticated endpoint.
            let uri = try await client.uploadMedia(HTTPBody(Data("pixels".utf8)), contentType: "image/png", fileName: "p.png")
            let media = try await client.downloadMedia(uri).collect()
            #expect(media.data == Data("pixels".utf8))
            #expect(media.contentType == "image/png")
            #expect(media.contentDisposition?.filename == "p.png")

            // Errors: unimplemented, internal failure without internals, missing and unknown tokens.
            do {
                _ = try await client.getCapabilities()
                Issue.record("an unimplemented operation answered")
            } catch let error as MatrixResponseError {
                #expect(error.status == 404 && error.matrixError?.errcode == .unrecognized)
            }
            do {
                _ = try await client.getAccountData(.init(userID: "@alice:toy.example", type: "org.example.crash"))
                Issue.record("a crashing handler answered")
            } catch let error as MatrixResponseError {
                #expect(error.status == 500 && error.matrixError?.errcode == .unknown)
                #expect(error.matrixError?.error?.contains("secret") == false)
            }
            let stranger = MatrixClient(serverURL: url, transport: AsyncHTTPClientTransport(), accessToken: "stolen")
            do {
                _ = try await stranger.getTokenOwner()
                Issue.record("an unknown token was accepted")
            } catch let error as MatrixResponseError {
                #expect(error.status == 401 && error.matrixError?.errcode == .unknownToken)
            }
        }
    }
}
