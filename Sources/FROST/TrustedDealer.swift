/// Trusted dealer key generation (RFC 9591 Appendix C): Shamir secret sharing of a group key with a Feldman VSS
/// commitment, for suite `C`.
public enum TrustedDealer<C: Ciphersuite> {
    /// The result of dealing: one secret share per participant, and the public key package.
    public typealias Dealt = (secretShares: [Identifier<C>: SecretShare<C>], publicKeyPackage: PublicKeyPackage<C>)

    /// RFC 9591 Appendix C, trusted_dealer_keygen: a random group key split t-of-n among participants 1...n.
    /// Throws `invalidThreshold` unless 2 <= minSigners <= maxSigners.
    public static func generateKeys(maxSigners: Int, minSigners: Int) throws -> Dealt {
        try split(signingKey: .random(), maxSigners: maxSigners, minSigners: minSigners)
    }

    /// Splits a given key t-of-n (RFC 9591 Appendix C.1, secret_share_shard). `identifiers` defaults to 1...n;
    /// `coefficients` (a_1 ... a_{t-1}) default to random and are given only to reproduce test vectors.
    public static func split(signingKey: SigningKey<C>, maxSigners: Int, minSigners: Int,
                             identifiers: [Identifier<C>]? = nil,
                             coefficients: [SecretScalar<C>]? = nil) throws -> Dealt {
        guard minSigners >= 2, minSigners <= maxSigners else {
            throw FROSTError.invalidThreshold(minSigners: minSigners, maxSigners: maxSigners)
        }
        let identifiers = try identifiers ?? (1...maxSigners).map { try Identifier<C>(UInt64($0)) }
        guard identifiers.count == maxSigners else {
            throw FROSTError.wrongCount(what: "identifiers", expected: maxSigners, actual: identifiers.count)
        }
        try [Identifier<C>].checkNoDuplicates(identifiers)
        let polynomial: SecretPolynomial<C>
        if let coefficients {
            guard coefficients.count == minSigners - 1 else {
                throw FROSTError.wrongCount(what: "coefficients", expected: minSigners - 1, actual: coefficients.count)
            }
            polynomial = try SecretPolynomial(coefficients: [signingKey.secret] + coefficients)
        } else {
            polynomial = try SecretPolynomial.random(constantTerm: signingKey.secret, minSigners: minSigners)
        }
        let commitment = polynomial.commitment()
        var shares: [Identifier<C>: SecretShare<C>] = [:]
        for identifier in identifiers {
            shares[identifier] = SecretShare(
                identifier: identifier, signingShare: SigningShare(polynomial.evaluate(at: identifier)),
                commitment: commitment)
        }
        return (shares, try PublicKeyPackage(commitment: commitment, identifiers: identifiers))
    }
}
