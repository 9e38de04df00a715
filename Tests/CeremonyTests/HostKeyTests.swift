import CSodium
import FROST
import Testing

@testable import Ceremony

@Test func hostKeyIsDeterministicFromTheSeed() throws {
    let a = try HostKey(seed: fixedSeed(7), label: "alice")
    let b = try HostKey(seed: fixedSeed(7), label: "alice")
    let c = try HostKey(seed: fixedSeed(8), label: "alice")
    #expect(a.identity == b.identity)
    #expect(a.identity.signingKey != c.identity.signingKey)
    #expect(a.identity.agreementKey != c.identity.agreementKey)
    // The two keys are different derivations, not the same bytes reused.
    #expect(a.identity.signingKey != a.identity.agreementKey)
}

@Test func hostKeySignaturesVerifyWithLibsodium() throws {
    let key = try HostKey(seed: fixedSeed(1), label: "signer")
    let message = Array("ceremony".utf8)
    let signature = key.sign(message)
    let ok = crypto_sign_verify_detached(signature, message, UInt64(message.count), key.identity.signingKey)
    #expect(ok == 0)
    #expect(!Sodium.verify(signature: signature, message: message + [0], publicKey: key.identity.signingKey))
}

@Test func agreementIsSymmetric() throws {
    let a = try HostKey(seed: fixedSeed(1), label: "a")
    let b = try HostKey(seed: fixedSeed(2), label: "b")
    #expect(a.agree(with: b.identity.agreementKey) == b.agree(with: a.identity.agreementKey))
    #expect(a.agree(with: [UInt8](repeating: 0, count: 32)) == nil)
}

@Test(arguments: ["", String(repeating: "x", count: 65), "tab\there"])
func badLabelsAreRefused(label: String) {
    #expect(throws: CeremonyError.self) { try HostKey(seed: fixedSeed(1), label: label) }
}

@Test func wrongSeedSizeIsRefused() {
    #expect(throws: CeremonyError.invalidLength(field: "host seed", expected: 32, got: 31)) {
        try HostKey(seed: SecretBytes([UInt8](repeating: 1, count: 31)), label: "x")
    }
}
