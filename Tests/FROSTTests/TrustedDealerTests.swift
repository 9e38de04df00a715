import FROST
import Testing

struct TrustedDealerTests {
    typealias C = Ed25519Sha512

    @Test(arguments: [(3, 1), (3, 0), (3, 4), (1, 2), (5, -1)])
    func invalidThresholdsAreRejected(maxSigners: Int, minSigners: Int) {
        #expect(throws: FROSTError.invalidThreshold(minSigners: minSigners, maxSigners: maxSigners)) {
            try TrustedDealer<C>.generateKeys(maxSigners: maxSigners, minSigners: minSigners)
        }
    }

    @Test func identifierListsAreChecked() throws {
        let key = SigningKey<C>.random()
        let one = try Identifier<C>(1), two = try Identifier<C>(2)
        #expect(throws: FROSTError.wrongCount(what: "identifiers", expected: 3, actual: 2)) {
            try TrustedDealer<C>.split(signingKey: key, maxSigners: 3, minSigners: 2, identifiers: [one, two])
        }
        #expect(throws: FROSTError.duplicateIdentifier("2")) {
            try TrustedDealer<C>.split(signingKey: key, maxSigners: 3, minSigners: 2, identifiers: [one, two, two])
        }
        #expect(throws: FROSTError.wrongCount(what: "coefficients", expected: 1, actual: 2)) {
            try TrustedDealer<C>.split(signingKey: key, maxSigners: 3, minSigners: 2,
                                       coefficients: [.random(), .random()])
        }
    }

    @Test func derivedIdentifiersWork() throws {
        let ids = try ["alice", "bob", "carol"].map { try Identifier<C>(deriving: Array($0.utf8)) }
        let dealt = try TrustedDealer<C>.split(signingKey: .random(), maxSigners: 3, minSigners: 2, identifiers: ids)
        #expect(Set(dealt.secretShares.keys) == Set(ids))
        for id in ids { _ = try KeyPackage(secretShare: try #require(dealt.secretShares[id])) }
    }

    @Test(arguments: Suite.allCases)
    func anyThresholdOfSharesRecoversTheKeyAndFewerDoNot(suite: Suite) throws {
        switch suite {
        case .ed25519: try recovery(Ed25519Sha512.self)
        case .ristretto255: try recovery(Ristretto255Sha512.self)
        case .secp256k1: try recovery(Secp256k1Sha256.self)
        }
    }

    func recovery<S: Ciphersuite>(_: S.Type) throws {
        for _ in 0..<4 {
            let n = Int.random(in: 2...10), t = Int.random(in: 2...n)
            let key = SigningKey<S>.random()
            let dealt = try TrustedDealer<S>.split(signingKey: key, maxSigners: n, minSigners: t)
            let ids = randomSubset(Array(dealt.secretShares.keys), count: t)
            func interpolate(_ subset: [Identifier<S>]) throws -> Element<S> {
                var sum = Element<S>.identity
                for id in subset {
                    let lambda = try lagrangeCoefficient(for: id, in: subset)
                    sum = sum + lambda * (try #require(dealt.publicKeyPackage.verifyingShares[id])).element
                }
                return sum
            }
            // Interpolating in the exponent keeps the secret out of the test: [s]B from t verifying shares.
            #expect(try interpolate(ids) == key.verifyingKey().element, "\(t)-of-\(n) by \(ids)")
            #expect(try interpolate(Array(ids.dropLast())) != key.verifyingKey().element || t == 1)
            for id in ids {
                let share = try #require(dealt.secretShares[id])
                #expect(try share.verify().verifyingShare == dealt.publicKeyPackage.verifyingShares[id])
            }
        }
    }

    @Test func aTamperedShareFailsVerificationNamingItsOwner() throws {
        let dealt = try TrustedDealer<C>.generateKeys(maxSigners: 3, minSigners: 2)
        let two = try Identifier<C>(2)
        let share = try #require(dealt.secretShares[two])
        var tampered = share.signingShare.secret.withScalar { $0 + .one }
        let bad = SecretShare(identifier: two, signingShare: SigningShare(SecretScalar(consuming: &tampered)),
                              commitment: share.commitment)
        #expect(throws: FROSTError.invalidSecretShare(identifier: "2")) { try bad.verify() }
        #expect(throws: FROSTError.invalidSecretShare(identifier: "2")) { try KeyPackage(secretShare: bad) }
        // The right share under the wrong identifier fails as well.
        let misfiled = SecretShare(identifier: try Identifier(3), signingShare: share.signingShare,
                                   commitment: share.commitment)
        #expect(throws: FROSTError.invalidSecretShare(identifier: "3")) { try misfiled.verify() }
    }
}
