import Bitcoin
import DeterministicCBOR

/// Who is to blame for a failed ceremony: a named device (by its 1-based index in the roster) or the coordinator.
public enum Culprit: Sendable, Hashable, CustomStringConvertible {
    /// The device at this 1-based roster index (its FROST identifier).
    case device(index: Int, label: String)
    /// The untrusted coordinator (it altered, dropped or equivocated on a message).
    case coordinator

    /// The culprit as a person reads it: `device 2 (label)` or `the coordinator`.
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
    /// A fixed-size input (session id, group key, host seed, device randomness) has `got` bytes, not `expected`.
    case invalidLength(field: String, expected: Int, got: Int)
    /// A device or group label is empty, over 64 UTF-8 bytes or holds control characters; `reason` says which.
    case invalidLabel(reason: String)
    /// An encoded `message` of `size` bytes is over its type's `limit` (`CeremonyProtocol.bounds(of:)`); not parsed.
    case messageTooLarge(message: String, size: Int, limit: Int)
    /// A `message`'s well-typed fields do not fit together (roster, threshold, signers, label); `reason` says how.
    case malformedMessage(message: String, reason: String)
    /// The `message` has protocol `version` in key 0, not the `CeremonyProtocol.version` this build speaks.
    case unsupportedVersion(message: String, version: UInt64)
    /// The `message` map has a key its version does not define; `key` is that key in CBOR diagnostic notation.
    case unknownField(message: String, key: String)
    /// The `message` map lacks the required `field`.
    case missingField(message: String, field: String)
    /// The `field` of `message` has the wrong CBOR type; `expected` names the right one, e.g. `a byte string`.
    case wrongType(message: String, field: String, expected: String)
    /// The `field` of `message` has the right type but a bad size, count or code; `reason` gives the value.
    case valueOutOfRange(message: String, field: String, reason: String)
    /// A scanned UR (BCR-2020-005) has type `got` where a ur:`expected` was needed.
    case wrongURType(expected: String, got: String)
    /// Inputs or this device's setup do not fit (roster, threshold, signer set, session id, state); see `reason`.
    case invalidParameters(reason: String)

    // Routing: a message for another session, round or roster.
    /// A message, bundle or request is for session `got`, not `expected` (short hex, or what was looked for).
    case wrongSession(expected: String, got: String)
    /// A message was made under parameters hash `got`, not this ceremony's `expected` (short hex).
    case wrongParameters(expected: String, got: String)
    /// A device message is of round `got` where `expected` (a `Round`, or a kind of round) was needed.
    case wrongRound(expected: String, got: String)
    /// A device message claims sender `index`, which is not a 1-based position in the roster.
    case unknownSender(index: Int)
    /// A sign request is for group key `got`, not the group `expected` that is held here (short hex).
    case wrongGroup(expected: String, got: String)
    /// A signing request names an epoch of the group's shares (`SignRequest.epoch`) that this device does not hold.
    case wrongEpoch(requested: Int, held: [Int])
    /// An invite or sign request expired at `expiry`, before `now` (both Unix seconds).
    case expired(expiry: UInt64, now: UInt64)
    /// Device `index` (1-based roster index) is not in the sign request's signer set.
    case notASigner(index: Int)
    /// The signing package lacks or alters this device's (`index`) own commitment; the device makes no share.
    case ownCommitmentMissing(index: Int)
    /// Device `from` sent a second, different message for a round it already answered; `reason` says which.
    case conflictingMessage(from: Int, reason: String)
    /// A `message` (its UR type) arrived while `state` rules it out, e.g. a bundle after the ceremony is over.
    case unexpectedMessage(state: String, message: String)

    // Misbehaviour, with the party that is to blame.
    /// The host-key signature on `what` fails; `culprit` is the coordinator when it forwarded it, else the sender.
    case invalidSignature(culprit: Culprit, what: String)
    /// A message received directly (not forwarded) whose signature does not verify under the claimed sender's host
    /// key. Whoever showed it may not be that device, so it names no one: it is refused, not blamed.
    case unauthenticated(what: String, sender: Int)
    /// `culprit` provably misbehaved (bad commitment, proof, share, transcript signature); `reason` says how.
    case blame(culprit: Culprit, reason: String)
    /// The certificate lacks or misstates device `signer`'s signature; the coordinator assembled it, so it is blamed.
    case certificateInvalid(signer: Int?)

    // Signing nonces.
    /// The signing nonce of `session` (short hex) was already used or stored; no second share is made.
    case nonceAlreadyConsumed(session: String)
    /// No signing nonce is pending for `session` (short hex): this device did not commit to that request.
    case noPendingNonce(session: String)

    // State at rest.
    /// The passphrase does not open the state `file` (its key check does not match).
    case wrongPassphrase(file: String)
    /// The state `file` is damaged (bad magic, truncated, tag fails, undecodable contents); `reason` says how.
    case corruptedState(file: String, reason: String)
    /// The state `file` is `size` bytes, over `limit`; refused before it is read.
    case stateTooLarge(file: String, size: Int, limit: Int)
    /// The Argon2id parameters of `file` (`-` when given directly) are outside `KDFParameters`' bounds.
    case unsafeKDFParameters(file: String, reason: String)
    /// Argon2id could not derive the state key (libsodium failed, most likely out of memory).
    case keyDerivationFailed
    /// The `operation` (create, write, fsync, rename, open, read, stat) on `path` failed with `errno` (2: ENOENT).
    case fileSystem(path: String, operation: String, errno: Int32)
    /// The stored key share is unusable: the record is another host key's, or its share does not match the transcript.
    case keyNotUsable(reason: String)

    // Underlying layers.
    /// A message is not well-formed deterministic CBOR; the `CBORError` says where.
    case cbor(CBORError)
    /// A FROST computation failed; the string is the underlying `FROSTError` or `DKGError` text.
    case frost(String)
    /// A signing request's PSBT is refused by the Bitcoin layer (`PSBTSigningPlan`): malformed, not this group's
    /// wallet, or one of issue 13's refusals (no witness UTXO, another sighash type, false change, ...).
    case bitcoin(BitcoinError)

    // Signer safety.
    /// The text `field` of `message` holds a scalar a person must not be shown (`DisplayText`): U+`codePoint` at
    /// scalar `offset`, which is `reason` (a control, bidi or invisible format character, a line separator).
    case unsafeText(message: String, field: String, codePoint: UInt32, offset: Int, reason: String)
    /// Another process has the device's state directory `path` open; a device is used by one process at a time.
    case deviceInUse(path: String)
    /// Storing one more `what` would take the device state past its `limit`; nothing was written.
    case deviceStateFull(what: String, limit: Int)
    /// A request expires at `expiry`, more than `horizon` seconds after `now`; the device refuses such requests.
    case expiryTooFar(expiry: UInt64, now: UInt64, horizon: UInt64)
    /// A device restored from a backup cannot prove it never committed in a request expiring before its restore
    /// time plus the horizon (its lost self may have): it refuses to commit.
    case requestMayPredateRestore(expiry: UInt64, restoredAt: UInt64, horizon: UInt64)
    /// A one-round package names a nonce batch this device holds no record of (`batch`, first bytes in hex): it
    /// never issued it, or issued it before it was restored from a backup (batches are never backed up).
    case unknownNonceBatch(batch: String)
    /// A one-round package names preprocessed nonce `index` of `batch`, already used for another message: no second
    /// share is made from it.
    case preprocessedNonceUsed(batch: String, index: Int)
    /// A one-round package names nonce batch `batch`, issued at `issuedAt`, past the most age a batch may reach
    /// (`maxAge` seconds): it is refused (and the device drops such batches).
    case nonceBatchExpired(batch: String, issuedAt: UInt64, maxAge: UInt64)
    /// The coordinator holds at most `available` unused preprocessed commitments of `signer` in any one batch still
    /// usable (a session takes all of a signer's from one batch), and a one-round session needs `needed`: ask that
    /// device for a top-up (`heliograph sign preprocess`), or sign in two rounds.
    case notEnoughCommitments(signer: String, available: Int, needed: Int)
    // Enrolment.
    /// The identity `label` has a small-order X25519 key: nothing can be encrypted to it; it is refused.
    case smallOrderAgreementKey(label: String)

    // Coordinator.
    /// An identity `new` has the host key or label of `existing`, already in the roster.
    case rosterClash(new: String, existing: String)
    /// No group, or `matches` groups, of the coordinator in `path` have a key starting with `prefix`.
    case groupNotFound(prefix: String?, matches: Int, path: String)
    /// A signer set a person chose does not fit the group; `reason` says why.
    case invalidSigners(reason: String)

    /// One sentence a person can act on, with the values involved.
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
        case .wrongEpoch(let requested, let held):
            return "The request is for epoch \(requested) of the group's shares; this device holds epoch "
                + held.map(String.init).joined(separator: " and ")
                + " (scan the refresh certificate, or ask the coordinator for a request at the current epoch)."
        case .expired(let expiry, let now):
            return "The request expired at \(DisplayText.utc(expiry)) (it is now \(DisplayText.utc(now)))."
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
        case .unauthenticated(let what, let sender):
            return "The signature on \(what) does not verify under device \(sender)'s host key; it is refused and "
                + "proves nothing against that device."
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
        case .bitcoin(let error): return "The transaction is refused: \(error)"
        case .unsafeText(let message, let field, let codePoint, let offset, let reason):
            let hex = String(codePoint, radix: 16, uppercase: true)
            let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            return "The \(field) of the \(message) message holds U+\(padded)"
                + " at character \(offset), \(reason); it is refused so that nothing can redraw the screen."
        case .deviceInUse(let path):
            return "The device in \(path) is in use by another process; finish or stop that one first."
        case .deviceStateFull(let what, let limit):
            return "The device state already holds \(limit) \(what), its limit; nothing was stored. Finish or let "
                + "older ones expire first."
        case .expiryTooFar(let expiry, let now, let horizon):
            return "The request expires at \(DisplayText.utc(expiry)), more than \(horizon / 3600) hours after now "
                + "(\(DisplayText.utc(now))); ask for a shorter expiry, or raise the device's horizon."
        case .requestMayPredateRestore(let expiry, let restoredAt, let horizon):
            return "This device was restored at \(DisplayText.utc(restoredAt)) and cannot prove it never committed in a "
                + "request expiring at \(DisplayText.utc(expiry)); ask for a request that expires after "
                + "\(DisplayText.utc(restoredAt + horizon)) (\(horizon / 3600) hours after the restore)."
        case .unknownNonceBatch(let batch):
            return "This device holds no nonce batch \(batch): it never issued it, or issued it before it was restored "
                + "from a backup (batches are never backed up). Ask the coordinator to sign in two rounds or to use "
                + "a batch issued since."
        case .preprocessedNonceUsed(let batch, let index):
            return "Preprocessed nonce \(index) of batch \(batch) was already used for another message; no second "
                + "share is made."
        case .nonceBatchExpired(let batch, let issuedAt, let maxAge):
            return "Nonce batch \(batch) was issued at \(DisplayText.utc(issuedAt)), more than \(maxAge / 86400) days "
                + "ago: it is no longer used. Ask the coordinator to sign in two rounds or with a batch issued since."
        case .notEnoughCommitments(let signer, let available, let needed):
            return "\(signer) has \(available) unused preprocessed commitment\(available == 1 ? "" : "s") at the "
                + "coordinator and this session needs \(needed): ask it for a top-up (heliograph sign preprocess), "
                + "or sign in two rounds."
        case .rosterClash(let new, let existing):
            return "\(new) clashes with \(existing) already in the roster (same host key or label)."
        case .groupNotFound(let prefix, let matches, let path):
            if matches == 0 {
                return "No finished group\(prefix.map { " with a key starting \($0)" } ?? "") in \(path)."
            }
            return "\(matches) groups match; choose one with --group KEYPREFIX."
        case .invalidSigners(let reason): return "The signers do not fit the group: \(reason)."
        case .smallOrderAgreementKey(let label):
            return "The identity \"\(label)\" has a small-order X25519 key, with which no secret can be shared; "
                + "it is refused."
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
