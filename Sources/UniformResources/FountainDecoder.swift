/// The rank-optimal decoder of multipart fountain parts (BCR-2024-001, "Multipart UR", decoder side).
///
/// Each part is one linear equation over GF(2): the XOR of the fragments `FountainCode.chooseFragments` names
/// equals the part's fragment. The decoder keeps the equations in a `GF2System` (peeling of solved fragments plus
/// Gaussian elimination on bit-packed rows for what peeling leaves) and completes at the first part after which the
/// parts received determine the message, i.e. when their rank reaches seqLen. The reference decoders (bc-ur,
/// URKit) only peel and need about 1.8 × seqLen parts on a random stream; this one needs the GF(2) minimum, about
/// seqLen + 1 to seqLen + 2.
///
/// Hostile headers are refused before anything is sized by them (`Limits`). Memory is bounded by the message
/// (the solved fragments) plus at most seqLen bit-packed rows of seqLen bits and one fragment each; parts that add
/// no rank are dropped at once, so a long stream costs no more than a short one.
public struct FountainDecoder: Sendable {
    /// Bounds on what a part may declare, checked before anything is allocated.
    public struct Limits: Sendable, Hashable {
        /// The largest messageLen accepted, in bytes.
        public var maxMessageLength: Int
        /// The largest seqLen (fragment count) accepted.
        public var maxFragments: Int

        /// Limits of `maxMessageLength` bytes and `maxFragments` fragments (defaults: 1 MiB and 8,192).
        public init(maxMessageLength: Int = 1 << 20, maxFragments: Int = 8192) {
            self.maxMessageLength = maxMessageLength
            self.maxFragments = maxFragments
        }

        /// 1 MiB messages of at most 8,192 fragments.
        public static let `default` = Limits()
    }

    /// How far decoding has got; `rank / seqLen` is the fraction of the message determined.
    public struct Progress: Sendable, Hashable {
        /// The GF(2) rank of the parts received: how many fragments' worth of information they carry.
        public var rank = 0
        /// The message's fragment count, 0 until the first part is accepted.
        public var seqLen = 0
        /// Valid parts of this message received, duplicates included.
        public var partsReceived = 0
        /// Parts whose seqNum had been received already.
        public var duplicateParts = 0
        /// Parts with a new seqNum whose equation followed from those before it (no rank added).
        public var redundantParts = 0
        /// Parts refused with an error (another message, malformed, over the limits).
        public var rejectedParts = 0

        /// `rank / seqLen`, from 0 to 1; 0 before the first part.
        public var fractionComplete: Double { seqLen == 0 ? 0 : Double(rank) / Double(seqLen) }
    }

    /// What one call to `receive` did with its part.
    public enum Outcome: Sendable, Hashable {
        /// The part raised the rank; the message is not determined yet.
        case progressed
        /// The part completed the message: `message` is set and its checksum verified.
        case completed
        /// The part's seqNum was received before.
        case duplicate
        /// The part's equation follows from the parts before it.
        case redundant
        /// The message was already complete; the part was not looked at.
        case alreadyComplete
    }

    /// The limits in force.
    public let limits: Limits
    /// Progress so far.
    public private(set) var progress = Progress()
    /// The reassembled message once complete (checksum verified), else nil.
    public private(set) var message: [UInt8]?
    /// The geometry and checksum every part must share: set by the first accepted part.
    public private(set) var header: FountainHeader?

    private var system: GF2System?
    private var chooser: FragmentChooser?
    private var seenSeqNums: Set<UInt32> = []
    private var failure: URError?

    /// An empty decoder with the given limits.
    public init(limits: Limits = .default) {
        self.limits = limits
    }

    /// True once the message is reassembled and its checksum verified.
    public var isComplete: Bool { message != nil }

    /// Adds one part. Returns what it did; throws, keeping all progress, for a part that cannot belong:
    /// `URError.invalidPart` (seqNum 0, empty fragment, inconsistent geometry, nonzero padding),
    /// `URError.limitExceeded` (seqLen or messageLen over `limits`), `URError.partMismatch` (a part of another
    /// message: different seqLen, messageLen, checksum or fragment length from the first accepted part), and
    /// `URError.messageChecksumMismatch` when the determined message fails its CRC-32 (BCR-2024-001), which
    /// is then thrown again for every later part.
    @discardableResult
    public mutating func receive(_ part: FountainPart) throws -> Outcome {
        if let failure { throw failure }
        if isComplete { return .alreadyComplete }
        let header: FountainHeader
        do {
            header = try FountainHeader(part: part, limits: limits)
            if let expected = self.header { try expected.check(header) }
        } catch {
            progress.rejectedParts += 1
            throw error
        }
        if self.header == nil {
            self.header = header
            system = GF2System(columnCount: header.seqLen, dataWords: header.dataWords)
            chooser = FragmentChooser(seqLen: header.seqLen)
            progress.seqLen = header.seqLen
        }
        progress.partsReceived += 1
        guard seenSeqNums.insert(part.seqNum).inserted else {
            progress.duplicateParts += 1
            return .duplicate
        }
        guard var system = self.system, var chooser = self.chooser else { return .redundant }
        // Move the state out while mutating it so the buffers stay uniquely referenced (no copy on write).
        self.system = nil
        self.chooser = nil
        defer {
            self.system = system
            self.chooser = chooser
        }
        let columns = chooser.choose(seqNum: part.seqNum, checksum: header.checksum)
        let added = system.add(columns: columns, data: header.words(of: part.fragment))
        progress.rank = system.rank
        guard added else {
            progress.redundantParts += 1
            return .redundant
        }
        guard system.isSolved, let values = system.solve() else { return .progressed }
        do {
            message = try header.assemble(values)
        } catch let error as URError {
            failure = error
            throw error
        }
        return .completed
    }
}

/// What every part of one message shares (BCR-2024-001 part fields), validated against `FountainDecoder.Limits`.
public struct FountainHeader: Sendable, Hashable {
    /// The fragment count.
    public let seqLen: Int
    /// The message length in bytes.
    public let messageLen: Int
    /// The CRC-32 of the message.
    public let checksum: UInt32
    /// The length of every fragment (the last is zero-padded).
    public let fragmentLength: Int

    /// The header a part declares, after checking it: seqNum, seqLen, messageLen positive, a nonempty fragment,
    /// seqLen and messageLen within `limits`, `seqLen == ceil(messageLen / fragment.count)` with a fragment no
    /// longer than the message, and zero padding when the part is the last pure fragment.
    /// Throws `URError.invalidPart` or `URError.limitExceeded`.
    public init(part: FountainPart, limits: FountainDecoder.Limits) throws {
        guard part.seqNum > 0 else { throw URError.invalidPart("seqNum is 0") }
        guard part.seqLen > 0 else { throw URError.invalidPart("seqLen is 0") }
        guard part.messageLen > 0 else { throw URError.invalidPart("messageLen is 0") }
        guard !part.fragment.isEmpty else { throw URError.invalidPart("the fragment is empty") }
        guard part.seqLen <= limits.maxFragments else {
            throw URError.limitExceeded(what: "seqLen", value: UInt64(part.seqLen), limit: UInt64(limits.maxFragments))
        }
        guard part.messageLen <= limits.maxMessageLength else {
            throw URError.limitExceeded(what: "messageLen", value: UInt64(part.messageLen),
                                        limit: UInt64(limits.maxMessageLength))
        }
        let length = part.fragment.count
        guard length <= part.messageLen else {
            throw URError.invalidPart("the fragment (\(length) bytes) is longer than the message (\(part.messageLen))")
        }
        let needed = (part.messageLen + length - 1) / length
        guard needed == part.seqLen else {
            throw URError.invalidPart("seqLen \(part.seqLen) does not cut \(part.messageLen) bytes into \(length)-byte "
                + "fragments (that needs \(needed))")
        }
        if Int(part.seqNum) == part.seqLen {
            let used = part.messageLen - (part.seqLen - 1) * length
            if part.fragment[used...].contains(where: { $0 != 0 }) {
                throw URError.invalidPart("the padding after byte \(part.messageLen) of the message is not zero")
            }
        }
        seqLen = part.seqLen
        messageLen = part.messageLen
        checksum = part.checksum
        fragmentLength = length
    }

    /// Throws `URError.partMismatch` naming the first field where `other` differs from this header.
    public func check(_ other: FountainHeader) throws {
        if other.seqLen != seqLen {
            throw URError.partMismatch(field: "seqLen", expected: UInt64(seqLen), got: UInt64(other.seqLen))
        }
        if other.messageLen != messageLen {
            throw URError.partMismatch(field: "messageLen", expected: UInt64(messageLen), got: UInt64(other.messageLen))
        }
        if other.checksum != checksum {
            throw URError.partMismatch(field: "checksum", expected: UInt64(checksum), got: UInt64(other.checksum))
        }
        if other.fragmentLength != fragmentLength {
            throw URError.partMismatch(field: "fragment length", expected: UInt64(fragmentLength),
                                       got: UInt64(other.fragmentLength))
        }
    }

    /// 64-bit words per fragment.
    var dataWords: Int { (fragmentLength + 7) / 8 }

    /// A fragment packed little-endian into `dataWords` words, zero-padded.
    func words(of fragment: [UInt8]) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: dataWords)
        for (index, byte) in fragment.enumerated() {
            words[index >> 3] |= UInt64(byte) << UInt64((index & 7) << 3)
        }
        return words
    }

    /// The message from the fragment values (`dataWords` words each, in fragment order): checks that the padding
    /// after messageLen is zero (`URError.invalidPart`) and the CRC-32 (`URError.messageChecksumMismatch`).
    func assemble(_ values: [UInt64]) throws -> [UInt8] {
        let words = dataWords
        var bytes = [UInt8]()
        bytes.reserveCapacity(seqLen * fragmentLength)
        for fragment in 0..<seqLen {
            let base = fragment * words
            for index in 0..<fragmentLength {
                bytes.append(UInt8(truncatingIfNeeded: values[base + (index >> 3)] >> UInt64((index & 7) << 3)))
            }
        }
        if bytes[messageLen...].contains(where: { $0 != 0 }) {
            throw URError.invalidPart(
                "the parts determine a message whose padding after byte \(messageLen) is not zero")
        }
        bytes.removeLast(bytes.count - messageLen)
        let actual = CRC32.checksum(bytes)
        guard actual == checksum else {
            throw URError.messageChecksumMismatch(expected: checksum, actual: actual)
        }
        return bytes
    }
}

/// `FountainCode.chooseFragments` (BCR-2024-001, bc-ur `choose_fragments`) for one seqLen, with the degree sampler
/// built once and the shuffle done by an order-statistic tree: the reference removes each drawn item from an array
/// (O(seqLen) per draw), which at 8,192 fragments costs milliseconds per part; this draws the same items, from the
/// same generator values, in O(log seqLen) each. Memory: one `Int32` per fragment.
public struct FragmentChooser: Sendable {
    /// The fragment count the chooser serves.
    public let seqLen: Int
    private let sampler: RandomSampler
    /// Fenwick tree over 1...seqLen of "still remaining" counts, restored after every part.
    private var tree: [Int32]
    private var highestPowerOfTwo = 1

    /// A chooser for messages of `seqLen` fragments; O(seqLen) time and memory, so bound seqLen first.
    public init(seqLen: Int) {
        self.seqLen = max(0, seqLen)
        sampler = FountainCode.degreeSampler(seqLen: self.seqLen)
        while highestPowerOfTwo * 2 <= self.seqLen { highestPowerOfTwo *= 2 }
        // Room for every node the descent can look at (up to 2 * highestPowerOfTwo - 1); those past seqLen stay 0.
        tree = Array(repeating: 0, count: max(self.seqLen, 2 * highestPowerOfTwo - 1) + 1)
        rebuild()
    }

    /// The fragment indexes of part `seqNum` (the same set as `FountainCode.chooseFragments`), unsorted; none for
    /// seqNum 0 or seqLen 0, which no valid part has.
    public mutating func choose(seqNum: UInt32, checksum: UInt32) -> [Int] {
        guard seqNum > 0, seqLen > 0 else { return [] }
        if Int(seqNum) <= seqLen { return [Int(seqNum) - 1] }
        var rng = Xoshiro256StarStar(seed: seqNum.bigEndianBytes + checksum.bigEndianBytes)
        let degree = sampler.next(using: &rng) + 1
        var chosen = [Int](repeating: 0, count: degree)
        let count = seqLen
        let top = highestPowerOfTwo
        tree.withUnsafeMutableBufferPointer { tree in
            for draw in 0..<degree {
                // The reference takes remaining[index] out of the array of items not yet drawn, in their order:
                // descend the tree to the (index + 1)-th remaining item, decrementing every node that covers it.
                let index = rng.nextInt(0, count - draw - 1)
                var position = 0
                var left = Int32(index + 1)
                var step = top
                while step > 0 {
                    // Branch-free: which way the descent goes is data-dependent and would mispredict half the time.
                    let next = position &+ step
                    let below = tree[next]
                    let inRange: Int32 = next <= count ? 1 : 0
                    let take: Int32 = inRange & (below < left ? 1 : 0)
                    position &+= step & -Int(take)
                    left &-= below & -take
                    tree[next] &-= inRange & (1 &- take)
                    step >>= 1
                }
                chosen[draw] = position
            }
        }
        // Put the drawn items back: item by item when few, else rebuild in one linear pass.
        if degree * (highestPowerOfTwo.trailingZeroBitCount + 1) < seqLen {
            tree.withUnsafeMutableBufferPointer { tree in
                for item in chosen {
                    var position = item + 1
                    while position <= count {
                        tree[position] &+= 1
                        position &+= position & -position
                    }
                }
            }
        } else {
            rebuild()
        }
        return chosen
    }

    /// Sets every item remaining (linear-time Fenwick construction from all-ones counts).
    private mutating func rebuild() {
        let count = seqLen
        tree.withUnsafeMutableBufferPointer { tree in
            for position in stride(from: 1, through: count, by: 1) { tree[position] = 1 }
            for position in stride(from: 1, through: count, by: 1) {
                let parent = position + (position & -position)
                if parent <= count { tree[parent] &+= tree[position] }
            }
        }
    }
}
