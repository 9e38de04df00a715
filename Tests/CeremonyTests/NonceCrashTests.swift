import FROST
import Foundation
import Testing

@testable import Ceremony

/// One signer's two rounds, restarted after a crash at write point k: every share it ever releases, keyed by
/// the nonce commitment it answers (for a PSBT session, each input's share by that input's nonce pair).
struct CrashRun {
    var released: [[UInt8]: Set<[UInt8]>] = [:]

    mutating func note(_ envelope: DeviceEnvelope, commitment: SignCommitmentPayload) throws {
        let shares = try SignSharePayload(payload: envelope.payload).shares
        #expect(shares.count == commitment.pairs.count)
        for (pair, share) in zip(commitment.pairs, shares) { released[pair, default: []].insert(share) }
    }

    var reused: Bool { released.values.contains { $0.count > 1 } }
}

/// Runs commit then sign for signer 1 with a vault whose hook is `hook`; on a crash, restarts from disk (a new
/// device over the same directory) and retries each step, then replays the package and a second package.
func signThroughCrash(
    signing: SigningHarness, dkg: DKGHarness, request: SignRequest, hook: WritePointHook,
    run: inout CrashRun
) throws -> Bool {
    let directory = signing.signers[0].store.directory
    let crashingVault = StateVault(
        key: signing.vault.key, salt: signing.vault.salt, parameters: signing.vault.parameters, hook: hook)
    let crashing = SigningDevice(host: dkg.hosts[0], store: try NonceStore(directory: directory, vault: crashingVault))
    let restarted = {
        SigningDevice(host: dkg.hosts[0], store: try NonceStore(directory: directory, vault: signing.vault))
    }
    let group = signing.records[0]
    var commitment: DeviceEnvelope
    do {
        commitment = try crashing.commit(to: request, group: group, now: DKGHarness.now)
    } catch is SimulatedCrash {
        commitment = try restarted().commit(to: request, group: group, now: DKGHarness.now)
    }
    let other = try signing.signers[1].commit(to: request, group: signing.records[1], now: DKGHarness.now)
    var coordinator = try SigningCoordinator(request: request, group: signing.records[0])
    coordinator = try coordinator.handle(commitment).coordinator
    coordinator = try coordinator.handle(other).coordinator
    guard let package = coordinator.package else { throw HarnessError.missing("package") }
    let key = try SignCommitmentPayload(payload: commitment.payload)
    var signedOnce = false
    for device in [crashing, try restarted(), try restarted()] {
        do {
            try run.note(try device.sign(package, request: request, group: group, now: DKGHarness.now), commitment: key)
            signedOnce = true
        } catch is SimulatedCrash {
        } catch CeremonyError.nonceAlreadyConsumed {
        }
    }
    return signedOnce
}

/// Issue 13 part 4: a 2-input PSBT session's two nonce pairs are consumed together; a crash at every write point
/// never yields two shares for one nonce, and the same device signs again afterwards.
@Test func aCrashAtEveryWritePointOfAPSBTSessionNeverReusesANonce() throws {
    var dkg = try DKGHarness(suite: .secp256k1, threshold: 2, count: 3, network: .regtest)
    let records = try dkg.run()
    let wallet = try #require(records[0].wallet)
    var signedAfterCrash = 0
    for point in 1...7 {
        let signing = try SigningHarness(dkg: dkg, records: records)
        var run = CrashRun()
        let request = try signing.request(
            signers: [1, 2], psbt: try WalletPSBT.make(wallet, ours: 2), session: UInt8(point))
        if try signThroughCrash(
            signing: signing, dkg: dkg, request: request, hook: .simulatingCrash(atWritePoint: point), run: &run)
        {
            signedAfterCrash += 1
        }
        #expect(!run.reused, "crash at write point \(point)")
        #expect(run.released.keys.allSatisfy { $0.count == 66 })
        // The key survives (a whole PSBT session afterwards; one message signature under AddressSanitizer).
        if underAddressSanitizer {
            let next = try signing.request(signers: [1, 2], message: [9], session: 0x78)
            #expect(try signing.sign(next).signature.count == 64, "after a crash at write point \(point)")
        } else {
            let next = try signing.request(signers: [1, 2], psbt: try WalletPSBT.make(wallet, ours: 2), session: 0x78)
            #expect(try signing.coordinate(next).signedPSBT != nil, "after a crash at write point \(point)")
        }
    }
    #expect(signedAfterCrash == 5)
}

@Test func aCrashAtEveryWritePointOfSigningNeverReusesANonce() throws {
    var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    let records = try dkg.run()
    // Count the write points of one undisturbed signing.
    let log = WritePointLog()
    do {
        let signing = try SigningHarness(dkg: dkg, records: records)
        var run = CrashRun()
        let request = try signing.request(signers: [1, 2], message: [0])
        #expect(
            try signThroughCrash(signing: signing, dkg: dkg, request: request, hook: .recording(into: log), run: &run))
    }
    let points = log.points
    #expect(
        points.map(\.description) == [
            "nonce-pending/temp-synced", "nonce-pending/renamed", "nonce-claimed/renamed", "nonce-consumed/temp-synced",
            "nonce-consumed/renamed",
            "share-recorded/temp-synced", "share-recorded/renamed",
        ])
    var signedAfterCrash = 0
    for round in 0..<3 {
        for point in 1...points.count {
            let signing = try SigningHarness(dkg: dkg, records: records)
            var run = CrashRun()
            let request = try signing.request(signers: [1, 2], message: [UInt8(round), UInt8(point)])
            if try signThroughCrash(
                signing: signing, dkg: dkg, request: request, hook: .simulatingCrash(atWritePoint: point), run: &run)
            {
                signedAfterCrash += 1
            }
            #expect(!run.reused, "round \(round), crash at \(points[point - 1])")
            // No key is lost: the same device signs a fresh session afterwards.
            let next = try signing.request(signers: [1, 2], message: [9], session: 0x78)
            #expect(try signing.sign(next).signature.count == 64, "after a crash at \(points[point - 1])")
        }
    }
    // Crashing before the consumed mark is durable leaves the nonce usable (once claimed, for the same package
    // only); after it, the session is abandoned unless the share was recorded.
    #expect(signedAfterCrash == 3 * 5)
}
