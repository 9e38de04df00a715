/// The coordinator's side of FROST signing: checking signature shares and aggregating them (RFC 9591 §5.3, §5.4).
public enum Aggregator {
    /// RFC 9591 §5.3 aggregate, with identifiable abort: z = sum of z_i, signature (R, z). If the signature does not
    /// verify, every share is checked (§5.4) and `invalidSignatureShares` names EVERY signer whose share is invalid.
    ///
    /// Throws `missingSignatureShare` / `unknownParticipant` when the shares do not match the signer set,
    /// `tooFewSigners` below the threshold, `identityGroupCommitment`, or `invalidSignature` if the key material is
    /// inconsistent although each share verified.
    public static func aggregate<C>(signingPackage: SigningPackage<C>,
                                    signatureShares: [Identifier<C>: SignatureShare<C>],
                                    publicKeyPackage: PublicKeyPackage<C>) throws -> Signature<C> {
        let signers = signingPackage.signers
        if let minSigners = publicKeyPackage.minSigners, signers.count < minSigners {
            throw FROSTError.tooFewSigners(count: signers.count, minSigners: minSigners)
        }
        for signer in signers {
            guard signatureShares[signer] != nil else {
                throw FROSTError.missingSignatureShare(identifier: signer.description)
            }
            guard publicKeyPackage.verifyingShares[signer] != nil else {
                throw FROSTError.unknownParticipant(identifier: signer.description)
            }
        }
        for identifier in signatureShares.keys.sorted() where signingPackage.commitments(of: identifier) == nil {
            throw FROSTError.unknownParticipant(identifier: identifier.description)
        }
        let verifyingKey = publicKeyPackage.verifyingKey
        let bindingFactors = signingPackage.bindingFactors(verifyingKey: verifyingKey)
        let groupCommitment = try signingPackage.groupCommitment(bindingFactors: bindingFactors)
        var z = Scalar<C>.zero
        for signer in signers { z = z + (signatureShares[signer]?.share ?? .zero) }
        let signature = Signature(R: groupCommitment, z: z)
        if verifyingKey.verify(signature, message: signingPackage.message) { return signature }

        let challenge = signingPackage.challenge(groupCommitment: groupCommitment, verifyingKey: verifyingKey)
        var culprits: [Identifier<C>] = []
        for signer in signers {
            guard let share = signatureShares[signer], let verifyingShare = publicKeyPackage.verifyingShares[signer],
                let commitments = signingPackage.commitments(of: signer), let rho = bindingFactors[signer]
            else { continue }
            let lambda = try lagrangeCoefficient(for: signer, in: signers)
            if !shareIsValid(share, commitments: commitments, verifyingShare: verifyingShare, bindingFactor: rho,
                             lambda: lambda, challenge: challenge) {
                culprits.append(signer)
            }
        }
        guard culprits.isEmpty else { throw invalidShares(culprits) }
        throw FROSTError.invalidSignature
    }

    /// RFC 9591 §5.4 verify_signature_share for one signer: [z_i]B == D_i + [rho_i]E_i + [c lambda_i]PK_i.
    /// Throws `invalidSignatureShares` naming the signer, or `missingCommitment` / `unknownParticipant` /
    /// `identityGroupCommitment` when the share cannot be checked.
    public static func verifySignatureShare<C>(_ share: SignatureShare<C>, identifier: Identifier<C>,
                                               verifyingShare: VerifyingShare<C>,
                                               signingPackage: SigningPackage<C>,
                                               verifyingKey: VerifyingKey<C>) throws {
        guard let commitments = signingPackage.commitments(of: identifier) else {
            throw FROSTError.missingCommitment(identifier: identifier.description)
        }
        let bindingFactors = signingPackage.bindingFactors(verifyingKey: verifyingKey)
        let groupCommitment = try signingPackage.groupCommitment(bindingFactors: bindingFactors)
        let challenge = signingPackage.challenge(groupCommitment: groupCommitment, verifyingKey: verifyingKey)
        let lambda = try lagrangeCoefficient(for: identifier, in: signingPackage.signers)
        guard let rho = bindingFactors[identifier] else {
            throw FROSTError.missingCommitment(identifier: identifier.description)
        }
        guard shareIsValid(share, commitments: commitments, verifyingShare: verifyingShare, bindingFactor: rho,
                           lambda: lambda, challenge: challenge)
        else { throw invalidShares([identifier]) }
    }

    static func shareIsValid<C>(_ share: SignatureShare<C>, commitments: SigningCommitments<C>,
                                verifyingShare: VerifyingShare<C>, bindingFactor: Scalar<C>, lambda: Scalar<C>,
                                challenge: Scalar<C>) -> Bool {
        let commitmentShare = commitments.hiding + bindingFactor * commitments.binding
        let left = C.multiplyGenerator(by: share.share)
        let right = commitmentShare + (challenge * lambda) * verifyingShare.element
        return left == right
    }

    static func invalidShares<C>(_ culprits: [Identifier<C>]) -> FROSTError {
        .invalidSignatureShares(culprits: culprits.map(\.description),
                                serializedIdentifiers: culprits.map { $0.serialize() })
    }
}
