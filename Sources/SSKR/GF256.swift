/// Arithmetic in GF(2^8) with the AES reduction polynomial x^8 + x^4 + x^3 + x + 1 (0x11b), the field of
/// Shamir's secret sharing in SSKR (BCR-2020-011, as bc-shamir implements it).
///
/// Every operation runs in constant time: no branch and no table index depends on an operand, because the
/// operands are bytes of a seed or of its shares. (bc-shamir bit-slices for the same reason; a log/exp table would
/// leak the secret through the cache.)
enum GF256 {
    /// The product of two field elements: shift-and-add over the 8 bits of `b`, each step selected by a mask and
    /// reduced by a mask, never by a branch.
    @inline(__always)
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var a = a
        var b = b
        var product: UInt8 = 0
        for _ in 0..<8 {
            product ^= a & (0 &- (b & 1))
            let reduce = 0 &- (a >> 7)
            a = (a << 1) ^ (0x1b & reduce)
            b >>= 1
        }
        return product
    }

    /// The multiplicative inverse, a^254 by a fixed chain of squarings and products (0 maps to 0).
    static func inverse(_ a: UInt8) -> UInt8 {
        var power = a
        var result: UInt8 = 1
        for _ in 0..<7 {
            power = multiply(power, power)
            result = multiply(result, power)
        }
        return result
    }

    /// The value at `x` of the polynomial of degree < points.count through the points `(xs[i], ys[i])`, byte by
    /// byte (Lagrange form). The `xs` are public share indices and must be distinct; the `ys` are secret and are
    /// only ever multiplied, in constant time, by coefficients computed from the `xs`.
    static func interpolate(xs: [UInt8], ys: [[UInt8]], at x: UInt8) -> [UInt8] {
        let length = ys.first?.count ?? 0
        var result = [UInt8](repeating: 0, count: length)
        for i in xs.indices {
            var numerator: UInt8 = 1
            var denominator: UInt8 = 1
            for j in xs.indices where j != i {
                numerator = multiply(numerator, x ^ xs[j])
                denominator = multiply(denominator, xs[i] ^ xs[j])
            }
            let coefficient = multiply(numerator, inverse(denominator))
            ys[i].withUnsafeBufferPointer { y in
                for k in 0..<length { result[k] ^= multiply(coefficient, y[k]) }
            }
        }
        return result
    }
}
