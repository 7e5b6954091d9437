import Foundation
import GRDB

/// A stored media item's metadata.
public struct MediaRecord: Sendable, Hashable {
    public var mediaID: String
    public var contentType: String?
    public var fileName: String?
    public var size: Int
    /// When the bytes arrived (milliseconds since 1970); for a reservation, when it was made.
    public var createdAt: Int64
    public var uploader: String
    /// Reserved by `/create`, bytes not uploaded yet.
    public var pending: Bool
    /// A reservation's deadline.
    public var expiresAt: Int64?
}

/// Media bytes on disk (written to a temporary file, synced, then renamed into place, so a crash never leaves a
/// partial file under a media ID) and metadata in SQLite through GRDB. Survives restarts; a media ID is
/// validated before it touches a path.
public final class MediaStore: @unchecked Sendable {
    public enum Failure: Error, Equatable {
        case notFound
        case notYetUploaded
        case alreadyUploaded
        case notYours
        case invalidMediaID
    }

    let database: DatabaseQueue
    let filesDirectory: URL

    public init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        filesDirectory = directory.appendingPathComponent("files")
        try FileManager.default.createDirectory(at: filesDirectory, withIntermediateDirectories: true)
        database = try DatabaseQueue(path: directory.appendingPathComponent("media.sqlite").path)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "media") { table in
                table.column("media_id", .text).primaryKey()
                table.column("content_type", .text)
                table.column("file_name", .text)
                table.column("size", .integer).notNull()
                table.column("created_at", .integer).notNull()
                table.column("uploader", .text).notNull()
                table.column("pending", .boolean).notNull()
                table.column("expires_at", .integer)
            }
        }
        try migrator.migrate(database)
        removedOnStart = try removeOrphans()
    }

    /// How many leftover files the start-up clean-up removed.
    public private(set) var removedOnStart = 0

    /// Removes what a crash can leave behind: temporary `.partial` files of writes that never finished, and
    /// files renamed into place whose metadata row was never written (or still says the upload is pending).
    func removeOrphans() throws -> Int {
        let names = try FileManager.default.contentsOfDirectory(atPath: filesDirectory.path)
        let stored = try database.read { db in
            Set(try String.fetchAll(db, sql: "SELECT media_id FROM media WHERE pending = 0"))
        }
        var removed = 0
        for name in names where name.hasSuffix(".partial") || !stored.contains(name) {
            try FileManager.default.removeItem(at: filesDirectory.appendingPathComponent(name))
            removed += 1
        }
        if removed > 0 { try syncFilesDirectory() }
        return removed
    }

    /// Makes renames and removals in the files directory durable (a rename is in the directory, not the file).
    func syncFilesDirectory() throws {
        let descriptor = open(filesDirectory.path, O_RDONLY)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Media IDs are this server's own: letters, digits, `_` and `-`, so they are safe as file names.
    public static func isValid(mediaID: String) -> Bool {
        !mediaID.isEmpty && mediaID.utf8.count <= 255
            && mediaID.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    public static func newMediaID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<24).map { _ in alphabet.randomElement()! })
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    func fileURL(_ mediaID: String) throws -> URL {
        guard Self.isValid(mediaID: mediaID) else { throw Failure.invalidMediaID }
        return filesDirectory.appendingPathComponent(mediaID)
    }

    /// Writes `data` under `mediaID` atomically.
    func writeFile(_ data: Data, mediaID: String) throws {
        let destination = try fileURL(mediaID)
        let temporary = filesDirectory.appendingPathComponent(".\(mediaID).\(UUID().uuidString).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            if rename(temporary.path, destination.path) != 0 { throw CocoaError(.fileWriteUnknown) }
            try syncFilesDirectory()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Stores new content and returns its record.
    public func store(_ data: Data, contentType: String?, fileName: String?, uploader: String) throws -> MediaRecord {
        let record = MediaRecord(
            mediaID: Self.newMediaID(), contentType: contentType, fileName: fileName, size: data.count, createdAt: Self.now(),
            uploader: uploader, pending: false, expiresAt: nil)
        try writeFile(data, mediaID: record.mediaID)
        try database.write { db in try insert(record, db) }
        return record
    }

    /// Reserves a media ID for a later upload (`POST /_matrix/media/v1/create`).
    public func reserve(uploader: String, lifetime: TimeInterval = 24 * 3600) throws -> MediaRecord {
        let now = Self.now()
        let record = MediaRecord(
            mediaID: Self.newMediaID(), contentType: nil, fileName: nil, size: 0, createdAt: now, uploader: uploader,
            pending: true, expiresAt: now + Int64(lifetime * 1000))
        try database.write { db in try insert(record, db) }
        return record
    }

    /// Fills a reservation (`PUT /_matrix/media/v3/upload/{serverName}/{mediaId}`).
    public func fill(mediaID: String, data: Data, contentType: String?, fileName: String?, uploader: String) throws {
        guard Self.isValid(mediaID: mediaID) else { throw Failure.invalidMediaID }
        guard var record = try self.record(mediaID) else { throw Failure.notFound }
        guard record.uploader == uploader else { throw Failure.notYours }
        guard record.pending else { throw Failure.alreadyUploaded }
        try writeFile(data, mediaID: mediaID)
        record.pending = false
        record.contentType = contentType
        record.fileName = fileName
        record.size = data.count
        record.createdAt = Self.now()
        record.expiresAt = nil
        let updated = record
        try database.write { db in
            try db.execute(
                sql: "UPDATE media SET content_type = ?, file_name = ?, size = ?, created_at = ?, pending = 0, expires_at = NULL WHERE media_id = ?",
                arguments: [updated.contentType, updated.fileName, updated.size, updated.createdAt, mediaID])
        }
    }

    public func record(_ mediaID: String) throws -> MediaRecord? {
        guard Self.isValid(mediaID: mediaID) else { return nil }
        return try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM media WHERE media_id = ?", arguments: [mediaID]).map { row in
                MediaRecord(
                    mediaID: row["media_id"], contentType: row["content_type"], fileName: row["file_name"], size: row["size"],
                    createdAt: row["created_at"], uploader: row["uploader"], pending: row["pending"], expiresAt: row["expires_at"])
            }
        }
    }

    /// The record and bytes of uploaded content.
    public func content(_ mediaID: String) throws -> (MediaRecord, Data) {
        guard let record = try record(mediaID) else { throw Failure.notFound }
        if record.pending { throw Failure.notYetUploaded }
        return (record, try Data(contentsOf: fileURL(mediaID)))
    }

    func insert(_ record: MediaRecord, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO media (media_id, content_type, file_name, size, created_at, uploader, pending, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [record.mediaID, record.contentType, record.fileName, record.size, record.createdAt, record.uploader, record.pending, record.expiresAt])
    }
}
