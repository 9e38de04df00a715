import CSodium
import Testing
@testable import FROST

/// FROST(secp256k1, SHA-256)'s own pieces; its RFC 9591 and ZF vectors run in FROSTVectorsTests and DKGTests.
struct Secp256k1Sha256Tests {
    typealias C = Secp256k1Sha256

    /// RFC 9380 Appendix K.1, expand_message_xmd(SHA-256) with DST "QUUX-V01-CS02-with-expander-SHA256-128".
    @Test(arguments: [("", "68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235"),
                      ("abc", "d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615")])
    func expandMessageXMDMatchesRFC9380(message: String, expected: String) {
        let dst = Array("QUUX-V01-CS02-with-expander-SHA256-128".utf8)
        #expect(C.expandMessageXMD(Array(message.utf8), dst: dst, length: 32) == bytes(expected))
    }

    /// hash_to_field with L = 48 spans two SHA-256 blocks; the first 32 bytes are not those of a 32-byte expansion.
    @Test func hashToFieldUsesFortyEightUniformBytes() {
        let dst = C.contextString + Array("rho".utf8)
        let long = C.expandMessageXMD([1, 2, 3], dst: dst, length: 48)
        #expect(long.count == 48)
        #expect(Array(long[0..<32]) != C.expandMessageXMD([1, 2, 3], dst: dst, length: 32))
        #expect(C.H1([1, 2, 3]) == C.reduce(bigEndian: long))
    }

    /// H4 and H5 are SHA-256(contextString || tag || m), checked with libsodium's one-shot SHA-256.
    @Test func messageAndCommitmentHashesArePrefixedSHA256() {
        func sha256(_ input: [UInt8]) -> [UInt8] {
            var out = [UInt8](repeating: 0, count: 32)
            _ = crypto_hash_sha256(&out, input, UInt64(input.count))
            return out
        }
        let message = Array("message".utf8)
        #expect(C.H4(message) == sha256(Array("FROST-secp256k1-SHA256-v1msg".utf8) + message))
        #expect(C.H5(message) == sha256(Array("FROST-secp256k1-SHA256-v1com".utf8) + message))
    }

    /// The identity, which has no SEC 1 compressed encoding, behaves as the group's neutral element in every
    /// operation and is never accepted as input.
    @Test func identityIsHandledExplicitly() throws {
        let g = Element<C>.generator
        #expect(g.serialize() == bytes("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"))
        #expect(Element<C>.identity.isIdentity)
        #expect(g + .identity == g)
        #expect(Element<C>.identity + g == g)
        #expect(g - g == .identity)
        #expect(Element<C>.identity - g == (-Scalar<C>.one) * g)
        #expect(Scalar<C>(5) * Element<C>.identity == .identity)
        #expect(Scalar<C>.zero * g == .identity)
        #expect(C.multiplyGenerator(by: .zero) == .identity)
        #expect(throws: FROSTError.identityElement(what: "element")) {
            try Element<C>(deserializing: Element<C>.identity.serialize())
        }
        let order = bytes("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141")
        let nMinusOne = try Scalar<C>(deserializing: Array(order.dropLast()) + [0x40])
        #expect(nMinusOne * g == (-Scalar<C>.one) * g)
        #expect(nMinusOne * g + g == .identity)
    }

    /// Identifiers are big-endian integers, compared as such.
    @Test func identifiersAreBigEndian() throws {
        let five = try Identifier<C>(5)
        #expect(five.serialize() == [UInt8](repeating: 0, count: 31) + [5])
        #expect(try Identifier<C>(256) > five)
        #expect(five.integerValue == 5)
    }
}
