import CSodium

/// libsodium must be initialised once before use; a global `let` is initialised lazily and exactly once.
let sodiumReady: Bool = sodium_init() >= 0

/// SHA-256 (FIPS 180-4) by libsodium, used to seed Xoshiro256** (BCR-2024-001, "Random number generator").
public enum SHA256 {
    /// The length of a digest in bytes.
    public static let digestLength = 32

    /// The 32-byte SHA-256 digest of the bytes.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        _ = sodiumReady
        var digest = [UInt8](repeating: 0, count: digestLength)
        digest.withUnsafeMutableBufferPointer { out in
            guard let outAddress = out.baseAddress else { return }
            bytes.withUnsafeBufferPointer { input in
                _ = crypto_hash_sha256(outAddress, input.baseAddress, UInt64(input.count))
            }
        }
        return digest
    }
}
