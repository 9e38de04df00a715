import FROST

/// Shamir's secret sharing over GF(2^8) with a digest share, as SSKR uses it (BCR-2020-011; bc-shamir
/// `split_secret` / `recover_secret`).
///
/// For threshold t ≥ 2 the polynomial is fixed by t points: t − 2 random shares at x = 0 … t − 3, a digest at
/// x = 254 (the first 4 bytes of HMAC-SHA-256 keyed by random bytes R over the secret, followed by R) and the
/// secret at x = 255; the other shares are its values at x = t − 2 … n − 1. Recovery interpolates x = 255 and
/// x = 254 and checks the digest, so a damaged share is found rather than silently producing a wrong secret.
enum Shamir {
    /// The most shares of one split (indices fit 4 bits).
    static let maxShareCount = 16
    /// The digest's length in front of R.
    static let digestLength = 4
    static let digestIndex: UInt8 = 254
    static let secretIndex: UInt8 = 255

    /// The `count` shares of `secret` at threshold `threshold` (1 ≤ threshold ≤ count ≤ 16, checked by the
    /// caller), drawing exactly as bc-shamir does: nothing for threshold 1 (every share is the secret), else
    /// t − 2 draws of the secret's length, then one of its length minus 4.
    static func split<R: SSKRRandomSource>(threshold: Int, count: Int, secret: [UInt8], random: inout R) -> [[UInt8]] {
        if threshold == 1 { return Array(repeating: secret, count: count) }
        var shares: [[UInt8]] = []
        var xs: [UInt8] = []
        for index in 0..<(threshold - 2) {
            shares.append(random.randomBytes(count: secret.count))
            xs.append(UInt8(index))
        }
        var key = random.randomBytes(count: secret.count - digestLength)
        var mac = HMACSHA256.authenticate(key: key, message: secret)
        var digest = Array(mac.prefix(digestLength)) + key
        var ys = shares
        ys.append(digest)
        ys.append(secret)
        xs.append(digestIndex)
        xs.append(secretIndex)
        for index in (threshold - 2)..<count {
            shares.append(GF256.interpolate(xs: xs, ys: ys, at: UInt8(index)))
        }
        wipe(&key)
        wipe(&mac)
        wipe(&digest)
        for index in ys.indices { wipe(&ys[index]) }
        return shares
    }

    /// The secret behind `threshold` shares with distinct indices `xs` (bc-shamir `recover_secret`). Throws
    /// `SSKRError.checksumFailure` when the interpolated digest does not authenticate the interpolated secret.
    static func recover(threshold: Int, xs: [UInt8], shares: [[UInt8]]) throws(SSKRError) -> [UInt8] {
        if threshold == 1 { return shares[0] }
        var secret = GF256.interpolate(xs: xs, ys: shares, at: secretIndex)
        var digest = GF256.interpolate(xs: xs, ys: shares, at: digestIndex)
        var mac = HMACSHA256.authenticate(key: Array(digest.dropFirst(digestLength)), message: secret)
        var difference: UInt8 = 0
        for index in 0..<digestLength { difference |= mac[index] ^ digest[index] }
        wipe(&mac)
        wipe(&digest)
        guard difference == 0 else {
            wipe(&secret)
            throw .checksumFailure
        }
        return secret
    }
}
