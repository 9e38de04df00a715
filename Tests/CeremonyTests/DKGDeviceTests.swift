import FROST
import Testing

@testable import Ceremony

/// Σ λ_i s_i over the first t devices, times G: must be the group key (shares of one secret).
private func interpolates<C: Ciphersuite>(_ records: [GroupRecord], hosts: [HostKey], _: C.Type) throws -> Bool {
    let t = records[0].invite.threshold
    let chosen = Array(records.prefix(t))
    let identifiers = try chosen.map { try Identifier<C>(UInt64($0.index)) }
    var sum = Element<C>.identity
    for record in chosen {
        let material = try record.keyMaterial(host: hosts[record.index - 1], as: C.self)
        let lambda = try lagrangeCoefficient(for: material.keyPackage.identifier, in: identifiers)
        sum = sum + lambda * material.keyPackage.verifyingShare.element
    }
    return sum == material(records[0], hosts, C.self)
}

private func material<C: Ciphersuite>(_ record: GroupRecord, _ hosts: [HostKey], _: C.Type) -> Element<C>? {
    try? record.keyMaterial(host: hosts[record.index - 1], as: C.self).publicKeyPackage.verifyingKey.element
}

@Test(arguments: [
    (CeremonySuite.ed25519, 2, 3), (.ristretto255, 2, 3), (.ed25519, 3, 5), (.ristretto255, 3, 5), (.secp256k1, 2, 3),
])
func honestDKGGivesEveryDeviceTheSameUsableKey(suite: CeremonySuite, threshold: Int, count: Int) throws {
    var harness = try DKGHarness(suite: suite, threshold: threshold, count: count)
    let records = try harness.run()
    #expect(records.count == count)
    let keys = Set(records.map { $0.groupKey })
    #expect(keys.count == 1)
    switch suite {
    case .ed25519: #expect(try interpolates(records, hosts: harness.hosts, Ed25519Sha512.self))
    case .ristretto255: #expect(try interpolates(records, hosts: harness.hosts, Ristretto255Sha512.self))
    case .secp256k1:
        // ChillDKG: the group key is ChillDKG's threshold public key, and t recovered shares interpolate to it.
        let identifiers = try (1...threshold).map { try Identifier<Secp256k1Sha256>(UInt64($0)) }
        var sum = Element<Secp256k1Sha256>.identity
        for record in records.prefix(threshold) {
            let share = try ChillDKGKeyGeneration.secretShare(record, host: harness.hosts[record.index - 1])
            let lambda = try lagrangeCoefficient(for: identifiers[record.index - 1], in: identifiers)
            sum = sum + lambda * share.publicElement()
        }
        #expect(sum.serialize() == records[0].publicResult.groupKey)
        #expect(records[0].groupKey == Array(records[0].publicResult.groupKey.dropFirst()))
        #expect(records[0].groupKey.count == 32, "shown as a BIP 340 x-only key")
        // The one share path of every suite (the key generation's share, then any refreshes) gives the same share,
        // and none to another host key.
        let material = try records[0].keyMaterial(host: harness.hosts[0], as: Secp256k1Sha256.self)
        #expect(material.keyPackage.verifyingShare.element.serialize() == records[0].publicResult.verifyingShares[0])
        #expect(throws: CeremonyError.self) {
            _ = try records[0].keyMaterial(host: harness.hosts[1], as: Secp256k1Sha256.self)
        }
    }
}

@Test func devicesRejectMessagesOfAnotherSessionOrRoundAndRepeatThemselves() throws {
    var harness = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    guard case .bundle(let bundle)? = try harness.coordinate(try harness.contribute()).last else {
        Issue.record("no bundle")
        return
    }
    let device = harness.devices[0]
    let host = harness.hosts[0]
    let foreign = DKGBundle(
        session: [UInt8](repeating: 0x11, count: 32), parametersHash: bundle.parametersHash, cores: bundle.cores,
        summedHigherCommitments: bundle.summedHigherCommitments, summedShares: bundle.summedShares)
    #expect(
        throws: CeremonyError.wrongSession(expected: shortHex(harness.invite.session), got: shortHex(foreign.session))
    ) {
        _ = try device.handle(.bundle(foreign), host: host)
    }
    let certificate = DKGCertificate(
        session: harness.invite.session, parametersHash: harness.invite.parametersHash,
        signatures: [[UInt8]](repeating: [UInt8](repeating: 0, count: 64), count: 3))
    #expect(
        throws: CeremonyError.unexpectedMessage(
            state: "the device has not signed a transcript", message: DKGCertificate.urType)
    ) {
        _ = try device.handle(.certificate(certificate), host: host)
    }
    // The same invite again re-shows the same contribution; the same bundle twice gives the same signature.
    #expect(try device.handle(.invite(harness.invite), host: host).outgoing == device.lastOutgoing)
    let first = try device.handle(.bundle(bundle), host: host)
    let second = try first.device.handle(.bundle(bundle), host: host)
    #expect(first.outgoing == second.outgoing)
    #expect(first.device == second.device)
    // Another host cannot drive this device's state.
    #expect(throws: CeremonyError.self) { _ = try device.handle(.bundle(bundle), host: harness.hosts[1]) }
    // A stored state reads back to the same value.
    #expect(try DKGDevice(cbor: first.device.cbor) == first.device)
    #expect(try DKGCoordinator(cbor: harness.coordinator.cbor) == harness.coordinator)
}

@Test func anExpiredInviteOrAStrangerIsRefused() throws {
    let harness = try DKGHarness(suite: .ristretto255, threshold: 2, count: 3)
    #expect(throws: CeremonyError.expired(expiry: harness.invite.expiry, now: harness.invite.expiry + 1)) {
        _ = try DKGDevice.accept(
            invite: harness.invite, host: harness.hosts[0], now: harness.invite.expiry + 1,
            randomness: DKGHarness.randomness(1))
    }
    let stranger = try HostKey(seed: fixedSeed(200), label: "stranger")
    #expect(throws: CeremonyError.self) {
        _ = try DKGDevice.accept(
            invite: harness.invite, host: stranger, now: DKGHarness.now,
            randomness: DKGHarness.randomness(1))
    }
}
