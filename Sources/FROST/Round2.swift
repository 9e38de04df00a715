/// A signer's signature share z_i (RFC 9591 §5.2).
public struct SignatureShare<C: Ciphersuite>: Sendable, Hashable, CustomStringConvertible {
    /// z_i.
    public let share: Scalar<C>

    /// Wraps a scalar.
    public init(share: Scalar<C>) { self.share = share }

    /// DeserializeScalar; throws `wrongLength` or `nonCanonicalScalar`.
    public init(deserializing bytes: [UInt8]) throws { share = try Scalar(deserializing: bytes) }

    /// SerializeScalar(z_i).
    public func serialize() -> [UInt8] { share.serialize() }

    /// The share's SerializeScalar encoding in hex.
    public var description: String { "SignatureShare(\(hexString(share.serialize())))" }
}

/// Round two of FROST signing (RFC 9591 §5.2).
public enum Round2 {
    /// sign(): the signature share z_i = d_i + e_i rho_i + lambda_i s_i c.
    ///
    /// Before answering, the signer checks what RFC 9591 §5.2 asks: its own commitment is in the list under its
    /// identifier and equals its nonces' commitments (`missingCommitment`, `commitmentMismatch`); there are at least
    /// t signers (`tooFewSigners`). The list's order and uniqueness, and every element's validity, hold by
    /// construction of `SigningPackage` and `Element`. Throws `identityGroupCommitment` in the negligible case.
    public static func sign<C>(signingPackage: SigningPackage<C>, nonces: SigningNonces<C>,
                               keyPackage: KeyPackage<C>) throws -> SignatureShare<C> {
        let me = keyPackage.identifier
        guard let mine = signingPackage.commitments(of: me) else {
            throw FROSTError.missingCommitment(identifier: me.description)
        }
        guard mine == nonces.commitments else { throw FROSTError.commitmentMismatch(identifier: me.description) }
        let signers = signingPackage.signers
        guard signers.count >= keyPackage.minSigners else {
            throw FROSTError.tooFewSigners(count: signers.count, minSigners: keyPackage.minSigners)
        }
        let bindingFactors = signingPackage.bindingFactors(verifyingKey: keyPackage.verifyingKey)
        let groupCommitment = try signingPackage.groupCommitment(bindingFactors: bindingFactors)
        let challenge = signingPackage.challenge(groupCommitment: groupCommitment,
                                                 verifyingKey: keyPackage.verifyingKey)
        let lambda = try lagrangeCoefficient(for: me, in: signers)
        guard let rho = bindingFactors[me] else { throw FROSTError.missingCommitment(identifier: me.description) }
        return SignatureShare(share: computeShare(nonces: nonces, bindingFactor: rho, lambda: lambda,
                                                  signingShare: keyPackage.signingShare, challenge: challenge))
    }

    /// z_i = d_i + (e_i * rho_i) + (lambda_i * s_i * c), wiping every secret-derived temporary.
    static func computeShare<C>(nonces: SigningNonces<C>, bindingFactor: Scalar<C>, lambda: Scalar<C>,
                                signingShare: SigningShare<C>, challenge: Scalar<C>) -> Scalar<C> {
        var bound = nonces.binding.withScalar { $0 * bindingFactor }
        var keyed = signingShare.secret.withScalar { share in
            var weighted = lambda * share
            defer { weighted.zeroize() }
            return weighted * challenge
        }
        var nonceSum = nonces.hiding.withScalar { $0 + bound }
        defer {
            bound.zeroize()
            keyed.zeroize()
            nonceSum.zeroize()
        }
        return nonceSum + keyed
    }
}
