import Testing

@testable import SSKR

struct GF256Tests {
    /// Schoolbook carry-less multiplication to a 15-bit product, then reduction by 0x11b bit by bit from the top: a
    /// different algorithm from the constant-time one under test.
    static func slowMultiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var product: UInt16 = 0
        for bit in 0..<8 where b >> bit & 1 == 1 { product ^= UInt16(a) << bit }
        for bit in stride(from: 14, through: 8, by: -1) where product >> bit & 1 == 1 {
            product ^= 0x11b << (bit - 8)
        }
        return UInt8(product)
    }

    @Test func everyProductMatchesTheSlowReference() {
        var mismatches = 0
        for a in 0...255 {
            for b in 0...255 where GF256.multiply(UInt8(a), UInt8(b)) != Self.slowMultiply(UInt8(a), UInt8(b)) {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
        // AES's worked example (FIPS 197 §4.2): {57} • {83} = {c1}.
        #expect(GF256.multiply(0x57, 0x83) == 0xc1)
    }

    @Test func everyNonzeroElementTimesItsInverseIsOne() {
        #expect((1...255).allSatisfy { GF256.multiply(UInt8($0), GF256.inverse(UInt8($0))) == 1 })
        #expect(GF256.inverse(0) == 0)
    }

    @Test func interpolationReproducesAPolynomialAtEveryPoint() {
        var generator = SystemRandomNumberGenerator()
        for degree in 0..<6 {
            let coefficients = (0...degree).map { _ in [UInt8.random(in: 0...255, using: &generator)] }
            func evaluate(_ x: UInt8) -> UInt8 {
                coefficients.reversed().reduce(0) { GF256.multiply($0, x) ^ $1[0] }
            }
            let xs = Array((0...255).map(UInt8.init).shuffled(using: &generator).prefix(degree + 1))
            let ys = xs.map { [evaluate($0)] }
            for x in [0, 1, 17, 254, 255] as [UInt8] {
                #expect(GF256.interpolate(xs: xs, ys: ys, at: x) == [evaluate(x)], "degree \(degree) at \(x)")
            }
        }
    }
}
