import CSecp256k1

// Public-key arithmetic for wallets (the Bitcoin layer's BIP 32 public derivation and BIP 341 output keys) on the
// same libsecp256k1 context and point helpers as the suite (Secp256k1Calls.swift): one home for secp256k1's pointer
// code. Every input here is public.

/// Public-key arithmetic on secp256k1 for wallets: every input is public.
public enum Secp256k1Keys {
    private static var context: OpaquePointer { Secp256k1Context.shared.pointer }

    /// Whether `bytes` is a 33-byte compressed encoding of a point on the curve (SEC 1 §2.3.3).
    public static func isValidCompressed(_ bytes: [UInt8]) -> Bool { LibSecp256k1.isValidCompressed(bytes) }

    /// Whether `bytes` is the 32-byte x coordinate of a point on the curve (BIP 340 lift_x succeeds).
    public static func isValidXOnly(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 32 else { return false }
        var point = secp256k1_xonly_pubkey()
        return secp256k1_xonly_pubkey_parse(context, &point, bytes) == 1
    }

    /// point + tweak·G in compressed form; nil when the point or tweak is invalid (tweak ≥ n) or the sum is
    /// infinity. BIP 32 CKDpub's K_i = point(I_L) + K_par.
    public static func addingTweak(_ tweak: [UInt8], to compressed: [UInt8]) -> [UInt8]? {
        guard tweak.count == 32, var point = LibSecp256k1.parse(compressed) else { return nil }
        guard secp256k1_ec_pubkey_tweak_add(context, &point, tweak) == 1 else { return nil }
        return LibSecp256k1.serialize(point)
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
        guard message.count == 32 else { return false }
        return LibSecp256k1.verifySchnorr(signature: signature, message: message, xOnlyPublicKey: xOnlyPublicKey)
    }
}
