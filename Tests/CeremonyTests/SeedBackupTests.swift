import FROST
import Foundation
import SSKR
import Testing
import UniformResources

@testable import Ceremony

private let passphrase = Array("backup passphrase".utf8)

/// A device holding a group is backed up as 2-of-3 SSKR shares; any two shares (scanned as URs or typed as
/// Bytewords) plus the group's recovery record rebuild the same identity and a working share, with no nonce.
@Test(arguments: [CeremonySuite.ed25519, .secp256k1])
func anyTwoOfThreeSharesAndTheRecordRestoreTheDeviceAndItsGroup(suite: CeremonySuite) throws {
    var dkg = try DKGHarness(suite: suite, threshold: 2, count: 3)
    let records = try dkg.run()
    let root = temporaryDirectory()
    let original = try DeviceDirectory.restore(
        DeviceBackup(seed: fixedSeed(2), label: "device 2", groups: [records[1]]), at: root + "/original",
        passphrase: passphrase, parameters: .testOnly)
    var random = SystemSSKRRandom()
    let shares = try SeedBackup.shares(of: original, spec: .twoOfThree, random: &random)[0]
    #expect(shares.count == 3)
    for (attempt, pair) in [(0, 2), (2, 1), (1, 0)].enumerated() {
        var input = RestoreInput()
        try input.add(UR(parsing: shares[pair.0].ur.uppercased()))
        try input.add(shareText: shares[pair.1].bytewords())
        // Any member's record of the group serves (the sheet prints one per member); scanned twice, kept once.
        try input.add(GroupRecord.recoveryUR(records[attempt]))
        try input.add(GroupRecord.recoveryUR(records[attempt]))
        #expect(input.records.count == 1)
        let restored = try SeedBackup.restore(
            shares: input.shares, label: attempt == 0 ? "device 2" : nil, records: input.records,
            at: root + "/restored\(attempt)",
            passphrase: passphrase, parameters: .testOnly, now: DKGHarness.now)
        #expect(restored.host.identity == original.host.identity)
        let record = try #require(restored.groups.values.first)
        #expect(record.groupKey == records[1].groupKey && record.index == 2)
        // The share re-derives from the seed and checks out against the group's certificate (ChillDKG's recovery
        // for secp256k1).
        _ = try record.recover(host: restored.host)
        #expect(AtomicFile.list(root + "/restored\(attempt)/nonces").isEmpty)
    }
    // The whole seed as one ur:seed, only when asked for: {1: seed}.
    let whole = try SeedBackup.wholeSeedUR(of: original)
    #expect(whole.type == "seed" && whole.cbor == [0xa1, 0x01, 0x58, 0x20] + [UInt8](repeating: 2, count: 32))
}

@Test func tooFewAnotherSeedsShareADuplicateOrAnotherDevicesRecordAreNamed() throws {
    var dkg = try DKGHarness(suite: .ristretto255, threshold: 2, count: 3)
    let records = try dkg.run()
    let root = temporaryDirectory()
    let device = try DeviceDirectory.restore(
        DeviceBackup(seed: fixedSeed(1), label: "device 1", groups: [records[0]]), at: root + "/device",
        passphrase: passphrase, parameters: .testOnly)
    let other = try DeviceDirectory.create(at: root + "/other", label: "other", passphrase: passphrase, parameters: .testOnly)
    var random = SystemSSKRRandom()
    let shares = try SeedBackup.shares(of: device, spec: .twoOfThree, random: &random)[0]
    let foreign = try SeedBackup.shares(of: other, spec: .twoOfThree, random: &random)[0]
    func restore(_ given: [SSKRShare], records given2: [GroupRecord] = []) throws {
        _ = try SeedBackup.restore(
            shares: given, label: given2.isEmpty ? "x" : nil, records: given2, at: root + "/r\(UUID().uuidString)",
            passphrase: passphrase, parameters: .testOnly, now: DKGHarness.now)
    }
    #expect(throws: SSKRError.notEnoughMemberShares(group: 0, have: 1, need: 2)) { try restore([shares[0]]) }
    #expect(throws: SSKRError.invalidShareSet(index: 1)) { try restore([shares[0], foreign[1]]) }
    #expect(throws: SSKRError.duplicateMemberIndex(group: 0, member: 1)) { try restore([shares[1], shares[1]]) }
    // The other device's seed is not on this group's roster: the record is refused, nothing usable is kept.
    #expect(throws: CeremonyError.self) { try restore([foreign[0], foreign[2]], records: [records[0]]) }
    #expect(throws: CeremonyError.invalidLabel(
        reason: "the group's roster names this device \"device 1\"; restore it under that label")) {
        _ = try SeedBackup.restore(
            shares: [shares[0], shares[2]], label: "renamed", records: [records[2]], at: root + "/renamed",
            passphrase: passphrase, parameters: .testOnly, now: DKGHarness.now)
    }
    var input = RestoreInput()
    #expect(throws: CeremonyError.wrongURType(expected: "sskr or \(GroupRecord.urType)", got: "bytes")) {
        try input.add(UR(type: "bytes", cbor: [0x41, 0x00]))
    }
    #expect(throws: SSKRError.self) { try input.add(shareText: "tuna next keep able acid") }
}

extension GroupRecord {
    /// The record as the result sheet carries it.
    static func recoveryUR(_ record: GroupRecord) throws -> UR { try UR(type: GroupRecord.urType, cbor: record.cbor.encoded) }
}

/// A device rebuilt from shares remembers when (across reopening) and commits only in requests expiring at least
/// its horizon after that: its lost self can have committed in any earlier one.
@Test func aRestoredDeviceCommitsOnlyInRequestsItsLostSelfCannotHaveSeen() throws {
    var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    let records = try dkg.run()
    let root = temporaryDirectory()
    let original = try DeviceDirectory.restore(
        DeviceBackup(seed: fixedSeed(1), label: "device 1", groups: [records[0]]), at: root + "/original",
        passphrase: passphrase, parameters: .testOnly)
    #expect(original.restoredAt == nil)
    var random = SystemSSKRRandom()
    let shares = try SeedBackup.shares(of: original, spec: .twoOfThree, random: &random)[0]
    let restoredAt = DKGHarness.now
    _ = try SeedBackup.restore(
        shares: [shares[2], shares[0]], label: nil, records: [records[0]], at: root + "/restored",
        passphrase: passphrase, parameters: .testOnly, now: restoredAt)
    var device = try DeviceDirectory.open(at: root + "/restored", passphrase: passphrase)
    #expect(device.restoredAt == restoredAt)
    func request(expiry: UInt64) throws -> SignRequest {
        try SignRequest(
            session: [UInt8](repeating: UInt8(truncatingIfNeeded: expiry), count: 32), suite: .ed25519,
            groupKey: records[0].groupKey, message: Array("pay".utf8), summary: "pay", signers: [1, 2],
            expiry: expiry)
    }
    let horizon = SigningDevice.defaultExpiryHorizon
    let early = try request(expiry: restoredAt + horizon - 1)
    #expect(throws: CeremonyError.requestMayPredateRestore(
        expiry: early.expiry, restoredAt: restoredAt, horizon: horizon)) {
        try device.receive(.signRequest(early), now: restoredAt + 10)
    }
    let late = try request(expiry: restoredAt + horizon)
    let response = try device.receive(.signRequest(late), now: restoredAt + 10)
    #expect(response.outgoing.count == 1)
    // The device that was never restored signs the early request.
    #expect(throws: Never.self) { try original.signer.check(early, group: records[0], now: restoredAt + 10) }
}
