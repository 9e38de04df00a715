import Testing

@testable import FROST

/// Issue 15's property tests for refresh, over random t-of-n up to 20 and all three suites: after a refresh any t
/// new shares sign under the same group key, a mix of old and new shares does not, and a dealer that cheats is named.
struct RefreshTests {
    @Test(arguments: Suite.allCases)
    func anyTNewSharesSignAndOldAndNewDoNotMix(suite: Suite) throws {
        switch suite {
        case .ed25519: try refreshRandomGroups(Ed25519Sha512.self)
        case .ristretto255: try refreshRandomGroups(Ristretto255Sha512.self)
        case .secp256k1: try refreshRandomGroups(Secp256k1Sha256.self)
        }
    }

    func refreshRandomGroups<C: Ciphersuite>(_: C.Type) throws {
        // Sizes include both ends (2-of-2 and a 20-member group); a few groups keep the plain run short.
        for (minSigners, maxSigners) in [(2, 2), (2, 3), (Int.random(in: 2...6), 7), (Int.random(in: 2...20), 20)] {
            let group = try TestGroup<C>(maxSigners: maxSigners, minSigners: minSigners)
            let members = group.identifiers
            let dealings = try members.map { try Refresh<C>.deal(dealer: $0, members: members, minSigners: minSigners) }
            var refreshed: [Identifier<C>: KeyPackage<C>] = [:]
            for member in members {
                var received: [Identifier<C>: (commitment: VerifiableSecretSharingCommitment<C>, share: SecretScalar<C>)] = [:]
                for dealing in dealings { received[dealing.dealer] = (dealing.commitment, try #require(dealing.shares[member])) }
                refreshed[member] = try Refresh<C>.refresh(try #require(group.keyPackages[member]), received: received)
            }
            let publicKeyPackage = try Refresh<C>.refresh(
                group.publicKeyPackage,
                commitments: Dictionary(uniqueKeysWithValues: dealings.map { ($0.dealer, $0.commitment) }))
            #expect(publicKeyPackage.verifyingKey == group.publicKeyPackage.verifyingKey, "the group key stays")
            for member in members {
                let package = try #require(refreshed[member])
                #expect(publicKeyPackage.verifyingShares[member] == package.verifyingShare)
                #expect(package.verifyingShare != group.publicKeyPackage.verifyingShares[member], "every share moves")
            }
            let message = Array("after refresh \(minSigners) of \(maxSigners)".utf8)
            let signers = randomSubset(members, count: minSigners)
            let signature = try DKGHarness<C>.sign(
                message: message, signers: signers, keyPackages: refreshed, publicKeyPackage: publicKeyPackage)
            #expect(group.publicKeyPackage.verifyingKey.verify(signature, message: message))
            // Old shares interpolate the key only among themselves: one old share among new ones gives a
            // signature the group key rejects.
            var mixed = refreshed
            mixed[signers[0]] = group.keyPackages[signers[0]]
            let publicForMix = PublicKeyPackage(
                verifyingShares: publicKeyPackage.verifyingShares.merging(
                    [signers[0]: try #require(group.publicKeyPackage.verifyingShares[signers[0]])]) { $1 },
                verifyingKey: publicKeyPackage.verifyingKey, minSigners: minSigners)
            let (package, shares) = try signatureShares(
                message: message, signers: signers, keyPackages: mixed)
            let forged = try? Aggregator.aggregate(
                signingPackage: package, signatureShares: shares, publicKeyPackage: publicForMix)
            #expect(forged.map { !group.publicKeyPackage.verifyingKey.verify($0, message: message) } ?? true)
        }
    }

    /// Rounds 1 and 2 for `signers` without aggregating.
    func signatureShares<C: Ciphersuite>(
        message: [UInt8], signers: [Identifier<C>], keyPackages: [Identifier<C>: KeyPackage<C>]
    ) throws -> (SigningPackage<C>, [Identifier<C>: SignatureShare<C>]) {
        var nonces: [Identifier<C>: SigningNonces<C>] = [:]
        var commitments: [Identifier<C>: SigningCommitments<C>] = [:]
        for signer in signers {
            (nonces[signer], commitments[signer]) = Round1.commit(keyPackage: try #require(keyPackages[signer]))
        }
        let package = try SigningPackage(commitments: commitments, message: message)
        var shares: [Identifier<C>: SignatureShare<C>] = [:]
        for signer in signers {
            shares[signer] = try Round2.sign(
                signingPackage: package, nonces: try #require(nonces[signer]), keyPackage: try #require(keyPackages[signer]))
        }
        return (package, shares)
    }

    @Test func aDealerThatCheatsIsNamedAndNothingChanges() throws {
        typealias C = Ristretto255Sha512
        let group = try TestGroup<C>(maxSigners: 5, minSigners: 3)
        let members = group.identifiers
        let me = members[0]
        let dealings = try members.map { try Refresh<C>.deal(dealer: $0, members: members, minSigners: 3) }
        func received(_ change: (inout [Identifier<C>: (commitment: VerifiableSecretSharingCommitment<C>, share: SecretScalar<C>)]) -> Void)
            -> [Identifier<C>: (commitment: VerifiableSecretSharingCommitment<C>, share: SecretScalar<C>)]
        {
            var all: [Identifier<C>: (commitment: VerifiableSecretSharingCommitment<C>, share: SecretScalar<C>)] = [:]
            for dealing in dealings { all[dealing.dealer] = (dealing.commitment, dealing.shares[me]!) }
            change(&all)
            return all
        }
        let keyPackage = try #require(group.keyPackages[me])
        // A wrong zero-share from dealer 3.
        #expect(throws: DKGError.invalidSecretShare(culprits: [members[2].description])) {
            try Refresh<C>.refresh(keyPackage, received: received { $0[members[2]]!.share = SecretScalar.random() })
        }
        // Dealer 4 shares a nonzero secret: its commitment's constant term is not the identity.
        let nonzero = try SecretPolynomial<C>.random(constantTerm: SecretScalar.random(), minSigners: 3)
        #expect(throws: DKGError.nonzeroRefresh(culprits: [members[3].description])) {
            try Refresh<C>.refresh(keyPackage, received: received {
                $0[members[3]] = (nonzero.commitment(), nonzero.evaluate(at: me))
            })
        }
        #expect(throws: DKGError.nonzeroRefresh(culprits: [members[3].description])) {
            try Refresh<C>.refresh(group.publicKeyPackage, commitments: [members[3]: nonzero.commitment()])
        }
        // A commitment of the wrong degree.
        let short = try Refresh<C>.deal(dealer: members[1], members: members, minSigners: 2)
        #expect(throws: DKGError.wrongCommitmentLength(culprits: [members[1].description], expected: 3)) {
            try Refresh<C>.refresh(keyPackage, received: received { $0[members[1]] = (short.commitment, short.shares[me]!) })
        }
        #expect(throws: DKGError.unknownParticipant(try Identifier<C>(9).description)) {
            try Refresh<C>.deal(dealer: try Identifier<C>(9), members: members, minSigners: 3)
        }
    }
}
