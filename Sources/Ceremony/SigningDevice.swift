import DeterministicCBOR
import FROST

/// A signer's side of FROST signing for a group it holds (`GroupRecord`): RFC 9591 §5.1, §5.2, or BIP 445 for a
/// secp256k1 group, by the suite's `SigningScheme`.
///
/// The only state between the two rounds is the pending nonce, and it lives in the `NonceStore` (the durable
/// edge), because the rule that matters — one share per nonce, ever — must survive crashes and restarts: the
/// nonce file is durably marked consumed before a share is computed. Everything else is checked from the
/// messages. Repeating a request or package returns the same message; anything else that would need a second
/// share is refused with `nonceAlreadyConsumed`.
public struct SigningDevice: Sendable {
    /// The device's host key.
    public let host: HostKey
    /// The durable store of pending nonces.
    public let store: NonceStore

    /// Fixed nonce randomness (32 + 32 bytes), only to reproduce the transcripts in Vectors/ceremony; real
    /// signers draw it from the CSPRNG (RFC 9591 §4.1 nonce_generate hedges it with the share either way; BIP 445
    /// NonceGen takes the first 32 bytes as its rand and hedges it with the share, the key and the message).
    var fixedNonceRandomness: (hiding: [UInt8], binding: [UInt8])?

    /// How far ahead (seconds) a request's expiry may lie: a request that stays valid for long stretches the time
    /// in which a restored copy of the state directory could still hold a usable pending nonce.
    public var expiryHorizon: UInt64

    /// The default `expiryHorizon`: 24 hours.
    public static let defaultExpiryHorizon: UInt64 = 24 * 3600

    /// When the device was rebuilt from a backup (Unix time), if it was: see `check`.
    public var restoredAt: UInt64?

    /// A signer with its host key and nonce store.
    public init(
        host: HostKey, store: NonceStore, expiryHorizon: UInt64 = SigningDevice.defaultExpiryHorizon,
        restoredAt: UInt64? = nil
    ) {
        self.host = host
        self.store = store
        self.expiryHorizon = expiryHorizon
        self.restoredAt = restoredAt
    }

    /// Checks a request against the group this device holds: same group key and suite (`wrongGroup`), not expired
    /// (`expired`), not expiring more than `expiryHorizon` ahead (`expiryTooFar`), this device among the signers
    /// (`notASigner`), a signer set of roster members of size ≥ t.
    ///
    /// A restored device (`restoredAt`) has no record of the sessions its lost self committed in, so it commits
    /// only in sessions it can prove are new (`requestMayPredateRestore`): the lost device committed at some time
    /// c before the restore, and only to requests expiring at most `expiryHorizon` after c, so every such request
    /// expires before `restoredAt + expiryHorizon`; a request expiring later is one the lost device never saw.
    /// (Its nonces could not come back anyway: they are fresh CSPRNG output, never derived from the seed.)
    public func check(_ request: SignRequest, group: GroupRecord, now: UInt64) throws {
        let groupKey = group.groupKey
        guard request.suite == group.invite.suite, request.groupKey == groupKey else {
            throw CeremonyError.wrongGroup(expected: shortHex(groupKey), got: shortHex(request.groupKey))
        }
        guard now <= request.expiry else { throw CeremonyError.expired(expiry: request.expiry, now: now) }
        guard request.expiry - now <= expiryHorizon else {
            throw CeremonyError.expiryTooFar(expiry: request.expiry, now: now, horizon: expiryHorizon)
        }
        if let restoredAt, request.expiry < restoredAt &+ expiryHorizon {
            throw CeremonyError.requestMayPredateRestore(
                expiry: request.expiry, restoredAt: restoredAt, horizon: expiryHorizon)
        }
        guard request.signers.contains(group.index) else { throw CeremonyError.notASigner(index: group.index) }
        guard request.signers.allSatisfy({ $0 <= group.invite.participantCount }),
            request.signers.count >= group.invite.threshold
        else {
            throw CeremonyError.invalidParameters(
                reason: "the signer set is not \(group.invite.threshold) or more members of the roster")
        }
        // A PSBT is checked against this device's own wallet: every refusal throws here, before any nonce exists.
        _ = try request.signingPlan(wallet: group.wallet)
    }

    /// Round 1: checks the request, makes fresh nonces, stores them durably (write point `nonce-pending`) and
    /// returns the signed commitment. The same request again returns the same commitment.
    public func commit(to request: SignRequest, group: GroupRecord, now: UInt64) throws -> DeviceEnvelope {
        try check(request, group: group, now: now)
        switch try store.record(session: request.session) {
        case .pending(_, let commitment, let requestHash):
            guard requestHash == request.parametersHash else {
                throw CeremonyError.blame(
                    culprit: .coordinator, reason: "it sent a different request for the same session")
            }
            return try commitmentEnvelope(request: request, group: group, commitment: commitment)
        case .consumed:
            throw CeremonyError.nonceAlreadyConsumed(session: shortHex(request.session))
        case nil:
            let (nonces, commitment) = try request.suite.signing.freshNonces(
                request: request, group: group, host: host,
                fixedRandomness: fixedNonceRandomness.map { $0.hiding + $0.binding })
            try store.savePending(
                session: request.session, nonces: nonces, commitment: commitment, requestHash: request.parametersHash)
            return try commitmentEnvelope(request: request, group: group, commitment: commitment)
        }
    }

    private func commitmentEnvelope(request: SignRequest, group: GroupRecord, commitment: [UInt8]) throws
        -> DeviceEnvelope
    {
        let count = try request.signingItems(group: group).count
        guard commitment.count % count == 0 else {
            throw CeremonyError.corruptedState(
                file: store.path(request.session), reason: "the stored commitment is not one pair per input")
        }
        return DeviceEnvelope(
            round: .signCommitment, session: request.session, parametersHash: request.parametersHash,
            sender: group.index, payload: SignCommitmentPayload(stored: commitment, count: count).payload, host: host)
    }

    /// Round 2: checks the package (authentic commitments of exactly the request's signers, this device's own
    /// commitment among them and equal to its stored one), durably marks the nonce consumed (write point
    /// `nonce-consumed`), computes the share, records it (write point `share-recorded`) and returns it signed.
    public func sign(
        _ package: SignPackage, request: SignRequest, group: GroupRecord, now: UInt64
    ) throws
        -> DeviceEnvelope
    {
        try check(request, group: group, now: now)
        let packageHash = package.hash
        let stored: [UInt8]
        switch try store.record(session: request.session) {
        case nil:
            throw CeremonyError.noPendingNonce(session: shortHex(request.session))
        case .consumed(_, let consumedFor, let share):
            guard let share, consumedFor == packageHash else {
                throw CeremonyError.nonceAlreadyConsumed(session: shortHex(request.session))
            }
            return shareEnvelope(request: request, index: group.index, share: share, packageHash: packageHash)
        case .pending(_, let commitment, let requestHash):
            guard requestHash == request.parametersHash else {
                throw CeremonyError.blame(
                    culprit: .coordinator, reason: "it sent a different request for the same session")
            }
            stored = commitment
        }
        let shares = try request.suite.signing.share(
            package: package, request: request, group: group, host: host, stored: stored,
            // The durable commit point: from here on these nonces can never produce another share.
            consume: { try store.consume(session: request.session, packageHash: packageHash).nonces })
        let share = shares.flatMap { $0 }
        try store.recordShare(session: request.session, packageHash: packageHash, share: share)
        return shareEnvelope(request: request, index: group.index, share: share, packageHash: packageHash)
    }

    /// The share recorded for a finished request, shown again for the same package; any other package is
    /// refused with `nonceAlreadyConsumed`.
    func recordedShare(_ finished: FinishedRequest, package: SignPackage, index: Int) throws -> DeviceEnvelope {
        guard case .consumed(_, let consumedFor, let share?) = try store.record(session: finished.session),
            consumedFor == package.hash
        else { throw CeremonyError.nonceAlreadyConsumed(session: shortHex(finished.session)) }
        return DeviceEnvelope(
            round: .signShare, session: finished.session, parametersHash: finished.parametersHash, sender: index,
            payload: SignSharePayload(stored: share, packageHash: consumedFor).payload, host: host)
    }

    private func shareEnvelope(
        request: SignRequest, index: Int, share: [UInt8], packageHash: [UInt8]
    )
        -> DeviceEnvelope
    {
        DeviceEnvelope(
            round: .signShare, session: request.session, parametersHash: request.parametersHash, sender: index,
            payload: SignSharePayload(stored: share, packageHash: packageHash).payload, host: host)
    }
}
