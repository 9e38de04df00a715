import FROST
import Testing

struct SignatureTests {
    typealias C = Ed25519Sha512

    @Test func signaturesRoundTripAndHostileEncodingsAreRejected() throws {
        let signature = Signature<C>(R: C.multiplyGenerator(by: .random()), z: .random())
        #expect(try Signature<C>(deserializing: signature.serialize()) == signature)
        for length in [0, 63, 65] {
            #expect(throws: FROSTError.wrongLength(what: "signature", expected: 64, actual: length)) {
                try Signature<C>(deserializing: [UInt8](repeating: 1, count: length))
            }
        }
        #expect(throws: FROSTError.nonCanonicalScalar(what: "scalar")) {
            try Signature<C>(deserializing: signature.R.serialize() + [UInt8](repeating: 0xff, count: 32))
        }
        #expect(throws: FROSTError.identityElement(what: "element")) {
            try Signature<C>(deserializing: C.identity.serialize() + signature.z.serialize())
        }
    }

    @Test func verificationFailsForAnyChangedPart() throws {
        let group = try TestGroup<C>(maxSigners: 3, minSigners: 2)
        let (package, shares) = try group.signatureShares(message: [1, 2, 3],
                                                          signers: Array(group.identifiers.prefix(2)))
        let signature = try Aggregator.aggregate(signingPackage: package, signatureShares: shares,
                                                 publicKeyPackage: group.publicKeyPackage)
        let key = group.publicKeyPackage.verifyingKey
        #expect(key.verify(signature, message: [1, 2, 3]))
        #expect(libsodiumVerifies(signature: signature.serialize(), message: [1, 2, 3], publicKey: key.serialize()))
        #expect(!key.verify(Signature(R: signature.R, z: signature.z + .one), message: [1, 2, 3]))
        #expect(!key.verify(Signature(R: signature.R + C.generator, z: signature.z), message: [1, 2, 3]))
        #expect(!VerifyingKey(element: key.element + C.generator).verify(signature, message: [1, 2, 3]))
    }
}
