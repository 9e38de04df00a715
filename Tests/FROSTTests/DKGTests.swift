import CSodium
import Foundation
import Testing
import VectorSuites

@testable import FROST

/// The three suites the key generation tests run over.
enum KeyGenSuite: String, CaseIterable, CustomStringConvertible, Sendable {
    case ed25519, ristretto255, secp256k1
    var description: String { rawValue }
}

/// An in-memory DKG and signing session: what the Ceremony layer would carry between devices, here passed directly.
enum DKGHarness<C: Ciphersuite> {
    typealias Round1 = [Identifier<C>: DKG<C>.Round1Package]

    struct Outcome {
        let keyPackages: [Identifier<C>: KeyPackage<C>]
        let publicKeyPackages: [Identifier<C>: PublicKeyPackage<C>]
        let round1: Round1
    }

    static func identifiers(_ count: Int) throws -> [Identifier<C>] {
        try (1...count).map { try Identifier<C>(UInt64($0)) }
    }

    /// Runs the three parts for every participant. `tamperRound1` edits the broadcast packages and `tamperRound2`
    /// edits (sender, recipient) shares, so tests can make chosen participants misbehave.
    static func run(
        maxSigners: Int, minSigners: Int, identifiers given: [Identifier<C>]? = nil,
        tamperRound1: (inout Round1) -> Void = { _ in },
        tamperRound2: (Identifier<C>, Identifier<C>, DKG<C>.Round2Package) -> DKG<C>.Round2Package = { $2 }
    ) throws -> Outcome {
        let ids = try given ?? identifiers(maxSigners)
        var secrets1: [Identifier<C>: DKG<C>.Round1SecretPackage] = [:]
        var round1: Round1 = [:]
        for id in ids {
            let (secret, package) = try DKG<C>.part1(identifier: id, maxSigners: maxSigners, minSigners: minSigners)
            secrets1[id] = secret
            round1[id] = package
        }
        tamperRound1(&round1)
        var secrets2: [Identifier<C>: DKG<C>.Round2SecretPackage] = [:]
        var inbox: [Identifier<C>: [Identifier<C>: DKG<C>.Round2Package]] = [:]
        for id in ids {
            let received = round1.filter { $0.key != id }
            let (secret, outgoing) = try DKG<C>.part2(try #require(secrets1[id]), round1Packages: received)
            secrets2[id] = secret
            for (recipient, package) in outgoing {
                inbox[recipient, default: [:]][id] = tamperRound2(id, recipient, package)
            }
        }
        var keyPackages: [Identifier<C>: KeyPackage<C>] = [:]
        var publicKeyPackages: [Identifier<C>: PublicKeyPackage<C>] = [:]
        for id in ids {
            let (keyPackage, publicKeyPackage) = try DKG<C>.part3(
                try #require(secrets2[id]), round1Packages: round1.filter { $0.key != id },
                round2Packages: inbox[id] ?? [:])
            keyPackages[id] = keyPackage
            publicKeyPackages[id] = publicKeyPackage
        }
        return Outcome(keyPackages: keyPackages, publicKeyPackages: publicKeyPackages, round1: round1)
    }

    /// A full FROST signature by `signers` with frost-a's rounds 1 and 2 and aggregation.
    static func sign(message: [UInt8], signers: [Identifier<C>], keyPackages: [Identifier<C>: KeyPackage<C>],
                     publicKeyPackage: PublicKeyPackage<C>) throws -> Signature<C> {
        var nonces: [Identifier<C>: SigningNonces<C>] = [:]
        var commitments: [Identifier<C>: SigningCommitments<C>] = [:]
        for signer in signers {
            let (signerNonces, signerCommitments) = FROST.Round1.commit(keyPackage: try #require(keyPackages[signer]))
            nonces[signer] = signerNonces
            commitments[signer] = signerCommitments
        }
        let signingPackage = try SigningPackage(commitments: commitments, message: message)
        var shares: [Identifier<C>: SignatureShare<C>] = [:]
        for signer in signers {
            shares[signer] = try FROST.Round2.sign(
                signingPackage: signingPackage, nonces: try #require(nonces[signer]),
                keyPackage: try #require(keyPackages[signer]))
        }
        return try Aggregator.aggregate(
            signingPackage: signingPackage, signatureShares: shares, publicKeyPackage: publicKeyPackage)
    }
}

/// libsodium's own Ed25519 verification (crypto_sign_verify_detached), independent of the FROST code.
func sodiumEd25519Verifies(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
    guard signature.count == 64, publicKey.count == 32 else { return false }
    return crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0
}

/// The `Vectors/` folder of this package, found by walking up from this file to Package.swift.
func keyGenerationVectorsFolder() -> URL {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path),
          url.path != "/" {
        url = url.deletingLastPathComponent()
    }
    return url.appendingPathComponent("Vectors")
}

/// Runs one registered vector family on its file and records every failing case by name.
func expectVectorFamilyPasses(_ relativePath: String, cases expectedCases: Int) throws {
    let family = try #require(VectorRegistry.family(for: "Vectors/" + relativePath), "no family for \(relativePath)")
    let outcomes = try family.run(keyGenerationVectorsFolder().appendingPathComponent(relativePath))
    #expect(outcomes.count == expectedCases, "\(family.name) checked \(outcomes.count) cases")
    for outcome in outcomes where !outcome.passed {
        Issue.record("\(outcome.family) \(outcome.caseName): \(outcome.failure ?? "")")
    }
}

struct DKGTests {
    // MARK: Vectors

    @Test(arguments: KeyGenSuite.allCases)
    func zfDKGVectorPassesEveryCase(suite: KeyGenSuite) throws {
        // Three participants, three parts each.
        try expectVectorFamilyPasses("frost/zf-frost/\(suite)/vectors_dkg.json", cases: 9)
    }

    @Test(arguments: KeyGenSuite.allCases)
    func zfDKGVectorFailsWhenAValueIsChanged(suite: KeyGenSuite) throws {
        // The checker must notice a wrong expected value: flip one bit of participant 1's signing share.
        let original = keyGenerationVectorsFolder().appendingPathComponent("frost/zf-frost/\(suite)/vectors_dkg.json")
        var root = try #require(try VectorJSON.load(original) as? [String: Any])
        var inputs = try #require(root["inputs"] as? [String: Any])
        var one = try #require(inputs["1"] as? [String: Any])
        var share = try VectorJSON.hex(try #require(one["signing_share"] as? String))
        share[0] ^= 1
        one["signing_share"] = VectorJSON.hexString(share)
        inputs["1"] = one
        root["inputs"] = inputs
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dkg-vector-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folder = scratch.appendingPathComponent("frost/zf-frost/\(suite)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent("vectors_dkg.json")
        try JSONSerialization.data(withJSONObject: root).write(to: copy)
        let family = try #require(VectorRegistry.family(for: copy.path))
        let failures = try family.run(copy).filter { !$0.passed }.map(\.caseName)
        #expect(failures == ["participant 1 part3 (signing_share, verifying shares, verifying_key)"])
    }

    // MARK: Properties

    @Test(arguments: KeyGenSuite.allCases, [(2, 2), (2, 3), (3, 5), (5, 5), (7, 12), (11, 20)])
    func dkgKeysSignWithEveryThresholdSubset(suite: KeyGenSuite, size: (Int, Int)) throws {
        switch suite {
        case .ed25519: try checkDKGThenSign(Ed25519Sha512.self, minSigners: size.0, maxSigners: size.1)
        case .ristretto255: try checkDKGThenSign(Ristretto255Sha512.self, minSigners: size.0, maxSigners: size.1)
        case .secp256k1: try checkDKGThenSign(Secp256k1Sha256.self, minSigners: size.0, maxSigners: size.1)
        }
    }

    @Test(arguments: KeyGenSuite.allCases)
    func dkgKeysSignForRandomSizes(suite: KeyGenSuite) throws {
        for _ in 0..<3 {
            let maxSigners = Int.random(in: 2...10)
            let minSigners = Int.random(in: 2...maxSigners)
            switch suite {
            case .ed25519: try checkDKGThenSign(Ed25519Sha512.self, minSigners: minSigners, maxSigners: maxSigners)
            case .ristretto255:
                try checkDKGThenSign(Ristretto255Sha512.self, minSigners: minSigners, maxSigners: maxSigners)
            case .secp256k1:
                try checkDKGThenSign(Secp256k1Sha256.self, minSigners: minSigners, maxSigners: maxSigners)
            }
        }
    }

    @Test(arguments: KeyGenSuite.allCases)
    func twentyOfTwentyWithDerivedIdentifiers(suite: KeyGenSuite) throws {
        switch suite {
        case .ed25519: try checkDKGThenSign(Ed25519Sha512.self, minSigners: 20, maxSigners: 20, derived: true)
        case .ristretto255:
            try checkDKGThenSign(Ristretto255Sha512.self, minSigners: 20, maxSigners: 20, derived: true)
        case .secp256k1:
            try checkDKGThenSign(Secp256k1Sha256.self, minSigners: 20, maxSigners: 20, derived: true)
        }
    }

    func checkDKGThenSign<C: Ciphersuite>(_ suite: C.Type, minSigners: Int, maxSigners: Int, derived: Bool = false)
        throws
    {
        let label = "\(C.name) \(minSigners)-of-\(maxSigners)"
        let ids = derived
            ? try (1...maxSigners).map { try Identifier<C>(deriving: Array("device \($0)".utf8)) }
            : try DKGHarness<C>.identifiers(maxSigners)
        let outcome = try DKGHarness<C>.run(maxSigners: maxSigners, minSigners: minSigners, identifiers: ids)

        // Everyone derives the same public key package, which holds everyone's verifying share.
        let publicKeyPackage = try #require(outcome.publicKeyPackages[ids[0]])
        for id in ids {
            #expect(outcome.publicKeyPackages[id] == publicKeyPackage, "\(label): participant \(id) disagrees")
            let keyPackage = try #require(outcome.keyPackages[id])
            #expect(keyPackage.verifyingKey == publicKeyPackage.verifyingKey, "\(label)")
            #expect(publicKeyPackage.verifyingShares[id] == keyPackage.verifyingShare, "\(label): share of \(id)")
            #expect(keyPackage.minSigners == minSigners)
        }
        #expect(publicKeyPackage.verifyingShares.count == maxSigners)
        #expect(publicKeyPackage.minSigners == minSigners)

        // The group key is the sum of the participants' constant-term commitments.
        let sum = ids.compactMap { outcome.round1[$0]?.commitment.coefficients.first }.reduce(C.identity, +)
        #expect(publicKeyPackage.verifyingKey.element == sum, "\(label): group key is not sum of phi_i0")

        // Any t shares interpolate to the group secret: [sum lambda_i s_i]B == PK.
        let subset = Array(ids.shuffled().prefix(minSigners))
        var interpolated = C.identity
        for id in subset {
            let lambda = try lagrangeCoefficient(for: id, in: subset)
            interpolated = interpolated + lambda * (try #require(outcome.keyPackages[id])).verifyingShare.element
        }
        #expect(interpolated == publicKeyPackage.verifyingKey.element, "\(label): shares do not interpolate")

        // Random t-subsets (and one larger set) sign; the signature verifies, for Ed25519 also with libsodium.
        var signerSets = [subset, Array(ids.shuffled().prefix(minSigners))]
        if minSigners < maxSigners { signerSets.append(Array(ids.shuffled().prefix(minSigners + 1))) }
        for signers in signerSets {
            let message = Array("signed by \(signers.count) of \(maxSigners)".utf8)
            let signature = try DKGHarness<C>.sign(
                message: message, signers: signers, keyPackages: outcome.keyPackages,
                publicKeyPackage: publicKeyPackage)
            #expect(publicKeyPackage.verifyingKey.verify(signature, message: message), "\(label)")
            #expect(!publicKeyPackage.verifyingKey.verify(signature, message: message + [0]), "\(label)")
            if C.self == Ed25519Sha512.self {
                #expect(sodiumEd25519Verifies(
                    signature: signature.serialize(), message: message,
                    publicKey: publicKeyPackage.verifyingKey.serialize()), "\(label): libsodium rejects")
            }
        }
    }

    @Test func part1IsDeterministicGivenItsRandomness() throws {
        typealias C = Ed25519Sha512
        let id = try Identifier<C>(7)
        let secret = SigningKey<C>.random()
        let coefficients = [SecretScalar<C>.random(), SecretScalar<C>.random()]
        let nonce = SecretScalar<C>.random()
        let first = try DKG<C>.part1(identifier: id, maxSigners: 4, minSigners: 3, secret: secret,
                                     coefficients: coefficients, proofNonce: nonce)
        let second = try DKG<C>.part1(identifier: id, maxSigners: 4, minSigners: 3, secret: secret,
                                      coefficients: coefficients, proofNonce: nonce)
        #expect(first.package == second.package)
        #expect(first.package.commitment.coefficients[0] == secret.verifyingKey().element)
        // R = [k]B and mu = k + a_0 c, with c computed from the documented preimage.
        let proof = first.package.proofOfKnowledge
        #expect(proof.R == nonce.publicElement())
        let c = C.HDKG(id.serialize() + secret.verifyingKey().serialize() + proof.R.serialize())
        #expect(DKG<C>.challenge(identifier: id, verifyingKey: secret.verifyingKey().element, R: proof.R) == c)
        let expectedMu = nonce.withScalar { k in secret.secret.withScalar { k + $0 * c } }
        #expect(proof.z == expectedMu)
        // The secret package rebuilds from its exposed coefficients.
        var stored = first.secretPackage.exposeSecretCoefficients()
        let rebuilt = try DKG<C>.Round1SecretPackage(
            identifier: id, coefficients: try stored.map { try SecretScalar(deserializingSecret: $0) }, minSigners: 3,
            maxSigners: 4)
        for index in stored.indices { wipe(&stored[index]) }
        #expect(rebuilt.commitment == first.package.commitment)
    }

    @Test func secretPackagesPrintRedacted() throws {
        typealias C = Ristretto255Sha512
        let (secret1, package) = try DKG<C>.part1(identifier: try Identifier(1), maxSigners: 2, minSigners: 2)
        let (secret2, sent) = try DKG<C>.part1(identifier: try Identifier(2), maxSigners: 2, minSigners: 2)
        let (round2Secret, outgoing) = try DKG<C>.part2(secret1, round1Packages: [try Identifier(2): sent])
        let hexes = secret1.exposeSecretCoefficients().map(VectorJSON.hexString)
            + [VectorJSON.hexString(round2Secret.exposeSecretOwnShare())]
        let printed = ["\(secret1)", "\(secret2)", "\(round2Secret)", "\(outgoing)", String(reflecting: round2Secret)]
        for text in printed {
            #expect(text.contains("redacted"))
            for hex in hexes { #expect(!text.contains(hex)) }
        }
        #expect(!"\(package)".contains("redacted"))
    }

    // MARK: Culprits

    @Test(arguments: KeyGenSuite.allCases)
    func badProofOfKnowledgeNamesOnlyTheCulprit(suite: KeyGenSuite) throws {
        switch suite {
        case .ed25519: try checkBadProof(Ed25519Sha512.self)
        case .ristretto255: try checkBadProof(Ristretto255Sha512.self)
        case .secp256k1: try checkBadProof(Secp256k1Sha256.self)
        }
    }

    func checkBadProof<C: Ciphersuite>(_ suite: C.Type) throws {
        let ids = try DKGHarness<C>.identifiers(5)
        let (liar, replayer) = (ids[1], ids[3])
        var secrets: [Identifier<C>: DKG<C>.Round1SecretPackage] = [:]
        var round1: DKGHarness<C>.Round1 = [:]
        for id in ids {
            (secrets[id], round1[id]) = try DKG<C>.part1(identifier: id, maxSigners: 5, minSigners: 3)
        }
        // The liar changes mu; the replayer copies someone else's whole package (the proof binds the identifier).
        let honest = try #require(round1[liar])
        round1[liar] = DKG<C>.Round1Package(
            commitment: honest.commitment,
            proofOfKnowledge: Signature(R: honest.proofOfKnowledge.R, z: honest.proofOfKnowledge.z + .one))
        round1[replayer] = round1[ids[0]]
        for id in ids where id != liar && id != replayer {
            #expect(throws: DKGError.invalidProofOfKnowledge(culprits: [liar.description, replayer.description])) {
                _ = try DKG<C>.part2(try #require(secrets[id]), round1Packages: round1.filter { $0.key != id })
            }
        }
        // With only the liar cheating, exactly it is named.
        round1[replayer] = try DKG<C>.part1(identifier: replayer, maxSigners: 5, minSigners: 3).package
        #expect(throws: DKGError.invalidProofOfKnowledge(culprits: [liar.description])) {
            _ = try DKG<C>.part2(try #require(secrets[ids[0]]), round1Packages: round1.filter { $0.key != ids[0] })
        }
    }

    @Test(arguments: KeyGenSuite.allCases)
    func badShareNamesOnlyTheSenderAndOnlyItsVictimNotices(suite: KeyGenSuite) throws {
        switch suite {
        case .ed25519: try checkBadShare(Ed25519Sha512.self)
        case .ristretto255: try checkBadShare(Ristretto255Sha512.self)
        case .secp256k1: try checkBadShare(Secp256k1Sha256.self)
        }
    }

    func checkBadShare<C: Ciphersuite>(_ suite: C.Type) throws {
        let ids = try DKGHarness<C>.identifiers(4)
        let (cheater, victim) = (ids[2], ids[0])
        let tamper: (Identifier<C>, Identifier<C>, DKG<C>.Round2Package) -> DKG<C>.Round2Package = {
            from, to, package in
            guard from == cheater, to == victim else { return package }
            var wrong = package.signingShare.secret.withScalar { $0 + .one }
            return DKG<C>.Round2Package(signingShare: SigningShare(SecretScalar(consuming: &wrong)))
        }
        #expect(throws: DKGError.invalidSecretShare(culprits: [cheater.description])) {
            _ = try DKGHarness<C>.run(maxSigners: 4, minSigners: 2, tamperRound2: tamper)
        }
        // The other participants finish: run again with the same tampering but let the victim's failure surface
        // alone, by checking part 3 per participant.
        var secrets1: [Identifier<C>: DKG<C>.Round1SecretPackage] = [:]
        var round1: DKGHarness<C>.Round1 = [:]
        for id in ids { (secrets1[id], round1[id]) = try DKG<C>.part1(identifier: id, maxSigners: 4, minSigners: 2) }
        var secrets2: [Identifier<C>: DKG<C>.Round2SecretPackage] = [:]
        var inbox: [Identifier<C>: [Identifier<C>: DKG<C>.Round2Package]] = [:]
        for id in ids {
            let (secret, outgoing) = try DKG<C>.part2(
                try #require(secrets1[id]), round1Packages: round1.filter { $0.key != id })
            secrets2[id] = secret
            for (to, package) in outgoing { inbox[to, default: [:]][id] = tamper(id, to, package) }
        }
        for id in ids {
            let run = {
                try DKG<C>.part3(try #require(secrets2[id]), round1Packages: round1.filter { $0.key != id },
                                 round2Packages: inbox[id] ?? [:])
            }
            if id == victim {
                #expect(throws: DKGError.invalidSecretShare(culprits: [cheater.description])) { _ = try run() }
            } else {
                #expect(throws: Never.self) { _ = try run() }
            }
        }
    }

    // MARK: Hostile input

    @Test func thresholdsOutsideTwoToNAreRejected() throws {
        typealias C = Ed25519Sha512
        let id = try Identifier<C>(1)
        for (t, n) in [(1, 3), (0, 3), (-1, 3), (4, 3), (2, 1), (2, 65536), (3, 2)] {
            #expect(throws: DKGError.invalidThreshold(minSigners: t, maxSigners: n)) {
                _ = try DKG<C>.part1(identifier: id, maxSigners: n, minSigners: t)
            }
        }
        #expect(throws: DKGError.wrongCount(what: "coefficients", expected: 2, actual: 1)) {
            _ = try DKG<C>.part1(identifier: id, maxSigners: 3, minSigners: 3, secret: .random(),
                                 coefficients: [.random()], proofNonce: .random())
        }
    }

    @Test(arguments: KeyGenSuite.allCases)
    func malformedRoundOnePackagesGiveTypedErrors(suite: KeyGenSuite) throws {
        switch suite {
        case .ed25519: try checkMalformedRound1(Ed25519Sha512.self)
        case .ristretto255: try checkMalformedRound1(Ristretto255Sha512.self)
        case .secp256k1: try checkMalformedRound1(Secp256k1Sha256.self)
        }
    }

    func checkMalformedRound1<C: Ciphersuite>(_ suite: C.Type) throws {
        let ids = try DKGHarness<C>.identifiers(4)
        var secrets: [Identifier<C>: DKG<C>.Round1SecretPackage] = [:]
        var round1: DKGHarness<C>.Round1 = [:]
        for id in ids { (secrets[id], round1[id]) = try DKG<C>.part1(identifier: id, maxSigners: 4, minSigners: 3) }
        let me = ids[0]
        let mine = try #require(secrets[me])
        let others = round1.filter { $0.key != me }
        let bad = ids[2]
        let honest = try #require(round1[bad])

        // A commitment one coefficient short or long (it would change the threshold).
        for coefficients in [Array(honest.commitment.coefficients.dropLast()),
                             honest.commitment.coefficients + [C.generator]] {
            var edited = others
            edited[bad] = DKG<C>.Round1Package(
                commitment: VerifiableSecretSharingCommitment(unchecked: coefficients),
                proofOfKnowledge: honest.proofOfKnowledge)
            #expect(throws: DKGError.wrongCommitmentLength(culprits: [bad.description], expected: 3)) {
                _ = try DKG<C>.part2(mine, round1Packages: edited)
            }
        }
        // An identity element in the commitment, whether built in memory or decoded.
        for index in 0..<3 {
            var coefficients = honest.commitment.coefficients
            coefficients[index] = C.identity
            var edited = others
            edited[bad] = DKG<C>.Round1Package(
                commitment: VerifiableSecretSharingCommitment(unchecked: coefficients),
                proofOfKnowledge: honest.proofOfKnowledge)
            #expect(throws: DKGError.identityCommitment(culprits: [bad.description])) {
                _ = try DKG<C>.part2(mine, round1Packages: edited)
            }
        }
        var encoded = honest.commitment.serialize()
        encoded[1] = C.identity.serialize()
        #expect(throws: DKGError.frost(.identityElement(what: "element"))) {
            _ = try DKG<C>.Round1Package(commitment: encoded, proofOfKnowledge: honest.proofOfKnowledge.serialize())
        }
        // A proof whose R is the identity.
        var edited = others
        edited[bad] = DKG<C>.Round1Package(
            commitment: honest.commitment, proofOfKnowledge: Signature(R: C.identity, z: honest.proofOfKnowledge.z))
        #expect(throws: DKGError.invalidProofOfKnowledge(culprits: [bad.description])) {
            _ = try DKG<C>.part2(mine, round1Packages: edited)
        }
        // The receiver's own identifier among the senders (a duplicate of itself), too few or too many packages.
        #expect(throws: DKGError.ownIdentifierReceived(me.description)) {
            _ = try DKG<C>.part2(mine, round1Packages: round1)
        }
        #expect(throws: DKGError.wrongCount(what: "round-1 packages", expected: 3, actual: 2)) {
            _ = try DKG<C>.part2(mine, round1Packages: others.filter { $0.key != bad })
        }
        var extra = others
        extra[try Identifier<C>(9)] = honest
        #expect(throws: DKGError.wrongCount(what: "round-1 packages", expected: 3, actual: 4)) {
            _ = try DKG<C>.part2(mine, round1Packages: extra)
        }
        // Decoding: a truncated proof, a non-canonical share.
        let signatureLength = C.elementLength + C.scalarLength
        #expect(throws: DKGError.frost(.wrongLength(what: "signature", expected: signatureLength,
                                                    actual: signatureLength - 1))) {
            _ = try DKG<C>.Round1Package(
                commitment: honest.commitment.serialize(),
                proofOfKnowledge: Array(honest.proofOfKnowledge.serialize().dropLast()))
        }
        #expect(throws: DKGError.self) {
            _ = try DKG<C>.Round2Package(deserializingSecret: [UInt8](repeating: 0xff, count: 32))
        }
    }

    @Test(arguments: KeyGenSuite.allCases)
    func mismatchedRoundTwoPackagesGiveTypedErrors(suite: KeyGenSuite) throws {
        switch suite {
        case .ed25519: try checkMismatchedRound2(Ed25519Sha512.self)
        case .ristretto255: try checkMismatchedRound2(Ristretto255Sha512.self)
        case .secp256k1: try checkMismatchedRound2(Secp256k1Sha256.self)
        }
    }

    func checkMismatchedRound2<C: Ciphersuite>(_ suite: C.Type) throws {
        let ids = try DKGHarness<C>.identifiers(3)
        var secrets1: [Identifier<C>: DKG<C>.Round1SecretPackage] = [:]
        var round1: DKGHarness<C>.Round1 = [:]
        for id in ids { (secrets1[id], round1[id]) = try DKG<C>.part1(identifier: id, maxSigners: 3, minSigners: 2) }
        var secrets2: [Identifier<C>: DKG<C>.Round2SecretPackage] = [:]
        var inbox: [Identifier<C>: [Identifier<C>: DKG<C>.Round2Package]] = [:]
        for id in ids {
            let (secret, outgoing) = try DKG<C>.part2(
                try #require(secrets1[id]), round1Packages: round1.filter { $0.key != id })
            secrets2[id] = secret
            for (to, package) in outgoing { inbox[to, default: [:]][id] = package }
        }
        let me = ids[0]
        let secret = try #require(secrets2[me])
        let others = round1.filter { $0.key != me }
        var received = try #require(inbox[me])

        let missing = received.removeValue(forKey: ids[2])
        #expect(throws: DKGError.missingPackage(from: ids[2].description)) {
            _ = try DKG<C>.part3(secret, round1Packages: others, round2Packages: received)
        }
        received[try Identifier<C>(8)] = missing
        #expect(throws: DKGError.unexpectedPackage(from: "8")) {
            _ = try DKG<C>.part3(secret, round1Packages: others, round2Packages: received)
        }
        received = try #require(inbox[me])
        received[me] = missing
        #expect(throws: DKGError.ownIdentifierReceived(me.description)) {
            _ = try DKG<C>.part3(secret, round1Packages: others, round2Packages: received)
        }
        // Shares swapped between senders: both are named.
        received = try #require(inbox[me])
        let (a, b) = (try #require(received[ids[1]]), try #require(received[ids[2]]))
        received[ids[1]] = b
        received[ids[2]] = a
        #expect(throws: DKGError.invalidSecretShare(culprits: [ids[1].description, ids[2].description])) {
            _ = try DKG<C>.part3(secret, round1Packages: others, round2Packages: received)
        }
        // Untouched, it succeeds.
        #expect(throws: Never.self) {
            _ = try DKG<C>.part3(secret, round1Packages: others, round2Packages: try #require(inbox[me]))
        }
    }

    @Test(arguments: KeyGenSuite.allCases)
    func cancellingConstantTermsGiveIdentityGroupKeyError(suite: KeyGenSuite) throws {
        switch suite {
        case .ed25519: try checkIdentityGroupKey(Ed25519Sha512.self)
        case .ristretto255: try checkIdentityGroupKey(Ristretto255Sha512.self)
        case .secp256k1: try checkIdentityGroupKey(Secp256k1Sha256.self)
        }
    }

    func checkIdentityGroupKey<C: Ciphersuite>(_ suite: C.Type) throws {
        // Participant 2 knows participant 1's constant term and picks its negation: both proofs are valid, the
        // shares are consistent, but the summed group key is the identity.
        let (one, two) = (try Identifier<C>(1), try Identifier<C>(2))
        let a10 = SigningKey<C>.random()
        var negated = a10.secret.withScalar { -$0 }
        let a20 = try SigningKey(SecretScalar(consuming: &negated))
        let first = try DKG<C>.part1(identifier: one, maxSigners: 2, minSigners: 2, secret: a10,
                                     coefficients: [.random()], proofNonce: .random())
        let second = try DKG<C>.part1(identifier: two, maxSigners: 2, minSigners: 2, secret: a20,
                                      coefficients: [.random()], proofNonce: .random())
        let (secret1, _) = try DKG<C>.part2(first.secretPackage, round1Packages: [two: second.package])
        let (_, toOne) = try DKG<C>.part2(second.secretPackage, round1Packages: [one: first.package])
        #expect(throws: DKGError.identityGroupKey) {
            _ = try DKG<C>.part3(secret1, round1Packages: [two: second.package],
                                 round2Packages: [two: try #require(toOne[one])])
        }
    }

    @Test func oversizedCommitmentIsRefusedBeforeDecoding() throws {
        typealias C = Ed25519Sha512
        let tooMany = [[UInt8]](repeating: [], count: DKG<C>.maxParticipants + 1)
        #expect(throws: DKGError.wrongCount(what: "coefficient commitments", expected: 65535, actual: 65536)) {
            _ = try DKG<C>.Round1Package(commitment: tooMany, proofOfKnowledge: [])
        }
        #expect(throws: DKGError.wrongCount(what: "coefficient commitments", expected: 1, actual: 0)) {
            _ = try DKG<C>.Round1Package(commitment: [], proofOfKnowledge: [])
        }
    }

    @Test func errorsDescribeThemselvesInOneSentence() {
        let errors: [DKGError] = [
            .invalidThreshold(minSigners: 3, maxSigners: 2), .wrongCount(what: "x", expected: 1, actual: 2),
            .ownIdentifierReceived("1"), .duplicateIdentifier("2"), .missingPackage(from: "3"),
            .unexpectedPackage(from: "4"), .wrongCommitmentLength(culprits: ["5"], expected: 2),
            .identityCommitment(culprits: ["6"]), .invalidProofOfKnowledge(culprits: ["7", "8"]),
            .invalidSecretShare(culprits: ["9"]), .identityGroupKey, .unknownParticipant("11"),
            .invalidRepairHelpers("why"),
            .missingMinSigners, .repairedShareMismatch(identifier: "10"), .frost(.zeroIdentifier),
        ]
        for error in errors {
            let text = error.description
            #expect(text.hasSuffix("."), "\(text)")
            #expect(text.filter { $0 == "\n" }.isEmpty)
        }
        #expect(DKGError.invalidProofOfKnowledge(culprits: ["7", "8"]).description.contains("7, 8"))
    }
}
