import DeterministicCBOR
import FROST
import Testing

@testable import Ceremony

/// The ChillDKG host secret key as HostKey documents it, computed here from the seed alone.
private func chillDKGSecret(seed: UInt8) -> SecretBytes {
    SecretBytes(
        Sodium.blake2bPersonal(
            [], key: [UInt8](repeating: seed, count: 32), personal: Array("HGHost-ChillDKG1".utf8)))
}

/// A secp256k1 ceremony is ChillDKG 0.3.0: the same run done directly with the FROST layer's ChillDKG (the documented
/// host keys and randomness) gives byte for byte the contributions, the bundle's coordinator message and the
/// certificate; the group key is ChillDKG's threshold public key; the record's recovery data is ChillDKG's and
/// participant_recover from the host seed restores each share; and a BIP 445 signature under it verifies.
@Test func aSecp256k1KeyGenerationIsChillDKGAndItsKeySigns() throws {
    var dkg = try DKGHarness(suite: .secp256k1, threshold: 2, count: 3)
    let (contributions, bundle, transcriptSignatures, certificate, records) = try dkg.runMessages()
    #expect(records.count == 3)

    let invite = dkg.invite
    let params = ChillDKG.SessionParams(
        hostPublicKeys: try (1...3).map { try ChillDKG.hostPublicKey(hostSecretKey: chillDKGSecret(seed: UInt8($0))) },
        threshold: 2)
    #expect(params.hostPublicKeys == invite.roster.map(\.chillDKGHostKey))
    var states: [ChillDKG.ParticipantState1] = []
    var messages1: [[UInt8]] = []
    for index in 1...3 {
        let random = Sodium.blake2bPersonal(
            DKGHarness.randomness(index) + invite.session + invite.parametersHash,
            key: [UInt8](repeating: UInt8(index), count: 32), personal: Array("HGChillDKG-Rand1".utf8))
        let (state, message) = try ChillDKG.participantStep1(
            hostSecretKey: chillDKGSecret(seed: UInt8(index)), params: params, random: SecretBytes(random))
        states.append(state)
        messages1.append(message)
        #expect(contributions[index - 1].payload == .map(CBORMap([(4, .bytes(message))])))
    }
    let (coordinatorState, coordinatorMessage) = try ChillDKG.coordinatorStep1(
        participantMessages1: messages1, params: params)
    #expect(bundle.coordinatorMessage == coordinatorMessage)
    var messages2: [[UInt8]] = []
    var states2: [ChillDKG.ParticipantState2] = []
    for index in 1...3 {
        let aux = Sodium.blake2bPersonal(
            DKGHarness.randomness(index) + invite.session + invite.parametersHash,
            key: [UInt8](repeating: UInt8(index), count: 32), personal: Array("HGChillDKG-Aux-1".utf8))
        let (state2, message2) = try ChillDKG.participantStep2(
            hostSecretKey: chillDKGSecret(seed: UInt8(index)), state: states[index - 1],
            coordinatorMessage1: coordinatorMessage, auxRand: aux)
        states2.append(state2)
        messages2.append(message2)
        #expect(transcriptSignatures[index - 1].payload == .map(CBORMap([(2, .bytes(message2))])))
    }
    let finalized = try ChillDKG.coordinatorFinalize(state: coordinatorState, participantMessages2: messages2)
    #expect(certificate.signatures.flatMap { $0 } == finalized.message)
    for record in records {
        #expect(record.publicResult.groupKey == finalized.output.thresholdPublicKey)
        #expect(record.publicResult.verifyingShares == finalized.output.publicShares)
        #expect(try record.chillDKGRecoveryData() == finalized.recoveryData)
        let (output, recoveredParams) = try ChillDKG.participantRecover(
            hostSecretKey: chillDKGSecret(seed: UInt8(record.index)), recoveryData: try record.chillDKGRecoveryData())
        #expect(recoveredParams == params)
        let participant = try ChillDKG.participantFinalize(
            state: states2[record.index - 1], coordinatorMessage2: finalized.message)
        #expect(
            output.secretShare?.publicElement() == participant.0.secretShare?.publicElement()
                && output.secretShare?.publicElement().serialize() == record.publicResult.verifyingShares[record.index - 1])
        #expect(try record.recover(host: dkg.hosts[record.index - 1]) == record.groupKey)
    }
    #expect(records[0].groupKey == Array(finalized.output.thresholdPublicKey.dropFirst()))

    let signing = try SigningHarness(dkg: dkg, records: records)
    let message = Array("pay 1 coin to bob".utf8)
    let signature = try signing.sign(try signing.request(signers: [1, 3], message: message)).signature
    #expect(BIP445.verifyBIP340(signature: signature, message: message, xOnlyPublicKey: records[0].groupKey))
}

/// Device 2 encrypts a bad share to device 1 (its contribution is still well formed and signed): device 1 complains,
/// the coordinator answers with ChillDKG's investigation message, and device 1 names device 2; the others sign.
@Test func aBadSecp256k1ShareIsBlamedThroughChillDKGsInvestigation() throws {
    var dkg = try DKGHarness(suite: .secp256k1, threshold: 2, count: 3)
    var contributions = try dkg.contribute()
    guard case .map(let payload) = contributions[1].payload, var message = payload[4]?.bytesValue else {
        throw HarnessError.missing("payload")
    }
    // Participant message 1: commitment (33t), pop (64), pubnonce (33), then the encrypted shares (32 each).
    message[33 * 2 + 64 + 33 + 31] ^= 0x01
    contributions[1] = DeviceEnvelope(
        round: .dkgContribution, session: dkg.invite.session, parametersHash: dkg.invite.parametersHash, sender: 2,
        payload: .map(CBORMap([(4, .bytes(message))])), host: dkg.hosts[1])
    guard case .bundle(let bundle)? = try dkg.coordinate(contributions).last else { throw HarnessError.missing("b") }
    let answered = try dkg.deliver(.bundle(bundle))
    #expect(answered.events.filter { $0 == .complained }.count == 1)
    guard case .complained = dkg.devices[0].phase else { throw HarnessError.missing("complaint") }
    guard case .investigation(let investigation)? = try dkg.coordinate([answered.replies[0]]).last else {
        throw HarnessError.missing("investigation")
    }
    #expect(investigation.investigationMessage?.count == ChillDKG.investigationMessageLength(n: 3))
    // The investigation travels as a UR like every coordinator message.
    let scanned = try DKGInvestigation(encoded: investigation.encoded)
    let transition = try dkg.devices[0].handle(.investigation(scanned), host: dkg.hosts[0])
    guard case .culpritFound(let culprit, let reason)? = transition.events.first else {
        throw HarnessError.missing("culprit")
    }
    #expect(culprit == dkg.invite.culprit(2), "\(reason)")
    guard case .failed = transition.device.phase else { throw HarnessError.missing("failed") }
    #expect(transition.device.randomness == nil)
    // A forged investigation (another recipient's message) is no proof against anyone but the coordinator or the
    // participant ChillDKG names; a truncated one blames the coordinator.
    let truncated = DKGInvestigation(
        session: investigation.session, parametersHash: investigation.parametersHash, recipient: 1,
        investigationMessage: Array((investigation.investigationMessage ?? []).dropLast()))
    guard case .culpritFound(.coordinator, _)? = try dkg.devices[0].handle(.investigation(truncated), host: dkg.hosts[0])
        .events.first
    else {
        Issue.record("a truncated investigation did not blame the coordinator")
        return
    }
}

/// A secp256k1 invite needs every member's ChillDKG host key: a version-1 identity (without one) is refused, as is
/// a contribution that is not ChillDKG's.
@Test func aSecp256k1InviteRefusesVersionOneIdentitiesAndForeignContributions() throws {
    let hosts = try (1...3).map { try HostKey(seed: fixedSeed(UInt8($0)), label: "device \($0)") }
    let old = hosts[2].identity
    let versionOne = Identity(
        label: old.label, signingKey: old.signingKey, agreementKey: old.agreementKey, chillDKGHostKey: nil)
    let roster = [hosts[0].identity, hosts[1].identity, versionOne]
    #expect(throws: CeremonyError.self) {
        try DKGInvite(
            session: [UInt8](repeating: 1, count: 32), suite: .secp256k1, threshold: 2, roster: roster,
            groupLabel: "g", expiry: .max)
    }
    #expect(throws: Never.self) {
        try DKGInvite(
            session: [UInt8](repeating: 1, count: 32), suite: .ed25519, threshold: 2, roster: roster,
            groupLabel: "g", expiry: .max)
    }
    var ed = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    let foreign = try ed.contribute()[0]
    let secp = try DKGHarness(suite: .secp256k1, threshold: 2, count: 3)
    let rewrapped = DeviceEnvelope(
        round: .dkgContribution, session: secp.invite.session, parametersHash: secp.invite.parametersHash, sender: 1,
        payload: foreign.payload, host: secp.hosts[0])
    do {
        _ = try secp.coordinator.handle(rewrapped)
        Issue.record("a PedPop contribution was accepted in a ChillDKG session")
    } catch let error as CeremonyError {
        #expect(error.culprit == secp.invite.culprit(1), "\(error)")
    }
}

/// The coordinator checks each ChillDKG contribution on arrival, beyond coordinator_step1's parsing: a bad proof of
/// possession, an encrypted share ≥ n or a commitment off the curve is blamed on the device that signed it.
@Test func aBadChillDKGContributionIsBlamedOnItsDeviceOnArrival() throws {
    var dkg = try DKGHarness(suite: .secp256k1, threshold: 2, count: 3)
    let contributions = try dkg.contribute()
    guard case .map(let payload) = contributions[2].payload, let message = payload[4]?.bytesValue else {
        throw HarnessError.missing("payload")
    }
    let shareStart = 33 * 2 + 64 + 33
    var cases: [(String, [UInt8])] = []
    var pop = message
    pop[33 * 2 + 5] ^= 0x01
    cases.append(("proof of possession", pop))
    var share = message
    share.replaceSubrange(shareStart..<(shareStart + 32), with: [UInt8](repeating: 0xff, count: 32))
    cases.append(("encrypted share ≥ n", share))
    var commitment = message
    commitment[0] = 0x05
    cases.append(("commitment prefix", commitment))
    for (name, bytes) in cases {
        let envelope = DeviceEnvelope(
            round: .dkgContribution, session: dkg.invite.session, parametersHash: dkg.invite.parametersHash,
            sender: 3, payload: .map(CBORMap([(4, .bytes(bytes))])), host: dkg.hosts[2])
        do {
            _ = try dkg.coordinator.handle(envelope)
            Issue.record("\(name): accepted")
        } catch let error as CeremonyError {
            #expect(error.culprit == dkg.invite.culprit(3), "\(name): \(error)")
        }
    }
    #expect(try dkg.coordinator.handle(contributions[2]).coordinator.contributions.count == 1)
}
