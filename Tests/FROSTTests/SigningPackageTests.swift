import FROST
import Testing

struct SigningPackageTests {
    typealias C = Ristretto255Sha512

    func commitments() -> SigningCommitments<C> {
        SigningCommitments(hiding: C.multiplyGenerator(by: .random()), binding: C.multiplyGenerator(by: .random()))
    }

    @Test func listsMustBeStrictlyAscending() throws {
        let one = try Identifier<C>(1), two = try Identifier<C>(2), big = try Identifier<C>(256)
        #expect(throws: FROSTError.commitmentsNotSorted) {
            try SigningPackage(commitmentList: [(two, commitments()), (one, commitments())], message: [])
        }
        // 256 sorts after 2 as an integer although its little-endian encoding starts with a smaller byte.
        #expect(throws: FROSTError.commitmentsNotSorted) {
            try SigningPackage(commitmentList: [(big, commitments()), (two, commitments())], message: [])
        }
        #expect(throws: FROSTError.duplicateIdentifier("2")) {
            try SigningPackage(commitmentList: [(one, commitments()), (two, commitments()), (two, commitments())],
                               message: [])
        }
        #expect(throws: FROSTError.wrongCount(what: "commitments", expected: 1, actual: 0)) {
            try SigningPackage<C>(commitmentList: [], message: [])
        }
        let package = try SigningPackage(commitments: [big: commitments(), one: commitments(), two: commitments()],
                                         message: [])
        #expect(package.signers == [one, two, big])
        let rebuilt = try SigningPackage(commitmentList: package.commitmentList, message: [])
        #expect(rebuilt == package)
        #expect(try SigningPackage(commitmentList: package.commitmentList, message: [0]) != package)
    }

    @Test func bindingFactorsDependOnEveryInput() throws {
        let key = VerifyingKey(element: C.multiplyGenerator(by: .random()))
        let one = try Identifier<C>(1), two = try Identifier<C>(2)
        let (a, b) = (commitments(), commitments())
        let package = try SigningPackage(commitmentList: [(one, a), (two, b)], message: [1])
        let factors = package.bindingFactors(verifyingKey: key)
        #expect(factors[one] != factors[two])
        let otherMessage = try SigningPackage(commitmentList: [(one, a), (two, b)], message: [2])
        #expect(otherMessage.bindingFactors(verifyingKey: key)[one] != factors[one])
        let otherCommitment = try SigningPackage(commitmentList: [(one, a), (two, commitments())], message: [1])
        #expect(otherCommitment.bindingFactors(verifyingKey: key)[one] != factors[one])
        #expect(package.encodeGroupCommitmentList().count == 2 * (32 + 64))
    }

    @Test func hostileCommitmentEncodingsAreRejected() {
        let valid = C.generator.serialize()
        #expect(throws: FROSTError.identityElement(what: "element")) {
            try SigningCommitments<C>(deserializingHiding: [UInt8](repeating: 0, count: 32), binding: valid)
        }
        #expect(throws: FROSTError.wrongLength(what: "element", expected: 32, actual: 31)) {
            try SigningCommitments<C>(deserializingHiding: valid, binding: Array(valid.dropLast()))
        }
        #expect(throws: FROSTError.invalidElement(what: "element")) {
            try SigningCommitments<C>(deserializingHiding: valid, binding: [UInt8](repeating: 0xff, count: 32))
        }
    }
}
