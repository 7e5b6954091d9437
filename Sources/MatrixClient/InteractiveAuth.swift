import Foundation
import MatrixAPIRuntime
import MatrixClientServerAPI

extension MatrixResponseError {
    /// The user-interactive authentication challenge (`flows`, `params`, `session`, `completed`) of a 401,
    /// whichever operation answered it: servers ask for extra authentication on operations whose spec lists no
    /// 401 (`uploadCrossSigningKeys`, for one), so the challenge is read from the documented case and from an
    /// undocumented 401 alike. `nil` for other statuses and for a 401 that is not a challenge (a bad token).
    public var interactiveAuth: AuthenticationResponse? {
        guard status == 401 else { return nil }
        // The payload of the response's case: the typed challenge, or the raw body of an undocumented status.
        switch Mirror(reflecting: response).children.first?.value {
        case let challenge as AuthenticationResponse:
            return challenge
        case let undocumented as UndocumentedResponse:
            guard let challenge = try? MatrixJSON.decode(AuthenticationResponse.self, from: undocumented.body),
                !challenge.flows.isEmpty
            else { return nil }
            return challenge
        default:
            return nil
        }
    }
}
