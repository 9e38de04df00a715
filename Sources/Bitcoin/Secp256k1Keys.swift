import CSecp256k1

// The libsecp256k1 calls of the Bitcoin layer: parsing points, BIP 32 public tweaks, BIP 341 output keys and BIP 340
// verification. All pointer code for them lives here; everything above speaks [UInt8].

/// One verification-only libsecp256k1 context for the process. After creation it is only read, which
/// libsecp256k1 allows from any thread; no secret ever reaches it.
private final class VerifyContext: @unchecked Sendable {
    let pointer: OpaquePointer

    static let shared = VerifyContext()

    private init() {
        // A context without precomputed tables cannot fail to allocate on a working system; there is no caller
        // that could act on the failure.
        guard let context = secp256k1_context_create(heliograph_secp256k1_context_none) else {
            preconditionFailure("secp256k1_context_create failed")
        }
        pointer = context
    }
}

/// Public-key arithmetic on secp256k1 for wallets: every input is public.
public enum Secp256k1Keys {
    private static var context: OpaquePointer { VerifyContext.shared.pointer }

    private static func parse(_ compressed: [UInt8]) -> secp256k1_pubkey? {
        guard compressed.count == 33, compressed[0] == 0x02 || compressed[0] == 0x03 else { return nil }
        var point = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(context, &point, compressed, 33) == 1 else { return nil }
        return point
    }

    private static func serialize(_ point: secp256k1_pubkey) -> [UInt8] {
        var point = point
        var out = [UInt8](repeating: 0, count: 33)
        var length = 33
        _ = secp256k1_ec_pubkey_serialize(context, &out, &length, &point, heliograph_secp256k1_ec_compressed)
        return out
    }

    /// Whether `bytes` is a 33-byte compressed encoding of a point on the curve (SEC 1 §2.3.3).
    public static func isValidCompressed(_ bytes: [UInt8]) -> Bool { parse(bytes) != nil }

    /// Whether `bytes` is the 32-byte x coordinate of a point on the curve (BIP 340 lift_x succeeds).
    public static func isValidXOnly(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 32 else { return false }
        var point = secp256k1_xonly_pubkey()
        return secp256k1_xonly_pubkey_parse(context, &point, bytes) == 1
    }

    /// point + tweak·G in compressed form; nil when the point or tweak is invalid (tweak ≥ n) or the sum is
    /// infinity. BIP 32 CKDpub's K_i = point(I_L) + K_par.
    public static func addingTweak(_ tweak: [UInt8], to compressed: [UInt8]) -> [UInt8]? {
        guard tweak.count == 32, var point = parse(compressed) else { return nil }
        guard secp256k1_ec_pubkey_tweak_add(context, &point, tweak) == 1 else { return nil }
        return serialize(point)
    }

    /// BIP 341 taproot_tweak_pubkey: the x-only output key lift_x(internal) + tweak·G and its y parity (1 when
    /// odd); nil when the internal key is not on the curve or the tweak is out of range.
    public static func taprootOutputKey(internalKey xOnly: [UInt8], tweak: [UInt8]) -> (xOnly: [UInt8], parity: Int)? {
        guard xOnly.count == 32, tweak.count == 32 else { return nil }
        var internalPoint = secp256k1_xonly_pubkey()
        guard secp256k1_xonly_pubkey_parse(context, &internalPoint, xOnly) == 1 else { return nil }
        var output = secp256k1_pubkey()
        guard secp256k1_xonly_pubkey_tweak_add(context, &output, &internalPoint, tweak) == 1 else { return nil }
        var outputXOnly = secp256k1_xonly_pubkey()
        var parity: Int32 = 0
        guard secp256k1_xonly_pubkey_from_pubkey(context, &outputXOnly, &parity, &output) == 1 else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        _ = secp256k1_xonly_pubkey_serialize(context, &out, &outputXOnly)
        return (out, Int(parity))
    }

    /// BIP 340 verification of a 64-byte signature over a 32-byte message under an x-only key, by
    /// `secp256k1_schnorrsig_verify`. False for any malformed input.
    public static func verifySchnorr(signature: [UInt8], message: [UInt8], xOnlyPublicKey: [UInt8]) -> Bool {
        guard signature.count == 64, message.count == 32, xOnlyPublicKey.count == 32 else { return false }
        var key = secp256k1_xonly_pubkey()
        guard secp256k1_xonly_pubkey_parse(context, &key, xOnlyPublicKey) == 1 else { return false }
        return secp256k1_schnorrsig_verify(context, signature, message, 32, &key) == 1
    }
}
