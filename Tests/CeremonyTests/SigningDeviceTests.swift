import CSodium
import FROST
import Testing

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
    }
}

@Test(arguments: [
    (CeremonySuite.ed25519, 2, 3), (.ristretto255, 2, 3), (.ed25519, 3, 5), (.ristretto255, 3, 5),
    (.ed25519, 7, 10), (.ristretto255, 7, 10), (.ed25519, 11, 20), (.ristretto255, 11, 20),
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
    let groupKey = try records[0].groupKey
    #expect(verifies(signature, message, groupKey: groupKey, suite: suite))
    #expect(!verifies(signature, message + [0], groupKey: groupKey, suite: suite))
    if suite == .ed25519 {
        let ok = crypto_sign_verify_detached(signature, message, UInt64(message.count), groupKey)
        #expect(ok == 0, "libsodium accepts the FROST(Ed25519) group signature")
    }
}
