/// A secret polynomial f(x) = a_0 + a_1 x + ... + a_{t-1} x^{t-1} over the scalar field (RFC 9591 Appendix C,
/// Shamir secret sharing; also each participant's polynomial in the DKG). The coefficients are secret scalars.
public struct SecretPolynomial<C: Ciphersuite>: Sendable, CustomStringConvertible {
    /// The coefficients, constant term first.
    public let coefficients: [SecretScalar<C>]

    /// A polynomial with the given coefficients (constant term first); throws if there are none.
    public init(coefficients: [SecretScalar<C>]) throws {
        guard !coefficients.isEmpty else { throw FROSTError.wrongCount(what: "coefficients", expected: 1, actual: 0) }
        self.coefficients = coefficients
    }

    /// A polynomial of degree `minSigners - 1` with the given constant term and random other coefficients.
    public static func random(constantTerm: SecretScalar<C>, minSigners: Int) throws -> SecretPolynomial<C> {
        guard minSigners >= 1 else { throw FROSTError.invalidThreshold(minSigners: minSigners, maxSigners: minSigners) }
        return try SecretPolynomial(coefficients: [constantTerm] + (1..<minSigners).map { _ in SecretScalar.random() })
    }

    /// f(x) by Horner's rule (RFC 9591 Appendix C.1, polynomial_evaluate); intermediate values are wiped.
    public func evaluate(at x: Scalar<C>) -> SecretScalar<C> {
        var value = Scalar<C>.zero
        for coefficient in coefficients.reversed() {
            var product = value * x
            value.zeroize()
            value = coefficient.withScalar { product + $0 }
            product.zeroize()
        }
        return SecretScalar(consuming: &value)
    }

    /// f(identifier): the share of that participant.
    public func evaluate(at identifier: Identifier<C>) -> SecretScalar<C> { evaluate(at: identifier.scalar) }

    /// The Feldman VSS commitment [a_0]B, [a_1]B, ... (RFC 9591 Appendix C.2, vss_commit).
    public func commitment() -> VerifiableSecretSharingCommitment<C> {
        VerifiableSecretSharingCommitment(unchecked: coefficients.map { $0.publicElement() })
    }

    /// The degree only; the coefficients print as `<redacted>`.
    public var description: String { "SecretPolynomial(degree \(coefficients.count - 1), <redacted>)" }
}

/// RFC 9591 §4.2, derive_interpolating_value: the Lagrange coefficient of `x` over the set `participants` at 0,
/// prod_{j != x} x_j / (x_j - x). Throws `unknownParticipant` if x is not in the set and `duplicateIdentifier` on
/// repeats.
public func lagrangeCoefficient<C>(for x: Identifier<C>, in participants: [Identifier<C>]) throws -> Scalar<C> {
    try [Identifier<C>].checkNoDuplicates(participants)
    guard participants.contains(x) else { throw FROSTError.unknownParticipant(identifier: x.description) }
    var numerator = Scalar<C>.one
    var denominator = Scalar<C>.one
    for xj in participants where xj != x {
        numerator = numerator * xj.scalar
        denominator = denominator * (xj.scalar - x.scalar)
    }
    // The identifiers are distinct and nonzero, so the denominator is nonzero.
    return numerator * (try denominator.inverse())
}
