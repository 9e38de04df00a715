import Bitcoin
import FROST
import Foundation
import Testing

@testable import Ceremony

/// Issue 16: one optical round trip per signature with preprocessed nonces.
struct OneRound {
    let dkg: DKGHarness
    let signing: SigningHarness
    let coordinator: CoordinatorDirectory

    init(suite: CeremonySuite, threshold: Int = 2, count: Int = 3, network: BitcoinNetwork? = nil) throws {
        var dkg = try DKGHarness(suite: suite, threshold: threshold, count: count, network: network)
        signing = try SigningHarness(dkg: dkg, records: try dkg.run())
        self.dkg = dkg
        coordinator = try CoordinatorDirectory(path: temporaryDirectory("one-round-coordinator"))
        try coordinator.keep(signing.records[0])
    }

    var group: GroupRecord { signing.records[0] }

    /// Every member issues a batch of `count` and the coordinator keeps it.
    func preprocess(count: Int = 4) throws {
        for (offset, device) in signing.signers.enumerated() {
            let batch = try device.issueBatch(group: signing.records[offset], count: count, now: DKGHarness.now)
            #expect(try coordinator.keepBatch(batch, group: group) >= count)
        }
    }

    /// Each signer answers `package`; returns the share envelopes.
    func shares(_ package: SignOneRound) throws -> [DeviceEnvelope] {
        try package.request.signers.map {
            try signing.signers[$0 - 1].sign(package, group: signing.records[$0 - 1], now: DKGHarness.now)
        }
    }

    /// The coordinator's result after the shares (through its directory, as `sign aggregate` does).
    func result(_ shares: [DeviceEnvelope]) throws -> SignResult? {
        var last: CoordinatorMessage?
        for share in shares { last = try coordinator.receive(.device(share)).next ?? last }
        guard case .signing(.result(let result), _)? = last else { return nil }
        return result
    }
}

@Test(arguments: [CeremonySuite.ed25519, .ristretto255, .secp256k1])
func oneRoundSignaturesVerifyWithTheSuitesVerifier(suite: CeremonySuite) throws {
    let setup = try OneRound(suite: suite)
    try setup.preprocess()
    let message = Array("one trip".utf8)
    let request = try setup.signing.request(signers: [1, 3], message: message, session: 0x31)
    #expect(try setup.coordinator.canSignInOneRound(request, group: setup.group))
    let package = try setup.coordinator.startOneRoundSigning(request, group: setup.group)
    // The package survives the optical link's encoding.
    #expect(try SignOneRound(ur: try package.ur) == package)
    let shares = try setup.shares(package)
    let result = try #require(try setup.result(shares))
    // libsodium for Ed25519, libsecp256k1 (BIP 340) for secp256k1, the FROST verifier for ristretto255.
    #expect(suite.verify(signature: result.signature, message: message, groupKey: setup.group.groupKey))
    #expect(try setup.coordinator.loadSigning(session: request.session)?.roundTrips == 1)
    // One commitment of each signer used, at the coordinator and at the device.
    #expect(try setup.coordinator.availableCommitments(setup.group, member: 1) == 3)
    #expect(try setup.coordinator.availableCommitments(setup.group, member: 2) == 4)
    #expect(try setup.signing.signers[0].batches.unusedCount(groupKey: setup.group.groupKey, now: DKGHarness.now) == 3)
}

@Test func theSamePackageTwiceGivesTheSameShareAndAnotherPackageIsRefused() throws {
    let setup = try OneRound(suite: .ed25519)
    try setup.preprocess(count: 2)
    let request = try setup.signing.request(signers: [1, 2], message: [1], session: 0x32)
    let package = try setup.coordinator.startOneRoundSigning(request, group: setup.group)
    let device = setup.signing.signers[0]
    let first = try device.sign(package, group: setup.group, now: DKGHarness.now)
    #expect(try device.sign(package, group: setup.group, now: DKGHarness.now) == first)
    // A coordinator that reuses the same commitments for another message: the device refuses with a typed error.
    let other = SignOneRound(
        request: try setup.signing.request(signers: [1, 2], message: [2], session: 0x33), entries: package.entries)
    #expect(throws: CeremonyError.preprocessedNonceUsed(batch: shortHex(package.entries[0].batch), index: 0)) {
        _ = try device.sign(other, group: setup.group, now: DKGHarness.now)
    }
    // The honest coordinator never offers a used commitment: the next session takes index 1, then there is none.
    let next = try setup.coordinator.startOneRoundSigning(
        try setup.signing.request(signers: [1, 2], message: [3], session: 0x34), group: setup.group)
    #expect(next.entries.map(\.indices) == [[1], [1]])
    let third = try setup.signing.request(signers: [1, 2], message: [4], session: 0x35)
    #expect(try !setup.coordinator.canSignInOneRound(third, group: setup.group))
    #expect(throws: CeremonyError.self) { _ = try setup.coordinator.startOneRoundSigning(third, group: setup.group) }
    // The two-round flow stays available as the fallback.
    #expect(
        setup.signing.records[0].invite.suite.verify(
            signature: try setup.signing.sign(third).signature, message: [4], groupKey: setup.group.groupKey))
}

@Test func anyUnusedIndexSignsInAnyOrderAndConcurrentSessionsBothVerify() throws {
    let setup = try OneRound(suite: .ristretto255)
    try setup.preprocess(count: 3)
    let requests = try (0..<3).map {
        try setup.signing.request(signers: [2, 3], message: [UInt8($0)], session: UInt8(0x40 + $0))
    }
    let packages = try requests.map { try setup.coordinator.startOneRoundSigning($0, group: setup.group) }
    // The devices answer the three sessions in reverse order: every signature verifies.
    for (request, package) in zip(requests, packages).reversed() {
        let result = try #require(try setup.result(try setup.shares(package)))
        #expect(
            CeremonySuite.ristretto255.verify(
                signature: result.signature, message: request.message, groupKey: setup.group.groupKey))
    }
}

@Test func aForgedCommitmentIsBlamedOnTheCoordinatorAndAnUnknownBatchIsRefused() throws {
    let setup = try OneRound(suite: .ed25519)
    try setup.preprocess(count: 2)
    let request = try setup.signing.request(signers: [1, 2], message: [9], session: 0x50)
    let package = try setup.coordinator.startOneRoundSigning(request, group: setup.group)
    var entries = package.entries
    var commitments = entries[1].commitments
    // Device 1's commitment in device 2's place: its batch signature no longer verifies.
    commitments[0] = entries[0].commitments[0]
    entries[1] = OneRoundEntry(
        sender: entries[1].sender, batch: entries[1].batch, indices: entries[1].indices, commitments: commitments,
        signatures: entries[1].signatures)
    let forged = SignOneRound(request: request, entries: entries)
    do {
        _ = try setup.signing.signers[0].sign(forged, group: setup.group, now: DKGHarness.now)
        Issue.record("a forged commitment was accepted")
    } catch let error as CeremonyError {
        #expect(error.culprit == .coordinator)
    }
    // A device that lost its state (here: the same host over an empty store, as after a restore from SSKR) holds
    // no batch: every batch its lost self issued is dead.
    let restored = SigningDevice(
        host: setup.dkg.hosts[0],
        store: try NonceStore(directory: temporaryDirectory("one-round-restored"), vault: setup.signing.vault))
    #expect(throws: CeremonyError.unknownNonceBatch(batch: shortHex(package.entries[0].batch))) {
        _ = try restored.sign(package, group: setup.group, now: DKGHarness.now)
    }
}

@Test func aDeviceRestoredFromItsBackupSignsInOneRoundWithABatchIssuedSince() throws {
    let setup = try OneRound(suite: .ed25519)
    let passphrase = Array("pw".utf8)
    let backup = DeviceBackup(seed: fixedSeed(1), label: "device 1", groups: [setup.group])
    // Restored now: two-round requests expiring within the horizon are refused, but a batch issued after the restore
    // proves its nonces are new.
    var device = try DeviceDirectory.restore(
        backup, at: temporaryDirectory("one-round-restore") + "/device", passphrase: passphrase,
        parameters: .testOnly, restoredAt: DKGHarness.now)
    #expect(try setup.coordinator.keepBatch(
        try device.issueBatch(groupKey: setup.group.groupKey, count: 2, now: DKGHarness.now), group: setup.group) == 2)
    let batch = try setup.signing.signers[1].issueBatch(group: setup.signing.records[1], count: 2, now: DKGHarness.now)
    try setup.coordinator.keepBatch(batch, group: setup.group)
    let request = try setup.signing.request(signers: [1, 2], message: [5], session: 0x60)
    #expect(throws: CeremonyError.self) { _ = try device.receive(.signRequest(request), now: DKGHarness.now) }
    let package = try setup.coordinator.startOneRoundSigning(request, group: setup.group)
    let mine = try device.receive(.signOneRound(package), now: DKGHarness.now)
    #expect(mine.events == [.shareMade(session: request.session)])
    let again = try device.receive(.signOneRound(package), now: DKGHarness.now)
    #expect(again.outgoing == mine.outgoing)
    let theirs = try setup.signing.signers[1].sign(package, group: setup.signing.records[1], now: DKGHarness.now)
    let result = try #require(try setup.result(mine.outgoing + [theirs]))
    #expect(CeremonySuite.ed25519.verify(signature: result.signature, message: [5], groupKey: setup.group.groupKey))
}

@Test func aPSBTSignsEveryGroupInputInOneRound() throws {
    let setup = try OneRound(suite: .secp256k1, network: .testnet)
    try setup.preprocess(count: 4)
    let wallet = try #require(setup.group.wallet)
    let request = try setup.signing.request(
        signers: [1, 2], psbt: try WalletPSBT.make(wallet, ours: 3, foreign: 1), session: 0x70)
    let package = try setup.coordinator.startOneRoundSigning(request, group: setup.group)
    #expect(package.entries.allSatisfy { $0.indices == [0, 1, 2] })
    let result = try #require(try setup.result(try setup.shares(package)))
    // Each input's signature was checked with libsecp256k1 against its sighash and output key when written.
    let signed = try #require(try request.signedPSBT(result: result, group: setup.group))
    #expect((0..<3).allSatisfy { signed.isFinalized(input: $0) } && !signed.isFinalized(input: 3))
    // One commitment left per signer: a second 3-input PSBT cannot go in one round.
    #expect(try !setup.coordinator.canSignInOneRound(request, group: setup.group))
}

/// The crash test of one-round signing: signer 1 crashes (in-process) at each write point of issuing a batch and
/// of signing; restarted from disk it never releases two different shares for one nonce, and the session signs
/// whenever the crash came before the nonce was durably marked used or after its share was recorded.
@Test func oneRoundSignerCrashedAtEveryWritePointNeverReusesANonce() throws {
    let setup = try OneRound(suite: .ed25519)
    let log = WritePointLog()
    // Count the write points of one honest run: issuing (1 file) and signing (consumed, share recorded).
    let counting = SigningDevice(
        host: setup.dkg.hosts[0],
        store: try NonceStore(
            directory: temporaryDirectory("one-round-count"),
            vault: StateVault(
                key: setup.signing.vault.key, salt: setup.signing.vault.salt,
                parameters: setup.signing.vault.parameters, hook: .recording(into: log))))
    _ = try counting.issueBatch(group: setup.group, count: 2, now: DKGHarness.now)
    #expect(log.points.map(\.file) == ["batch-issued", "batch-issued"])
    // batch-issued (2 phases), batch-claimed (the link), batch-consumed and batch-share-recorded (2 phases each).
    let points = 7
    var signatures = 0
    var released: [[UInt8]: Set<[UInt8]>] = [:]
    for point in 1...points {
        let directory = temporaryDirectory("one-round-crash-\(point)")
        let crashingVault = StateVault(
            key: setup.signing.vault.key, salt: setup.signing.vault.salt, parameters: setup.signing.vault.parameters,
            hook: .simulatingCrash(atWritePoint: point))
        let crashing = SigningDevice(
            host: setup.dkg.hosts[0], store: try NonceStore(directory: directory, vault: crashingVault))
        let restarted = {
            SigningDevice(host: setup.dkg.hosts[0], store: try NonceStore(directory: directory, vault: setup.signing.vault))
        }
        var batch: DeviceEnvelope
        do {
            batch = try crashing.issueBatch(group: setup.group, count: 2, now: DKGHarness.now)
        } catch is SimulatedCrash {
            // The batch was never shown: issue another.
            batch = try restarted().issueBatch(group: setup.group, count: 2, now: DKGHarness.now)
        }
        let coordinator = try CoordinatorDirectory(path: directory + "/coordinator")
        try coordinator.keep(setup.group)
        try coordinator.keepBatch(batch, group: setup.group)
        try coordinator.keepBatch(
            try setup.signing.signers[1].issueBatch(group: setup.signing.records[1], count: 2, now: DKGHarness.now),
            group: setup.group)
        let request = try setup.signing.request(signers: [1, 2], message: [UInt8(point)], session: UInt8(0x80 + point))
        let package = try coordinator.startOneRoundSigning(request, group: setup.group)
        var mine: DeviceEnvelope?
        for device in [crashing, try restarted(), try restarted()] {
            do {
                let share = try device.sign(package, group: setup.group, now: DKGHarness.now)
                released[package.entries[0].commitments[0], default: []].insert(
                    try SignSharePayload(payload: share.payload).share)
                mine = share
            } catch is SimulatedCrash {
            } catch CeremonyError.preprocessedNonceUsed {
            }
        }
        // A second message naming the same nonce is refused after any crash.
        let other = SignOneRound(
            request: try setup.signing.request(signers: [1, 2], message: [0xEE], session: 0xEE),
            entries: package.entries)
        #expect(throws: CeremonyError.self) { _ = try restarted().sign(other, group: setup.group, now: DKGHarness.now) }
        if let mine {
            let theirs = try setup.signing.signers[1].sign(package, group: setup.signing.records[1], now: DKGHarness.now)
            var last: CoordinatorMessage?
            for share in [mine, theirs] { last = try coordinator.receive(.device(share)).next ?? last }
            if case .signing(.result(let result), _)? = last,
                CeremonySuite.ed25519.verify(
                    signature: result.signature, message: request.message, groupKey: setup.group.groupKey)
            {
                signatures += 1
            }
        }
        // The device keeps working: its other nonce signs a new session.
        let fresh = try coordinator.startOneRoundSigning(
            try setup.signing.request(signers: [1, 2], message: [0x77], session: UInt8(0xA0 + point)),
            group: setup.group)
        #expect(try restarted().sign(fresh, group: setup.group, now: DKGHarness.now).sender == 1)
    }
    #expect(released.values.allSatisfy { $0.count == 1 }, "a nonce answered with two different shares")
    // Every crash still signs: while issuing (1, 2) nothing was shown; once the nonce is claimed for this package
    // (3-6) the restart recomputes the same share from it; once the share is recorded (7) it is read back.
    #expect(signatures == points)
}

/// Two stores over the same batch racing with different packages (the interleaving a second thread or a stray
/// second process would make): the second runs to completion while the first is stopped at each of its write points;
/// the nonce answers one package only, and the first, resumed, still signs only if its claim came first.
@Test func aSecondStoreRacingAtEveryWritePointNeverGetsTheSameNonce() throws {
    let setup = try OneRound(suite: .ed25519)
    for point in 1...5 {
        let directory = temporaryDirectory("one-round-race-\(point)")
        let plain = SigningDevice(
            host: setup.dkg.hosts[0], store: try NonceStore(directory: directory, vault: setup.signing.vault))
        let coordinator = try CoordinatorDirectory(path: directory + "/coordinator")
        try coordinator.keep(setup.group)
        try coordinator.keepBatch(try plain.issueBatch(group: setup.group, count: 1, now: DKGHarness.now), group: setup.group)
        try coordinator.keepBatch(
            try setup.signing.signers[1].issueBatch(group: setup.signing.records[1], count: 2, now: DKGHarness.now),
            group: setup.group)
        let first = try coordinator.startOneRoundSigning(
            try setup.signing.request(signers: [1, 2], message: [1], session: 0xB0), group: setup.group)
        // The same nonce in another package (a coordinator that reuses it).
        let second = SignOneRound(
            request: try setup.signing.request(signers: [1, 2], message: [2], session: 0xB1), entries: first.entries)
        let outcome = RaceOutcome()
        let racing = StateVault(
            key: setup.signing.vault.key, salt: setup.signing.vault.salt, parameters: setup.signing.vault.parameters,
            hook: WritePointHook { _ in
                guard outcome.next() == point else { return }
                do {
                    outcome.record(try plain.sign(second, group: setup.group, now: DKGHarness.now))
                } catch {
                    outcome.record(nil)
                }
            })
        let stopped = SigningDevice(host: setup.dkg.hosts[0], store: try NonceStore(directory: directory, vault: racing))
        var shares: [DeviceEnvelope] = []
        if let share = try? stopped.sign(first, group: setup.group, now: DKGHarness.now) { shares.append(share) }
        shares += outcome.shares
        #expect(shares.count == 1, "write point \(point): \(shares.count) shares from one nonce")
    }
}

/// A thread-safe counter of write points and the racing store's result.
final class RaceOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var made: [DeviceEnvelope] = []
    func next() -> Int { lock.withLock { count += 1; return count } }
    func record(_ share: DeviceEnvelope?) { lock.withLock { if let share { made.append(share) } } }
    var shares: [DeviceEnvelope] { lock.withLock { made } }
}

/// A batch is used for `NonceBatchStore.maxAge` only: the coordinator stops offering it and the device refuses it;
/// the 17th batch of a group drops the oldest.
@Test func oldBatchesAreRefusedAndTheOldestGoesAtTheLimit() throws {
    let setup = try OneRound(suite: .ed25519)
    try setup.preprocess(count: 2)
    let request = try setup.signing.request(signers: [1, 2], message: [1], session: 0xC0)
    let package = try setup.coordinator.startOneRoundSigning(request, group: setup.group)
    let later = DKGHarness.now + NonceBatchStore.maxAge + 1
    let old = try SignRequest(
        session: [UInt8](repeating: 0xC1, count: 32), suite: .ed25519, groupKey: setup.group.groupKey, message: [2],
        summary: "late", signers: [1, 2], expiry: later + 600)
    #expect(try !setup.coordinator.canSignInOneRound(old, group: setup.group))
    // The device's own check: a package naming the old batch at `later` is refused before anything is claimed.
    let device = setup.signing.signers[0]
    do {
        _ = try device.sign(
            SignOneRound(request: old, entries: package.entries), group: setup.group, now: later)
        Issue.record("an expired batch signed")
    } catch let error as CeremonyError {
        if case .nonceBatchExpired = error {} else { Issue.record("\(error)") }
    }
    // At the limit the oldest batch goes.
    for _ in 0..<NonceBatchStore.maxBatchesPerGroup {
        _ = try device.issueBatch(group: setup.group, count: 1, now: DKGHarness.now + 10)
    }
    let kept = device.batches.batches(groupKey: setup.group.groupKey)
    #expect(kept.count == NonceBatchStore.maxBatchesPerGroup)
    #expect(!kept.contains(package.entries[0].batch), "the oldest batch was dropped")
}
