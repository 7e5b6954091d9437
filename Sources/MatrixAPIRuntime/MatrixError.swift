import Foundation

/// The standard error response of every Matrix API: `errcode`, `error` and, when rate-limited,
/// `retry_after_ms`. Keys the spec does not describe are kept in `additionalFields` (for example the
/// `soft_logout` flag of `M_UNKNOWN_TOKEN`, or the fields of a user-interactive authentication response).
public struct MatrixError: Error, Codable, Hashable, Sendable, CustomStringConvertible {
    /// An error code; `ErrorCode` lists the ones the spec defines.
    public var errcode: ErrorCode
    /// A human-readable error message.
    public var error: String?
    /// For `M_LIMIT_EXCEEDED`: how long the client should wait before trying again, in milliseconds.
    public var retryAfterMs: Int64?
    /// Keys the spec does not describe.
    public var additionalFields: JSONObject

    public init(errcode: ErrorCode, error: String? = nil, retryAfterMs: Int64? = nil, additionalFields: JSONObject = [:]) {
        self.errcode = errcode
        self.error = error
        self.retryAfterMs = retryAfterMs
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case errcode
        case error
        case retryAfterMs = "retry_after_ms"
    }

    /// The body had no `errcode` (servers send `{"error": "Unknown protocol"}` and the like): `errcode` reads
    /// `M_UNKNOWN`, and encoding leaves the key out again, so the body passes through unchanged.
    public private(set) var errcodeWasMissing = false

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let code = try container.decodeIfPresent(ErrorCode.self, forKey: .errcode) {
            errcode = code
        } else {
            errcode = .unknown
            errcodeWasMissing = true
        }
        error = try container.decodeIfPresent(String.self, forKey: .error)
        retryAfterMs = try container.decodeIfPresent(Int64.self, forKey: .retryAfterMs)
        var remainder = try ObjectRemainder(decoder: decoder, known: CodingKeys.self)
        additionalFields = try remainder.takeAll(as: JSONObject.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !(errcodeWasMissing && errcode == .unknown) { try container.encode(errcode, forKey: .errcode) }
        try container.encodeIfPresent(error, forKey: .error)
        try container.encodeIfPresent(retryAfterMs, forKey: .retryAfterMs)
        try encoder.encodeEntries(additionalFields)
    }

    public var description: String {
        var text = errcode.rawValue
        if let error { text += ": \(error)" }
        if let retryAfterMs { text += " (retry after \(retryAfterMs) ms)" }
        return text
    }

    /// The HTTP status that goes with a server-side error, for errors a handler throws.
    public var defaultStatus: Int {
        switch errcode {
        case .forbidden, .guestAccessForbidden, .consentNotGiven, .userDeactivated, .threepidDenied: 403
        case .unknownToken, .missingToken, .unauthorized: 401
        case .notFound, .unrecognized: 404
        case .limitExceeded: 429
        case .tooLarge: 413
        case .userInUse, .roomInUse, .threepidInUse, .exclusive: 400
        case .unknown: 500
        default: 400
        }
    }
}

/// The error codes the spec defines; open, so that any other code decodes unchanged.
public struct ErrorCode: OpenStringEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let forbidden: Self = "M_FORBIDDEN"
    public static let unknownToken: Self = "M_UNKNOWN_TOKEN"
    public static let missingToken: Self = "M_MISSING_TOKEN"
    public static let userLocked: Self = "M_USER_LOCKED"
    public static let badJSON: Self = "M_BAD_JSON"
    public static let notJSON: Self = "M_NOT_JSON"
    public static let notFound: Self = "M_NOT_FOUND"
    public static let limitExceeded: Self = "M_LIMIT_EXCEEDED"
    public static let unrecognized: Self = "M_UNRECOGNIZED"
    public static let unknown: Self = "M_UNKNOWN"
    public static let unauthorized: Self = "M_UNAUTHORIZED"
    public static let userDeactivated: Self = "M_USER_DEACTIVATED"
    public static let userInUse: Self = "M_USER_IN_USE"
    public static let invalidUsername: Self = "M_INVALID_USERNAME"
    public static let roomInUse: Self = "M_ROOM_IN_USE"
    public static let invalidRoomState: Self = "M_INVALID_ROOM_STATE"
    public static let threepidInUse: Self = "M_THREEPID_IN_USE"
    public static let threepidNotFound: Self = "M_THREEPID_NOT_FOUND"
    public static let threepidAuthFailed: Self = "M_THREEPID_AUTH_FAILED"
    public static let threepidDenied: Self = "M_THREEPID_DENIED"
    public static let serverNotTrusted: Self = "M_SERVER_NOT_TRUSTED"
    public static let unsupportedRoomVersion: Self = "M_UNSUPPORTED_ROOM_VERSION"
    public static let incompatibleRoomVersion: Self = "M_INCOMPATIBLE_ROOM_VERSION"
    public static let badState: Self = "M_BAD_STATE"
    public static let guestAccessForbidden: Self = "M_GUEST_ACCESS_FORBIDDEN"
    public static let captchaNeeded: Self = "M_CAPTCHA_NEEDED"
    public static let captchaInvalid: Self = "M_CAPTCHA_INVALID"
    public static let missingParam: Self = "M_MISSING_PARAM"
    public static let invalidParam: Self = "M_INVALID_PARAM"
    public static let tooLarge: Self = "M_TOO_LARGE"
    public static let exclusive: Self = "M_EXCLUSIVE"
    public static let resourceLimitExceeded: Self = "M_RESOURCE_LIMIT_EXCEEDED"
    public static let cannotLeaveServerNoticeRoom: Self = "M_CANNOT_LEAVE_SERVER_NOTICE_ROOM"
    public static let weakPassword: Self = "M_WEAK_PASSWORD"
    public static let consentNotGiven: Self = "M_CONSENT_NOT_GIVEN"
    public static let notYetUploaded: Self = "M_NOT_YET_UPLOADED"
    public static let cannotOverwriteMedia: Self = "M_CANNOT_OVERWRITE_MEDIA"

    public static let knownValues: [Self] = [
        .forbidden, .unknownToken, .missingToken, .userLocked, .badJSON, .notJSON, .notFound, .limitExceeded,
        .unrecognized, .unknown, .unauthorized, .userDeactivated, .userInUse, .invalidUsername, .roomInUse,
        .invalidRoomState, .threepidInUse, .threepidNotFound, .threepidAuthFailed, .threepidDenied,
        .serverNotTrusted, .unsupportedRoomVersion, .incompatibleRoomVersion, .badState, .guestAccessForbidden,
        .captchaNeeded, .captchaInvalid, .missingParam, .invalidParam, .tooLarge, .exclusive,
        .resourceLimitExceeded, .cannotLeaveServerNoticeRoom, .weakPassword, .consentNotGiven, .notYetUploaded,
        .cannotOverwriteMedia,
    ]
}

extension MatrixError {
    /// The body as the standard error, when it is one; `nil` for an empty or other body.
    public init?(body: Data) {
        guard !body.isEmpty, let error = try? MatrixJSON.decode(MatrixError.self, from: body) else { return nil }
        self = error
    }
}
