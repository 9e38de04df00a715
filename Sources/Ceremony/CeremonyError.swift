import DeterministicCBOR

/// Who is to blame for a failed ceremony: a named device (by its 1-based index in the roster) or the coordinator.
public enum Culprit: Sendable, Hashable, CustomStringConvertible {
    /// The device at this 1-based roster index (its FROST identifier).
    case device(index: Int, label: String)
    /// The untrusted coordinator (it altered, dropped or equivocated on a message).
    case coordinator

    public var description: String {
        switch self {
        case .device(let index, let label): return "device \(index) (\(label))"
        case .coordinator: return "the coordinator"
        }
    }
}

/// Errors of the Ceremony layer. Each case carries what a person needs to act on it.
public enum CeremonyError: Error, Equatable, CustomStringConvertible {
    // Input shape.
    case invalidLength(field: String, expected: Int, got: Int)
    case invalidLabel(reason: String)
    case messageTooLarge(message: String, size: Int, limit: Int)
    case malformedMessage(message: String, reason: String)
    case unsupportedVersion(message: String, version: UInt64)
    case unknownField(message: String, key: String)
    case missingField(message: String, field: String)
    case wrongType(message: String, field: String, expected: String)
    case valueOutOfRange(message: String, field: String, reason: String)
    case wrongURType(expected: String, got: String)
    case invalidParameters(reason: String)

    // Routing: a message for another session, round or roster.
    case wrongSession(expected: String, got: String)
    case wrongParameters(expected: String, got: String)
    case wrongRound(expected: String, got: String)
    case unknownSender(index: Int)
    case wrongGroup(expected: String, got: String)
    case expired(expiry: UInt64, now: UInt64)
    case notASigner(index: Int)
    case ownCommitmentMissing(index: Int)
    case conflictingMessage(from: Int, reason: String)
    case unexpectedMessage(state: String, message: String)

    // Misbehaviour, with the party that is to blame.
    case invalidSignature(culprit: Culprit, what: String)
    case blame(culprit: Culprit, reason: String)
    /// The certificate lacks or misstates device `signer`'s signature; the coordinator assembled it, so it is blamed.
    case certificateInvalid(signer: Int?)

    // Signing nonces.
    case nonceAlreadyConsumed(session: String)
    case noPendingNonce(session: String)

    // State at rest.
    case wrongPassphrase(file: String)
    case corruptedState(file: String, reason: String)
    case stateTooLarge(file: String, size: Int, limit: Int)
    case unsafeKDFParameters(file: String, reason: String)
    case keyDerivationFailed
    case fileSystem(path: String, operation: String, errno: Int32)
    case keyNotUsable(reason: String)

    // Underlying layers.
    case cbor(CBORError)
    case frost(String)

    public var description: String {
        switch self {
        case .invalidLength(let field, let expected, let got):
            return "The \(field) must be \(expected) bytes, not \(got)."
        case .invalidLabel(let reason): return "The label is not usable: \(reason)."
        case .messageTooLarge(let message, let size, let limit):
            return "The \(message) message is \(size) bytes, more than the limit of \(limit)."
        case .malformedMessage(let message, let reason): return "The \(message) message is malformed: \(reason)."
        case .unsupportedVersion(let message, let version):
            return "The \(message) message has version \(version), which this device does not speak."
        case .unknownField(let message, let key): return "The \(message) message has an unknown field \(key)."
        case .missingField(let message, let field): return "The \(message) message lacks its \(field)."
        case .wrongType(let message, let field, let expected):
            return "The \(field) of the \(message) message should be \(expected)."
        case .valueOutOfRange(let message, let field, let reason):
            return "The \(field) of the \(message) message is out of range: \(reason)."
        case .wrongURType(let expected, let got): return "Expected a ur:\(expected), but scanned a ur:\(got)."
        case .invalidParameters(let reason): return "The ceremony parameters are invalid: \(reason)."
        case .wrongSession(let expected, let got):
            return "The message belongs to session \(got), not to this session \(expected)."
        case .wrongParameters(let expected, let got):
            return "The message was made for parameters \(got), not the parameters \(expected) on the sheet."
        case .wrongRound(let expected, let got): return "Expected a message of round \(expected), got \(got)."
        case .unknownSender(let index): return "The message claims sender \(index), who is not in the roster."
        case .wrongGroup(let expected, let got):
            return "The request is for group \(got), but this device holds group \(expected)."
        case .expired(let expiry, let now): return "The request expired at \(expiry) (it is now \(now))."
        case .notASigner(let index): return "Device \(index) is not among the signers of this request."
        case .ownCommitmentMissing(let index):
            return "The commitment list does not contain this device's (\(index)) own commitment."
        case .conflictingMessage(let from, let reason):
            return "Device \(from) sent two different messages for the same round: \(reason)."
        case .unexpectedMessage(let state, let message):
            return "A \(message) message is not expected while \(state)."
        case .invalidSignature(let culprit, let what):
            return "The signature on \(what) does not verify; \(culprit) is to blame."
        case .blame(let culprit, let reason): return "\(culprit) misbehaved: \(reason)."
        case .certificateInvalid(let signer):
            let whose = signer.map { "device \($0)'s signature is wrong" } ?? "it has the wrong number of signatures"
            return "The certificate does not verify (\(whose)); the coordinator, who assembled it, is to blame."
        case .nonceAlreadyConsumed(let session):
            return "The signing nonce of session \(session) was already used; no second share is made."
        case .noPendingNonce(let session): return "There is no pending signing nonce for session \(session)."
        case .wrongPassphrase(let file): return "The passphrase does not open \(file)."
        case .corruptedState(let file, let reason): return "The state file \(file) is damaged: \(reason)."
        case .stateTooLarge(let file, let size, let limit):
            return "The state file \(file) is \(size) bytes, more than the limit of \(limit)."
        case .unsafeKDFParameters(let file, let reason):
            return "The key-derivation parameters of \(file) are out of bounds: \(reason)."
        case .keyDerivationFailed: return "Argon2id could not derive the state key (out of memory?)."
        case .fileSystem(let path, let operation, let errno):
            return "Could not \(operation) \(path) (errno \(errno))."
        case .keyNotUsable(let reason): return "The key share is not usable: \(reason)."
        case .cbor(let error): return "The message is not valid deterministic CBOR: \(error)."
        case .frost(let reason): return "The FROST computation failed: \(reason)."
        }
    }
}

extension CeremonyError {
    /// The party this error blames, when it blames one.
    public var culprit: Culprit? {
        switch self {
        case .invalidSignature(let culprit, _), .blame(let culprit, _):
            return culprit
        case .certificateInvalid:
            return .coordinator
        default:
            return nil
        }
    }
}
