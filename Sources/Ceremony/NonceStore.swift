import DeterministicCBOR
import FROST

/// What the nonce store holds for one signing session.
public enum NonceRecord: Sendable {
    /// Nonces committed to and not yet used: the secret nonces, the public commitment sent, the request's hash.
    case pending(nonces: SecretBytes, commitment: [UInt8], requestHash: [UInt8])
    /// The nonces were used (and erased) for the signing package with this hash; `share` is the signature share
    /// made from them once it was recorded (nil if the device stopped between consuming and recording).
    case consumed(requestHash: [UInt8], packageHash: [UInt8], share: [UInt8]?)
}

/// Pending FROST signing nonces, one encrypted file per session under `<state>/nonces/<session-hex>.hgvault`.
///
/// The rule that prevents nonce reuse (RFC 9591 §4.1: a nonce pair must be used for at most one signature share):
/// the nonce file is durably replaced by a `consumed` tombstone, with the nonces erased, BEFORE the share is
/// computed. A crash anywhere therefore leaves either a pending nonce (no share was ever released) or a tombstone
/// (no further share is ever made). Tombstones are kept, so a replayed request after a restart is refused.
/// Nonces are never exported, backed up or restored: `DeviceBackup` carries only the host seed.
public struct NonceStore: Sendable {
    /// The directory holding the nonce files.
    public let directory: String
    let vault: StateVault

    /// A store in `directory` (created when missing), encrypted under `vault`.
    public init(directory: String, vault: StateVault) throws {
        try AtomicFile.makeDirectory(directory)
        AtomicFile.removeLeftovers(in: directory)
        self.directory = directory
        self.vault = vault
    }

    func path(_ session: [UInt8]) -> String { directory + "/" + hexString(session) + ".hgvault" }

    /// The record of a session, or nil when the device never committed in it.
    public func record(session: [UInt8]) throws -> NonceRecord? {
        guard var plaintext = try vault.read(path(session)) else { return nil }
        defer { wipe(&plaintext) }
        return try NonceStore.decode(plaintext, session: session, file: path(session))
    }

    /// Durably stores fresh nonces for a session. Refuses if the session already has a record, so nonces are
    /// never replaced (a replaced nonce could be paired with a commitment already sent).
    func savePending(session: [UInt8], nonces: SecretBytes, commitment: [UInt8], requestHash: [UInt8]) throws {
        if try record(session: session) != nil { throw CeremonyError.nonceAlreadyConsumed(session: shortHex(session)) }
        var secret = nonces.exposeSecretBytes()
        defer { wipe(&secret) }
        var plaintext = CBOR.map(
            CBORMap([
                (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(session)), (2, 0), (3, .bytes(secret)),
                (4, .bytes(commitment)), (5, .bytes(requestHash)),
            ])
        ).encoded
        defer { wipe(&plaintext) }
        try vault.write(plaintext, to: path(session), file: "nonce-pending")
    }

    /// Takes the pending nonces out for the package with `packageHash`: first durably writes the tombstone (the
    /// nonces erased), then returns them. Throws `nonceAlreadyConsumed` if they were used before and
    /// `noPendingNonce` if there are none.
    func consume(session: [UInt8], packageHash: [UInt8]) throws -> (nonces: SecretBytes, commitment: [UInt8]) {
        switch try record(session: session) {
        case nil:
            throw CeremonyError.noPendingNonce(session: shortHex(session))
        case .consumed:
            throw CeremonyError.nonceAlreadyConsumed(session: shortHex(session))
        case .pending(let nonces, let commitment, let requestHash):
            try writeConsumed(
                session: session, requestHash: requestHash, packageHash: packageHash, share: nil,
                file: "nonce-consumed")
            return (nonces, commitment)
        }
    }

    /// Records the share made from the consumed nonces, so the same package asked again gets the same share.
    func recordShare(session: [UInt8], packageHash: [UInt8], share: [UInt8]) throws {
        guard case .consumed(let requestHash, let recorded, nil) = try record(session: session), recorded == packageHash
        else { throw CeremonyError.nonceAlreadyConsumed(session: shortHex(session)) }
        try writeConsumed(
            session: session, requestHash: requestHash, packageHash: packageHash, share: share,
            file: "share-recorded")
    }

    private func writeConsumed(
        session: [UInt8], requestHash: [UInt8], packageHash: [UInt8], share: [UInt8]?,
        file: String
    ) throws {
        var map = CBORMap([
            (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(session)), (2, 1), (5, .bytes(requestHash)),
            (6, .bytes(packageHash)),
        ])
        if let share { map[7] = .bytes(share) }
        try vault.write(CBOR.map(map).encoded, to: path(session), file: file)
    }

    static func decode(_ plaintext: [UInt8], session: [UInt8], file: String) throws -> NonceRecord {
        do {
            let item = try CeremonyProtocol.decode(plaintext, message: "nonce record")
            let fields = try MessageFields(item, message: "nonce record", allowed: [0, 1, 2, 3, 4, 5, 6, 7])
            try fields.version()
            guard try fields.bytes(1, "session", count: 32) == session else {
                throw CeremonyError.corruptedState(file: file, reason: "it belongs to another session")
            }
            let requestHash = try fields.bytes(5, "request hash", count: 32)
            if try fields.unsigned(2, "state", range: 0...1) == 0 {
                var secret = try fields.bytes(3, "nonces", maxCount: 256)
                defer { wipe(&secret) }
                return .pending(
                    nonces: SecretBytes(secret), commitment: try fields.bytes(4, "commitment", maxCount: 256),
                    requestHash: requestHash)
            }
            guard !fields.has(3) else {
                throw CeremonyError.corruptedState(file: file, reason: "a consumed record still holds nonces")
            }
            return .consumed(
                requestHash: requestHash, packageHash: try fields.bytes(6, "package hash", count: 32),
                share: fields.has(7) ? try fields.bytes(7, "share", maxCount: 64) : nil)
        } catch let error as CeremonyError {
            if case .corruptedState = error { throw error }
            throw CeremonyError.corruptedState(file: file, reason: error.description)
        }
    }
}
