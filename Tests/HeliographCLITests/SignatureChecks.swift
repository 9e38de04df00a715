import CSecp256k1
import CSodium
import Foundation
import Testing

/// The bytes of a hex string; nil for odd lengths or non-hex digits.
func bytes(hex: String) -> [UInt8]? {
    let digits = Array(hex.utf8)
    guard digits.count % 2 == 0 else { return nil }
    var out: [UInt8] = []
    for index in stride(from: 0, to: digits.count, by: 2) {
        let pair = String(decoding: digits[index...index + 1], as: UTF8.self)
        guard let byte = UInt8(pair, radix: 16) else { return nil }
        out.append(byte)
    }
    return out
}

/// Checks a signature without any Heliograph code: libsodium's Ed25519 verifier, libsecp256k1's BIP 340 verifier
/// (`secp256k1_schnorrsig_verify` with the x-only key) for secp256k1, or for ristretto255 the FROST
/// verification equation [z]B == R + [c]PK (RFC 9591 §6.2: c = H2(R || PK || msg), H2 = SHA-512 of
/// "FROST-RISTRETTO255-SHA512-v1chal" || input, reduced mod ℓ) computed with libsodium's ristretto255 calls.
func independentlyVerifies(suite: String, groupKey: [UInt8], message: [UInt8], signature: [UInt8]) -> Bool {
    guard sodium_init() >= 0, groupKey.count == 32, signature.count == 64 else { return false }
    if suite == "secp256k1" {
        guard let context = secp256k1_context_create(heliograph_secp256k1_context_none) else { return false }
        defer { secp256k1_context_destroy(context) }
        var key = secp256k1_xonly_pubkey()
        guard secp256k1_xonly_pubkey_parse(context, &key, groupKey) == 1 else { return false }
        return secp256k1_schnorrsig_verify(context, signature, message, message.count, &key) == 1
    }
    if suite == "ed25519" {
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), groupKey) == 0
    }
    let r = Array(signature[0..<32])
    let z = Array(signature[32..<64])
    var digest = [UInt8](repeating: 0, count: 64)
    let input = Array("FROST-RISTRETTO255-SHA512-v1chal".utf8) + r + groupKey + message
    crypto_hash_sha512(&digest, input, UInt64(input.count))
    var challenge = [UInt8](repeating: 0, count: 32)
    crypto_core_ristretto255_scalar_reduce(&challenge, digest)
    var left = [UInt8](repeating: 0, count: 32)
    var cPK = [UInt8](repeating: 0, count: 32)
    var right = [UInt8](repeating: 0, count: 32)
    guard crypto_scalarmult_ristretto255_base(&left, z) == 0,
        crypto_scalarmult_ristretto255(&cPK, challenge, groupKey) == 0,
        crypto_core_ristretto255_add(&right, r, cPK) == 0
    else { return false }
    return left == right
}
