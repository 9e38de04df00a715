/// Arithmetic modulo n, the order of the secp256k1 group (SEC 2 §2.4.1), for the values libsecp256k1 0.2.0 has no
/// public API for: zero, sums, products, inverses and reduction of wide hashes.
///
/// Values are four 64-bit limbs, least significant first, always below n. Every operation runs the same
/// instructions whatever the values: carries and borrows are computed with 128-bit arithmetic, and a conditional
/// subtraction of n is a mask selection, never a branch or a secret-dependent index. Inversion is Fermat's
/// a^(n-2) with a fixed window over the public exponent. The only branches and table indices depend on public data:
/// the exponent's nibbles, and the validity check of `isCanonical`, whose result is public by the time a caller
/// throws.
enum Secp256k1ScalarField {
    /// Four limbs, least significant first, on the stack.
    typealias Limbs = InlineArray<4, UInt64>
    /// Eight limbs: a product, or a 64-byte hash, before reduction.
    typealias Wide = InlineArray<8, UInt64>

    /// n = 0xFFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFE BAAEDCE6 AF48A03B BFD25E8C D0364141.
    static let order: Limbs = [0xBFD2_5E8C_D036_4141, 0xBAAE_DCE6_AF48_A03B, 0xFFFF_FFFF_FFFF_FFFE,
                               0xFFFF_FFFF_FFFF_FFFF]

    /// 2^256 - n (129 bits), so that 2^256 = c (mod n): the fold used by `reduce(_:)`.
    static let complement: Limbs = [0x402D_A173_2FC9_BEBF, 0x4551_2319_50B7_5FC4, 0x1, 0]

    /// n - 2, the exponent of Fermat inversion.
    static let orderMinusTwo: Limbs = [0xBFD2_5E8C_D036_413F, 0xBAAE_DCE6_AF48_A03B, 0xFFFF_FFFF_FFFF_FFFE,
                                       0xFFFF_FFFF_FFFF_FFFF]

    static let zero: Limbs = [0, 0, 0, 0]
    static let one: Limbs = [1, 0, 0, 0]

    // MARK: Encoding

    /// The limbs of a 32-byte big-endian value (any value below 2^256).
    static func limbs(bigEndian bytes: [UInt8]) -> Limbs {
        var limbs = zero
        for index in 0..<32 {
            limbs[3 - index / 8] |= UInt64(bytes[index]) << (8 * UInt64(7 - index % 8))
        }
        return limbs
    }

    /// The 32-byte big-endian encoding.
    static func bigEndianBytes(_ limbs: Limbs) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in 0..<32 {
            bytes[index] = UInt8(truncatingIfNeeded: limbs[3 - index / 8] >> (8 * UInt64(7 - index % 8)))
        }
        return bytes
    }

    /// Whether a 32-byte big-endian value is below n: value - n borrows.
    static func isCanonical(_ bytes: [UInt8]) -> Bool {
        subtract(limbs(bigEndian: bytes), order).borrow == 1
    }

    // MARK: Limb arithmetic

    /// a + b, with the carry out (0 or 1).
    static func add(_ a: Limbs, _ b: Limbs) -> (sum: Limbs, carry: UInt64) {
        var sum = zero
        var carry: UInt64 = 0
        for index in 0..<4 {
            let wide = UInt128(a[index]) + UInt128(b[index]) + UInt128(carry)
            sum[index] = UInt64(truncatingIfNeeded: wide)
            carry = UInt64(truncatingIfNeeded: wide >> 64)
        }
        return (sum, carry)
    }

    /// a - b, with the borrow out (0 or 1).
    static func subtract(_ a: Limbs, _ b: Limbs) -> (difference: Limbs, borrow: UInt64) {
        var difference = zero
        var borrow: UInt64 = 0
        for index in 0..<4 {
            let wide = UInt128(a[index]) &- UInt128(b[index]) &- UInt128(borrow)
            difference[index] = UInt64(truncatingIfNeeded: wide)
            borrow = UInt64(truncatingIfNeeded: wide >> 127)
        }
        return (difference, borrow)
    }

    /// `a` where mask is all ones, `b` where it is zero.
    static func select(_ mask: UInt64, _ a: Limbs, _ b: Limbs) -> Limbs {
        var out = zero
        for index in 0..<4 { out[index] = (a[index] & mask) | (b[index] & ~mask) }
        return out
    }

    /// a * b, all eight limbs (schoolbook, 128-bit partial products).
    static func multiplyWide(_ a: Limbs, _ b: Limbs) -> Wide {
        var result = Wide(repeating: 0)
        for i in 0..<4 {
            var carry: UInt64 = 0
            for j in 0..<4 {
                let wide = UInt128(a[i]) * UInt128(b[j]) + UInt128(result[i + j]) + UInt128(carry)
                result[i + j] = UInt64(truncatingIfNeeded: wide)
                carry = UInt64(truncatingIfNeeded: wide >> 64)
            }
            result[i + 4] = carry
        }
        return result
    }

    /// low + high * c for value = high * 2^256 + low, where `highLimbs` bounds the limbs of `high` that can be
    /// nonzero (a public property of the step, not of the value): the same value mod n, in fewer bits. c has three
    /// limbs, so the result fits in eight limbs for every value below 2^512.
    static func fold(_ value: Wide, highLimbs: Int) -> Wide {
        var product = Wide(repeating: 0)
        for i in 0..<highLimbs {
            var carry: UInt64 = 0
            for j in 0..<3 {
                let wide = UInt128(value[4 + i]) * UInt128(complement[j]) + UInt128(product[i + j]) + UInt128(carry)
                product[i + j] = UInt64(truncatingIfNeeded: wide)
                carry = UInt64(truncatingIfNeeded: wide >> 64)
            }
            product[i + 3] = carry
        }
        var result = Wide(repeating: 0)
        var carry: UInt64 = 0
        for index in 0..<8 {
            let wide = UInt128(index < 4 ? value[index] : 0) + UInt128(product[index]) + UInt128(carry)
            result[index] = UInt64(truncatingIfNeeded: wide)
            carry = UInt64(truncatingIfNeeded: wide >> 64)
        }
        return result
    }

    // MARK: Field operations (inputs below n, outputs below n)

    /// value + carry * 2^256 reduced by one conditional subtraction of n; valid for inputs below 2n.
    static func subtractOrderOnce(_ value: Limbs, carry: UInt64) -> Limbs {
        let (difference, borrow) = subtract(value, order)
        // Take the difference when the value overflowed 2^256 or did not borrow (value >= n).
        let mask = 0 &- ((carry | (borrow ^ 1)) & 1)
        return select(mask, difference, value)
    }

    /// a + b mod n.
    static func addMod(_ a: Limbs, _ b: Limbs) -> Limbs {
        let (sum, carry) = add(a, b)
        return subtractOrderOnce(sum, carry: carry)
    }

    /// a - b mod n.
    static func subtractMod(_ a: Limbs, _ b: Limbs) -> Limbs {
        let (difference, borrow) = subtract(a, b)
        return add(difference, select(0 &- borrow, order, zero)).sum
    }

    /// -a mod n (zero stays zero).
    static func negateMod(_ a: Limbs) -> Limbs { subtractMod(zero, a) }

    /// a * b mod n.
    static func multiplyMod(_ a: Limbs, _ b: Limbs) -> Limbs { reduce(multiplyWide(a, b)) }

    /// A value below 2^512 reduced mod n by folding three times: < 2^386 (high part: 4 limbs), then < 2^260
    /// (high part: 3 limbs), then < 2^256 + 2^133 < 2n (high part: 1 limb), and one conditional subtraction.
    static func reduce(_ value: Wide) -> Limbs {
        let folded = fold(fold(fold(value, highLimbs: 4), highLimbs: 3), highLimbs: 1)
        var low = zero
        for index in 0..<4 { low[index] = folded[index] }
        return subtractOrderOnce(low, carry: folded[4])
    }

    /// high * 2^256 + low reduced mod n (a 64-byte hash).
    static func reduce(high: Limbs, low: Limbs) -> Limbs {
        var value = Wide(repeating: 0)
        for index in 0..<4 {
            value[index] = low[index]
            value[4 + index] = high[index]
        }
        return reduce(value)
    }

    /// 1/a mod n as a^(n-2) (Fermat) with a fixed 4-bit window: a^0..a^15 are computed first, then for each of the
    /// exponent's 64 nibbles four squarings and one multiplication by the table entry the (public) nibble names.
    /// Zero maps to zero, which the caller refuses.
    static func invertMod(_ a: Limbs) -> Limbs {
        var powers = [Limbs](repeating: one, count: 16)
        for index in 1..<16 { powers[index] = multiplyMod(powers[index - 1], a) }
        var result = one
        for limb in (0..<4).reversed() {
            for nibble in (0..<16).reversed() {
                for _ in 0..<4 { result = multiplyMod(result, result) }
                result = multiplyMod(result, powers[Int((orderMinusTwo[limb] >> UInt64(4 * nibble)) & 0xf)])
            }
        }
        return result
    }

    /// 1/a mod n for a PUBLIC value, by the binary extended Euclidean algorithm: its branches and running time
    /// depend on `a`, so it is only for values everyone knows (the denominators of Lagrange coefficients, products
    /// of differences of signer identifiers), where it is about ten times faster than `invertMod`. Zero maps to
    /// zero, which the caller refuses.
    static func invertPublicMod(_ a: Limbs) -> Limbs {
        guard !isZero(a) else { return zero }
        // Invariants: x1·a ≡ u and x2·a ≡ v (mod n), with u, v > 0; n is odd, so halving mod n is exact.
        var u = a, v = order, x1 = one, x2 = zero
        func halve(_ value: inout Limbs, _ coefficient: inout Limbs) {
            while value[0] & 1 == 0 {
                value = shiftRightOne(value, carryIn: 0)
                if coefficient[0] & 1 == 0 {
                    coefficient = shiftRightOne(coefficient, carryIn: 0)
                } else {
                    let (sum, carry) = add(coefficient, order)
                    coefficient = shiftRightOne(sum, carryIn: carry)
                }
            }
        }
        func isOne(_ value: Limbs) -> Bool { value[0] == 1 && (value[1] | value[2] | value[3]) == 0 }
        while !isOne(u) && !isOne(v) {
            halve(&u, &x1)
            halve(&v, &x2)
            if subtract(u, v).borrow == 0 {
                u = subtract(u, v).difference
                x1 = subtractMod(x1, x2)
            } else {
                v = subtract(v, u).difference
                x2 = subtractMod(x2, x1)
            }
        }
        return isOne(u) ? x1 : x2
    }

    /// value >> 1, with `carryIn` (0 or 1) as the new top bit.
    static func shiftRightOne(_ value: Limbs, carryIn: UInt64) -> Limbs {
        var result = zero
        for index in 0..<4 {
            let high = index == 3 ? carryIn : value[index + 1]
            result[index] = value[index] >> 1 | high << 63
        }
        return result
    }

    /// Whether the value is zero, without a data-dependent branch.
    static func isZero(_ a: Limbs) -> Bool { (a[0] | a[1] | a[2] | a[3]) == 0 }
}
