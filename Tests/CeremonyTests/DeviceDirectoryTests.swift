import DeterministicCBOR
import FROST
import Foundation
import Testing

@testable import Ceremony

private let passphrase = Array("device passphrase".utf8)

/// A DKG where every device persists each transition and is reopened from disk before the next message, as an
/// offline device that is switched off between rounds. For secp256k1 the rounds are ChillDKG's: the device keeps only
/// its randomness, inside the encrypted state (no file holds it in the clear), and recomputes its participant state.
@Test(arguments: [CeremonySuite.ristretto255, .secp256k1])
func aDKGSurvivesRestartsBetweenEveryRoundAndRecoversFromTheSeedAlone(suite: CeremonySuite) throws {
    let root = temporaryDirectory()
    let count = 3
    var directories = try (1...count).map {
        try DeviceDirectory.create(
            at: root + "/device\($0)", label: "device \($0)", passphrase: passphrase, parameters: .testOnly)
    }
    let invite = try DKGInvite(
        session: [UInt8](repeating: 0x42, count: 32), suite: suite, threshold: 2,
        roster: directories.map(\.host.identity), groupLabel: "vault", expiry: DKGHarness.now + 60)
    let coordinators = try CoordinatorDirectory(path: root + "/coordinator")
    try coordinators.save(DKGCoordinator(invite: invite))
    func reopen(_ index: Int) throws -> DeviceDirectory {
        try DeviceDirectory.open(at: root + "/device\(index + 1)", passphrase: passphrase)
    }
    func coordinate(_ envelopes: [DeviceEnvelope]) throws -> [CoordinatorOutput] {
        var outputs: [CoordinatorOutput] = []
        for envelope in envelopes {
            guard let coordinator = try coordinators.loadDKG(session: invite.session) else {
                throw HarnessError.missing("state")
            }
            let transition = try coordinator.handle(envelope)
            try coordinators.save(transition.coordinator)
            outputs += transition.outgoing
        }
        return outputs
    }
    var replies: [DeviceEnvelope] = []
    var randomness: [[UInt8]] = []
    for index in 0..<count {
        randomness.append(Sodium.random(32))
        let transition = try DKGDevice.accept(
            invite: invite, host: directories[index].host, now: DKGHarness.now, randomness: randomness[index])
        try directories[index].record(transition)
        replies += transition.outgoing
    }
    #expect((directories[0].dkgSession(invite.session)?.randomness != nil) == (suite == .secp256k1))
    for index in 0..<count {
        for name in try FileManager.default.subpathsOfDirectory(atPath: root + "/device\(index + 1)") {
            let bytes = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: root + "/device\(index + 1)/" + name))) ?? Data())
            #expect(!bytes.indices.contains { bytes[$0...].starts(with: randomness[index]) }, "\(name) holds it")
        }
    }
    guard case .bundle(let bundle)? = try coordinate(replies).last else { throw HarnessError.missing("bundle") }
    replies = []
    for index in 0..<count {
        directories[index] = try reopen(index)
        guard let device = directories[index].dkgSession(invite.session) else { throw HarnessError.missing("session") }
        let transition = try device.handle(.bundle(bundle), host: directories[index].host)
        try directories[index].record(transition)
        replies += transition.outgoing
    }
    guard case .certificate(let certificate)? = try coordinate(replies).last else { throw HarnessError.missing("cert") }
    for index in 0..<count {
        directories[index] = try reopen(index)
        guard let device = directories[index].dkgSession(invite.session) else { throw HarnessError.missing("session") }
        try directories[index].record(try device.handle(.certificate(certificate), host: directories[index].host))
        directories[index] = try reopen(index)
        #expect(directories[index].groups.count == 1)
    }
    // Wipe device 2 except its backup (host seed + recovery record) and restore it elsewhere.
    let backup = try DeviceBackup(cbor: CBOR.decode(directories[1].backup.exposeCBOR().encoded))
    try FileManager.default.removeItem(atPath: root + "/device2")
    let restored = try DeviceDirectory.restore(
        backup, at: root + "/restored", passphrase: passphrase, parameters: .testOnly)
    #expect(restored.host.identity == directories[1].host.identity)
    guard let record = restored.groups.values.first else { throw HarnessError.missing("restored group") }
    let original = directories[0].groups.values.first.map { $0.groupKey }
    #expect(record.groupKey == original)
    #expect(try record.recover(host: restored.host) == record.groupKey)
    #expect(directories[0].dkgSession(invite.session)?.randomness == nil, "dropped once the key is ready")
    if suite == .secp256k1 {
        // ChillDKG's participant_recover from the host seed and the record's recovery data gives the share.
        let share = try ChillDKGKeyGeneration.secretShare(record, host: restored.host)
        #expect(share.publicElement().serialize() == record.publicResult.verifyingShares[1])
    } else {
        let material = try record.keyMaterial(host: restored.host, as: Ristretto255Sha512.self)
        #expect(
            material.keyPackage.verifyingShare
                == material.publicKeyPackage.verifyingShares[material.keyPackage.identifier])
    }
    // No nonce came back with the backup.
    #expect(AtomicFile.list(root + "/restored/nonces").isEmpty)
}

@Test func aWrongPassphraseOrDamagedStateIsTypedAndNothingIsOverwritten() throws {
    let root = temporaryDirectory()
    _ = try DeviceDirectory.create(at: root, label: "d", passphrase: passphrase, parameters: .testOnly)
    let file = root + "/device.hgvault"
    let before = try Data(contentsOf: URL(fileURLWithPath: file))
    #expect(throws: CeremonyError.wrongPassphrase(file: file)) {
        _ = try DeviceDirectory.open(at: root, passphrase: Array("nope".utf8))
    }
    #expect(throws: CeremonyError.self) {
        _ = try DeviceDirectory.create(at: root, label: "d", passphrase: passphrase, parameters: .testOnly)
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)
    try Data(before.dropLast(5)).write(to: URL(fileURLWithPath: file))
    #expect(throws: CeremonyError.self) { _ = try DeviceDirectory.open(at: root, passphrase: passphrase) }
}
