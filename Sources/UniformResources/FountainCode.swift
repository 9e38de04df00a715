/// The shared arithmetic of the fountain code (BCR-2024-001, after bc-ur's `fountain-utils` and
/// `FountainEncoder`): how a message is cut into fragments and which fragments each part mixes.
/// Encoder and decoder must agree on every value, so each function follows the reference exactly.
public enum FountainCode {
    /// The reference's default lower bound on the fragment length.
    public static let defaultMinFragmentLength = 10

    /// The largest seqLen `chooseFragments` serves (its work and memory grow with seqLen); decoders bound
    /// seqLen far lower before they get here.
    public static let maxSeqLen = 1 << 24

    /// The nominal fragment length (bc-ur `find_nominal_fragment_length`): the length `ceil(L / n)` for the
    /// smallest fragment count `n` that brings it within `maxFragmentLength`, trying `n` up to
    /// `L / minFragmentLength`; when none does, the length at the last `n` tried. A message shorter than
    /// `minFragmentLength` is one fragment (the reference asserts there). Returns 0 for an empty message.
    public static func fragmentLength(
        messageLength: Int, maxFragmentLength: Int,
        minFragmentLength: Int = defaultMinFragmentLength
    ) -> Int {
        guard messageLength > 0 else { return 0 }
        let maxLength = max(1, maxFragmentLength)
        let maxCount = max(1, messageLength / max(1, minFragmentLength))
        // ceil(L / n) <= max exactly when n >= ceil(L / max), so the reference's loop ends at that n.
        let wanted = ceilDivide(messageLength, maxLength)
        return ceilDivide(messageLength, min(wanted, maxCount))
    }

    /// The message cut into `fragmentLength`-byte fragments, the last zero-padded (bc-ur `partition_message`).
    public static func partition(_ message: [UInt8], fragmentLength: Int) -> [[UInt8]] {
        guard fragmentLength > 0, !message.isEmpty else { return [] }
        let count = ceilDivide(message.count, fragmentLength)
        var fragments: [[UInt8]] = []
        fragments.reserveCapacity(count)
        var start = 0
        while start < message.count {
            let end = min(start + fragmentLength, message.count)
            var fragment = [UInt8]()
            fragment.reserveCapacity(fragmentLength)
            fragment.append(contentsOf: message[start..<end])
            if fragment.count < fragmentLength {
                fragment.append(contentsOf: repeatElement(0, count: fragmentLength - fragment.count))
            }
            fragments.append(fragment)
            start = end
        }
        return fragments
    }

    /// The alias sampler of degrees `1...seqLen` with weights `1/d` (bc-ur `choose_degree`'s table).
    /// `seqLen` must be positive; callers bound it before building an `O(seqLen)` table.
    public static func degreeSampler(seqLen: Int) -> RandomSampler {
        let count = max(1, seqLen)
        var weights = [Double]()
        weights.reserveCapacity(count)
        var sum = 0.0
        for degree in 1...count {
            let weight = 1.0 / Double(degree)
            weights.append(weight)
            sum += weight
        }
        return RandomSampler(validWeights: weights, sum: sum)
    }

    /// The degree of a mixed part: one alias-sampler draw over weights `1/d`, plus one (bc-ur `choose_degree`).
    public static func chooseDegree(seqLen: Int, rng: inout Xoshiro256StarStar) -> Int {
        degreeSampler(seqLen: seqLen).next(using: &rng) + 1
    }

    /// The sorted fragment indexes mixed into part `seqNum` (bc-ur `choose_fragments`). Parts `1...seqLen`
    /// are the pure fragments `seqNum - 1`; later parts seed Xoshiro256** with SHA-256 of
    /// `u32be(seqNum) || u32be(checksum)`, draw a degree and take that many indexes from a shuffle of
    /// `0..<seqLen`. Returns no indexes for seqNum 0 or a non-positive seqLen, which no valid part has, nor for
    /// seqLen above `maxSeqLen`: a hostile part's seqLen must not make this allocate gigabytes.
    public static func chooseFragments(seqNum: UInt32, seqLen: Int, checksum: UInt32) -> [Int] {
        guard seqNum > 0, seqLen > 0, seqLen <= maxSeqLen else { return [] }
        if Int(seqNum) <= seqLen { return [Int(seqNum) - 1] }
        var chooser = FragmentChooser(seqLen: seqLen)
        return chooser.choose(seqNum: seqNum, checksum: checksum).sorted()
    }

    /// The bytewise XOR of two byte strings of equal length (of the shorter length otherwise).
    public static func xor(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var result = a
        if result.count > b.count { result.removeLast(result.count - b.count) }
        xor(into: &result, b)
        return result
    }

    /// XORs `other` into `target`, byte by byte over the common length.
    public static func xor(into target: inout [UInt8], _ other: [UInt8]) {
        let count = min(target.count, other.count)
        target.withUnsafeMutableBufferPointer { out in
            other.withUnsafeBufferPointer { input in
                for index in 0..<count { out[index] ^= input[index] }
            }
        }
    }

    static func ceilDivide(_ numerator: Int, _ denominator: Int) -> Int {
        numerator / denominator + (numerator % denominator == 0 ? 0 : 1)
    }
}
