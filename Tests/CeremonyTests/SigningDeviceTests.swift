@testable import Bitcoin
import CSodium
import FROST
import Testing
import UniformResources

@testable import Ceremony

private func verifies(_ signature: [UInt8], _ message: [UInt8], groupKey: [UInt8], suite: CeremonySuite) -> Bool {
    switch suite {
    case .ed25519:
        guard let key = try? VerifyingKey<Ed25519Sha512>(deserializing: groupKey),
            let parsed = try? Signature<Ed25519Sha512>(deserializing: signature)
        else { return false }
        return key.verify(parsed, message: message)
    case .ristretto255:
        guard let key = try? VerifyingKey<Ristretto255Sha512>(deserializing: groupKey),
            let parsed = try? Signature<Ristretto255Sha512>(deserializing: signature)
        else { return false }
        return key.verify(parsed, message: message)
    case .secp256k1:
        // A BIP 340 signature under the x-only group key, by libsecp256k1's secp256k1_schnorrsig_verify.
        return groupKey.count == 32 && BIP445.verifyBIP340(signature: signature, message: message, xOnlyPublicKey: groupKey)
    }
}

@Test(arguments: [
    (CeremonySuite.ed25519, 2, 3), (.ristretto255, 2, 3), (.ed25519, 3, 5), (.ristretto255, 3, 5),
    (.ed25519, 7, 10), (.ristretto255, 7, 10), (.ed25519, 11, 20), (.ristretto255, 11, 20),
    (.secp256k1, 2, 3), (.secp256k1, 3, 5),
])
func fullCeremonySignsAVerifiableSignature(suite: CeremonySuite, threshold: Int, count: Int) throws {
    var dkg = try DKGHarness(suite: suite, threshold: threshold, count: count)
    let records = try dkg.run()
    #expect(records.count == count)
    let signing = try SigningHarness(dkg: dkg, records: records)
    let message = Array("heliograph \(suite) \(threshold)-of-\(count)".utf8)
    // A signer set that is not simply the first t: the last t devices.
    let chosen = Array((count - threshold + 1)...count)
    let (signature, _) = try signing.sign(try signing.request(signers: chosen, message: message))
    let groupKey = records[0].groupKey
    #expect(verifies(signature, message, groupKey: groupKey, suite: suite))
    #expect(!verifies(signature, message + [0], groupKey: groupKey, suite: suite))
    if suite == .ed25519 {
        let ok = crypto_sign_verify_detached(signature, message, UInt64(message.count), groupKey)
        #expect(ok == 0, "libsodium accepts the FROST(Ed25519) group signature")
    }
}

@Test func signersRefuseAnotherGroupAnExpiredRequestOrOneWithoutThem() throws {
    var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    let records = try dkg.run()
    let signing = try SigningHarness(dkg: dkg, records: records)
    let request = try signing.request(signers: [1, 2], message: [1, 2, 3])
    let device3 = signing.signers[2]
    #expect(throws: CeremonyError.notASigner(index: 3)) {
        _ = try device3.commit(to: request, group: signing.records[2], now: DKGHarness.now)
    }
    #expect(throws: CeremonyError.expired(expiry: request.expiry, now: request.expiry + 1)) {
        _ = try signing.signers[0].commit(to: request, group: signing.records[0], now: request.expiry + 1)
    }
    var otherDKG = try DKGHarness(suite: .ed25519, threshold: 2, count: 3, seedBase: 50)
    let otherRecords = try otherDKG.run()
    let foreign = try SignRequest(
        session: request.session, suite: .ed25519, groupKey: otherRecords[0].groupKey, message: [1],
        summary: "other group", signers: [1, 2], expiry: request.expiry)
    #expect(
        throws: CeremonyError.wrongGroup(expected: shortHex(records[0].groupKey), got: shortHex(foreign.groupKey))
    ) {
        _ = try signing.signers[0].commit(to: foreign, group: signing.records[0], now: DKGHarness.now)
    }
}

@Test func everyTamperingOfTheSigningPackageIsRefusedWithoutBurningTheNonce() throws {
    var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    let records = try dkg.run()
    let signing = try SigningHarness(dkg: dkg, records: records)
    let request = try signing.request(signers: [1, 3], message: Array("tamper".utf8))
    var coordinator = try SigningCoordinator(request: request, group: signing.records[0])
    for index in request.signers {
        coordinator = try coordinator.handle(
            try signing.signers[index - 1].commit(to: request, group: signing.records[index - 1], now: DKGHarness.now)
        ).coordinator
    }
    guard let package = coordinator.package else {
        Issue.record("no package")
        return
    }
    let cases = mutations(of: package.cbor)
    #expect(cases.count > 30)
    for (description, mutated) in cases {
        do {
            let tampered = try SignPackage(cbor: mutated)
            _ = try signing.signers[0].sign(tampered, request: request, group: signing.records[0], now: DKGHarness.now)
            Issue.record("\(description): a share was made from a tampered package")
        } catch let error as CeremonyError {
            if let culprit = error.culprit { #expect(culprit == .coordinator, "\(description): blamed \(culprit)") }
        }
    }
    // The nonce was not consumed by any refused package: the honest package still signs.
    var result: [SigningOutput] = []
    for index in request.signers {
        let transition = try coordinator.handle(
            try signing.signers[index - 1].sign(
                package, request: request, group: signing.records[index - 1],
                now: DKGHarness.now))
        coordinator = transition.coordinator
        result += transition.outgoing
    }
    guard case .result(let signed)? = result.last else {
        Issue.record("no signature")
        return
    }
    #expect(signed.signature.count == 64)
}

@Test func aBadSignatureShareIsNamedAndRepeatsAreIdempotent() throws {
    var dkg = try DKGHarness(suite: .ristretto255, threshold: 2, count: 3)
    let records = try dkg.run()
    let signing = try SigningHarness(dkg: dkg, records: records)
    let request = try signing.request(signers: [2, 3], message: Array("blame".utf8))
    var coordinator = try SigningCoordinator(request: request, group: signing.records[0])
    for index in request.signers {
        let commitment = try signing.signers[index - 1].commit(
            to: request, group: signing.records[index - 1], now: DKGHarness.now)
        // Asking again gives the same commitment (no second nonce).
        #expect(
            try signing.signers[index - 1].commit(
                to: request, group: signing.records[index - 1],
                now: DKGHarness.now) == commitment)
        coordinator = try coordinator.handle(commitment).coordinator
    }
    guard let package = coordinator.package else {
        Issue.record("no package")
        return
    }
    let share = try signing.signers[1].sign(package, request: request, group: signing.records[1], now: DKGHarness.now)
    #expect(
        try signing.signers[1].sign(package, request: request, group: signing.records[1], now: DKGHarness.now) == share)
    let payload = try SignSharePayload(payload: share.payload)
    var wrong = payload.share
    wrong[0] ^= 1
    let forged = DeviceEnvelope(
        round: .signShare, session: request.session, parametersHash: request.parametersHash, sender: 2,
        payload: SignSharePayload(share: wrong, packageHash: payload.packageHash).payload, host: dkg.hosts[1])
    #expect(throws: CeremonyError.blame(culprit: dkg.invite.culprit(2), reason: "its signature share does not verify"))
    {
        _ = try coordinator.handle(forged)
    }
}

@Test func tamperingWithTheRequestTheResultOrASignersMessageIsCaught() throws {
    var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    let records = try dkg.run()
    let signing = try SigningHarness(dkg: dkg, records: records)
    let request = try signing.request(signers: [1, 2], message: Array("send 5 to carol".utf8))
    #expect(request.displayLines.contains("  | send 5 to carol"))
    let honest = try SigningCoordinator(request: request, group: signing.records[0])
    // A request changed for one signer: its commitment is bound to another parameters hash and is refused.
    var committed = 0
    for (description, mutated) in mutations(of: request.cbor) {
        guard let tampered = try? SignRequest(cbor: mutated) else { continue }
        #expect(tampered.parametersHash != request.parametersHash, "\(description)")
        let device = SigningDevice(
            host: dkg.hosts[0],
            store: try NonceStore(directory: temporaryDirectory("request\(committed)"), vault: signing.vault))
        guard let commitment = try? device.commit(to: tampered, group: signing.records[0], now: DKGHarness.now)
        else { continue }
        committed += 1
        #expect(throws: CeremonyError.self, "\(description)") { _ = try honest.handle(commitment) }
    }
    #expect(committed >= 5, "some tampered requests were still signable and had to be caught by the hash")
    // Commitments and shares changed in transit are refused by the coordinator.
    let commitment = try signing.signers[0].commit(to: request, group: signing.records[0], now: DKGHarness.now)
    for (description, mutated) in mutations(of: commitment.cbor) {
        #expect(throws: (any Error).self, "\(description)") { _ = try honest.handle(try DeviceEnvelope(cbor: mutated)) }
    }
    // A changed result no longer verifies under the group key (anyone can check it).
    let (signature, _) = try signing.sign(try signing.request(signers: [1, 3], message: [5], session: 0x55))
    let key = try VerifyingKey<Ed25519Sha512>(deserializing: records[0].groupKey)
    for index in signature.indices {
        var bad = signature
        bad[index] ^= 0x04
        let parsed = try? Signature<Ed25519Sha512>(deserializing: bad)
        #expect(parsed.map { !key.verify($0, message: [5]) } ?? true, "result byte \(index)")
    }
}

/// A 2-of-3 secp256k1 group on testnet and its signers.
private func walletGroup() throws -> (DKGHarness, SigningHarness, TaprootWallet) {
    var dkg = try DKGHarness(suite: .secp256k1, threshold: 2, count: 3, network: .testnet)
    let records = try dkg.run()
    let signing = try SigningHarness(dkg: dkg, records: records)
    return (dkg, signing, try #require(signing.records[0].wallet))
}

/// Issue 13 parts 3 and 4: one session signs every group input of a mixed PSBT (one nonce pair and one share per
/// input and signer); the devices show the transaction; the coordinator verifies, aggregates per input, writes and
/// checks PSBT_IN_TAP_KEY_SIG, finalizes the group's inputs and leaves the foreign one, which extraction names.
@Test func onePSBTSessionSignsEveryGroupInput() throws {
    let (_, signing, wallet) = try walletGroup()
    let psbt = try WalletPSBT.make(wallet, ours: 3, foreign: 1)
    let request = try signing.request(signers: [1, 3], psbt: psbt)
    // What the device shows: the transaction, not a sighash.
    let lines = request.displayLines(group: signing.records[2])
    #expect(lines.contains("This group signs 3 inputs (#0, #1, #2); left to others: #3"))
    #expect(lines.contains { $0.contains("[change, this wallet's …/1/3]") })
    #expect(request.displayLines(group: nil).contains("(The transaction is shown by a device that holds the group.)"))
    // Commitments and shares carry one pair and one share per input.
    let commitment = try signing.signers[0].commit(to: request, group: signing.records[0], now: DKGHarness.now)
    #expect(try SignCommitmentPayload(payload: commitment.payload).pairs.map(\.count) == [66, 66, 66])
    let coordinator = try signing.coordinate(request)
    let result = try #require(coordinator.result)
    #expect(result.signatures.count == 3)
    #expect(try SignResult(cbor: result.cbor) == result)
    let signed = try #require(try coordinator.signedPSBT)
    #expect((0..<3).allSatisfy { signed.isFinalized(input: $0) } && !signed.isFinalized(input: 3))
    #expect(throws: BitcoinError.inputNotFinalized(input: 3)) { _ = try signed.extractTransaction() }
    // Anyone with the signed PSBT checks each input (`sign verify --psbt`): ours verify, the foreign one is unsigned,
    // and a flipped bit in a signature is found.
    #expect(try signed.taprootKeyPathSignatures() == [.verified(hashType: 0), .verified(hashType: 0),
        .verified(hashType: 0), .unsigned])
    var tampered = signed
    var witness = try #require(tampered.inputs[2].value(PSBT.Input.finalScriptWitness))
    witness[10] ^= 1
    tampered.setInputEntry(PSBTEntry(keyType: PSBT.Input.finalScriptWitness, value: witness), input: 2)
    #expect(try tampered.taprootKeyPathSignatures()[2] == .invalid)
    // Each input's signature verifies (libsecp256k1) over the sighash computed again here, under its output key.
    let plan = try #require(coordinator.plan)
    let transaction = try psbt.unsignedTransaction()
    for (input, signature) in zip(plan.groupInputs, result.signatures) {
        let sighash = try TaprootSighash.sighash(
            transaction: transaction, spentOutputs: plan.spentOutputs, inputIndex: input.index, hashType: 0)
        #expect(Secp256k1Keys.verifySchnorr(signature: signature, message: sighash, xOnlyPublicKey: input.outputKey))
        let witness = try #require(signed.inputs[input.index].value(PSBT.Input.finalScriptWitness))
        #expect(try PSBT.witnessStack(witness) == [signature])
    }
}

/// Every refusal of issue 13 part 3 stops the device before it makes a nonce, as a typed error; the coordinator
/// refuses the same PSBTs; a PSBT is only for secp256k1 requests without a message.
@Test func devicesRefuseBadPSBTsBeforeAnyNonce() throws {
    let (_, signing, wallet) = try walletGroup()
    func refusal(_ change: (inout PSBT) throws -> Void) throws -> CeremonyError? {
        var psbt = try WalletPSBT.make(wallet, ours: 2)
        try change(&psbt)
        let request = try signing.request(signers: [1, 2], psbt: psbt)
        #expect(throws: CeremonyError.self) { _ = try SigningCoordinator(request: request, group: signing.records[0]) }
        do {
            _ = try signing.signers[0].commit(to: request, group: signing.records[0], now: DKGHarness.now)
        } catch let error as CeremonyError {
            #expect(try signing.signers[0].store.record(session: request.session) == nil, "no nonce for \(error)")
            #expect(request.displayLines(group: signing.records[0]).contains("REFUSED: \(error)"))
            return error
        }
        return nil
    }
    #expect(try refusal { $0.inputs[1].keepOnly([0x16, 0x17]) } == .bitcoin(.missingWitnessUTXO(input: 1)))
    #expect(
        try refusal { $0.setInputEntry(PSBTEntry(keyType: 0x03, value: [3, 0, 0, 0]), input: 0) }
            == .bitcoin(.unsupportedSighashType(input: 0, type: 3)))
    #expect(
        try refusal {
            $0.addWalletOutput(0, address: try wallet.address(change: true, index: 4), fingerprint: wallet.fingerprint)
        } == .bitcoin(.falseChange(output: 0)))
    #expect(
        try refusal {
            let amount = TransactionOutput(
                amount: PSBTSigningPlan.maxMoney + 1,
                scriptPubKey: try wallet.address(change: false, index: 0).scriptPubKey)
            $0.setInputEntry(PSBTEntry(keyType: 0x01, value: amount.serialized), input: 0)
        } == .bitcoin(.amountOverflow("input 0 holds more than 21 million BTC")))
    // A PSBT with none of the group's inputs, and a PSBT on another suite or beside a message.
    let generator = try #require(Base16.decode("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"))
    let foreign = try WalletPSBT.make(try TaprootWallet(groupKey: generator, network: .testnet), ours: 2)
    #expect(throws: CeremonyError.invalidParameters(reason: "the PSBT has no input of this group's wallet")) {
        _ = try signing.signers[0].commit(
            to: try signing.request(signers: [1, 2], psbt: foreign), group: signing.records[0], now: DKGHarness.now)
    }
    let bytes = try WalletPSBT.make(wallet, ours: 1).serialized
    for (suite, message) in [(CeremonySuite.ed25519, [UInt8]()), (.secp256k1, [1])] {
        #expect(throws: CeremonyError.self) {
            _ = try SignRequest(
                session: [UInt8](repeating: 1, count: 32), suite: suite, groupKey: Array(wallet.groupKey.suffix(32)),
                message: message, summary: "", signers: [1, 2], expiry: 1, psbt: bytes)
        }
    }
    // Hostile PSBT bytes are refused when the request is decoded, as the Bitcoin layer's typed error.
    let valid = try signing.request(signers: [1, 2], psbt: try WalletPSBT.make(wallet, ours: 1))
    var map = try #require(valid.cbor.mapValue)
    map[8] = .bytes([0x70, 0x73, 0x62, 0x74, 0xff, 0x01])
    do {
        _ = try SignRequest(cbor: .map(map))
        Issue.record("a truncated PSBT was accepted")
    } catch CeremonyError.bitcoin {
    }
}

/// A signer that sends too few shares, or a wrong one for one input of several, is blamed by name.
@Test func aBadShareForOneInputIsBlamedOnItsSigner() throws {
    let (dkg, signing, wallet) = try walletGroup()
    let request = try signing.request(signers: [1, 2], psbt: try WalletPSBT.make(wallet, ours: 2))
    var coordinator = try SigningCoordinator(request: request, group: signing.records[0])
    for index in [1, 2] {
        coordinator = try coordinator.handle(
            try signing.signers[index - 1].commit(to: request, group: signing.records[index - 1], now: DKGHarness.now)
        ).coordinator
    }
    let package = try #require(coordinator.package)
    let share = try signing.signers[1].sign(package, request: request, group: signing.records[1], now: DKGHarness.now)
    let payload = try SignSharePayload(payload: share.payload)
    #expect(payload.shares.count == 2)
    var wrong = payload.shares
    wrong[1][5] ^= 1
    func forged(_ shares: [[UInt8]]) -> DeviceEnvelope {
        DeviceEnvelope(
            round: .signShare, session: request.session, parametersHash: request.parametersHash, sender: 2,
            payload: SignSharePayload(shares: shares, packageHash: payload.packageHash).payload, host: dkg.hosts[1])
    }
    let culprit = dkg.invite.culprit(2)
    #expect(throws: CeremonyError.blame(culprit: culprit, reason: "its signature share does not verify")) {
        _ = try coordinator.handle(forged(wrong))
    }
    #expect(
        throws: CeremonyError.blame(culprit: dkg.invite.culprit(2), reason: "it sent 1 shares where 2 were due")
    ) {
        _ = try coordinator.handle(forged([payload.shares[0]]))
    }
    #expect(try coordinator.handle(share).outgoing.isEmpty)
}
