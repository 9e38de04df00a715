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
    ///
    /// `oneRound` skips the restore rule: a one-round package can only name nonces of a batch this device holds, and
    /// a restored device holds only batches it issued since the restore (batches are never backed up).
    public func check(_ request: SignRequest, group: GroupRecord, now: UInt64, oneRound: Bool = false) throws {
        let groupKey = group.groupKey
        guard request.suite == group.invite.suite, request.groupKey == groupKey else {
            throw CeremonyError.wrongGroup(expected: shortHex(groupKey), got: shortHex(request.groupKey))
        }
        guard now <= request.expiry else { throw CeremonyError.expired(expiry: request.expiry, now: now) }
        guard request.expiry - now <= expiryHorizon else {
            throw CeremonyError.expiryTooFar(expiry: request.expiry, now: now, horizon: expiryHorizon)
        }
        if !oneRound, let restoredAt, request.expiry < restoredAt &+ expiryHorizon {
            throw CeremonyError.requestMayPredateRestore(
                expiry: request.expiry, restoredAt: restoredAt, horizon: expiryHorizon)
        }
        guard request.signers.contains(group.index) else { throw CeremonyError.notASigner(index: group.index) }
        guard request.signers.allSatisfy({ $0 <= group.participantCount }),
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

    /// The store of this device's preprocessed nonce batches (beside the two-round nonce files).
    var batches: NonceBatchStore { NonceBatchStore(directory: store.directory, vault: store.vault) }

    /// Preprocessing (issue 16): `count` (1 to 64) fresh nonce pairs for one-round signing in `group`, durably stored
    /// (write point `batch-issued`) before the signed batch of their commitments is returned.
    public func issueBatch(group: GroupRecord, count: Int, now: UInt64) throws -> DeviceEnvelope {
        guard (1...NonceBatchPayload.maxCount).contains(count) else {
            throw CeremonyError.invalidParameters(reason: "a batch holds 1 to \(NonceBatchPayload.maxCount) nonces")
        }
        let batch = SecretBytes(randomCount: 32).exposeSecretBytes()
        let generated = try group.invite.suite.signing.preprocessedNonces(group: group, host: host, count: count)
        try batches.save(
            NonceBatchRecord(
                batch: batch, groupKey: group.groupKey, issuedAt: now,
                nonces: generated.map {
                    BatchNonce(commitment: $0.commitment, nonces: $0.nonces, packageHash: nil, share: nil)
                }))
        let payload = NonceBatchPayload(
            commitments: generated.map(\.commitment), batch: batch, groupKey: group.groupKey, sender: group.index,
            issuedAt: now, host: host)
        return DeviceEnvelope(
            round: .nonceBatch, session: batch, parametersHash: group.groupKey, sender: group.index,
            payload: payload.payload, host: host)
    }

    /// One-round signing (issue 16): checks the package's request as round 1 would (except the restore rule, see
    /// `check`), every commitment in it signed by its signer, and this device's own commitments unused ones it issued
    /// (`unknownNonceBatch`, `preprocessedNonceUsed`, `ownCommitmentMissing`); durably marks them used (write point
    /// `batch-consumed`), computes the shares, records them (`batch-share-recorded`) and returns them signed. The same
    /// package again returns the same shares; any other package naming a used nonce is refused.
    public func sign(_ package: SignOneRound, group: GroupRecord, now: UInt64) throws -> DeviceEnvelope {
        try answer(package, group: group, now: now).envelope
    }

    /// `sign(_:group:now:)`, saying whether the share was one recorded for this package before (`repeated`).
    func answer(_ package: SignOneRound, group: GroupRecord, now: UInt64) throws
        -> (envelope: DeviceEnvelope, repeated: Bool)
    {
        let request = package.request
        try check(request, group: group, now: now, oneRound: true)
        guard let mine = package.entries.first(where: { $0.sender == group.index }) else {
            throw CeremonyError.notASigner(index: group.index)
        }
        let packageHash = package.hash
        guard let record = try batches.record(groupKey: group.groupKey, batch: mine.batch) else {
            throw CeremonyError.unknownNonceBatch(batch: shortHex(mine.batch))
        }
        guard now <= record.issuedAt &+ NonceBatchStore.maxAge else {
            throw CeremonyError.nonceBatchExpired(
                batch: shortHex(mine.batch), issuedAt: record.issuedAt, maxAge: NonceBatchStore.maxAge)
        }
        let used = mine.indices.map { record.nonces.indices.contains($0) ? record.nonces[$0] : nil }
        // The same package again: the recorded shares.
        let recorded = used.compactMap { $0?.packageHash == packageHash ? $0?.share : nil }
        if recorded.count == used.count {
            return (
                shareEnvelope(request: request, index: group.index, share: recorded.flatMap { $0 }, packageHash: packageHash),
                true
            )
        }
        for (index, nonce) in zip(mine.indices, used) {
            guard let nonce else { throw CeremonyError.ownCommitmentMissing(index: group.index) }
            // Free, or claimed for this very package by a run that stopped before recording the share.
            guard nonce.nonces != nil, nonce.isFree || nonce.packageHash == packageHash else {
                throw CeremonyError.preprocessedNonceUsed(batch: shortHex(mine.batch), index: index)
            }
        }
        let stored = used.compactMap { $0?.commitment }.flatMap { $0 }
        let shares = try request.suite.signing.share(
            package: package, request: request, group: group, host: host, stored: stored,
            // The durable commit point: from here on these nonces can never produce another share.
            consume: {
                try batches.consume(
                    groupKey: group.groupKey, batch: mine.batch, indices: mine.indices, packageHash: packageHash)
            })
        try batches.recordShares(
            groupKey: group.groupKey, batch: mine.batch, indices: mine.indices, packageHash: packageHash,
            shares: shares)
        return (
            shareEnvelope(request: request, index: group.index, share: shares.flatMap { $0 }, packageHash: packageHash),
            false
        )
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
