import FROST
import Testing

struct ScalarTests {
    typealias C = Ed25519Sha512

    @Test func fieldArithmeticIsConsistent() throws {
        for _ in 0..<20 {
            let a = Scalar<C>.random(), b = Scalar<C>.random()
            #expect(a + b - b == a)
            #expect(a * (try a.inverse()) == .one)
            #expect(a + -a == .zero)
            #expect((a + b) * Element<C>.generator == a * Element<C>.generator + b * Element<C>.generator)
        }
        #expect(throws: FROSTError.zeroScalar(what: "inverted scalar")) { try Scalar<C>.zero.inverse() }
        #expect(Scalar<C>(5) * Scalar<C>(7) == Scalar<C>(35))
    }

    @Test func secretScalarsAreRedactedAndLeaveOnlyByName() throws {
        let secret = SecretScalar<C>.random()
        var bytes = secret.serializeSecret()
        defer { wipe(&bytes) }
        for text in ["\(secret)", String(reflecting: secret), "\(SigningShare(secret))",
                     "\(try SigningKey(secret))"] {
            #expect(!text.contains(hexString(bytes)))
            #expect(text.contains("<redacted>"))
        }
        let restored = try SecretScalar<C>(deserializingSecret: bytes)
        #expect(restored.constantTimeEquals(secret))
        #expect(!SecretScalar<C>.random().constantTimeEquals(secret))
        var copy = try Scalar<C>(deserializing: bytes)
        let consumed = SecretScalar(consuming: &copy)
        #expect(copy.isZero)
        #expect(consumed.constantTimeEquals(secret))
    }

    @Test func zeroKeysAreRejected() {
        #expect(throws: FROSTError.zeroScalar(what: "signing key")) {
            try SigningKey<C>(deserializingSecret: [UInt8](repeating: 0, count: 32))
        }
    }
}
