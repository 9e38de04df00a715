import CSodium
import UniformResources

/// The hash functions of Bitcoin: SHA-256 and SHA-512 (libsodium), HASH256, HASH160, HMAC-SHA512 (BIP 32) and
/// BIP 340 tagged hashes.
public enum BitcoinHash {
    /// SHA-256.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] { SHA256.hash(bytes) }

    /// HASH256, SHA-256 applied twice (transaction ids, Base58Check checksums).
    public static func hash256(_ bytes: [UInt8]) -> [UInt8] { SHA256.hash(SHA256.hash(bytes)) }

    /// HASH160, RIPEMD-160 of SHA-256 (BIP 32 key identifiers, P2PKH and P2WPKH programs).
    public static func hash160(_ bytes: [UInt8]) -> [UInt8] { RIPEMD160.hash(SHA256.hash(bytes)) }

    /// BIP 340 hash_tag(x) = SHA-256(SHA-256(tag) || SHA-256(tag) || x).
    public static func tagged(_ tag: String, _ message: [UInt8]) -> [UInt8] {
        let tagHash = SHA256.hash(Array(tag.utf8))
        return SHA256.hash(tagHash + tagHash + message)
    }

    /// SHA-512 (FIPS 180-4) by libsodium.
    public static func sha512(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 64)
        guard sodium_init() >= 0 else { return digest }
        digest.withUnsafeMutableBufferPointer { out in
            guard let outAddress = out.baseAddress else { return }
            bytes.withUnsafeBufferPointer { input in
                _ = crypto_hash_sha512(outAddress, input.baseAddress, UInt64(input.count))
            }
        }
        return digest
    }

    /// HMAC-SHA512 (RFC 2104 over SHA-512, block size 128 bytes), as BIP 32 uses it with the chain code as key.
    public static func hmacSHA512(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > 128 ? sha512(key) : key
        block += [UInt8](repeating: 0, count: 128 - block.count)
        let inner = sha512(block.map { $0 ^ 0x36 } + message)
        return sha512(block.map { $0 ^ 0x5c } + inner)
    }
}
