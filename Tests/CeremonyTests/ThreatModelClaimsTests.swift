import FROST
import Testing

@testable import Ceremony

// Claims of docs/THREAT-MODEL.md that no other test showed on its own.

/// A coordinator colluding with signer 2 gets a second, fully valid package for signer 1's nonce (signer 2 signs a
/// second commitment from another nonce store). Signer 1 answers the first package only, before and after a
/// restart; the second is refused as `nonceAlreadyConsumed`, so no two shares ever come from one nonce.
@Test(arguments: [CeremonySuite.ed25519, .ristretto255, .secp256k1])
func aSignerNeverAnswersASecondValidPackageForTheSameNonce(suite: CeremonySuite) throws {
    var dkg = try DKGHarness(suite: suite, threshold: 2, count: 3)
    let records = try dkg.run()
    let signing = try SigningHarness(dkg: dkg, records: records)
    let request = try signing.request(signers: [1, 2], message: Array("one share per nonce".utf8))
    let first = try signing.signers[0].commit(to: request, group: signing.records[0], now: DKGHarness.now)
    let honest = try signing.signers[1].commit(to: request, group: signing.records[1], now: DKGHarness.now)
    let colluder = SigningDevice(
        host: dkg.hosts[1], store: try NonceStore(directory: temporaryDirectory() + "/colluder", vault: signing.vault))
    let other = try colluder.commit(to: request, group: signing.records[1], now: DKGHarness.now)
    #expect(other.payload != honest.payload)
    let packageA = try SigningCoordinator(request: request, group: signing.records[0])
        .handle(first).coordinator.handle(honest).coordinator.package
    let packageB = try SigningCoordinator(request: request, group: signing.records[0])
        .handle(first).coordinator.handle(other).coordinator.package
    guard let packageA, let packageB else {
        Issue.record("no packages")
        return
    }
    #expect(packageA.hash != packageB.hash)
    let share = try signing.signers[0].sign(packageA, request: request, group: signing.records[0], now: DKGHarness.now)
    let restarted = SigningDevice(
        host: dkg.hosts[0], store: try NonceStore(directory: signing.signers[0].store.directory, vault: signing.vault))
    for device in [signing.signers[0], restarted] {
        #expect(throws: CeremonyError.nonceAlreadyConsumed(session: shortHex(request.session))) {
            _ = try device.sign(packageB, request: request, group: signing.records[0], now: DKGHarness.now)
        }
        // The first package asked again gets the recorded share, byte for byte: nothing new is computed.
        #expect(try device.sign(packageA, request: request, group: signing.records[0], now: DKGHarness.now) == share)
        // And no new nonce is made for the session.
        #expect(throws: CeremonyError.nonceAlreadyConsumed(session: shortHex(request.session))) {
            _ = try device.commit(to: request, group: signing.records[0], now: DKGHarness.now)
        }
    }
}

/// One nonce per session: once a signer has committed, a different request for the same session (another message,
/// say) is refused and blamed on the coordinator, both in round 1 and in round 2.
@Test func aSignerRefusesADifferentRequestForASessionItCommittedIn() throws {
    var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    let records = try dkg.run()
    let signing = try SigningHarness(dkg: dkg, records: records)
    let request = try signing.request(signers: [1, 2], message: Array("pay 1".utf8))
    let swapped = try signing.request(signers: [1, 2], message: Array("pay 1000".utf8))
    #expect(swapped.session == request.session)
    let commitment = try signing.signers[0].commit(to: request, group: signing.records[0], now: DKGHarness.now)
    let refusal = CeremonyError.blame(culprit: .coordinator, reason: "it sent a different request for the same session")
    #expect(throws: refusal) {
        _ = try signing.signers[0].commit(to: swapped, group: signing.records[0], now: DKGHarness.now)
    }
    var coordinator = try SigningCoordinator(request: request, group: signing.records[0])
    coordinator = try coordinator.handle(commitment).coordinator
    coordinator = try coordinator.handle(
        try signing.signers[1].commit(to: request, group: signing.records[1], now: DKGHarness.now)
    ).coordinator
    guard let package = coordinator.package else {
        Issue.record("no package")
        return
    }
    #expect(throws: refusal) {
        _ = try signing.signers[0].sign(package, request: swapped, group: signing.records[0], now: DKGHarness.now)
    }
    // The refusals burned nothing: the honest request still signs.
    let share = try signing.signers[0].sign(package, request: request, group: signing.records[0], now: DKGHarness.now)
    #expect(share.sender == 1)
}

/// A device showing a message under another device's index, signed with its own host key, is refused by the
/// coordinator in every round, and the refusal names no one: the device it claims to be is never blamed.
@Test func aDeviceCannotSpeakForAnotherAndCannotGetItBlamed() throws {
    var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    let invite = dkg.invite
    // A whole contribution made by device 3's host key for index 1 (its core signed by device 3 as well).
    let forgedContribution = try PedPop<Ed25519Sha512>.contribute(
        host: dkg.hosts[2], invite: invite, sender: 1, randomness: DKGHarness.randomness(3))
    let forged = DeviceEnvelope(
        round: .dkgContribution, session: invite.session, parametersHash: invite.parametersHash, sender: 1,
        payload: forgedContribution.payload, host: dkg.hosts[2])
    #expect(throws: CeremonyError.unauthenticated(what: "the \(Round.dkgContribution) message of device 1", sender: 1)) {
        _ = try dkg.coordinator.handle(forged)
    }
    // The same device's honest contribution is accepted afterwards: the forgery did not stick to device 1.
    let contributions = try dkg.contribute()
    #expect(try dkg.coordinator.handle(contributions[0]).coordinator.contributions[1] == contributions[0])
    let records = try dkg.run()
    let signing = try SigningHarness(dkg: dkg, records: records)
    let request = try signing.request(signers: [1, 2], message: [7])
    let real = try signing.signers[2].commit(
        to: try signing.request(signers: [2, 3], message: [7]), group: signing.records[2], now: DKGHarness.now)
    let claimed = DeviceEnvelope(
        round: .signCommitment, session: request.session, parametersHash: request.parametersHash, sender: 1,
        payload: real.payload, host: dkg.hosts[2])
    let coordinator = try SigningCoordinator(request: request, group: signing.records[0])
    do {
        _ = try coordinator.handle(claimed)
        Issue.record("a commitment signed by device 3 was taken as device 1's")
    } catch let error as CeremonyError {
        #expect(error.culprit == nil, "\(error)")
        #expect(error == .unauthenticated(what: "the \(Round.signCommitment) message of device 1", sender: 1))
    }
}

/// The coordinator's side of a whole DKG and signing holds nothing secret: its state is only public messages, and
/// none of them carries a device's host seed, signing share or nonce.
@Test func theCoordinatorHoldsNoSecret() throws {
    var dkg = try DKGHarness(suite: .ristretto255, threshold: 2, count: 3)
    let records = try dkg.run()
    let signing = try SigningHarness(dkg: dkg, records: records)
    let request = try signing.request(signers: [1, 3], message: [1, 2, 3])
    var coordinator = try SigningCoordinator(request: request, group: signing.records[0])
    var seen: [[UInt8]] = [dkg.coordinator.invite.cbor.encoded]
    seen += records.map(\.cbor.encoded)
    seen += dkg.coordinator.contributions.values.map(\.cbor.encoded)
    seen += [dkg.coordinator.bundle?.cbor.encoded, dkg.coordinator.certificate?.cbor.encoded].compactMap { $0 }
    #expect(seen.count == 1 + 3 + 3 + 2)
    for index in request.signers {
        let commitment = try signing.signers[index - 1].commit(
            to: request, group: signing.records[index - 1], now: DKGHarness.now)
        seen.append(commitment.cbor.encoded)
        coordinator = try coordinator.handle(commitment).coordinator
    }
    guard let package = coordinator.package else {
        Issue.record("no package")
        return
    }
    seen.append(package.cbor.encoded)
    var secrets: [(String, [UInt8])] = []
    for (offset, record) in signing.records.enumerated() {
        let host = dkg.hosts[offset]
        secrets.append(("host seed \(offset + 1)", host.exposeSeed()))
        secrets.append(("X25519 secret \(offset + 1)", host.agreementSecretKey.exposeSecretBytes()))
        let material = try record.keyMaterial(host: host, as: Ristretto255Sha512.self)
        secrets.append(("signing share \(offset + 1)", material.keyPackage.signingShare.secret.serializeSecret()))
    }
    var outputs: [SigningOutput] = []
    for index in request.signers {
        let envelope = try signing.signers[index - 1].sign(
            package, request: request, group: signing.records[index - 1], now: DKGHarness.now)
        seen.append(envelope.cbor.encoded)
        let transition = try coordinator.handle(envelope)
        coordinator = transition.coordinator
        outputs += transition.outgoing
    }
    guard case .result(let result)? = outputs.last else {
        Issue.record("no signature")
        return
    }
    seen.append(result.cbor.encoded)
    for message in seen {
        for (name, secret) in secrets {
            let found = (0...(message.count - secret.count)).contains { Array(message[$0..<($0 + secret.count)]) == secret }
            #expect(!found, "a coordinator message carries the \(name)")
        }
    }
}

/// Hostile KDF parameters in a state header (a terabyte of memory, 2^40 passes, none at all) are refused as
/// `unsafeKDFParameters` from the header alone: the error is not the `keyDerivationFailed` or `wrongPassphrase`
/// that trying Argon2id would give, so no derivation was attempted.
@Test(arguments: [(UInt64(3), UInt64(1) << 40), (UInt64(1) << 40, UInt64(8192)), (0, 8192), (3, 0)])
func hostileKDFParametersAreRefusedFromTheHeaderAlone(opslimit: UInt64, memlimit: UInt64) throws {
    let path = temporaryDirectory() + "/state.hgvault"
    let vault = try StateVault.create(passphrase: Array("pw".utf8), parameters: .testOnly)
    try vault.write([1], to: path, file: "state")
    var bytes = try #require(try AtomicFile.read(path, limit: StateVault.maxFileBytes))
    bytes.replaceSubrange(8..<16, with: bigEndian(opslimit))
    bytes.replaceSubrange(16..<24, with: bigEndian(memlimit))
    try AtomicFile.write(bytes, to: path, file: "test-input", hook: .none)
    #expect(
        throws: CeremonyError.unsafeKDFParameters(
            file: path, reason: "opslimit \(opslimit), memlimit \(memlimit) outside the accepted bounds")
    ) {
        try StateVault.open(file: path, passphrase: Array("pw".utf8))
    }
}

/// The invite test in DKGCoordinatorTests skips tamperings that no longer decode; this one shows that many do
/// decode (so the claim is exercised), that each changes the parameters hash, and that the eight-word rendering on
/// the sheet changes with it.
@Test func decodableTamperingsOfTheInviteChangeTheWordsOnTheSheet() throws {
    let harness = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    var decoded = 0
    for (description, mutated) in mutations(of: harness.invite.cbor) {
        guard let tampered = try? DKGInvite(cbor: mutated) else { continue }
        decoded += 1
        #expect(tampered.parametersHash != harness.invite.parametersHash, "\(description)")
        #expect(tampered.parametersWords != harness.invite.parametersWords, "\(description)")
    }
    #expect(decoded >= 10, "only \(decoded) tampered invites decoded")
}
