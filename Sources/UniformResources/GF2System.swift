// An incremental system of linear equations over GF(2): the algebra under the rank-optimal fountain decoder.
//
// Each fountain part (BCR-2024-001) says "the XOR of these source fragments is this data". Over GF(2) that is one
// row of a linear system whose unknowns are the fragments. The message is determined exactly when the rows received
// have rank seqLen, so a decoder that tracks the rank after every part completes at the earliest possible part.
//
// The system is kept in two pieces, the way inactivation decoders split peeling from Gaussian elimination:
// - known columns: fragments already solved (a row that reduced to a single column). Every new row is first reduced
//   by these with a cheap mask, and solving a column strips it out of every stored row ("peeling").
// - a basis of the remaining rows, bit-packed ([UInt64], one bit per column) with the data words alongside, in
//   echelon form: each row's pivot is its lowest set column and no two rows share a pivot. Rows are not reduced
//   against each other (no back substitution until the end), which keeps each insertion to one pass.
// Invariants: no basis row has a bit in a known column; rank = known columns + basis rows.
// Memory: seqLen * fragment words for the known values, and at most seqLen basis rows of (seqLen / 64 + fragment
// words) words each. Nothing else grows with the number of parts received.

/// An incremental GF(2) linear system over `columnCount` unknown fragments of `dataWords` 64-bit words each.
struct GF2System: Sendable {
    /// Number of unknowns (fragments, seqLen).
    let columnCount: Int
    /// 64-bit words per row for the column bits.
    let bitWords: Int
    /// 64-bit words per row for the data (the fragment bytes, little-endian, zero-padded).
    let dataWords: Int
    /// Words per stored row: the column bits, then the data.
    let stride: Int

    /// Columns solved so far (bit set), and their values (`dataWords` words per column).
    private var known: [UInt64]
    private var knownValues: [UInt64]
    private(set) var knownCount = 0

    /// Basis rows, `stride` words per slot. A slot is free when its pivot is -1.
    private var rows: [UInt64] = []
    private var slotPivot: [Int32] = []
    private var slotWeight: [Int32] = []
    private var freeSlots: [Int32] = []
    /// For each column, the slot whose pivot it is, or -1.
    private var pivotSlot: [Int32]
    private(set) var basisCount = 0

    /// The row being reduced.
    private var scratch: [UInt64]

    /// Rows that reduced to no columns but left nonzero data: parts that contradict each other.
    private(set) var contradictions = 0

    /// The rank of the rows added so far.
    var rank: Int { knownCount + basisCount }

    /// True when the rows determine every column.
    var isSolved: Bool { rank == columnCount }

    /// Makes an empty system. The caller bounds `columnCount` and `dataWords` before calling (they size the buffers).
    init(columnCount: Int, dataWords: Int) {
        self.columnCount = columnCount
        self.bitWords = (columnCount + 63) / 64
        self.dataWords = dataWords
        self.stride = bitWords + dataWords
        self.known = Array(repeating: 0, count: bitWords)
        self.knownValues = Array(repeating: 0, count: columnCount * dataWords)
        self.pivotSlot = Array(repeating: -1, count: columnCount)
        self.scratch = Array(repeating: 0, count: bitWords + dataWords)
    }

    /// Whether column `column` is solved.
    func isKnown(_ column: Int) -> Bool {
        known[column >> 6] & (1 << UInt64(column & 63)) != 0
    }

    /// Adds the equation "XOR of the fragments at `columns` = `data`" and returns whether it raised the rank.
    /// `columns` must lie in 0..<columnCount; a column listed twice cancels, as XOR does. `data` has `dataWords` words.
    @discardableResult
    mutating func add(columns: [Int], data: [UInt64]) -> Bool {
        let before = rank
        for i in 0..<stride { scratch[i] = 0 }
        for i in 0..<dataWords { scratch[bitWords + i] = data[i] }
        var weight = 0
        for column in columns {
            if isKnown(column) {
                let base = column * dataWords
                for i in 0..<dataWords { scratch[bitWords + i] ^= knownValues[base + i] }
            } else {
                let word = column >> 6
                let mask: UInt64 = 1 << UInt64(column & 63)
                weight += scratch[word] & mask == 0 ? 1 : -1
                scratch[word] ^= mask
            }
        }
        if weight == 0 {
            noteEmptyRow()
            return false
        }
        if weight == 1 {
            // A single unknown: solve it directly rather than mixing a dense basis row into it.
            let column = lowestColumn()
            addKnown(column: column, value: Array(scratch[bitWords..<stride]))
        } else if let (pivot, reducedWeight) = reduceScratch() {
            if reducedWeight == 1 {
                addKnown(column: pivot, value: Array(scratch[bitWords..<stride]))
            } else {
                insertScratch(pivot: pivot, weight: reducedWeight)
            }
        }
        return rank > before
    }

    /// The value of every column, `dataWords` words each, in column order. Only meaningful when `isSolved`; it
    /// back-substitutes the basis rows from the highest pivot down (each row's other columns are higher pivots).
    mutating func solve() -> [UInt64]? {
        guard isSolved else { return nil }
        var order: [Int] = []
        order.reserveCapacity(basisCount)
        for slot in 0..<slotPivot.count where slotPivot[slot] >= 0 {
            order.append(slot)
        }
        order.sort { slotPivot[$0] > slotPivot[$1] }
        var value = [UInt64](repeating: 0, count: dataWords)
        for slot in order {
            let base = slot * stride
            let pivot = Int(slotPivot[slot])
            for i in 0..<dataWords { value[i] = rows[base + bitWords + i] }
            for word in (pivot >> 6)..<bitWords {
                var bits = rows[base + word]
                if word == pivot >> 6 { bits &= ~(1 << UInt64(pivot & 63)) }
                while bits != 0 {
                    let column = word << 6 | bits.trailingZeroBitCount
                    bits &= bits - 1
                    let source = column * dataWords
                    for i in 0..<dataWords { value[i] ^= knownValues[source + i] }
                }
            }
            let target = pivot * dataWords
            for i in 0..<dataWords { knownValues[target + i] = value[i] }
            known[pivot >> 6] |= 1 << UInt64(pivot & 63)
        }
        return knownValues
    }

    // MARK: - Reduction

    /// The lowest set column of the scratch row (which must be nonzero).
    private func lowestColumn() -> Int {
        var word = 0
        while scratch[word] == 0 { word += 1 }
        return word << 6 | scratch[word].trailingZeroBitCount
    }

    /// Reduces the scratch row by the basis until its lowest set column is not a pivot. Returns that column and the
    /// row's weight, or nil when the row vanished (it was a combination of rows already held).
    private mutating func reduceScratch() -> (pivot: Int, weight: Int)? {
        let stride = self.stride
        for word in 0..<bitWords {
            var bits = scratch[word]
            while bits != 0 {
                let bit = bits.trailingZeroBitCount
                let column = word << 6 | bit
                let slot = Int(pivotSlot[column])
                if slot < 0 {
                    var weight = 0
                    for i in word..<bitWords { weight += scratch[i].nonzeroBitCount }
                    return (column, weight)
                }
                // The basis row is zero below its pivot, so only words from `word` on change.
                let offset = slot * stride + word
                rows.withUnsafeBufferPointer { row in
                    scratch.withUnsafeMutableBufferPointer { target in
                        GF2System.xorWords(target, from: word, row, from: offset, count: stride - word)
                    }
                }
                bits = scratch[word] & (UInt64.max << UInt64(bit))
            }
        }
        noteEmptyRow()
        return nil
    }

    /// `target[targetStart...] ^= source[sourceStart...]` over `count` words, four words at a time in SIMD registers.
    @inline(__always)
    private static func xorWords(_ target: UnsafeMutableBufferPointer<UInt64>, from targetStart: Int,
                                 _ source: UnsafeBufferPointer<UInt64>, from sourceStart: Int, count: Int) {
        precondition(targetStart >= 0 && sourceStart >= 0 && count >= 0
                     && targetStart + count <= target.count && sourceStart + count <= source.count)
        guard count > 0, let targetBase = target.baseAddress, let sourceBase = source.baseAddress else { return }
        let to = targetBase + targetStart
        let from = sourceBase + sourceStart
        let toRaw = UnsafeMutableRawPointer(to)
        let fromRaw = UnsafeRawPointer(from)
        var i = 0
        while i &+ 4 <= count {
            let offset = i &* 8
            let a = toRaw.loadUnaligned(fromByteOffset: offset, as: SIMD4<UInt64>.self)
            let b = fromRaw.loadUnaligned(fromByteOffset: offset, as: SIMD4<UInt64>.self)
            toRaw.storeBytes(of: a ^ b, toByteOffset: offset, as: SIMD4<UInt64>.self)
            i &+= 4
        }
        while i < count {
            to[i] ^= from[i]
            i &+= 1
        }
    }

    private mutating func noteEmptyRow() {
        for i in bitWords..<stride where scratch[i] != 0 {
            contradictions += 1
            return
        }
    }

    /// Stores the scratch row as a basis row with the given pivot (its lowest column).
    private mutating func insertScratch(pivot: Int, weight: Int) {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = Int(free)
        } else {
            slot = slotPivot.count
            rows.append(contentsOf: repeatElement(0, count: stride))
            slotPivot.append(-1)
            slotWeight.append(0)
        }
        let base = slot * stride
        for i in 0..<stride { rows[base + i] = scratch[i] }
        slotPivot[slot] = Int32(pivot)
        slotWeight[slot] = Int32(weight)
        pivotSlot[pivot] = Int32(slot)
        basisCount += 1
    }

    private mutating func releaseSlot(_ slot: Int) {
        pivotSlot[Int(slotPivot[slot])] = -1
        slotPivot[slot] = -1
        freeSlots.append(Int32(slot))
        basisCount -= 1
    }

    // MARK: - Peeling

    /// Records `column = value` and peels it out of every basis row. A row left with one column is solved in turn;
    /// the row whose pivot was `column` gets a new lowest column and is reduced and stored again.
    private mutating func addKnown(column: Int, value: [UInt64]) {
        var pending = [(column, value)]
        while let (column, value) = pending.popLast() {
            // Two rows can reduce to the same single column in one cascade: the second one is a dependency.
            if isKnown(column) { continue }
            let word = column >> 6
            let mask: UInt64 = 1 << UInt64(column & 63)
            known[word] |= mask
            let target = column * dataWords
            for i in 0..<dataWords { knownValues[target + i] = value[i] }
            knownCount += 1

            var repivot = -1
            for slot in 0..<slotPivot.count where slotPivot[slot] >= 0 {
                let base = slot * stride
                guard rows[base + word] & mask != 0 else { continue }
                rows[base + word] ^= mask
                for i in 0..<dataWords { rows[base + bitWords + i] ^= value[i] }
                slotWeight[slot] -= 1
                if Int(slotPivot[slot]) == column {
                    repivot = slot
                } else if slotWeight[slot] == 1 {
                    // Only its pivot is left: that column is now solved.
                    pending.append((Int(slotPivot[slot]), Array(rows[(base + bitWords)..<(base + stride)])))
                    releaseSlot(slot)
                }
            }
            if repivot >= 0 {
                let base = repivot * stride
                for i in 0..<stride { scratch[i] = rows[base + i] }
                releaseSlot(repivot)
                if let (pivot, weight) = reduceScratch() {
                    if weight == 1 {
                        pending.append((pivot, Array(scratch[bitWords..<stride])))
                    } else {
                        insertScratch(pivot: pivot, weight: weight)
                    }
                }
            }
        }
    }
}
