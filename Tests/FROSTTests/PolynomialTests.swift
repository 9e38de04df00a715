import FROST
import Testing

struct PolynomialTests {
    typealias C = Ed25519Sha512

    @Test func evaluationMatchesTheSumOfTerms() throws {
        var a0 = Scalar<C>(3), a1 = Scalar<C>(5), a2 = Scalar<C>(7)
        let polynomial = try SecretPolynomial(coefficients: [
            SecretScalar(consuming: &a0), SecretScalar(consuming: &a1), SecretScalar(consuming: &a2),
        ])
        // f(10) = 3 + 50 + 700.
        #expect(polynomial.evaluate(at: Scalar(10)).withScalar { $0 } == Scalar(753))
        #expect(!"\(polynomial)".contains("753"))
        #expect(throws: FROSTError.wrongCount(what: "coefficients", expected: 1, actual: 0)) {
            try SecretPolynomial<C>(coefficients: [])
        }
    }

    @Test func lagrangeCoefficientsInterpolateAtZero() throws {
        // For f(x) = 4 + 9x, f(0) = sum lambda_i f(x_i) over any two points.
        let ids = try [2, 5].map { try Identifier<C>(UInt64($0)) }
        let values = [Scalar<C>(4 + 9 * 2), Scalar<C>(4 + 9 * 5)]
        let sum = try (0..<2).reduce(Scalar<C>.zero) {
            $0 + (try lagrangeCoefficient(for: ids[$1], in: ids)) * values[$1]
        }
        #expect(sum == Scalar(4))
        #expect(throws: FROSTError.unknownParticipant(identifier: "3")) {
            try lagrangeCoefficient(for: Identifier<C>(3), in: ids)
        }
        #expect(throws: FROSTError.duplicateIdentifier("2")) {
            try lagrangeCoefficient(for: ids[0], in: ids + [ids[0]])
        }
    }
}
