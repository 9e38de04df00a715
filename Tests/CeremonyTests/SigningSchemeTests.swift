import FROST
import Testing

@testable import Ceremony

/// The ceremony's roster index i is BIP 445 participant i − 1, whose RFC 9591 identifier is the ceremony's own: the
/// one mapping agrees with FROST's both ways, so a DKG share for roster index i signs as BIP 445 participant i − 1.
@Test func bip445SignerIDsAreRosterIndicesMinusOne() throws {
    for index in [1, 2, 3, 64] {
        let signerID = BIP445Signing.signerID(rosterIndex: index)
        #expect(signerID == index - 1)
        #expect(try BIP445.identifier(forSignerID: signerID) == PedPop<Secp256k1Sha256>.identifier(index))
        #expect(try BIP445.signerID(for: PedPop<Secp256k1Sha256>.identifier(index)) == signerID)
    }
}

/// A secp256k1 group's signing session with hostile contributions: each is refused with a typed error naming the
/// signer (a commitment not on the curve, an x coordinate with no square root, the identity; a share ≥ n, a zero
/// share, a share of another signer), and the honest session still gives a BIP 340 signature libsecp256k1 accepts.
@Test func hostileSecp256k1CommitmentsAndSharesAreBlamedOnTheSigner() throws {
    var dkg = try DKGHarness(suite: .secp256k1, threshold: 2, count: 3)
    let records = try dkg.run()
    let signing = try SigningHarness(dkg: dkg, records: records)
    let request = try signing.request(signers: [1, 3], message: Array("hostile".utf8))
    var coordinator = try SigningCoordinator(request: request, group: signing.records[0])
    let culprit = dkg.invite.culprit(1)

    func commitment(_ hiding: [UInt8], _ binding: [UInt8]) -> DeviceEnvelope {
        DeviceEnvelope(
            round: .signCommitment, session: request.session, parametersHash: request.parametersHash, sender: 1,
            payload: SignCommitmentPayload(hiding: hiding, binding: binding).payload, host: dkg.hosts[0])
    }
    let honest = try signing.signers[0].commit(to: request, group: signing.records[0], now: DKGHarness.now)
    let payload = try SignCommitmentPayload(payload: honest.payload)
    #expect(payload.hiding.count == 33 && payload.binding.count == 33, "BIP 445 public nonce R1 || R2")
    // x = 5 has no point on secp256k1 (5³ + 7 = 132 is not a square mod p); a prefix other than 02/03; the
    // identity, which has no compressed encoding; a 32-byte (Ed25519-sized) element.
    let noSquareRoot = [0x02] + [UInt8](repeating: 0, count: 31) + [5]
    var badPrefix = payload.hiding
    badPrefix[0] = 0x05
    let hostile: [(String, [UInt8], [UInt8])] = [
        ("x with no square root", noSquareRoot, payload.binding),
        ("bad prefix", payload.hiding, badPrefix),
        ("identity", [UInt8](repeating: 0, count: 33), payload.binding),
        ("32-byte element", Array(payload.hiding.dropFirst()), payload.binding),
    ]
    for (name, hiding, binding) in hostile {
        #expect(
            throws: CeremonyError.blame(culprit: culprit, reason: "its commitment is invalid"), "\(name)"
        ) { _ = try coordinator.handle(commitment(hiding, binding)) }
    }
    coordinator = try coordinator.handle(honest).coordinator
    coordinator = try coordinator.handle(
        try signing.signers[2].commit(to: request, group: signing.records[2], now: DKGHarness.now)
    ).coordinator
    let package = try #require(coordinator.package)
    let share = try signing.signers[0].sign(package, request: request, group: signing.records[0], now: DKGHarness.now)
    let packageHash = try SignSharePayload(payload: share.payload).packageHash
    let order = try hexBytes("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
    let other = try signing.signers[2].sign(package, request: request, group: signing.records[2], now: DKGHarness.now)
    let otherShare = try SignSharePayload(payload: other.payload).share
    for (name, bytes) in [
        ("n", order), ("zero", [UInt8](repeating: 0, count: 32)), ("2^256 − 1", [UInt8](repeating: 0xff, count: 32)),
        ("signer 3's share", otherShare),
    ] {
        let forged = DeviceEnvelope(
            round: .signShare, session: request.session, parametersHash: request.parametersHash, sender: 1,
            payload: SignSharePayload(share: bytes, packageHash: packageHash).payload, host: dkg.hosts[0])
        #expect(
            throws: CeremonyError.blame(culprit: culprit, reason: "its signature share does not verify"), "\(name)"
        ) { _ = try coordinator.handle(forged) }
    }
    coordinator = try coordinator.handle(share).coordinator
    let result = try #require(try coordinator.handle(other).outgoing.first)
    guard case .result(let signed) = result else {
        Issue.record("no result")
        return
    }
    #expect(
        BIP445.verifyBIP340(signature: signed.signature, message: request.message, xOnlyPublicKey: records[0].groupKey))
}

/// A sign request for a secp256k1 group carries the 32-byte x-only key: the 33-byte compressed key is refused.
@Test func aSecp256k1RequestWithACompressedKeyIsRefused() throws {
    var dkg = try DKGHarness(suite: .secp256k1, threshold: 2, count: 3)
    let records = try dkg.run()
    let compressed = records[0].publicResult.groupKey
    #expect(compressed.count == 33 && Array(compressed.dropFirst()) == records[0].groupKey)
    #expect(throws: CeremonyError.invalidLength(field: "group key", expected: 32, got: 33)) {
        _ = try SignRequest(
            session: [UInt8](repeating: 7, count: 32), suite: .secp256k1, groupKey: compressed, message: [],
            summary: "", signers: [1, 2], expiry: DKGHarness.now + 60)
    }
}

/// Hex to bytes for the fixed constants above.
private func hexBytes(_ hex: String) throws -> [UInt8] {
    let digits = Array(hex.utf8)
    return try stride(from: 0, to: digits.count, by: 2).map {
        try #require(UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16))
    }
}
