import CSodium
import FROST
import Testing

struct Ristretto255Sha512Tests {
    typealias C = Ristretto255Sha512

    @Test func identityIsRejected() {
        #expect(throws: FROSTError.identityElement(what: "element")) {
            try Element<C>(deserializing: [UInt8](repeating: 0, count: 32))
        }
    }

    @Test(arguments: [
        "0100000000000000000000000000000000000000000000000000000000000000",  // negative field element
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p, non-canonical
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "abcdef7de8baf62d57fe0452581b147b152f776e830c346d1119cee0bc954a59",  // ZF elements.json
    ])
    func invalidEncodingsAreRejected(hex: String) {
        #expect(throws: FROSTError.invalidElement(what: "element")) { try Element<C>(deserializing: bytes(hex)) }
    }

    @Test func generatorIsTheRFC9496Generator() {
        var base = [UInt8](repeating: 0, count: 32)
        var one = [UInt8](repeating: 0, count: 32)
        one[0] = 1
        #expect(crypto_scalarmult_ristretto255_base(&base, one) == 0)
        #expect(Element<C>.generator.serialize() == base)
    }

    @Test func scalarMultiplicationHandlesZeroAndTheIdentity() {
        let k = Scalar<C>.random()
        #expect((Scalar<C>.zero * Element<C>.generator).isIdentity)
        #expect(C.multiplyGenerator(by: .zero).isIdentity)
        #expect((k * Element<C>.identity).isIdentity)
        #expect(C.multiplyGenerator(by: k) == k * Element<C>.generator)
        #expect((C.multiplyGenerator(by: k) + C.multiplyGenerator(by: -k)).isIdentity)
    }

    @Test func challengeHashIsPrefixed() {
        let message = Array("m".utf8)
        let input = Array("FROST-RISTRETTO255-SHA512-v1chal".utf8) + message
        var digest = [UInt8](repeating: 0, count: 64)
        crypto_hash_sha512(&digest, input, UInt64(input.count))
        var reduced = [UInt8](repeating: 0, count: 32)
        crypto_core_ristretto255_scalar_reduce(&reduced, digest)
        #expect(C.H2(message).serialize() == reduced)
    }
}
