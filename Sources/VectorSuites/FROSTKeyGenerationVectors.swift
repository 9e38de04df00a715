import FROST
import Foundation

extension VectorRegistry {
    /// ZF frost-core key generation vectors for the three suites: the 2-of-3 Pedersen DKG (`vectors_dkg.json`) and the
    /// repairable threshold scheme (`repair-share.json`).
    static var frostKeyGenerationFamilies: [VectorFamily] {
        [
            FROSTKeyGenerationVectors<Ed25519Sha512>.dkgFamily(folder: "ed25519"),
            FROSTKeyGenerationVectors<Ristretto255Sha512>.dkgFamily(folder: "ristretto255"),
            FROSTKeyGenerationVectors<Ed25519Sha512>.repairFamily(folder: "ed25519"),
            FROSTKeyGenerationVectors<Ristretto255Sha512>.repairFamily(folder: "ristretto255"),
            FROSTKeyGenerationVectors<Secp256k1Sha256>.dkgFamily(folder: "secp256k1"),
            FROSTKeyGenerationVectors<Secp256k1Sha256>.repairFamily(folder: "secp256k1"),
        ]
    }
}

/// The checkers for one suite's key generation vectors. Which suite a file belongs to comes from its folder
/// (ZF's ristretto255 `vectors_dkg.json` mislabels its config as Ed25519).
enum FROSTKeyGenerationVectors<C: Ciphersuite> {
    /// One participant of `vectors_dkg.json`, as ZF's `parse_test_vectors_dkg` reads it.
    struct Participant {
        let label: String
        let identifier: Identifier<C>
        let signingKey: [UInt8]
        let coefficient: [UInt8]
        let commitment: [[UInt8]]
        let proofOfKnowledge: [UInt8]
        /// The round-2 shares this participant RECEIVES, by sender label.
        let receivedShares: [String: [UInt8]]
        let verifyingShare: [UInt8]
        let signingShare: [UInt8]
    }

    struct DKGFile {
        let minSigners: Int
        let maxSigners: Int
        let verifyingKey: [UInt8]
        let participants: [Participant]
    }

    static func dkgFamily(folder: String) -> VectorFamily {
        let name = "frost/zf/\(folder)/dkg"
        return VectorFamily(name: name, relativePaths: ["frost/zf-frost/\(folder)/vectors_dkg.json"]) { url in
            let file = try loadDKG(url)
            return file.participants.flatMap { participant in
                checkParticipant(participant, in: file).map {
                    VectorOutcome(family: name, caseName: $0.caseName, failure: $0.failure)
                }
            }
        }
    }

    static func repairFamily(folder: String) -> VectorFamily {
        let name = "frost/zf/\(folder)/repair-share"
        return VectorFamily(name: name, relativePaths: ["frost/zf-frost/\(folder)/repair-share.json"]) { url in
            try checkRepair(url).map { VectorOutcome(family: name, caseName: $0.caseName, failure: $0.failure) }
        }
    }

    // MARK: vectors_dkg.json

    static func loadDKG(_ url: URL) throws -> DKGFile {
        // Keys as the file spells them: participants are keyed by their labels "1" ... "n".
        let vector = try VectorJSON.decode(FROSTDKGVectorFile.self, from: url, snakeCaseKeys: false)
        let (maxSigners, minSigners) = (vector.config.maxParticipants, vector.config.minParticipants)
        let verifyingKey = vector.inputs.verifyingKey
        guard (1...64).contains(maxSigners) else { throw VectorJSON.Missing(what: "MAX_PARTICIPANTS in 1...64") }
        var participants: [Participant] = []
        for index in 1...maxSigners {
            let label = String(index)
            guard let entry = vector.inputs.participants[label], entry.identifier > 0 else {
                throw VectorJSON.Missing(what: "participant \(label)")
            }
            participants.append(
                Participant(
                    label: label, identifier: try Identifier(UInt64(entry.identifier)),
                    signingKey: try VectorJSON.hex(entry.signingKey),
                    coefficient: try VectorJSON.hex(entry.coefficient),
                    commitment: try entry.vssCommitments.map(VectorJSON.hex),
                    proofOfKnowledge: try VectorJSON.hex(entry.proofOfKnowledge),
                    receivedShares: try entry.signingShares.mapValues(VectorJSON.hex),
                    verifyingShare: try VectorJSON.hex(entry.verifyingShare),
                    signingShare: try VectorJSON.hex(entry.signingShare)))
        }
        return DKGFile(
            minSigners: minSigners, maxSigners: maxSigners, verifyingKey: try VectorJSON.hex(verifyingKey),
            participants: participants)
    }

    typealias Outcome = (caseName: String, failure: String?)

    /// Three cases per participant, one per DKG part, each comparing every value the vector gives.
    static func checkParticipant(_ me: Participant, in file: DKGFile) -> [Outcome] {
        let others = file.participants.filter { $0.label != me.label }
        var outcomes: [Outcome] = []

        // Part 1: the commitment from (signing_key, coefficient), and the vector's proof of knowledge.
        let part1Case = "participant \(me.label) part1 (commitment, proof of knowledge)"
        let secretPackage: DKG<C>.Round1SecretPackage
        do {
            let (secret, package) = try DKG<C>.part1(
                identifier: me.identifier, maxSigners: file.maxSigners, minSigners: file.minSigners,
                secret: SigningKey(deserializingSecret: me.signingKey),
                coefficients: [SecretScalar(deserializingSecret: me.coefficient)], proofNonce: .random())
            secretPackage = secret
            var failures: [String] = []
            let computed = package.commitment.serialize()
            if computed != me.commitment {
                failures.append("vss_commitments: computed \(computed.map(VectorJSON.hexString)), "
                    + "expected \(me.commitment.map(VectorJSON.hexString))")
            }
            let vectorPackage = try DKG<C>.Round1Package(
                commitment: me.commitment, proofOfKnowledge: me.proofOfKnowledge)
            if !DKG<C>.verifyProofOfKnowledge(
                identifier: me.identifier, commitment: vectorPackage.commitment,
                proof: vectorPackage.proofOfKnowledge)
            {
                failures.append("proof_of_knowledge does not verify against challenge HDKG(id || phi_0 || R)")
            }
            if !DKG<C>.verifyProofOfKnowledge(
                identifier: me.identifier, commitment: package.commitment, proof: package.proofOfKnowledge)
            {
                failures.append("the freshly computed proof of knowledge does not verify")
            }
            outcomes.append((part1Case, failures.isEmpty ? nil : failures.joined(separator: "; ")))
        } catch {
            return [(part1Case, "threw \(error)")]
        }

        // Part 2: the other participants' packages verify; the share sent to j is what j lists as received from me.
        let part2Case = "participant \(me.label) part2 (signing_shares sent)"
        let round1Packages: [Identifier<C>: DKG<C>.Round1Package]
        let round2Secret: DKG<C>.Round2SecretPackage
        do {
            var packages: [Identifier<C>: DKG<C>.Round1Package] = [:]
            for other in others {
                packages[other.identifier] = try DKG<C>.Round1Package(
                    commitment: other.commitment, proofOfKnowledge: other.proofOfKnowledge)
            }
            round1Packages = packages
            let (secret, sent) = try DKG<C>.part2(secretPackage, round1Packages: packages)
            round2Secret = secret
            var failures: [String] = []
            for other in others {
                guard let expected = other.receivedShares[me.label] else {
                    failures.append("participant \(other.label) lists no share from \(me.label)")
                    continue
                }
                var computed = sent[other.identifier]?.signingShare.serializeSecret() ?? []
                if computed != expected { failures.append("share for participant \(other.label) differs") }
                wipe(&computed)
            }
            outcomes.append((part2Case, failures.isEmpty ? nil : failures.joined(separator: "; ")))
        } catch {
            outcomes.append((part2Case, "threw \(error)"))
            return outcomes
        }

        // Part 3: from the received shares, the signing share, verifying shares and group key.
        let part3Case = "participant \(me.label) part3 (signing_share, verifying shares, verifying_key)"
        do {
            var received: [Identifier<C>: DKG<C>.Round2Package] = [:]
            for other in others {
                guard let bytes = me.receivedShares[other.label] else {
                    throw VectorJSON.Missing(what: "participant \(me.label) signing_shares[\(other.label)]")
                }
                received[other.identifier] = try DKG<C>.Round2Package(deserializingSecret: bytes)
            }
            let (keyPackage, publicKeyPackage) = try DKG<C>.part3(
                round2Secret, round1Packages: round1Packages, round2Packages: received)
            var failures: [String] = []
            var share = keyPackage.signingShare.serializeSecret()
            if share != me.signingShare { failures.append("signing_share differs") }
            wipe(&share)
            if keyPackage.verifyingShare.serialize() != me.verifyingShare {
                let computed = VectorJSON.hexString(keyPackage.verifyingShare.serialize())
                failures.append("verifying_share: computed \(computed)")
            }
            if keyPackage.verifyingKey.serialize() != file.verifyingKey {
                failures.append("verifying_key: computed \(VectorJSON.hexString(keyPackage.verifyingKey.serialize()))")
            }
            if publicKeyPackage.verifyingKey != keyPackage.verifyingKey {
                failures.append("public key package and key package disagree on the group key")
            }
            if keyPackage.identifier != me.identifier { failures.append("identifier differs") }
            if keyPackage.minSigners != file.minSigners || publicKeyPackage.minSigners != file.minSigners {
                failures.append("min signers differs")
            }
            if publicKeyPackage.verifyingShares.count != file.maxSigners {
                failures.append("public key package has \(publicKeyPackage.verifyingShares.count) verifying shares")
            }
            for participant in file.participants
            where publicKeyPackage.verifyingShares[participant.identifier]?.serialize() != participant.verifyingShare {
                failures.append("verifying share of participant \(participant.label) in the public key package differs")
            }
            outcomes.append((part3Case, failures.isEmpty ? nil : failures.joined(separator: "; ")))
        } catch {
            outcomes.append((part3Case, "threw \(error)"))
        }
        return outcomes
    }

    // MARK: repair-share.json

    /// ZF's `check_repair_share_part2` and `check_repair_share_part3`, plus a full repair of participant 2 of the
    /// sibling `vectors_dkg.json` by helpers 1 and 3 using the file's random scalars as the helpers' random deltas.
    static func checkRepair(_ url: URL) throws -> [Outcome] {
        let vector = try VectorJSON.decode(FROSTRepairVectorFile.self, from: url, snakeCaseKeys: false)
        let (generation, sigmaGeneration) = (vector.scalarGeneration, vector.sigmaGeneration)
        func scalar(_ table: [String: String], _ key: String) throws -> SecretScalar<C> {
            guard let text = table[key] else { throw VectorJSON.Missing(what: key) }
            var bytes = try VectorJSON.hex(text)
            defer { wipe(&bytes) }
            return try SecretScalar(deserializingSecret: bytes)
        }
        var outcomes: [Outcome] = []

        let step2Case = "step 2: sigma = random_scalar_1 + random_scalar_2 + random_scalar_3"
        do {
            let deltas = try (1...3).map { RepairShare<C>.Delta(try scalar(generation, "random_scalar_\($0)")) }
            let sigma = RepairShare<C>.part2(deltas: deltas)
            let expected = try scalar(generation, "random_scalar_sum")
            outcomes.append((step2Case, sigma.value.constantTimeEquals(expected) ? nil : "sigma differs"))
        } catch {
            outcomes.append((step2Case, "threw \(error)"))
        }

        let step3Case = "step 3: share = sigma_1 + sigma_2 + sigma_3 + sigma_4"
        do {
            let sigmas = try (1...4).map { RepairShare<C>.Sigma(try scalar(sigmaGeneration, "sigma_\($0)")) }
            let share = RepairShare<C>.recoverSigningShare(sigmas: sigmas)
            let expected = try scalar(sigmaGeneration, "sigma_sum")
            outcomes.append((step3Case, share.secret.constantTimeEquals(expected) ? nil : "repaired share differs"))
        } catch {
            outcomes.append((step3Case, "threw \(error)"))
        }

        let fullCase = "steps 1-3: repair participant 2 of vectors_dkg.json with helpers 1 and 3"
        do {
            let dkgURL = url.deletingLastPathComponent().appendingPathComponent("vectors_dkg.json")
            outcomes.append((fullCase, try repairFromDKGVector(dkgURL, randomValues: [
                try scalar(generation, "random_scalar_1"), try scalar(generation, "random_scalar_2"),
            ])))
        } catch {
            outcomes.append((fullCase, "threw \(error)"))
        }
        return outcomes
    }

    /// Helpers 1 and 3 of the DKG vector rebuild participant 2's key package; nil when it matches the vector.
    static func repairFromDKGVector(_ url: URL, randomValues: [SecretScalar<C>]) throws -> String? {
        let file = try loadDKG(url)
        guard file.participants.count == 3 else { return "vectors_dkg.json does not have 3 participants" }
        let (one, lost, three) = (file.participants[0], file.participants[1], file.participants[2])
        var verifyingShares: [Identifier<C>: VerifyingShare<C>] = [:]
        for participant in file.participants {
            verifyingShares[participant.identifier] = try VerifyingShare(deserializing: participant.verifyingShare)
        }
        let verifyingKey = try VerifyingKey<C>(deserializing: file.verifyingKey)
        let publicKeyPackage = PublicKeyPackage(
            verifyingShares: verifyingShares, verifyingKey: verifyingKey, minSigners: file.minSigners)
        func keyPackage(_ participant: Participant) throws -> KeyPackage<C> {
            let share = try SigningShare<C>(deserializingSecret: participant.signingShare)
            return try KeyPackage(
                identifier: participant.identifier, signingShare: share,
                verifyingShare: try VerifyingShare(deserializing: participant.verifyingShare),
                verifyingKey: verifyingKey, minSigners: file.minSigners)
        }
        let helpers = [one.identifier, three.identifier]
        let fromOne = try RepairShare<C>.part1(
            helpers: helpers, keyPackage: try keyPackage(one), participant: lost.identifier,
            randomValues: [randomValues[0]])
        let fromThree = try RepairShare<C>.part1(
            helpers: helpers, keyPackage: try keyPackage(three), participant: lost.identifier,
            randomValues: [randomValues[1]])
        let sigmas = try helpers.map { helper -> RepairShare<C>.Sigma in
            guard let a = fromOne[helper], let b = fromThree[helper] else {
                throw VectorJSON.Missing(what: "delta for helper \(helper)")
            }
            return RepairShare<C>.part2(deltas: [a, b])
        }
        let repaired = try RepairShare<C>.part3(
            sigmas: sigmas, identifier: lost.identifier, publicKeyPackage: publicKeyPackage)
        let expected = try SecretScalar<C>(deserializingSecret: lost.signingShare)
        guard repaired.signingShare.secret.constantTimeEquals(expected) else {
            return "repaired signing share differs from participant 2's signing_share"
        }
        guard repaired.verifyingKey == verifyingKey else { return "repaired key package has another group key" }
        return nil
    }
}

/// ZF `vectors_dkg.json`, field by field as ZF's `parse_test_vectors_dkg` reads it.
struct FROSTDKGVectorFile: Decodable {
    struct Config: Decodable {
        let maxParticipants: Int
        let minParticipants: Int

        enum CodingKeys: String, CodingKey {
            case maxParticipants = "MAX_PARTICIPANTS"
            case minParticipants = "MIN_PARTICIPANTS"
        }
    }

    /// One participant's secrets, commitments, proof and shares.
    struct Participant: Decodable {
        let identifier: Int
        let signingKey: String
        let coefficient: String
        let vssCommitments: [String]
        let proofOfKnowledge: String
        /// The round-2 shares this participant RECEIVES, by sender label.
        let signingShares: [String: String]
        let verifyingShare: String
        let signingShare: String

        enum CodingKeys: String, CodingKey {
            case identifier, coefficient
            case signingKey = "signing_key"
            case vssCommitments = "vss_commitments"
            case proofOfKnowledge = "proof_of_knowledge"
            case signingShares = "signing_shares"
            case verifyingShare = "verifying_share"
            case signingShare = "signing_share"
        }
    }

    /// The group key, and the participants under their labels "1" ... "n" beside it in the same object.
    struct Inputs: Decodable {
        let verifyingKey: String
        let participants: [String: Participant]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            verifyingKey = try container.decode(String.self, forKey: AnyKey("verifying_key"))
            var participants: [String: Participant] = [:]
            for key in container.allKeys where Int(key.stringValue) != nil {
                participants[key.stringValue] = try container.decode(Participant.self, forKey: key)
            }
            self.participants = participants
        }
    }

    let config: Config
    let inputs: Inputs
}

/// ZF `repair-share.json`: the helpers' random scalars and their sum, and four sigmas and theirs.
struct FROSTRepairVectorFile: Decodable {
    let scalarGeneration: [String: String]
    let sigmaGeneration: [String: String]

    enum CodingKeys: String, CodingKey {
        case scalarGeneration = "scalar_generation"
        case sigmaGeneration = "sigma_generation"
    }
}
