import FROST
import Testing

struct AggregationTests {
    @Test(arguments: Suite.allCases)
    func randomThresholdGroupsSignAndVerify(suite: Suite) throws {
        switch suite {
        case .ed25519: try randomSigning(Ed25519Sha512.self, libsodiumCheck: true)
        case .ristretto255: try randomSigning(Ristretto255Sha512.self, libsodiumCheck: false)
        case .secp256k1: try randomSigning(Secp256k1Sha256.self, libsodiumCheck: false)
        }
    }

    /// Random t-of-n groups (n up to 20), random signer subsets of size t...n, random messages.
    func randomSigning<C: Ciphersuite>(_: C.Type, libsodiumCheck: Bool) throws {
        for trial in 0..<6 {
            let n = trial == 0 ? 20 : Int.random(in: 2...20)
            let t = trial == 0 ? 20 : Int.random(in: 2...n)
            let group = try TestGroup<C>(maxSigners: n, minSigners: t)
            #expect(group.publicKeyPackage.verifyingKey == group.signingKey.verifyingKey())
            let signers = randomSubset(group.identifiers, count: Int.random(in: t...n))
            let message = (0..<Int.random(in: 0...64)).map { _ in UInt8.random(in: 0...255) }
            let (package, shares) = try group.signatureShares(message: message, signers: signers)
            let signature = try Aggregator.aggregate(signingPackage: package, signatureShares: shares,
                                                     publicKeyPackage: group.publicKeyPackage)
            let key = group.publicKeyPackage.verifyingKey
            #expect(key.verify(signature, message: message), "\(C.name) \(t)-of-\(n), signers \(signers)")
            #expect(!key.verify(signature, message: message + [0]))
            if libsodiumCheck {
                #expect(libsodiumVerifies(signature: signature.serialize(), message: message,
                                          publicKey: key.serialize()),
                        "libsodium rejects the \(t)-of-\(n) signature by \(signers)")
            }
            for signer in signers {
                let verifyingShare = try #require(group.publicKeyPackage.verifyingShares[signer])
                try Aggregator.verifySignatureShare(try #require(shares[signer]), identifier: signer,
                                                    verifyingShare: verifyingShare, signingPackage: package,
                                                    verifyingKey: key)
            }
        }
    }

    @Test(arguments: Suite.allCases)
    func corruptedSharesAreAttributedToExactlyTheirSigners(suite: Suite) throws {
        switch suite {
        case .ed25519: try corruption(Ed25519Sha512.self)
        case .ristretto255: try corruption(Ristretto255Sha512.self)
        case .secp256k1: try corruption(Secp256k1Sha256.self)
        }
    }

    func corruption<C: Ciphersuite>(_: C.Type) throws {
        for trial in 0..<5 {
            let n = Int.random(in: 3...12)
            let t = Int.random(in: 2...n)
            let group = try TestGroup<C>(maxSigners: n, minSigners: t)
            let signers = randomSubset(group.identifiers, count: Int.random(in: t...n))
            // One culprit in most trials, several in the others.
            let culprits = randomSubset(signers, count: trial < 3 ? 1 : Int.random(in: 1...signers.count))
            let (package, shares) = try group.signatureShares(
                message: Array("corrupt".utf8), signers: signers, corrupt: Set(culprits))
            let expected = FROSTError.invalidSignatureShares(
                culprits: culprits.map(\.description), serializedIdentifiers: culprits.map { $0.serialize() })
            #expect(throws: expected, "\(C.name) \(t)-of-\(n), signers \(signers), culprits \(culprits)") {
                try Aggregator.aggregate(signingPackage: package, signatureShares: shares,
                                         publicKeyPackage: group.publicKeyPackage)
            }
            for signer in signers {
                let verifyingShare = try #require(group.publicKeyPackage.verifyingShares[signer])
                let check = {
                    try Aggregator.verifySignatureShare(
                        try #require(shares[signer]), identifier: signer, verifyingShare: verifyingShare,
                        signingPackage: package, verifyingKey: group.publicKeyPackage.verifyingKey)
                }
                if culprits.contains(signer) {
                    #expect(throws: FROSTError.invalidSignatureShares(
                        culprits: [signer.description], serializedIdentifiers: [signer.serialize()])) { try check() }
                } else {
                    #expect(throws: Never.self) { try check() }
                }
            }
        }
    }

    @Test func aggregationRejectsMissingAndUnexpectedShares() throws {
        let group = try TestGroup<Ed25519Sha512>(maxSigners: 4, minSigners: 2)
        let ids = group.identifiers
        let (package, shares) = try group.signatureShares(message: [1], signers: [ids[0], ids[1]])
        var missing = shares
        missing[ids[1]] = nil
        #expect(throws: FROSTError.missingSignatureShare(identifier: "2")) {
            try Aggregator.aggregate(signingPackage: package, signatureShares: missing,
                                     publicKeyPackage: group.publicKeyPackage)
        }
        var extra = shares
        extra[ids[3]] = shares[ids[0]]
        #expect(throws: FROSTError.unknownParticipant(identifier: "4")) {
            try Aggregator.aggregate(signingPackage: package, signatureShares: extra,
                                     publicKeyPackage: group.publicKeyPackage)
        }
    }

    @Test func aggregationRejectsFewerSignersThanTheThreshold() throws {
        let group = try TestGroup<Ristretto255Sha512>(maxSigners: 4, minSigners: 3)
        let ids = group.identifiers
        let (package, shares) = try group.signatureShares(message: [1], signers: [ids[0], ids[1], ids[2]])
        let twoPackage = try SigningPackage(commitmentList: Array(package.commitmentList.prefix(2)), message: [1])
        var two = shares
        two[ids[2]] = nil
        #expect(throws: FROSTError.tooFewSigners(count: 2, minSigners: 3)) {
            try Aggregator.aggregate(signingPackage: twoPackage, signatureShares: two,
                                     publicKeyPackage: group.publicKeyPackage)
        }
    }
}
