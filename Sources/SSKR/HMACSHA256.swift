import CSodium
import FROST

/// HMAC-SHA-256 (RFC 2104) with libsodium, for the digest share of Shamir's scheme in SSKR, whose key is random
/// bytes of the split and whose message is the secret being split.
enum HMACSHA256 {
    /// The 32-byte HMAC-SHA-256 of `message` under `key` (any key length).
    static func authenticate(key: [UInt8], message: [UInt8]) -> [UInt8] {
        ensureSodium()
        var state = crypto_auth_hmacsha256_state()
        var mac = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
        _ = crypto_auth_hmacsha256_init(&state, key, key.count)
        _ = crypto_auth_hmacsha256_update(&state, message, UInt64(message.count))
        _ = crypto_auth_hmacsha256_final(&state, &mac)
        withUnsafeMutableBytes(of: &state) { sodium_memzero($0.baseAddress!, $0.count) }
        return mac
    }
}
