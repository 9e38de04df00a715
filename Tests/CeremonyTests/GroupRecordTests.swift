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
        #expect(result.groupKey == first.groupKey)
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
