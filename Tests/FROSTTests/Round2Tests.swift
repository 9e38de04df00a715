import FROST
import Testing

struct Round2Tests {
    typealias C = Ed25519Sha512

    let group: TestGroup<C>
    let ids: [Identifier<C>]

    init() throws {
        group = try TestGroup<C>(maxSigners: 5, minSigners: 3)
        ids = group.identifiers
    }

    func commit(_ id: Identifier<C>) throws -> SigningNonces<C> {
        Round1.commit(keyPackage: try #require(group.keyPackages[id])).nonces
    }

    @Test func aSignerWhoseCommitmentIsMissingRefuses() throws {
        let nonces = try ids.prefix(4).map(commit)
        let package = try SigningPackage(
            commitmentList: (1..<4).map { (ids[$0], nonces[$0].commitments) }, message: [7])
        #expect(throws: FROSTError.missingCommitment(identifier: "1")) {
            try Round2.sign(signingPackage: package, nonces: nonces[0],
                            keyPackage: try #require(group.keyPackages[ids[0]]))
        }
    }

    @Test func aSignerWhoseListedCommitmentIsNotItsOwnRefuses() throws {
        let nonces = try ids.prefix(3).map(commit)
        let other = try commit(ids[0])
        let package = try SigningPackage(
            commitmentList: [(ids[0], other.commitments), (ids[1], nonces[1].commitments),
                             (ids[2], nonces[2].commitments)], message: [7])
        #expect(throws: FROSTError.commitmentMismatch(identifier: "1")) {
            try Round2.sign(signingPackage: package, nonces: nonces[0],
                            keyPackage: try #require(group.keyPackages[ids[0]]))
        }
        // Swapping the two commitments of a signer is a mismatch too.
        let swapped = SigningCommitments(hiding: nonces[0].commitments.binding, binding: nonces[0].commitments.hiding)
        let swappedPackage = try SigningPackage(
            commitmentList: [(ids[0], swapped), (ids[1], nonces[1].commitments), (ids[2], nonces[2].commitments)],
            message: [7])
        #expect(throws: FROSTError.commitmentMismatch(identifier: "1")) {
            try Round2.sign(signingPackage: swappedPackage, nonces: nonces[0],
                            keyPackage: try #require(group.keyPackages[ids[0]]))
        }
    }

    @Test func aSignerRefusesFewerSignersThanTheThreshold() throws {
        let nonces = try ids.prefix(2).map(commit)
        let package = try SigningPackage(commitmentList: (0..<2).map { (ids[$0], nonces[$0].commitments) },
                                         message: [7])
        #expect(throws: FROSTError.tooFewSigners(count: 2, minSigners: 3)) {
            try Round2.sign(signingPackage: package, nonces: nonces[0],
                            keyPackage: try #require(group.keyPackages[ids[0]]))
        }
    }

    @Test func signingTwiceWithTheSameNoncesGivesTheSameShare() throws {
        // Determinism of round two given the nonces: a property the vectors rely on.
        let nonces = try ids.prefix(3).map(commit)
        let package = try SigningPackage(commitmentList: (0..<3).map { (ids[$0], nonces[$0].commitments) },
                                         message: [7])
        let keyPackage = try #require(group.keyPackages[ids[1]])
        let first = try Round2.sign(signingPackage: package, nonces: nonces[1], keyPackage: keyPackage)
        let second = try Round2.sign(signingPackage: package, nonces: nonces[1], keyPackage: keyPackage)
        #expect(first == second)
    }
}
