/// The Xoshiro256** generator (Blackman and Vigna) seeded as BCR-2024-001 and the bc-ur reference do:
/// the state is SHA-256 of a seed, read as four big-endian 64-bit words. Fountain encoders and decoders
/// must draw identical sequences, so every operation here matches bc-ur's `Xoshiro256` bit for bit.
public struct Xoshiro256StarStar: Sendable, Hashable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator whose state is the given 32-byte digest, split into four big-endian words.
    /// Shorter input is zero-extended, longer input is truncated to 32 bytes.
    public init(digest: [UInt8]) {
        var words: [UInt64] = [0, 0, 0, 0]
        for index in 0..<min(digest.count, 32) {
            words[index / 8] |= UInt64(digest[index]) << (56 - 8 * UInt64(index % 8))
        }
        (s0, s1, s2, s3) = (words[0], words[1], words[2], words[3])
    }

    /// A generator seeded with SHA-256 of the bytes (bc-ur `Xoshiro256(const ByteVector&)`).
    public init(seed: [UInt8]) {
        self.init(digest: SHA256.hash(seed))
    }

    /// A generator seeded with SHA-256 of the string's UTF-8 bytes (bc-ur `Xoshiro256(const std::string&)`).
    public init(string: String) {
        self.init(seed: Array(string.utf8))
    }

    /// A generator seeded with SHA-256 of the CRC-32 as four big-endian bytes (bc-ur `Xoshiro256(uint32_t)`).
    public init(crc32: UInt32) {
        self.init(seed: crc32.bigEndianBytes)
    }

    /// The next 64-bit output: `rotl(s1 * 5, 7) * 9`, then the state advances.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// The next value in [0, 1): `Double(next()) / 2^64`, as the reference computes it.
    public mutating func nextDouble() -> Double {
        Self.unitInterval(next())
    }

    /// Maps a 64-bit output to [0, 1) as the reference does (`double(x) / (double(UINT64_MAX) + 1)`).
    /// The reference rounds the top 1024 values to exactly 1.0, which would let `nextInt` exceed its bound;
    /// those (and only those) map to the largest double below 1 here, so every other draw is bit-exact.
    public static func unitInterval(_ value: UInt64) -> Double {
        let ratio = Double(value) / 18_446_744_073_709_551_616.0
        return ratio < 1 ? ratio : Double(1).nextDown
    }

    /// A uniform integer in `low...high`: `floor(nextDouble() * (high - low + 1)) + low` (bc-ur `next_int`).
    public mutating func nextInt(_ low: Int, _ high: Int) -> Int {
        // The reference draws even when the range has one value; skipping the draw would desynchronise.
        let draw = nextDouble()
        guard high > low else { return low }
        let offset = Int(draw * Double(high - low + 1))
        return low + min(offset, high - low)
    }

    /// A uniform byte: `nextInt(0, 255)` (bc-ur `next_byte`).
    public mutating func nextByte() -> UInt8 {
        UInt8(truncatingIfNeeded: nextInt(0, 255))
    }

    /// `count` bytes from `nextByte()` (bc-ur `next_data`), the generator behind the "Wolf" test messages.
    public mutating func nextData(count: Int) -> [UInt8] {
        var data = [UInt8]()
        data.reserveCapacity(max(count, 0))
        for _ in 0..<max(count, 0) { data.append(nextByte()) }
        return data
    }

    /// The items in the reference's shuffled order: repeatedly remove the item at `nextInt(0, remaining - 1)`
    /// (bc-ur `shuffled`, which removes by index rather than swapping as Fisher-Yates does).
    public mutating func shuffled<Item>(_ items: [Item]) -> [Item] {
        shuffled(items, count: items.count)
    }

    /// The first `count` items of `shuffled(items)`, drawing only the `count` values those need.
    public mutating func shuffled<Item>(_ items: [Item], count: Int) -> [Item] {
        var remaining = items
        var result: [Item] = []
        let wanted = max(0, min(count, items.count))
        result.reserveCapacity(wanted)
        while result.count < wanted {
            let index = nextInt(0, remaining.count - 1)
            result.append(remaining.remove(at: index))
        }
        return result
    }
}

@inline(__always)
private func rotateLeft(_ value: UInt64, _ amount: UInt64) -> UInt64 {
    (value << amount) | (value >> (64 - amount))
}
