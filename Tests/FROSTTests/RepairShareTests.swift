import Testing

@testable import FROST

struct RepairShareTests {
    @Test(arguments: KeyGenSuite.allCases)
    func zfRepairShareVectorPassesEveryCase(suite: KeyGenSuite) throws {
        // ZF's step 2 and step 3 cases, and a full repair of vectors_dkg.json's participant 2.
        try expectVectorFamilyPasses("frost/zf-frost/\(suite)/repair-share.json", cases: 3)
    }

    @Test(arguments: KeyGenSuite.allCases)
    func lostShareIsRepairedAndSignsAgain(suite: KeyGenSuite) throws {
        switch suite {
        case .ed25519:
            try checkRepair(Ed25519Sha512.self, minSigners: 3, maxSigners: 5, lost: 2, helpers: [1, 4, 5])
            try checkRepair(Ed25519Sha512.self, minSigners: 2, maxSigners: 6, lost: 6, helpers: [1, 2, 3, 5])
        case .ristretto255:
            try checkRepair(Ristretto255Sha512.self, minSigners: 3, maxSigners: 5, lost: 2, helpers: [5, 1, 4])
            try checkRepair(Ristretto255Sha512.self, minSigners: 4, maxSigners: 6, lost: 1, helpers: [6, 2, 3, 4])
        case .secp256k1:
            try checkRepair(Secp256k1Sha256.self, minSigners: 3, maxSigners: 5, lost: 4, helpers: [2, 5, 1])
        }
    }

    func checkRepair<C: Ciphersuite>(_ suite: C.Type, minSigners: Int, maxSigners: Int, lost: UInt64,
                                     helpers helperNumbers: [UInt64]) throws {
        let outcome = try DKGHarness<C>.run(maxSigners: maxSigners, minSigners: minSigners)
        let publicKeyPackage = try #require(outcome.publicKeyPackages.values.first)
        let participant = try Identifier<C>(lost)
        let helpers = try helperNumbers.map { try Identifier<C>($0) }

        // Step 1: every helper splits its weighted share into deltas, one per helper.
        var deltas: [Identifier<C>: [Identifier<C>: RepairShare<C>.Delta]] = [:]
        for helper in helpers {
            let sent = try RepairShare<C>.part1(
                helpers: helpers, keyPackage: try #require(outcome.keyPackages[helper]), participant: participant)
            #expect(Set(sent.keys) == Set(helpers))
            deltas[helper] = sent
        }
        // Step 2: each helper sums what it received; step 3: the participant sums the sigmas.
        let sigmas = try helpers.map { receiver in
            RepairShare<C>.part2(deltas: try helpers.map { sender in try #require(deltas[sender]?[receiver]) })
        }
        let repaired = try RepairShare<C>.part3(
            sigmas: sigmas, identifier: participant, publicKeyPackage: publicKeyPackage)
        let original = try #require(outcome.keyPackages[participant])
        #expect(repaired.signingShare.secret.constantTimeEquals(original.signingShare.secret))
        #expect(repaired.verifyingShare == original.verifyingShare)
        #expect(repaired.verifyingKey == original.verifyingKey)
        #expect(repaired.minSigners == minSigners)

        // The repaired key package signs together with others.
        var keyPackages = outcome.keyPackages
        keyPackages[participant] = repaired
        let others = keyPackages.keys.filter { $0 != participant }.shuffled().prefix(minSigners - 1)
        let message = Array("after repair".utf8)
        let signature = try DKGHarness<C>.sign(
            message: message, signers: [participant] + others, keyPackages: keyPackages,
            publicKeyPackage: publicKeyPackage)
        #expect(publicKeyPackage.verifyingKey.verify(signature, message: message))
    }

    @Test func deltasSumToTheWeightedShareAndUseTheGivenRandomValuesInOrder() throws {
        typealias C = Ed25519Sha512
        let dealt = try TrustedDealer<C>.generateKeys(maxSigners: 5, minSigners: 3)
        let helpers = try [5, 1, 4].map { try Identifier<C>(UInt64($0)) }
        let participant = try Identifier<C>(2)
        let helper = try Identifier<C>(4)
        let keyPackage = try KeyPackage(secretShare: try #require(dealt.secretShares[helper]))
        let random = [SecretScalar<C>.random(), SecretScalar<C>.random()]
        let deltas = try RepairShare<C>.part1(
            helpers: helpers, keyPackage: keyPackage, participant: participant, randomValues: random)
        // Sorted helpers 1, 4, 5: the random values go to 1 and 4, the balancing delta to 5.
        #expect(try #require(deltas[try Identifier(1)]).value.constantTimeEquals(random[0]))
        #expect(try #require(deltas[helper]).value.constantTimeEquals(random[1]))
        // Their sum is zeta * s with zeta = (2-1)(2-5) / ((4-1)(4-5)) = -3 / -3 = 1 for helper 4.
        let sum = RepairShare<C>.part2(deltas: Array(deltas.values))
        #expect(sum.value.constantTimeEquals(keyPackage.signingShare.secret))
    }

    @Test func invalidHelperSetsGiveTypedErrors() throws {
        typealias C = Ristretto255Sha512
        let dealt = try TrustedDealer<C>.generateKeys(maxSigners: 5, minSigners: 3)
        let id = { (value: UInt64) throws -> Identifier<C> in try Identifier<C>(value) }
        let keyPackage = try KeyPackage(secretShare: try #require(dealt.secretShares[try id(1)]))
        let lost = try id(2)
        #expect(throws: DKGError.wrongCount(what: "helpers", expected: 3, actual: 2)) {
            _ = try RepairShare<C>.part1(helpers: [try id(1), try id(3)], keyPackage: keyPackage, participant: lost)
        }
        #expect(throws: DKGError.duplicateIdentifier("3")) {
            _ = try RepairShare<C>.part1(
                helpers: [try id(1), try id(3), try id(3)], keyPackage: keyPackage, participant: lost)
        }
        #expect(throws: DKGError.self) {
            _ = try RepairShare<C>.part1(
                helpers: [try id(3), try id(4), try id(5)], keyPackage: keyPackage, participant: lost)
        }
        #expect(throws: DKGError.self) {
            _ = try RepairShare<C>.part1(
                helpers: [try id(1), try id(2), try id(5)], keyPackage: keyPackage, participant: lost)
        }
        #expect(throws: DKGError.wrongCount(what: "random values", expected: 2, actual: 1)) {
            _ = try RepairShare<C>.part1(
                helpers: [try id(1), try id(4), try id(5)], keyPackage: keyPackage, participant: lost,
                randomValues: [.random()])
        }
    }

    @Test func wrongSigmasOrPackagesAreCaughtInStepThree() throws {
        typealias C = Ed25519Sha512
        let dealt = try TrustedDealer<C>.generateKeys(maxSigners: 3, minSigners: 2)
        let package = dealt.publicKeyPackage
        let sigmas = [RepairShare<C>.Sigma(.random()), RepairShare<C>.Sigma(.random())]
        #expect(throws: DKGError.repairedShareMismatch(identifier: "2")) {
            _ = try RepairShare<C>.part3(sigmas: sigmas, identifier: try Identifier(2), publicKeyPackage: package)
        }
        #expect(throws: DKGError.wrongCount(what: "sigmas", expected: 2, actual: 1)) {
            _ = try RepairShare<C>.part3(sigmas: [sigmas[0]], identifier: try Identifier(2), publicKeyPackage: package)
        }
        #expect(throws: DKGError.unknownParticipant("9")) {
            _ = try RepairShare<C>.part3(sigmas: sigmas, identifier: try Identifier(9), publicKeyPackage: package)
        }
        let withoutThreshold = PublicKeyPackage(
            verifyingShares: package.verifyingShares, verifyingKey: package.verifyingKey, minSigners: nil)
        #expect(throws: DKGError.missingMinSigners) {
            _ = try RepairShare<C>.part3(sigmas: sigmas, identifier: try Identifier(2),
                                         publicKeyPackage: withoutThreshold)
        }
        #expect("\(sigmas[0])" == "RepairShare.Sigma(<redacted>)")
    }
}

/// Issue 15: after a verifiable repair the member signs with any t − 1 others, over random t-of-n up to 20 and all
/// three suites; a helper that sends a wrong delta, a wrong sigma or commitments that do not add up is named.
struct VerifiableRepairTests {
    @Test(arguments: Suite.allCases)
    func theRepairedMemberSignsWithAnyOthersAndACheatingHelperIsNamed(suite: Suite) throws {
        switch suite {
        case .ed25519: try repairRandomGroups(Ed25519Sha512.self)
        case .ristretto255: try repairRandomGroups(Ristretto255Sha512.self)
        case .secp256k1: try repairRandomGroups(Secp256k1Sha256.self)
        }
    }

    func repairRandomGroups<C: Ciphersuite>(_: C.Type) throws {
        for (minSigners, maxSigners) in [(2, 3), (Int.random(in: 2...6), 7), (Int.random(in: 2...19), 20)] {
            let group = try TestGroup<C>(maxSigners: maxSigners, minSigners: minSigners)
            let members = group.identifiers
            let participant = members.randomElement()!
            let helpers = randomSubset(members.filter { $0 != participant }, count: Int.random(in: minSigners...maxSigners - 1))
            var deltas: [Identifier<C>: [Identifier<C>: RepairShare<C>.Delta]] = [:]
            var commitments: [Identifier<C>: [Identifier<C>: Element<C>]] = [:]
            for helper in helpers {
                let sent = try RepairShare<C>.part1(
                    helpers: helpers, keyPackage: try #require(group.keyPackages[helper]), participant: participant)
                deltas[helper] = sent
                commitments[helper] = RepairShare<C>.commitments(sent)
                try RepairShare<C>.verifyCommitments(
                    try #require(commitments[helper]), of: helper, helpers: helpers, participant: participant,
                    publicKeyPackage: group.publicKeyPackage)
            }
            var sigmas: [Identifier<C>: RepairShare<C>.Sigma] = [:]
            for receiver in helpers {
                let received = try Dictionary(uniqueKeysWithValues: helpers.map { ($0, try #require(deltas[$0]?[receiver])) })
                try RepairShare<C>.verifyDeltas(received, to: receiver, commitments: commitments)
                sigmas[receiver] = RepairShare<C>.part2(deltas: Array(received.values))
            }
            try RepairShare<C>.verifySigmas(sigmas, commitments: commitments)
            let repaired = try RepairShare<C>.part3(
                sigmas: Array(sigmas.values), identifier: participant, publicKeyPackage: group.publicKeyPackage)
            var keyPackages = group.keyPackages
            keyPackages[participant] = repaired
            let others = randomSubset(members.filter { $0 != participant }, count: minSigners - 1)
            let message = Array("repaired \(minSigners) of \(maxSigners)".utf8)
            let signature = try DKGHarness<C>.sign(
                message: message, signers: [participant] + others, keyPackages: keyPackages,
                publicKeyPackage: group.publicKeyPackage)
            #expect(group.publicKeyPackage.verifyingKey.verify(signature, message: message))

            // A cheating helper: its delta to another helper, its sigma, or its commitments are off by one.
            let cheater = helpers.randomElement()!
            let victim = helpers.first { $0 != cheater } ?? cheater
            var forged = try Dictionary(uniqueKeysWithValues: helpers.map { ($0, try #require(deltas[$0]?[victim])) })
            forged[cheater] = RepairShare<C>.Delta(SecretScalar.random())
            #expect(throws: DKGError.invalidRepairValue(culprits: [cheater.description])) {
                try RepairShare<C>.verifyDeltas(forged, to: victim, commitments: commitments)
            }
            var wrongSigmas = sigmas
            wrongSigmas[cheater] = RepairShare<C>.Sigma(SecretScalar.random())
            #expect(throws: DKGError.invalidRepairValue(culprits: [cheater.description])) {
                try RepairShare<C>.verifySigmas(wrongSigmas, commitments: commitments)
            }
            var shifted = try #require(commitments[cheater])
            shifted[victim] = try #require(shifted[victim]) + C.generator
            #expect(throws: DKGError.invalidRepairValue(culprits: [cheater.description])) {
                try RepairShare<C>.verifyCommitments(
                    shifted, of: cheater, helpers: helpers, participant: participant,
                    publicKeyPackage: group.publicKeyPackage)
            }
        }
    }
}
