import FROST
import Testing

struct Round1Tests {
    typealias C = Ed25519Sha512

    @Test func noncesAreFreshSecretAndMatchTheirCommitments() throws {
        let share = SigningShare(SecretScalar<C>.random())
        let first = SigningNonces.generate(signingShare: share)
        let second = SigningNonces.generate(signingShare: share)
        #expect(first.commitments != second.commitments)
        #expect(first.commitments.hiding != first.commitments.binding)
        var (hiding, binding) = first.serializeSecret()
        defer {
            wipe(&hiding)
            wipe(&binding)
        }
        #expect(try Element<C>(deserializing: C.multiplyGenerator(by: Scalar(deserializing: hiding)).serialize())
                == first.commitments.hiding)
        #expect(!"\(first)".contains(hexString(hiding)) && !"\(first)".contains(hexString(binding)))
        #expect("\(first)".contains("<redacted>"))
        let restored = try SigningNonces<C>(deserializingSecretHiding: hiding, binding: binding)
        #expect(restored.commitments == first.commitments)
    }

    @Test func nonceGenerationMixesInTheSecret() throws {
        // Same randomness, different shares: different nonces (RFC 9591 §4.1 hedging).
        let randomness = [UInt8](repeating: 9, count: 32)
        let a = try SigningNonces(hidingRandomness: randomness, bindingRandomness: randomness,
                                  signingShare: SigningShare(SecretScalar<C>.random()))
        let b = try SigningNonces(hidingRandomness: randomness, bindingRandomness: randomness,
                                  signingShare: SigningShare(SecretScalar<C>.random()))
        #expect(a.commitments.hiding != b.commitments.hiding)
        #expect(throws: FROSTError.wrongLength(what: "nonce randomness", expected: 32, actual: 16)) {
            try SigningNonces(hidingRandomness: [UInt8](repeating: 9, count: 16), bindingRandomness: randomness,
                              signingShare: SigningShare(SecretScalar<C>.random()))
        }
    }

    @Test func zeroNoncesAreRejectedOnRestore() {
        let zero = [UInt8](repeating: 0, count: 32)
        #expect(throws: FROSTError.zeroScalar(what: "nonce")) {
            try SigningNonces<C>(deserializingSecretHiding: zero, binding: Scalar<C>.one.serialize())
        }
    }
}

