import Bitcoin
import DeterministicCBOR
import FROST
import Testing

@testable import Ceremony

@Suite struct GroupRecordTests {
    /// The coordinator's records, built from public messages alone, are exactly what each device keeps, and
    /// their public result names each device's verifying share.
    @Test(arguments: CeremonySuite.allCases)
    func coordinatorBuildsEveryDevicesRecord(suite: CeremonySuite) throws {
        var dkg = try DKGHarness(suite: suite, threshold: 2, count: 3)
        let kept = try dkg.run()
        let first = kept[0]
        let records = try GroupRecord.recoveryRecords(
            invite: first.invite, bundle: first.bundle, certificate: first.certificate)
        #expect(records == kept)
        #expect(records.map(\.index) == [1, 2, 3])
        let result = records[0].publicResult
        #expect(suite.shownGroupKey(element: result.groupKey) == first.groupKey)
        #expect(result.threshold == 2)
        #expect(Set(result.verifyingShares).count == 3)
        for (offset, record) in records.enumerated() where suite == .ed25519 {
            let material = try record.keyMaterial(host: dkg.hosts[offset], as: Ed25519Sha512.self)
            #expect(material.keyPackage.verifyingShare.serialize() == result.verifyingShares[offset])
        }
    }

    /// Pieces of two different key generations do not make a record.
    @Test func refusesAnotherCeremonysCertificate() throws {
        var one = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
        var other = try DKGHarness(suite: .ed25519, threshold: 2, count: 3, seedBase: 40)
        let record = try one.run()[0]
        let foreign = try other.run()[0]
        #expect(throws: CeremonyError.self) {
            try GroupRecord.recoveryRecords(
                invite: record.invite, bundle: record.bundle, certificate: foreign.certificate)
        }
        #expect(throws: CeremonyError.self) {
            try GroupRecord.recoveryRecords(
                invite: record.invite, bundle: foreign.bundle, certificate: record.certificate)
        }
    }
}

/// A record checks itself once, when it is decoded: a certificate signature changed in a stored record is refused
/// there, and an honest record's group key is a plain stored value from then on.
@Test func aRecordChecksItselfWhenDecoded() throws {
    var dkg = try DKGHarness(suite: .ristretto255, threshold: 2, count: 3)
    let record = try dkg.run()[0]
    #expect(try GroupRecord(encoded: record.encoded) == record)
    var signatures = record.certificate.signatures
    signatures[1][0] ^= 1
    let forged = DKGCertificate(
        session: record.certificate.session, parametersHash: record.certificate.parametersHash, signatures: signatures)
    var map = try #require(record.cbor.mapValue)
    map[3] = forged.cbor
    #expect(throws: CeremonyError.certificateInvalid(signer: 2)) { _ = try GroupRecord(cbor: .map(map)) }
}

/// A device's share comes from its host seed and the record; the record's public result was checked when the
/// record was made. A share that does not match its verifying share (a summed share changed after the check), or a
/// record used with another device's host key, gives no key material. (secp256k1 groups are ChillDKG's:
/// `ChillDKGKeyGeneration.secretShare`, KeyGenerationSchemeTests.)
@Test(arguments: [CeremonySuite.ed25519, .ristretto255])
func keyMaterialRefusesAShareThatDoesNotMatchOrAnotherHost(suite: CeremonySuite) throws {
    var dkg = try DKGHarness(suite: suite, threshold: 2, count: 3)
    let record = try dkg.run()[1]
    func material<C: Ciphersuite>(_ record: GroupRecord, _ host: HostKey, _: C.Type) throws -> [UInt8] {
        try record.keyMaterial(host: host, as: C.self).keyPackage.verifyingShare.serialize()
    }
    #expect(try material(record, dkg.hosts[1], suite.ciphersuite) == record.publicResult.verifyingShares[1])
    #expect(throws: CeremonyError.keyNotUsable(reason: "the record is for another device's host key")) {
        _ = try material(record, dkg.hosts[0], suite.ciphersuite)
    }
    var shares = record.bundle.summedShares
    shares[1] = shares[0]
    let bundle = DKGBundle(
        session: record.bundle.session, parametersHash: record.bundle.parametersHash, cores: record.bundle.cores,
        summedHigherCommitments: record.bundle.summedHigherCommitments, summedShares: shares)
    let altered = GroupRecord(
        invite: record.invite, bundle: bundle, certificate: record.certificate, index: 2,
        checked: record.publicResult)
    #expect(
        throws: CeremonyError.keyNotUsable(
            reason: "the share derived from the host seed does not match the transcript")
    ) { _ = try material(altered, dkg.hosts[1], suite.ciphersuite) }
}

/// A secp256k1 group made with a network has a Taproot wallet: every device's record and the decoded record give the
/// same one, of the 33-byte group key on that network, and the devices show its descriptor.
@Test func aSecp256k1GroupWithANetworkHasItsWallet() throws {
    var dkg = try DKGHarness(suite: .secp256k1, threshold: 2, count: 3, network: .signet)
    let records = try dkg.run()
    let expected = try TaprootWallet(groupKey: records[0].publicResult.groupKey, network: .signet)
    #expect(records[0].publicResult.groupKey.count == 33)
    for record in records + [try GroupRecord(cbor: records[0].cbor)] {
        #expect(record.wallet == expected)
        #expect(record.invite.network == .signet)
    }
    #expect(records[0].walletLines.contains { $0.contains(expected.descriptor.multipath) })
    #expect(records[0].walletLines.contains { $0.contains("signet") })
    #expect(expected.descriptor.multipath.hasPrefix("tr(["))
    #expect(try expected.address(change: false, index: 0).address.hasPrefix("tb1p"))
}

/// A group without a network, or of another suite, has no wallet and shows none.
@Test(arguments: [CeremonySuite.ed25519, .secp256k1])
func aGroupWithoutANetworkHasNoWallet(suite: CeremonySuite) throws {
    var dkg = try DKGHarness(suite: suite, threshold: 2, count: 3)
    let record = try dkg.run()[0]
    #expect(record.wallet == nil && record.walletLines.isEmpty)
}
