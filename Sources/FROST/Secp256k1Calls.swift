import CSecp256k1
import CSodium

// The libsecp256k1 and libsodium calls behind FROST(secp256k1, SHA-256) and BIP 445. All pointer code for secp256k1
// lives here; the suite and BIP 445 speak [UInt8]. Points travel as 33-byte compressed encodings (SEC 1 §2.3.3),
// and the point at infinity, which libsecp256k1 cannot hold in a `secp256k1_pubkey`, as 33 zero bytes (BIP 445's
// cbytes_ext). Every function here handles it explicitly before calling the library.

/// One libsecp256k1 context for the process, created and randomized (side-channel blinding of ecmult_gen) once.
/// After `secp256k1_context_randomize` the context is only read, which libsecp256k1 allows from any thread.
final class Secp256k1Context: @unchecked Sendable {
    let pointer: OpaquePointer

    static let shared = Secp256k1Context()

    private init() {
        // A context without precomputed tables cannot fail to allocate on a working system; there is no caller
        // that could act on the failure.
        guard let context = secp256k1_context_create(heliograph_secp256k1_context_none) else {
            preconditionFailure("secp256k1_context_create failed")
        }
        ensureSodium()
        var seed = [UInt8](repeating: 0, count: 32)
        randombytes_buf(&seed, 32)
        _ = secp256k1_context_randomize(context, seed)
        wipe(&seed)
        pointer = context
    }
}

/// Points of secp256k1 in compressed encoding, with 33 zero bytes for the point at infinity.
enum LibSecp256k1 {
    /// The point at infinity, as BIP 445's cbytes_ext writes it.
    static let infinity = [UInt8](repeating: 0, count: 33)

    /// The generator G (SEC 2 §2.4.1), compressed.
    static let generator: [UInt8] = [
        0x02, 0x79, 0xbe, 0x66, 0x7e, 0xf9, 0xdc, 0xbb, 0xac, 0x55, 0xa0, 0x62, 0x95, 0xce, 0x87, 0x0b, 0x07,
        0x02, 0x9b, 0xfc, 0xdb, 0x2d, 0xce, 0x28, 0xd9, 0x59, 0xf2, 0x81, 0x5b, 0x16, 0xf8, 0x17, 0x98,
    ]

    private static var context: OpaquePointer { Secp256k1Context.shared.pointer }

    /// Parses a 33-byte compressed encoding (prefix 02 or 03, x below p, on the curve); nil otherwise. The
    /// length and prefix are checked here because `secp256k1_ec_pubkey_parse` also takes 65-byte forms.
    static func parse(_ bytes: [UInt8]) -> secp256k1_pubkey? {
        guard bytes.count == 33, bytes[0] == 0x02 || bytes[0] == 0x03 else { return nil }
        var point = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(context, &point, bytes, 33) == 1 else { return nil }
        return point
    }

    static func serialize(_ point: secp256k1_pubkey) -> [UInt8] {
        var point = point
        var out = [UInt8](repeating: 0, count: 33)
        var length = 33
        _ = secp256k1_ec_pubkey_serialize(context, &out, &length, &point, heliograph_secp256k1_ec_compressed)
        return out
    }

    /// Whether the bytes are the compressed encoding of a point on the curve (not the point at infinity).
    static func isValidCompressed(_ bytes: [UInt8]) -> Bool { parse(bytes) != nil }

    /// The sum of the points; infinity when they cancel (`secp256k1_ec_pubkey_combine` returns 0 then).
    /// Inputs are valid compressed points or `infinity` (which contributes nothing).
    static func sum(_ points: [[UInt8]]) -> [UInt8] {
        let parsed = points.compactMap { $0 == infinity ? nil : parse($0) }
        guard !parsed.isEmpty else { return infinity }
        if parsed.count == 1 { return serialize(parsed[0]) }
        var result = secp256k1_pubkey()
        let combined: Int32 = withPointers(to: parsed) { pointers in
            guard let base = pointers.baseAddress else { return 0 }
            return secp256k1_ec_pubkey_combine(context, &result, base, pointers.count)
        }
        return combined == 1 ? serialize(result) : infinity
    }

    /// Lends `secp256k1_ec_pubkey_combine` an array of pointers to copies of the points.
    private static func withPointers<R>(to points: [secp256k1_pubkey],
                                        _ body: (UnsafeBufferPointer<UnsafePointer<secp256k1_pubkey>?>) -> R) -> R {
        let storage = UnsafeMutablePointer<secp256k1_pubkey>.allocate(capacity: points.count)
        storage.initialize(from: points, count: points.count)
        defer {
            storage.deinitialize(count: points.count)
            storage.deallocate()
        }
        let pointers = (0..<points.count).map { Optional(UnsafePointer(storage + $0)) }
        return pointers.withUnsafeBufferPointer(body)
    }

    /// -P; infinity stays infinity.
    static func negate(_ bytes: [UInt8]) -> [UInt8] {
        guard var point = parse(bytes) else { return infinity }
        _ = secp256k1_ec_pubkey_negate(context, &point)
        return serialize(point)
    }

    /// [k]P for a canonical 32-byte big-endian scalar k. `secp256k1_ec_pubkey_tweak_mul` refuses k = 0 (the product
    /// is infinity then). Its ladder is not constant time in libsecp256k1 0.2.0, so callers pass public scalars
    /// only (binding factors, challenges, Lagrange coefficients); secrets are multiplied with `multiplyGenerator`.
    static func multiply(_ bytes: [UInt8], by scalar: [UInt8]) -> [UInt8] {
        guard var point = parse(bytes), scalar.contains(where: { $0 != 0 }) else { return infinity }
        guard secp256k1_ec_pubkey_tweak_mul(context, &point, scalar) == 1 else { return infinity }
        return serialize(point)
    }

    /// [k]G, in constant time (`secp256k1_ec_pubkey_create`, which refuses k = 0: the product is infinity then).
    static func multiplyGenerator(by scalar: [UInt8]) -> [UInt8] {
        var point = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_create(context, &point, scalar) == 1 else { return infinity }
        return serialize(point)
    }

    /// SHA256(compressed [d]P) for a secret scalar d and a compressed point P (`secp256k1_ecdh` with its default
    /// hash, whose constant-time ladder is the reason secret multiplications of other points come here); nil when P
    /// is not a valid compressed point or d is zero or not below n. The 32-byte result is secret: the caller wipes it.
    static func ecdhSHA256(secretScalar: SecretBytes, point bytes: [UInt8]) -> [UInt8]? {
        guard var point = parse(bytes), secretScalar.count == 32 else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        let status = secretScalar.withUnsafeBytes { key -> Int32 in
            guard let base = key.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
            return secp256k1_ecdh(context, &out, &point, base, nil, nil)
        }
        guard status == 1 else { return nil }
        return out
    }

    /// BIP 340 Verify (`secp256k1_schnorrsig_verify`) of a 64-byte signature under a 32-byte x-only key.
    static func verifySchnorr(signature: [UInt8], message: [UInt8], xOnlyPublicKey: [UInt8]) -> Bool {
        guard signature.count == 64, xOnlyPublicKey.count == 32 else { return false }
        var key = secp256k1_xonly_pubkey()
        guard secp256k1_xonly_pubkey_parse(context, &key, xOnlyPublicKey) == 1 else { return false }
        return secp256k1_schnorrsig_verify(context, signature, message, message.count, &key) == 1
    }
}

/// SHA-256 over the concatenation of `parts` (libsodium's crypto_hash_sha256 multi-part API); the state is wiped by
/// crypto_hash_sha256_final.
func sodiumSHA256(_ parts: [[UInt8]]) -> [UInt8] {
    ensureSodium()
    var state = crypto_hash_sha256_state()
    crypto_hash_sha256_init(&state)
    for part in parts where !part.isEmpty {
        _ = part.withUnsafeBufferPointer { crypto_hash_sha256_update(&state, $0.baseAddress, UInt64($0.count)) }
    }
    var digest = [UInt8](repeating: 0, count: 32)
    crypto_hash_sha256_final(&state, &digest)
    return digest
}
