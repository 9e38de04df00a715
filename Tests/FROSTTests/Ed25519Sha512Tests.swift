import CSodium
import FROST
import Testing

struct Ed25519Sha512Tests {
    typealias C = Ed25519Sha512

    /// L, the group order, little-endian.
    static let order = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"

    @Test func scalarEncodingsBelowTheOrderAreAcceptedAndTheRestRejected() throws {
        var lMinusOne = bytes(Self.order)
        lMinusOne[0] -= 1
        #expect(try Scalar<C>(deserializing: lMinusOne).serialize() == lMinusOne)
        #expect(try Scalar<C>(deserializing: [UInt8](repeating: 0, count: 32)).isZero)
        for rejected in [Self.order, "eed3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010",
                         "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                         "0000000000000000000000000000000000000000000000000000000000000080"] {
            #expect(throws: FROSTError.nonCanonicalScalar(what: "scalar")) {
                try Scalar<C>(deserializing: bytes(rejected))
            }
        }
        #expect(throws: FROSTError.wrongLength(what: "scalar", expected: 32, actual: 31)) {
            try Scalar<C>(deserializing: [UInt8](repeating: 1, count: 31))
        }
    }

    @Test func identityIsRejected() {
        #expect(throws: FROSTError.identityElement(what: "element")) {
            try Element<C>(deserializing: bytes("0100000000000000000000000000000000000000000000000000000000000000"))
        }
    }

    @Test(arguments: [
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // order 2
        "0000000000000000000000000000000000000000000000000000000000000000",  // order 4
        "0000000000000000000000000000000000000000000000000000000000000080",  // order 4
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",  // order 8
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",  // order 8
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // y = p, non-canonical
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // y = p + 1, non-canonical
        "123456f9e9d319cad973b84cc4c835c8ee73281f5e2638d2d2b352c09edccbfb",  // ZF elements.json
    ])
    func invalidElementsAreRejected(hex: String) {
        #expect(throws: FROSTError.invalidElement(what: "element")) { try Element<C>(deserializing: bytes(hex)) }
    }

    @Test func mixedOrderPointsAreRejected() throws {
        // B plus the order-2 point (0, -1) is on the curve but outside the prime-order subgroup.
        var mixed = [UInt8](repeating: 0, count: 32)
        let generator = Element<C>.generator.serialize()
        let orderTwo = bytes("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
        #expect(crypto_core_ed25519_add(&mixed, generator, orderTwo) == 0)
        #expect(throws: FROSTError.invalidElement(what: "element")) { try Element<C>(deserializing: mixed) }
    }

    @Test func wrongLengthElementsAreRejected() {
        for length in [0, 31, 33, 64] {
            #expect(throws: FROSTError.wrongLength(what: "element", expected: 32, actual: length)) {
                try Element<C>(deserializing: [UInt8](repeating: 0x58, count: length))
            }
        }
    }

    @Test func scalarMultiplicationHandlesZeroAndTheIdentity() throws {
        let k = Scalar<C>.random()
        #expect((Scalar<C>.zero * Element<C>.generator).isIdentity)
        #expect(C.multiplyGenerator(by: .zero).isIdentity)
        #expect((k * Element<C>.identity).isIdentity)
        // [L-1]B = -B, so [L-1]B + B is the identity.
        var lMinusOne = bytes(Self.order)
        lMinusOne[0] -= 1
        let minusB = try Scalar<C>(deserializing: lMinusOne) * Element<C>.generator
        #expect((minusB + Element<C>.generator).isIdentity)
        #expect(C.multiplyGenerator(by: k) == k * Element<C>.generator)
        #expect((Element<C>.generator - Element<C>.generator).isIdentity)
    }

    @Test func decodedElementsRoundTrip() throws {
        let element = Scalar<C>.random() * Element<C>.generator
        #expect(try Element<C>(deserializing: element.serialize()) == element)
    }

    @Test func challengeHashIsUnprefixedSHA512() {
        // H2 must equal RFC 8032's SHA-512(m) mod L so that group signatures are plain Ed25519 signatures.
        let message = Array("FROST challenge".utf8)
        var digest = [UInt8](repeating: 0, count: 64)
        crypto_hash_sha512(&digest, message, UInt64(message.count))
        var reduced = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_reduce(&reduced, digest)
        #expect(C.H2(message).serialize() == reduced)
        #expect(C.H1(message) != C.H2(message))
    }

    @Test func prefixedHashesUseTheContextString() {
        let message = Array("m".utf8)
        for (label, value) in [("rho", C.H1(message)), ("nonce", C.H3(message)), ("dkg", C.HDKG(message)),
                               ("id", C.HID(message))] {
            let input = Array("FROST-ED25519-SHA512-v1".utf8) + Array(label.utf8) + message
            var digest = [UInt8](repeating: 0, count: 64)
            crypto_hash_sha512(&digest, input, UInt64(input.count))
            var reduced = [UInt8](repeating: 0, count: 32)
            crypto_core_ed25519_scalar_reduce(&reduced, digest)
            #expect(value.serialize() == reduced, "H(\(label))")
        }
        for (label, value) in [("msg", C.H4(message)), ("com", C.H5(message))] {
            let input = Array("FROST-ED25519-SHA512-v1".utf8) + Array(label.utf8) + message
            var digest = [UInt8](repeating: 0, count: 64)
            crypto_hash_sha512(&digest, input, UInt64(input.count))
            #expect(value == digest, "H(\(label))")
        }
    }

    @Test func cofactoredVerificationAcceptsAPlainEd25519Signature() throws {
        // A libsodium Ed25519 signature verifies under the FROST verifier (same group, same challenge hash).
        var publicKey = [UInt8](repeating: 0, count: 32)
        var secretKey = [UInt8](repeating: 0, count: 64)
        crypto_sign_keypair(&publicKey, &secretKey)
        let message = Array("plain".utf8)
        var signature = [UInt8](repeating: 0, count: 64)
        crypto_sign_detached(&signature, nil, message, UInt64(message.count), secretKey)
        let key = try VerifyingKey<C>(deserializing: publicKey)
        let decoded = try Signature<C>(deserializing: signature)
        #expect(key.verify(decoded, message: message))
        #expect(!key.verify(decoded, message: Array("other".utf8)))
    }
}
