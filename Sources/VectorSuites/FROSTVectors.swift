import FROST
import Foundation

extension VectorRegistry {
    /// The FROST families: signing (frost-a), key generation (frost-b) and BIP 445.
    static var frostFamilies: [VectorFamily] {
        frostSigningFamilies + frostKeyGenerationFamilies + bip445Families + chillDKGFamilies
    }

    /// RFC 9591 Appendix E and ZF frost signing, big-identifier and element vectors, for the three suites.
    static var frostSigningFamilies: [VectorFamily] {
        [
            signingFamily(Ed25519Sha512.self, name: "frost/rfc9591/ed25519",
                          path: "frost/rfc9591/frost-ed25519-sha512.json", publicKeyField: "group_public_key"),
            signingFamily(Ristretto255Sha512.self, name: "frost/rfc9591/ristretto255",
                          path: "frost/rfc9591/frost-ristretto255-sha512.json", publicKeyField: "group_public_key"),
            signingFamily(Ed25519Sha512.self, name: "frost/zf/ed25519/signing",
                          path: "frost/zf-frost/ed25519/vectors.json", publicKeyField: "verifying_key_key"),
            signingFamily(Ristretto255Sha512.self, name: "frost/zf/ristretto255/signing",
                          path: "frost/zf-frost/ristretto255/vectors.json", publicKeyField: "verifying_key_key"),
            signingFamily(Ed25519Sha512.self, name: "frost/zf/ed25519/big-identifier",
                          path: "frost/zf-frost/ed25519/vectors-big-identifier.json",
                          publicKeyField: "verifying_key_key"),
            signingFamily(Ristretto255Sha512.self, name: "frost/zf/ristretto255/big-identifier",
                          path: "frost/zf-frost/ristretto255/vectors-big-identifier.json",
                          publicKeyField: "verifying_key_key"),
            elementsFamily(Ed25519Sha512.self, name: "frost/zf/ed25519/elements",
                           path: "frost/zf-frost/ed25519/elements.json"),
            elementsFamily(Ristretto255Sha512.self, name: "frost/zf/ristretto255/elements",
                           path: "frost/zf-frost/ristretto255/elements.json"),
            signingFamily(Secp256k1Sha256.self, name: "frost/rfc9591/secp256k1",
                          path: "frost/rfc9591/frost-secp256k1-sha256.json", publicKeyField: "group_public_key"),
            signingFamily(Secp256k1Sha256.self, name: "frost/zf/secp256k1/signing",
                          path: "frost/zf-frost/secp256k1/vectors.json", publicKeyField: "verifying_key_key"),
            signingFamily(Secp256k1Sha256.self, name: "frost/zf/secp256k1/big-identifier",
                          path: "frost/zf-frost/secp256k1/vectors-big-identifier.json",
                          publicKeyField: "verifying_key_key"),
            elementsFamily(Secp256k1Sha256.self, name: "frost/zf/secp256k1/elements",
                           path: "frost/zf-frost/secp256k1/elements.json"),
        ]
    }

    private static func signingFamily<C: Ciphersuite>(_ suite: C.Type, name: String, path: String,
                                                      publicKeyField: String) -> VectorFamily {
        VectorFamily(name: name, relativePaths: [path]) { url in
            try FROSTSigningVector<C>(
                family: name, file: VectorJSON.decode(FROSTSigningVectorFile.self, from: url),
                publicKeyField: publicKeyField
            ).check()
        }
    }

    /// ZF elements.json: an encoding DeserializeElement must reject.
    private static func elementsFamily<C: Ciphersuite>(_ suite: C.Type, name: String, path: String) -> VectorFamily {
        VectorFamily(name: name, relativePaths: [path]) { url in
            // Keys as they are: they name the cases.
            let elements = try VectorJSON.decode(FROSTElementsFile.self, from: url, snakeCaseKeys: false).elements
            return try elements.keys.sorted().map { key in
                let text = elements[key] ?? ""
                let bytes = try VectorJSON.hex(text)
                let failure: String?
                do {
                    let element = try Element<C>(deserializing: bytes)
                    failure = "\(C.name) accepted the invalid element \(text) as \(element)"
                } catch is FROSTError {
                    failure = nil
                }
                return VectorOutcome(family: name, caseName: key, failure: failure)
            }
        }
    }
}

/// One RFC 9591 Appendix E / ZF signing vector, checked value by value: the group key, every share from the dealer's
/// polynomial, each signer's nonces and commitments from the given randomness, binding factor inputs and binding
/// factors, signature shares, and the final signature (which must also verify).
struct FROSTSigningVector<C: Ciphersuite> {
    let family: String
    let inputs: FROSTSigningVectorFile.Inputs
    let roundOne: [FROSTSigningVectorFile.RoundOneOutput]
    let roundTwo: [FROSTSigningVectorFile.RoundTwoOutput]
    let finalSignature: String
    /// The group key as the file names it: `group_public_key` (RFC 9591) or `verifying_key_key` (ZF).
    let groupKey: String

    init(family: String, file: FROSTSigningVectorFile, publicKeyField: String) throws {
        self.family = family
        inputs = file.inputs
        roundOne = file.roundOneOutputs.outputs
        roundTwo = file.roundTwoOutputs.outputs
        finalSignature = file.finalOutput.sig
        let key = publicKeyField == "group_public_key" ? inputs.groupPublicKey : inputs.verifyingKeyKey
        guard let key else { throw VectorJSON.Missing(what: publicKeyField) }
        groupKey = key
    }

    func identifier(_ value: Int) throws -> Identifier<C> {
        guard value > 0 else { throw VectorJSON.Missing(what: "a positive identifier") }
        return try Identifier(UInt64(value))
    }

    /// A case that passes when `body` returns no differences; a thrown error is the failure.
    func outcome(_ caseName: String, _ body: () throws -> [String]) -> VectorOutcome {
        do {
            let differences = try body()
            return VectorOutcome(family: family, caseName: caseName,
                                 failure: differences.isEmpty ? nil : differences.joined(separator: "; "))
        } catch {
            return VectorOutcome(family: family, caseName: caseName, failure: "threw: \(error)")
        }
    }

    func compare(_ what: String, _ actual: [UInt8], _ expected: [UInt8]) -> [String] {
        guard actual != expected else { return [] }
        return ["\(what) is \(VectorJSON.hexString(actual)), expected \(VectorJSON.hexString(expected))"]
    }

    func check() throws -> [VectorOutcome] {
        var outcomes: [VectorOutcome] = []
        var secretKeyBytes = try VectorJSON.hex(inputs.groupSecretKey)
        let signingKey = try SigningKey<C>(deserializingSecret: secretKeyBytes)
        VectorJSON.wipe(&secretKeyBytes)
        let verifyingKey = try VerifyingKey<C>(deserializing: VectorJSON.hex(groupKey))
        let message = try VectorJSON.hex(inputs.message)
        outcomes.append(outcome("group public key") {
            compare("group public key", signingKey.verifyingKey().serialize(), verifyingKey.serialize())
        })

        // Shares from the dealer's polynomial coefficients.
        let shareObjects = inputs.participantShares
        let coefficients = try inputs.sharePolynomialCoefficients.map {
            try SecretScalar<C>(deserializingSecret: VectorJSON.hex($0))
        }
        let shareIdentifiers = try shareObjects.map { try identifier($0.identifier) }
        var expectedShares: [Identifier<C>: [UInt8]] = [:]
        for object in shareObjects {
            expectedShares[try identifier(object.identifier)] = try VectorJSON.hex(object.participantShare)
        }
        let dealt = try TrustedDealer<C>.split(
            signingKey: signingKey, maxSigners: shareIdentifiers.count, minSigners: coefficients.count + 1,
            identifiers: shareIdentifiers, coefficients: coefficients)
        for id in shareIdentifiers {
            outcomes.append(outcome("participant \(id) share") {
                guard let share = dealt.secretShares[id], let expected = expectedShares[id] else {
                    return ["no share dealt"]
                }
                var actual = share.signingShare.serializeSecret()
                defer { VectorJSON.wipe(&actual) }
                _ = try share.verify()
                return compare("share", actual, expected)
            })
        }
        outcomes.append(outcome("dealer verifying key") {
            compare("verifying key", dealt.publicKeyPackage.verifyingKey.serialize(), verifyingKey.serialize())
        })

        // Round one: nonces and commitments from the given randomness, with each signer's given share.
        var nonces: [Identifier<C>: SigningNonces<C>] = [:]
        var commitments: [Identifier<C>: SigningCommitments<C>] = [:]
        for object in roundOne {
            let id = try identifier(object.identifier)
            outcomes.append(outcome("participant \(id) round one") {
                guard let shareBytes = expectedShares[id] else { return ["no participant share"] }
                let share = try SigningShare<C>(deserializingSecret: shareBytes)
                let generated = try SigningNonces(hidingRandomness: VectorJSON.hex(object.hidingNonceRandomness),
                                                  bindingRandomness: VectorJSON.hex(object.bindingNonceRandomness),
                                                  signingShare: share)
                nonces[id] = generated
                commitments[id] = try SigningCommitments(
                    deserializingHiding: VectorJSON.hex(object.hidingNonceCommitment),
                    binding: VectorJSON.hex(object.bindingNonceCommitment))
                var (hiding, binding) = generated.serializeSecret()
                defer {
                    VectorJSON.wipe(&hiding)
                    VectorJSON.wipe(&binding)
                }
                return try compare("hiding nonce", hiding, VectorJSON.hex(object.hidingNonce))
                    + compare("binding nonce", binding, VectorJSON.hex(object.bindingNonce))
                    + compare("hiding commitment", generated.commitments.hiding.serialize(),
                              VectorJSON.hex(object.hidingNonceCommitment))
                    + compare("binding commitment", generated.commitments.binding.serialize(),
                              VectorJSON.hex(object.bindingNonceCommitment))
            })
        }
        let signingPackage = try SigningPackage(commitments: commitments, message: message)
        let bindingFactors = signingPackage.bindingFactors(verifyingKey: verifyingKey)
        let signers = try inputs.participantList.map { try Identifier<C>(UInt64($0)) }
        outcomes.append(outcome("participant list") {
            signers == signingPackage.signers ? [] : ["signers \(signingPackage.signers), expected \(signers)"]
        })
        for object in roundOne {
            let id = try identifier(object.identifier)
            outcomes.append(outcome("participant \(id) binding factor") {
                try compare("binding factor input",
                            signingPackage.bindingFactorInput(for: id, verifyingKey: verifyingKey),
                            VectorJSON.hex(object.bindingFactorInput))
                    + compare(
                        "binding factor", bindingFactors[id]?.serialize() ?? [], VectorJSON.hex(object.bindingFactor))
            })
        }

        // Round two: signature shares from key packages built from the dealt shares.
        var shares: [Identifier<C>: SignatureShare<C>] = [:]
        for object in roundTwo {
            let id = try identifier(object.identifier)
            outcomes.append(outcome("participant \(id) signature share") {
                guard let secretShare = dealt.secretShares[id], let signerNonces = nonces[id] else {
                    return ["no share or nonces"]
                }
                let keyPackage = try KeyPackage(secretShare: secretShare)
                let share = try Round2.sign(signingPackage: signingPackage, nonces: signerNonces,
                                            keyPackage: keyPackage)
                shares[id] = share
                try Aggregator.verifySignatureShare(
                    share, identifier: id, verifyingShare: keyPackage.verifyingShare, signingPackage: signingPackage,
                    verifyingKey: verifyingKey)
                return try compare("signature share", share.serialize(), VectorJSON.hex(object.sigShare))
            })
        }
        outcomes.append(outcome("signature") {
            let signature = try Aggregator.aggregate(signingPackage: signingPackage, signatureShares: shares,
                                                     publicKeyPackage: dealt.publicKeyPackage)
            let expected = try VectorJSON.hex(finalSignature)
            let decoded = try Signature<C>(deserializing: expected)
            return compare("signature", signature.serialize(), expected)
                + (verifyingKey.verify(decoded, message: message) ? [] : ["the expected signature does not verify"])
        })
        return outcomes
    }
}

/// An RFC 9591 Appendix E or ZF frost signing vector file, field by field as the files spell them.
struct FROSTSigningVectorFile: Decodable {
    struct Inputs: Decodable {
        let groupSecretKey: String
        /// RFC 9591's name for the group key.
        let groupPublicKey: String?
        /// ZF's name for the group key.
        let verifyingKeyKey: String?
        let message: String
        let sharePolynomialCoefficients: [String]
        let participantShares: [ParticipantShare]
        let participantList: [Int]
    }

    struct ParticipantShare: Decodable {
        let identifier: Int
        let participantShare: String
    }

    struct RoundOneOutput: Decodable {
        let identifier: Int
        let hidingNonceRandomness: String
        let bindingNonceRandomness: String
        let hidingNonce: String
        let bindingNonce: String
        let hidingNonceCommitment: String
        let bindingNonceCommitment: String
        let bindingFactorInput: String
        let bindingFactor: String
    }

    struct RoundTwoOutput: Decodable {
        let identifier: Int
        let sigShare: String
    }

    struct Outputs<Output: Decodable>: Decodable {
        let outputs: [Output]
    }

    struct FinalOutput: Decodable {
        let sig: String
    }

    let inputs: Inputs
    let roundOneOutputs: Outputs<RoundOneOutput>
    let roundTwoOutputs: Outputs<RoundTwoOutput>
    let finalOutput: FinalOutput
}

/// ZF `elements.json`: encodings, by name, that DeserializeElement must reject.
struct FROSTElementsFile: Decodable {
    let elements: [String: String]
}

extension VectorJSON {
    /// Wipes a temporary that held secret bytes from a vector (vector secrets are public, but the habit is kept).
    static func wipe(_ bytes: inout [UInt8]) { FROST.wipe(&bytes) }
}
