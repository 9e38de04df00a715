import CSodium

// The libsodium calls behind the two Curve25519 suites (Curve25519Ciphersuite.swift). All pointer code of the FROST
// target lives here; the suites above speak [UInt8]. Inputs are always 32-byte canonical values the suites have
// validated.

/// SHA-512 over the concatenation of `parts` (crypto_hash_sha512 multi-part API), so a prefixed hash input is never
/// copied into one buffer; the state is wiped by crypto_hash_sha512_final.
func sodiumSHA512(_ parts: [[UInt8]]) -> [UInt8] {
    ensureSodium()
    var state = crypto_hash_sha512_state()
    crypto_hash_sha512_init(&state)
    for part in parts where !part.isEmpty {
        _ = part.withUnsafeBufferPointer { crypto_hash_sha512_update(&state, $0.baseAddress, UInt64($0.count)) }
    }
    var digest = [UInt8](repeating: 0, count: 64)
    crypto_hash_sha512_final(&state, &digest)
    return digest
}

/// Scalar arithmetic modulo L = 2^252 + 27742317777372353535851937790883648493, shared by Ed25519 and ristretto255
/// (libsodium's crypto_core_ristretto255_scalar_* are the same functions as crypto_core_ed25519_scalar_*).
enum Sodium25519Scalar {
    /// L in little-endian order.
    static let order: [UInt8] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ]

    /// Whether a 32-byte little-endian value is below L: x - L borrows. Branch-free over the bytes.
    static func isCanonical(_ bytes: [UInt8]) -> Bool {
        var borrow: Int16 = 0
        for index in 0..<32 {
            let difference = Int16(bytes[index]) - Int16(order[index]) - borrow
            borrow = (difference >> 8) & 1
        }
        return borrow == 1
    }

    static func reduce(wide: [UInt8]) -> [UInt8] {
        ensureSodium()
        var out = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_reduce(&out, wide)
        return out
    }

    static func add(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_add(&out, a, b)
        return out
    }

    static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_sub(&out, a, b)
        return out
    }

    static func multiply(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_mul(&out, a, b)
        return out
    }

    static func negate(_ a: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_negate(&out, a)
        return out
    }

    /// nil for zero (crypto_core_ed25519_scalar_invert returns -1).
    static func invert(_ a: [UInt8]) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: 32)
        guard crypto_core_ed25519_scalar_invert(&out, a) == 0 else { return nil }
        return out
    }

    /// Uniform in [1, L) (crypto_core_ed25519_scalar_random never returns zero).
    static func random() -> [UInt8] {
        ensureSodium()
        var out = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_random(&out)
        return out
    }

    static func fromInteger(_ value: UInt64) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        for index in 0..<8 { out[index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
        return out
    }
}

/// Edwards25519 points in their compressed encoding (crypto_core_ed25519_*, crypto_scalarmult_ed25519_*_noclamp).
enum SodiumEd25519 {
    /// The identity (0, 1): y = 1, sign bit 0.
    static let identity: [UInt8] = [1] + [UInt8](repeating: 0, count: 31)
    /// The base point B (RFC 8032).
    static let generator: [UInt8] = [0x58] + [UInt8](repeating: 0x66, count: 31)

    /// crypto_core_ed25519_is_valid_point: canonical, on the curve, in the prime-order subgroup, not of small order
    /// (so the identity is rejected too).
    static func isValidPoint(_ bytes: [UInt8]) -> Bool {
        ensureSodium()
        return crypto_core_ed25519_is_valid_point(bytes) == 1
    }

    static func add(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        // Fails only for encodings off the curve, which an Element never holds.
        _ = crypto_core_ed25519_add(&out, a, b)
        return out
    }

    static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        _ = crypto_core_ed25519_sub(&out, a, b)
        return out
    }

    /// [k]P for P in the prime-order subgroup. libsodium refuses the identity as input and returns -1 when k is
    /// zero or the result is the identity; for k < L and P of prime order that is exactly the identity case.
    static func multiply(_ point: [UInt8], _ scalar: [UInt8]) -> [UInt8] {
        ensureSodium()
        if point == identity || scalar.allSatisfy({ $0 == 0 }) { return identity }
        var out = [UInt8](repeating: 0, count: 32)
        guard crypto_scalarmult_ed25519_noclamp(&out, scalar, point) == 0 else { return identity }
        return out
    }

    /// [k]B; the identity for k = 0 (libsodium returns -1 then).
    static func multiplyBase(_ scalar: [UInt8]) -> [UInt8] {
        ensureSodium()
        var out = [UInt8](repeating: 0, count: 32)
        guard crypto_scalarmult_ed25519_base_noclamp(&out, scalar) == 0 else { return identity }
        return out
    }
}

/// ristretto255 elements (crypto_core_ristretto255_*, crypto_scalarmult_ristretto255*).
enum SodiumRistretto255 {
    /// The identity encodes as 32 zero bytes.
    static let identity = [UInt8](repeating: 0, count: 32)
    /// The generator's encoding (RFC 9496 §4.4).
    static let generator: [UInt8] = [
        0xe2, 0xf2, 0xae, 0x0a, 0x6a, 0xbc, 0x4e, 0x71, 0xa8, 0x84, 0xa9, 0x61, 0xc5, 0x00, 0x51, 0x5f,
        0x58, 0xe3, 0x0b, 0x6a, 0xa5, 0x82, 0xdd, 0x8d, 0xb6, 0xa6, 0x59, 0x45, 0xe0, 0x8d, 0x2d, 0x76,
    ]

    /// crypto_core_ristretto255_is_valid_point: a canonical ristretto255 encoding (the identity included).
    /// libsodium 1.0.18 ignores the top bit of byte 31 (fixed in later releases), so it would accept a second,
    /// non-canonical encoding of every element, the identity's `00..00 80` among them; RFC 9496 §4.3.1 requires
    /// s < p, so the top bit must be clear.
    static func isValidEncoding(_ bytes: [UInt8]) -> Bool {
        ensureSodium()
        return bytes.count == 32 && bytes[31] & 0x80 == 0 && crypto_core_ristretto255_is_valid_point(bytes) == 1
    }

    static func add(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        _ = crypto_core_ristretto255_add(&out, a, b)
        return out
    }

    static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        _ = crypto_core_ristretto255_sub(&out, a, b)
        return out
    }

    /// [k]P; libsodium returns -1 when the result is the identity, which is what we then return.
    static func multiply(_ point: [UInt8], _ scalar: [UInt8]) -> [UInt8] {
        ensureSodium()
        var out = [UInt8](repeating: 0, count: 32)
        guard crypto_scalarmult_ristretto255(&out, scalar, point) == 0 else { return identity }
        return out
    }

    /// [k]B; the identity for k = 0.
    static func multiplyBase(_ scalar: [UInt8]) -> [UInt8] {
        ensureSodium()
        var out = [UInt8](repeating: 0, count: 32)
        guard crypto_scalarmult_ristretto255_base(&out, scalar) == 0 else { return identity }
        return out
    }
}
