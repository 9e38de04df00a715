import DeterministicCBOR
import FROST
import UniformResources

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
/// taking the nonces out first claims them with `<session-hex>.claimed`, a file created by `link()` (which fails
/// when the name exists, so of any number of stores or processes racing for the same nonce with different packages
/// exactly one wins) and holding the hash of the package they are for; then the nonce file is durably replaced by
/// a `consumed` tombstone, with the nonces erased, and only then is the share computed. A crash anywhere therefore leaves either a pending
/// nonce (no share was ever released) or a claim and/or tombstone (no further share is ever made). Tombstones are
/// kept while the device keeps the request (`DeviceDirectory`), so a replayed request is refused. Nonces are never
/// exported, backed up or restored: `DeviceBackup` carries only the host seed.
///
/// A session that signs k items (a PSBT's group inputs, k ≤ `SignRequest.maxSigningInputs`) keeps all k nonce pairs
/// in one record: they are claimed, tombstoned and erased together, so the one-share-per-nonce rule holds for each.
///
/// CDDL of a record: `nonce-record = { 0: 1, 1: session: bstr .size 32, 2: 0 / 1, ? 3: nonces: bstr .size 64k,
///   ? 4: commitment: bstr .size 64k / 66k, 5: request-hash: bstr .size 32, ? 6: package-hash: bstr .size 32,
///   ? 7: share: bstr .size 32k }` (state 0, pending: 3 and 4; state 1, consumed: 6 and perhaps 7).
/// Per item: two 32-byte nonces, two commitments of 32 bytes (Curve25519 suites) or 33 (secp256k1), a 32-byte share.
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

    func path(_ session: [UInt8]) -> String { directory + "/" + Base16.encode(session) + ".hgvault" }

    func claimPath(_ session: [UInt8]) -> String { directory + "/" + Base16.encode(session) + ".claimed" }

    /// The record of a session, or nil when the device never committed in it. (A pending record may already be
    /// claimed for one package; only `consume` looks at claims.)
    public func record(session: [UInt8]) throws -> NonceRecord? {
        guard var plaintext = try vault.read(path(session)) else { return nil }
        defer { wipe(&plaintext) }
        return try NonceStore.decode(plaintext, session: session, file: path(session))
    }

    /// Claims the pending nonces of `session` for the package with `packageHash`: true when this call made the
    /// claim, or found one for the same package (a restart after a crash between the claim and the tombstone; the
    /// share for one nonce and one package is the same however often it is computed). False when the nonces are
    /// claimed for another package.
    private func claim(session: [UInt8], packageHash: [UInt8]) throws -> Bool {
        if try AtomicFile.claim(packageHash, at: claimPath(session), file: "nonce-claimed", hook: vault.hook) {
            return true
        }
        return try AtomicFile.read(claimPath(session), limit: 64) == packageHash
    }

    /// Deletes a session's files (claim first, then the record), once the device no longer keeps its request.
    func remove(session: [UInt8]) throws {
        try AtomicFile.remove(claimPath(session))
        try AtomicFile.remove(path(session))
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
            // The claim is the atomic step: a second store or process that read the same pending record for
            // another package loses here.
            guard try claim(session: session, packageHash: packageHash) else {
                throw CeremonyError.nonceAlreadyConsumed(session: shortHex(session))
            }
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
        // The nonces are read inside `decodeFields`, and its decoded tree is released when it returns: only then is
        // their buffer (shared with the tree until that point) this function's alone, so that `wipe` clears it in
        // place. Wiping a still-shared array would clear a private copy and free the tree's copy unwiped.
        var nonces: [UInt8] = []
        defer { wipe(&nonces) }
        let record = try decodeFields(plaintext, session: session, file: file, nonces: &nonces)
        guard case .pending(_, let commitment, let requestHash) = record else { return record }
        return .pending(nonces: SecretBytes(nonces), commitment: commitment, requestHash: requestHash)
    }

    /// The recorded shares: 32 bytes per item.
    private static func shareField(_ fields: MessageFields, file: String) throws -> [UInt8] {
        let share = try MessageFields.bytes(
            try fields.value(7, "share"), message: fields.message, field: "share",
            sizes: 32...(32 * SignRequest.maxSigningInputs))
        guard share.count % 32 == 0 else { throw CeremonyError.corruptedState(file: file, reason: "a share is cut") }
        return share
    }

    /// A pending record comes back with empty `nonces` and its nonces in `nonces`.
    private static func decodeFields(
        _ plaintext: [UInt8], session: [UInt8], file: String, nonces: inout [UInt8]
    ) throws -> NonceRecord {
        do {
            let item = try CeremonyProtocol.decode(plaintext, message: "nonce record")
            let fields = try MessageFields(item, message: "nonce record", allowed: [0, 1, 2, 3, 4, 5, 6, 7])
            try fields.version()
            guard try fields.bytes(1, "session", count: 32) == session else {
                throw CeremonyError.corruptedState(file: file, reason: "it belongs to another session")
            }
            let requestHash = try fields.bytes(5, "request hash", count: 32)
            if try fields.unsigned(2, "state", range: 0...1) == 0 {
                nonces = try MessageFields.bytes(
                    try fields.value(3, "nonces"), message: fields.message, field: "nonces",
                    sizes: 64...(64 * SignRequest.maxSigningInputs))
                guard nonces.count % 64 == 0 else {
                    throw CeremonyError.corruptedState(file: file, reason: "the nonces are not whole pairs")
                }
                let count = nonces.count / 64
                // Two elements per item: 64 bytes (Ed25519, ristretto255) or 66 (secp256k1, BIP 445's public nonce).
                let commitment = try MessageFields.bytes(
                    try fields.value(4, "commitment"), message: fields.message, field: "commitment",
                    sizes: (count * 2 * MessageFields.elementSizes.lowerBound)...(count * 2
                        * MessageFields.elementSizes.upperBound))
                guard commitment.count == count * 64 || commitment.count == count * 66 else {
                    throw CeremonyError.corruptedState(file: file, reason: "the commitment is not two equal elements")
                }
                return .pending(nonces: SecretBytes([]), commitment: commitment, requestHash: requestHash)
            }
            guard !fields.has(3) else {
                throw CeremonyError.corruptedState(file: file, reason: "a consumed record still holds nonces")
            }
            return .consumed(
                requestHash: requestHash, packageHash: try fields.bytes(6, "package hash", count: 32),
                share: fields.has(7) ? try shareField(fields, file: file) : nil)
        } catch let error as CeremonyError {
            if case .corruptedState = error { throw error }
            throw CeremonyError.corruptedState(file: file, reason: error.description)
        }
    }
}
