import FROST
import Testing

struct KeysTests {
    typealias C = Ristretto255Sha512

    @Test func keyPackagesCheckTheirMaterial() throws {
        let dealt = try TrustedDealer<C>.generateKeys(maxSigners: 3, minSigners: 2)
        let one = try Identifier<C>(1), two = try Identifier<C>(2)
        let package = try KeyPackage(secretShare: try #require(dealt.secretShares[one]))
        #expect(package.minSigners == 2)
        #expect(package.verifyingKey == dealt.publicKeyPackage.verifyingKey)
        #expect(package.verifyingShare == dealt.publicKeyPackage.verifyingShares[one])
        let otherShare = try #require(dealt.publicKeyPackage.verifyingShares[two])
        #expect(throws: FROSTError.inconsistentKeyMaterial("the verifying share of 1 is not [signing share]B")) {
            try KeyPackage(identifier: one, signingShare: package.signingShare, verifyingShare: otherShare,
                           verifyingKey: package.verifyingKey, minSigners: 2)
        }
        #expect(throws: FROSTError.invalidThreshold(minSigners: 1, maxSigners: 1)) {
            try KeyPackage(identifier: one, signingShare: package.signingShare, verifyingShare: package.verifyingShare,
                           verifyingKey: package.verifyingKey, minSigners: 1)
        }
    }

    @Test func commitmentsSumCoefficientWise() throws {
        let f = try SecretPolynomial<C>.random(constantTerm: .random(), minSigners: 3)
        let g = try SecretPolynomial<C>.random(constantTerm: .random(), minSigners: 3)
        let sum = try VerifiableSecretSharingCommitment.sum([f.commitment(), g.commitment()])
        let id = try Identifier<C>(7)
        // [f(7) + g(7)]B from the summed commitment.
        var total = f.evaluate(at: id).withScalar { a in g.evaluate(at: id).withScalar { a + $0 } }
        defer { total.zeroize() }
        #expect(sum.verifyingShare(for: id).element == C.multiplyGenerator(by: total))
        let short = try SecretPolynomial<C>.random(constantTerm: .random(), minSigners: 2)
        #expect(throws: FROSTError.wrongCount(what: "coefficient commitments", expected: 3, actual: 2)) {
            try VerifiableSecretSharingCommitment.sum([f.commitment(), short.commitment()])
        }
        let decoded = try VerifiableSecretSharingCommitment<C>(deserializing: sum.serialize())
        #expect(decoded == sum)
        #expect(throws: FROSTError.identityElement(what: "element")) {
            try VerifiableSecretSharingCommitment<C>(deserializing: [[UInt8](repeating: 0, count: 32)])
        }
    }

    @Test func publicKeyPackagesRejectDuplicateIdentifiers() throws {
        let f = try SecretPolynomial<C>.random(constantTerm: .random(), minSigners: 2)
        let one = try Identifier<C>(1)
        #expect(throws: FROSTError.duplicateIdentifier("1")) {
            try PublicKeyPackage(commitment: f.commitment(), identifiers: [one, one])
        }
    }
}
