/// A model of the reference decoders (bc-ur `FountainDecoder`, URKit), kept to measure `FountainDecoder` against:
/// it only peels. Use `FountainDecoder` to decode; this type exists for benchmarks and comparison tests.
///
/// Behaviour, as in bc-ur's fountain-decoder.cpp (BCR-2024-001 decoder): each accepted part goes on a queue.
/// A simple part (one fragment) is recorded unless its fragment is known, then every stored mixed part that has
/// it as a strict subset is reduced by it. A mixed part whose index set is already stored is dropped; otherwise it
/// is reduced by every simple part, then by every stored mixed part (in the order of their sorted index lists) that
/// is a strict subset of it; if that leaves one fragment it is queued as simple, else it reduces the stored mixed
/// parts that contain it and is stored. The message is complete when every fragment is known. Headers are checked
/// as `FountainDecoder` checks them, with the same typed errors.
public struct PeelingFountainDecoder: Sendable {
    /// A part in the decoder: the fragment indexes it still mixes and their XOR.
    private struct Equation: Sendable {
        var indexes: [Int]
        var bits: [UInt64]
        var data: [UInt8]

        var isSimple: Bool { indexes.count == 1 }

        /// True when `other`'s indexes are a strict subset of this equation's.
        func strictlyContains(_ other: Equation) -> Bool {
            guard other.indexes.count < indexes.count else { return false }
            for word in bits.indices where other.bits[word] & ~bits[word] != 0 { return false }
            return true
        }

        /// Removes `other` (a strict subset) from this equation.
        mutating func reduce(by other: Equation) {
            for word in bits.indices { bits[word] ^= other.bits[word] }
            indexes.removeAll { index in bits[index >> 6] & (1 << UInt64(index & 63)) == 0 }
            FountainCode.xor(into: &data, other.data)
        }
    }

    /// The limits in force.
    public let limits: FountainDecoder.Limits
    /// The header of the first accepted part.
    public private(set) var header: FountainHeader?
    /// The reassembled message once every fragment is known and the checksum verified.
    public private(set) var message: [UInt8]?
    /// Accepted parts, duplicates included.
    public private(set) var partsReceived = 0

    private var fragments: [[UInt8]?] = []
    private var knownCount = 0
    /// Mixed parts, kept sorted by their index lists as bc-ur's `std::map<std::set<size_t>, Part>` keeps them.
    private var mixed: [Equation] = []
    private var failure: URError?

    /// An empty decoder.
    public init(limits: FountainDecoder.Limits = .default) {
        self.limits = limits
    }

    /// True once the message is reassembled.
    public var isComplete: Bool { message != nil }

    /// Fragments known so far.
    public var fragmentsKnown: Int { knownCount }

    /// Adds one part; returns true once the message is complete. Throws as `FountainDecoder.receive` does.
    @discardableResult
    public mutating func receive(_ part: FountainPart) throws -> Bool {
        if let failure { throw failure }
        if isComplete { return true }
        let header = try FountainHeader(part: part, limits: limits)
        if let expected = self.header {
            try expected.check(header)
        } else {
            self.header = header
            fragments = Array(repeating: nil, count: header.seqLen)
        }
        partsReceived += 1
        let indexes = FountainCode.chooseFragments(seqNum: part.seqNum, seqLen: header.seqLen,
                                                   checksum: header.checksum)
        var queue = [equation(indexes: indexes, data: part.fragment)]
        var next = 0
        while next < queue.count && message == nil {
            let item = queue[next]
            next += 1
            if item.isSimple {
                try processSimple(item, queue: &queue)
            } else {
                processMixed(item, queue: &queue)
            }
        }
        return isComplete
    }

    private func equation(indexes: [Int], data: [UInt8]) -> Equation {
        var bits = [UInt64](repeating: 0, count: (fragments.count + 63) / 64)
        for index in indexes { bits[index >> 6] |= 1 << UInt64(index & 63) }
        return Equation(indexes: indexes.sorted(), bits: bits, data: data)
    }

    private mutating func processSimple(_ part: Equation, queue: inout [Equation]) throws {
        let index = part.indexes[0]
        guard fragments[index] == nil else { return }
        fragments[index] = part.data
        knownCount += 1
        if knownCount == fragments.count, let header {
            var joined: [UInt8] = []
            joined.reserveCapacity(header.seqLen * header.fragmentLength)
            for fragment in fragments { joined.append(contentsOf: fragment ?? []) }
            joined.removeLast(joined.count - header.messageLen)
            let actual = CRC32.checksum(joined)
            guard actual == header.checksum else {
                let error = URError.messageChecksumMismatch(expected: header.checksum, actual: actual)
                failure = error
                throw error
            }
            message = joined
        } else {
            reduceMixed(by: part, queue: &queue)
        }
    }

    private mutating func processMixed(_ part: Equation, queue: inout [Equation]) {
        if mixed.contains(where: { $0.indexes == part.indexes }) { return }
        var reduced = part
        // Simple parts in index order: each known fragment comes out while more than one index is left.
        for index in part.indexes where reduced.indexes.count > 1 {
            if let data = fragments[index] {
                reduced.bits[index >> 6] ^= 1 << UInt64(index & 63)
                reduced.indexes.removeAll { $0 == index }
                FountainCode.xor(into: &reduced.data, data)
            }
        }
        for other in mixed where reduced.strictlyContains(other) {
            reduced.reduce(by: other)
        }
        if reduced.isSimple {
            queue.append(reduced)
        } else {
            reduceMixed(by: reduced, queue: &queue)
            insertMixed(reduced)
        }
    }

    /// Reduces every stored mixed part that strictly contains `part`; those left simple move to the queue.
    private mutating func reduceMixed(by part: Equation, queue: inout [Equation]) {
        var changed = false
        var kept: [Equation] = []
        kept.reserveCapacity(mixed.count)
        for var other in mixed {
            if other.strictlyContains(part) {
                other.reduce(by: part)
                changed = true
            }
            if other.isSimple {
                queue.append(other)
            } else {
                kept.append(other)
            }
        }
        guard changed else { return }
        // A map rebuilt from reduced keys: sorted again, the first of equal keys kept.
        kept.sort { $0.indexes.lexicographicallyPrecedes($1.indexes) }
        mixed = []
        for equation in kept where mixed.last?.indexes != equation.indexes {
            mixed.append(equation)
        }
    }

    private mutating func insertMixed(_ part: Equation) {
        var low = 0
        var high = mixed.count
        while low < high {
            let middle = (low + high) / 2
            if mixed[middle].indexes.lexicographicallyPrecedes(part.indexes) { low = middle + 1 } else { high = middle }
        }
        if low < mixed.count && mixed[low].indexes == part.indexes { return }
        mixed.insert(part, at: low)
    }
}
