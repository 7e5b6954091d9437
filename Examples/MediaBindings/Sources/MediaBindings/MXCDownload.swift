import MatrixAPIRuntime

/// The authenticated download request for an `mxc://` URI (the generated `GetContentAuthed` is in this module).
public func downloadRequest(for uri: MXCURI, timeoutMs: Int64? = nil) -> GetContentAuthed.Request {
    GetContentAuthed.Request(serverName: uri.serverName, mediaID: uri.mediaID, timeoutMs: timeoutMs)
}
