import CSodium
import FROST

/// Where SSKR's random bytes come from. Each call asks for `count` bytes; the order and sizes of the calls are
/// part of the format's reproducibility (BCR-2020-011 as bc-sskr draws them): 2 bytes for the identifier, then per
/// split of threshold t ≥ 2, t − 2 calls of the secret's length and one of its length minus 4.
public protocol SSKRRandomSource {
    /// The next `count` random bytes.
    mutating func randomBytes(count: Int) -> [UInt8]
}

/// libsodium's CSPRNG (`randombytes_buf`), what a real backup uses.
public struct SystemSSKRRandom: SSKRRandomSource {
    /// The system random source.
    public init() {}

    /// `count` bytes from `randombytes_buf`.
    public mutating func randomBytes(count: Int) -> [UInt8] {
        ensureSodium()
        var bytes = [UInt8](repeating: 0, count: count)
        if count > 0 { randombytes_buf(&bytes, count) }
        return bytes
    }
}
