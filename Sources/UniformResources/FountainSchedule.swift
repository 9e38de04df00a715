/// Which parts a looping animation shows, in which order: a choice among the standard's parts (BCR-2020-005
/// §"Multipart URs" lets the sender pick the sequence numbers it sends), made so that a receiver joining at any
/// frame completes after few frames whether it decodes by rank (as `FountainDecoder`) or only peels (as bc-ur,
/// URKit, Sparrow and Keystone do).
///
/// Every shown part is exactly the standard's part for its seqNum (BCR-2024-001: a pure fragment for
/// `1...seqLen`, the `chooseFragments` mix above); only the selection and the order are Heliograph's. The standard
/// order (1, 2, 3, ...) gives mixed parts of degree `d` with weight `1/d`, which a peeling decoder joining mid-stream
/// uses badly (about 1.8 × seqLen parts for a 10 KB message). The schedule instead draws each frame's degree from
/// `degreeWeights`, a distribution tuned for peeling (mostly degree 2, some 1 and 3, a tail up to 24 that keeps
/// the rank decoder near its optimum), and for each degree takes, among `candidates` standard parts of that degree
/// (pure fragments for degree 1), the one whose fragments the last seqLen frames covered least, less the rank it
/// gives model receivers that joined earlier (one at every frame, every other one losing a fifth of the frames)
/// and are still incomplete, weighted by how long they have waited: so that no fragment is left out of a
/// stretch of frames. docs/PERFORMANCE.md has the figures for both kinds of receiver.
///
/// The schedule is a function of seqLen and the message checksum alone, so every renderer of the same message
/// (terminal, GIF, HTML, PNG frames, `ur encode --animation`) shows the same frames in the same order.
public struct FountainSchedule: Sendable, Equatable {
    /// The number of fragments of the message.
    public let seqLen: Int
    /// One loop of the animation: the seqNum shown at each frame; the animation repeats it.
    public let seqNums: [UInt32]

    /// Frames per loop for a seqLen: `periodFactor` × seqLen, so a receiver losing a fifth of the frames still
    /// completes well within one loop; one frame for a single-part message.
    public static func period(seqLen: Int) -> Int {
        seqLen <= 1 ? 1 : periodFactor * seqLen
    }

    /// Loop length in units of seqLen.
    public static let periodFactor = 4

    /// The degree distribution the frames follow: (degree, weight), weights summing to 1.
    public static let degreeWeights: [(degree: Int, weight: Double)] = [
        (1, 0.12), (2, 0.44), (3, 0.13), (4, 0.06), (5, 0.05), (8, 0.10), (16, 0.055), (24, 0.045),
    ]

    /// The largest seqLen the chosen order is used for. Its fixed degree table suits tens of fragments, and building
    /// it costs about seqLen³ (70 ms at 100); longer messages loop the standard order 1, 2, 3, ... instead, which
    /// costs the rank decoder 0.02–0.03 × seqLen at 100 KB and saves a peeling one 0.6 × (docs/PERFORMANCE.md).
    public static let maxScheduledSeqLen = 100

    /// How many unused standard parts of the wanted degree are compared for coverage at each frame.
    static let candidates = 32

    /// The schedule of a message of `seqLen` fragments with CRC-32 `checksum`. A non-positive seqLen gives an
    /// empty schedule; seqLen 1 shows part 1. Deterministic: the same inputs give the same seqNums.
    public init(seqLen: Int, checksum: UInt32) {
        self.seqLen = max(0, seqLen)
        guard seqLen > 1 else {
            seqNums = seqLen == 1 ? [1] : []
            return
        }
        seqNums =
            seqLen <= Self.maxScheduledSeqLen
            ? Self.plan(seqLen: seqLen, checksum: checksum)
            : (1...Self.period(seqLen: seqLen)).map { UInt32($0) }
    }

    /// Frames in one loop.
    public var period: Int { seqNums.count }

    /// The seqNum shown at `frame` (counted from 0, looping); 0 for an empty schedule.
    public func seqNum(frame: Int) -> UInt32 {
        guard !seqNums.isEmpty else { return 0 }
        let index = frame % seqNums.count
        return seqNums[index < 0 ? index + seqNums.count : index]
    }

    private static func plan(seqLen: Int, checksum: UInt32) -> [UInt32] {
        let period = Self.period(seqLen: seqLen)
        var random = Xoshiro256StarStar(seed: Array("heliograph-schedule".utf8) + checksum.bigEndianBytes
            + UInt32(truncatingIfNeeded: seqLen).bigEndianBytes)
        let degrees = degreePlan(seqLen: seqLen, period: period, random: &random)
        var pool = StandardParts(
            seqLen: seqLen, checksum: checksum, degrees: Set(degrees), scanLimit: 64 * period + 4096)
        // How often each fragment appeared in the last seqLen frames.
        var coverage = [Int](repeating: 0, count: seqLen)
        var recent: [[Int]] = []
        recent.reserveCapacity(period)
        var seqNums: [UInt32] = []
        seqNums.reserveCapacity(period)
        var frames: [[Int]] = []
        frames.reserveCapacity(period)
        var receivers: [RankReceiver] = []
        // A candidate's score: the coverage of its fragments, less the rank it would give the model receivers
        // still incomplete (weighted by how long they have waited); the lowest wins.
        let score = { (indexes: [Int]) -> Double in
            var rank = 0.0
            let bits = RankReceiver.bits(indexes)
            for receiver in receivers where receiver.gains(bits) { rank += receiver.weight(seqLen: seqLen) }
            return Double(indexes.reduce(0) { $0 + coverage[$1] }) - rank
        }
        for degree in degrees {
            let chosen: (seqNum: UInt32, indexes: [Int])
            if degree == 1 {
                var best = random.nextInt(0, seqLen - 1)
                var bestScore = score([best])
                for _ in 1..<candidates {
                    let other = random.nextInt(0, seqLen - 1)
                    let otherScore = score([other])
                    if otherScore < bestScore {
                        best = other
                        bestScore = otherScore
                    }
                }
                chosen = (UInt32(best + 1), [best])
            } else if let part = pool.take(degree: degree, scoring: score) {
                chosen = part
            } else {
                // No standard part of that degree within the scan: the next pure fragment in turn.
                let index = seqNums.count % seqLen
                chosen = (UInt32(index + 1), [index])
            }
            seqNums.append(chosen.seqNum)
            frames.append(chosen.indexes)
            for index in chosen.indexes { coverage[index] += 1 }
            recent.append(chosen.indexes)
            if recent.count > seqLen {
                for index in recent[recent.count - seqLen - 1] { coverage[index] -= 1 }
            }
            // A model receiver joins at every frame, every other one losing a fifth of the frames.
            receivers.append(RankReceiver(seqLen: seqLen, lossy: seqNums.count % 2 == 0))
            let bits = RankReceiver.bits(chosen.indexes)
            for index in receivers.indices where !receivers[index].lossy || random.nextInt(0, 4) != 0 {
                receivers[index].receive(bits)
            }
            receivers.removeAll { $0.isComplete }
        }
        // A receiver that only peels must be able to finish from one whole loop: a fragment the loop's parts
        // cannot peel to (rare, mostly for a few fragments) is shown pure as well, spread over the loop.
        let missing = unpeeled(frames, seqLen: seqLen)
        for (count, index) in missing.enumerated().reversed() {
            seqNums.insert(UInt32(index + 1), at: (count + 1) * seqNums.count / (missing.count + 1))
        }
        return seqNums
    }

    /// The fragments a peeling decoder holding every one of `frames` (index sets) still lacks.
    static func unpeeled(_ frames: [[Int]], seqLen: Int) -> [Int] {
        var unknown = frames.map(\.count)
        var containing = [[Int]](repeating: [], count: seqLen)
        for (frame, indexes) in frames.enumerated() {
            for index in indexes { containing[index].append(frame) }
        }
        var known = [Bool](repeating: false, count: seqLen)
        var ready = frames.indices.filter { unknown[$0] == 1 }
        while let frame = ready.popLast() {
            guard let index = frames[frame].first(where: { !known[$0] }) else { continue }
            known[index] = true
            for other in containing[index] {
                unknown[other] -= 1
                if unknown[other] == 1 { ready.append(other) }
            }
        }
        return known.indices.filter { !known[$0] }
    }

    /// The degree of every frame of a loop: `degreeWeights` scaled to the period (largest remainders rounded up),
    /// degrees above seqLen shown as pure fragments instead, in a shuffled order.
    private static func degreePlan(seqLen: Int, period: Int, random: inout Xoshiro256StarStar) -> [Int] {
        let exact = degreeWeights.map { Double(period) * $0.weight }
        var counts = exact.map { Int($0) }
        let order = exact.indices.sorted { exact[$0] - Double(counts[$0]) > exact[$1] - Double(counts[$1]) }
        for index in order.prefix(max(0, period - counts.reduce(0, +))) { counts[index] += 1 }
        var degrees: [Int] = []
        degrees.reserveCapacity(period)
        for (index, entry) in degreeWeights.enumerated() {
            degrees.append(contentsOf: repeatElement(entry.degree <= seqLen ? entry.degree : 1, count: counts[index]))
        }
        for index in stride(from: degrees.count - 1, to: 0, by: -1) {
            degrees.swapAt(index, random.nextInt(0, index))
        }
        return degrees
    }
}

/// The standard's mixed parts (seqNum above seqLen), read in order and kept by degree until the schedule takes them.
private struct StandardParts {
    let seqLen: Int
    let checksum: UInt32
    let scanLimit: Int
    /// The degrees worth keeping; parts of other degrees are passed over.
    let degrees: Set<Int>
    private var chooser: FragmentChooser
    private var next: UInt32
    private var scanned = 0
    /// Unused parts by degree, oldest first.
    private var byDegree: [Int: [(seqNum: UInt32, indexes: [Int])]] = [:]

    init(seqLen: Int, checksum: UInt32, degrees: Set<Int>, scanLimit: Int) {
        self.seqLen = seqLen
        self.checksum = checksum
        self.degrees = degrees
        self.scanLimit = scanLimit
        chooser = FragmentChooser(seqLen: seqLen)
        next = UInt32(seqLen) + 1
    }

    /// Among the first `FountainSchedule.candidates` unused parts of `degree`, takes the one `scoring` ranks lowest
    /// (the oldest on ties). Nil when the scan limit passes before any part of that degree turns up.
    mutating func take(degree: Int, scoring: ([Int]) -> Double) -> (seqNum: UInt32, indexes: [Int])? {
        while byDegree[degree, default: []].count < FountainSchedule.candidates, scanned < scanLimit,
            next < UInt32.max
        {
            let indexes = chooser.choose(seqNum: next, checksum: checksum)
            // Bounded memory: a few spare parts of each wanted degree, the rest passed over.
            if degrees.contains(indexes.count), byDegree[indexes.count, default: []].count < 4 * FountainSchedule.candidates {
                byDegree[indexes.count, default: []].append((next, indexes))
            }
            next += 1
            scanned += 1
        }
        guard let parts = byDegree[degree], !parts.isEmpty else { return nil }
        var best = 0
        var bestScore = Double.infinity
        for (position, part) in parts.prefix(FountainSchedule.candidates).enumerated() {
            let score = scoring(part.indexes)
            if score < bestScore {
                best = position
                bestScore = score
            }
        }
        return byDegree[degree, default: []].remove(at: best)
    }
}

/// A model rank receiver the schedule is chosen against: the GF(2) span of the frames it received (fragment index
/// sets as bit sets; the schedule is used up to seqLen 100, so two words suffice), reduced to one basis vector per
/// leading bit.
private struct RankReceiver {
    /// Two words hold a fragment set of a scheduled message (`FountainSchedule.maxScheduledSeqLen` ≤ 128).
    typealias Bits = (UInt64, UInt64)

    /// True for a receiver that loses a fifth of the frames.
    let lossy: Bool
    private var basis: [Bits?]
    private var rank = 0
    /// Frames received so far.
    private var received = 0

    init(seqLen: Int, lossy: Bool) {
        self.lossy = lossy
        basis = Array(repeating: nil, count: min(seqLen, 128))
    }

    static func bits(_ indexes: [Int]) -> Bits {
        var bits: Bits = (0, 0)
        for index in indexes where index < 128 {
            if index < 64 { bits.0 |= 1 << UInt64(index) } else { bits.1 |= 1 << UInt64(index - 64) }
        }
        return bits
    }

    var isComplete: Bool { rank == basis.count }

    /// How much the schedule cares about this receiver: more the longer it has waited, and less when it may lose
    /// the frame.
    func weight(seqLen: Int) -> Double {
        let waited = 1 + Double(received) / Double(seqLen)
        return (lossy ? 0.8 : 1) * waited * waited
    }

    /// `bits` reduced by the basis: zero when the receiver's span already holds it.
    private func reduced(_ bits: Bits) -> Bits {
        var vector = bits
        while true {
            let pivot = vector.1 != 0 ? 127 - vector.1.leadingZeroBitCount : 63 - vector.0.leadingZeroBitCount
            guard pivot >= 0, pivot < basis.count, let row = basis[pivot] else { return vector }
            vector.0 ^= row.0
            vector.1 ^= row.1
        }
    }

    /// True when receiving `bits` would raise the rank.
    func gains(_ bits: Bits) -> Bool {
        let vector = reduced(bits)
        return vector.0 != 0 || vector.1 != 0
    }

    mutating func receive(_ bits: Bits) {
        received += 1
        let vector = reduced(bits)
        guard vector.0 != 0 || vector.1 != 0 else { return }
        let pivot = vector.1 != 0 ? 127 - vector.1.leadingZeroBitCount : 63 - vector.0.leadingZeroBitCount
        guard pivot < basis.count else { return }
        basis[pivot] = vector
        rank += 1
    }
}
