import CSodium

/// SHA-256 (FIPS 180-4) through libsodium, the hash LifeHash is defined over.
enum SHA256 {
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        // Array-to-pointer bridging hands C a valid pointer even for an empty input.
        _ = crypto_hash_sha256(&out, bytes, UInt64(bytes.count))
        return out
    }
}
