// An incremental system of linear equations over GF(2): the algebra under the rank-optimal fountain decoder.
//
// Each fountain part (BCR-2024-001) says "the XOR of these source fragments is this data". Over GF(2) that is one
// row of a linear system whose unknowns are the fragments. The message is determined exactly when the rows received
// have rank seqLen, so a decoder that tracks the rank after every part completes at the earliest possible part.
//
// The system is kept in two pieces, the way inactivation decoders split peeling from Gaussian elimination:
// - known columns: fragments already solved (a row that reduced to a single unknown). They are peeled out of every
//   row that is reduced, with no dense work: a known column costs one XOR of its value into the row's data.
// - a basis of the remaining rows, bit-packed ([UInt64], one bit per column) with the data words alongside, in
//   echelon form: each row's pivot is its lowest unknown column, it is zero below its pivot, and no two rows share
//   a pivot. Rows are not reduced against each other until the end (one back substitution), which keeps each
//   insertion to one pass.
// Peeling is lazy: a column that becomes known is not stripped from the stored rows at once (that would touch every
// row); bits of known columns are cleared whenever a row passes through the scratch row, and the one row whose pivot
// it was is re-reduced at once so that pivots stay unknown.
// Invariants: every pivot is an unknown column; rank = known columns + basis rows (rows independent modulo known).
// Memory: seqLen * fragment words for the known values, and at most seqLen basis rows, each stored from its pivot's
// word on (it is zero below), so about seqLen^2 / 16 bytes of bits on average plus one fragment per row.
// Nothing else grows with the number of parts received.

/// An incremental GF(2) linear system over `columnCount` unknown fragments of `dataWords` 64-bit words each.
struct GF2System: Sendable {
    /// Number of unknowns (fragments, seqLen).
    let columnCount: Int
    /// 64-bit words per row for the column bits.
    let bitWords: Int
    /// 64-bit words per row for the data (the fragment bytes, little-endian, zero-padded).
    let dataWords: Int
    /// Words in the scratch row: the column bits, then the data.
    let stride: Int

    /// Columns solved so far (bit set), and their values (`dataWords` words per column).
    private var known: [UInt64]
    private var knownValues: [UInt64]
    private(set) var knownCount = 0

    /// Basis rows: the column bits from the pivot's word on, then the data words. A slot is free when its pivot
    /// is -1 (its row is then empty).
    private var rows: [[UInt64]] = []
    private var slotPivot: [Int32] = []
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
        for i in 0..<bitWords { scratch[i] = 0 }
        for i in 0..<dataWords { scratch[bitWords + i] = data[i] }
        var weight = 0
        for column in columns {
            if isKnown(column) {
                xorKnownValue(of: column)
            } else {
                let word = column >> 6
                let mask: UInt64 = 1 << UInt64(column & 63)
                weight += scratch[word] & mask == 0 ? 1 : -1
                scratch[word] ^= mask
            }
        }
        if weight == 0 {
            noteEmptyRow()
        } else if weight == 1 {
            // A single unknown: solve it directly rather than mixing a dense basis row into it.
            addKnown(column: lowestColumn(), value: Array(scratch[bitWords..<stride]))
        } else {
            reduceAndStoreScratch()
        }
        return rank > before
    }

    /// The value of every column, `dataWords` words each, in column order; nil unless `isSolved`. It
    /// back-substitutes the basis rows from the highest pivot down: every other column of a row is known or the
    /// pivot of a higher row.
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
            let pivot = Int(slotPivot[slot])
            let start = pivot >> 6
            let row = rows[slot]
            let dataStart = bitWords - start
            for i in 0..<dataWords { value[i] = row[dataStart + i] }
            for word in start..<bitWords {
                var bits = row[word - start]
                if word == start { bits &= ~(1 << UInt64(pivot & 63)) }
                while bits != 0 {
                    let column = word << 6 | bits.trailingZeroBitCount
                    bits &= bits - 1
                    let source = column * dataWords
                    for i in 0..<dataWords { value[i] ^= knownValues[source + i] }
                }
            }
            let target = pivot * dataWords
            for i in 0..<dataWords { knownValues[target + i] = value[i] }
            known[start] |= 1 << UInt64(pivot & 63)
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

    /// XORs the value of known column `column` into the scratch row's data.
    private mutating func xorKnownValue(of column: Int) {
        let base = column * dataWords
        for i in 0..<dataWords { scratch[bitWords + i] ^= knownValues[base + i] }
    }

    /// Clears the known columns still marked in the scratch row from `pivot`'s word on, XORing their values into the
    /// data: when only the pivot is unknown, the data is then the pivot's value.
    private mutating func settleKnownColumns(from pivot: Int) {
        for word in (pivot >> 6)..<bitWords {
            var bits = scratch[word] & known[word]
            scratch[word] &= ~bits
            while bits != 0 {
                xorKnownValue(of: word << 6 | bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
    }

    /// Reduces the scratch row and stores what is left: as a basis row, or as a known column when one unknown is
    /// left (peeling it), or nowhere when it vanished.
    private mutating func reduceAndStoreScratch() {
        guard let (pivot, weight) = reduceScratch() else { return }
        if weight == 1 {
            settleKnownColumns(from: pivot)
            addKnown(column: pivot, value: Array(scratch[bitWords..<stride]))
        } else {
            insertScratch(pivot: pivot)
        }
    }

    /// Reduces the scratch row by the known columns and the basis until its lowest set column is an unknown that is
    /// no pivot. Returns that column and the number of unknown columns left, or nil when the row vanished (it was a
    /// combination of rows already held).
    private mutating func reduceScratch() -> (pivot: Int, weight: Int)? {
        let stride = self.stride
        for word in 0..<bitWords {
            var bits = scratch[word]
            while bits != 0 {
                let bit = bits.trailingZeroBitCount
                let column = word << 6 | bit
                let mask: UInt64 = 1 << UInt64(bit)
                if known[word] & mask != 0 {
                    scratch[word] ^= mask
                    xorKnownValue(of: column)
                } else {
                    let slot = Int(pivotSlot[column])
                    if slot < 0 {
                        var weight = 0
                        for i in word..<bitWords { weight += (scratch[i] & ~known[i]).nonzeroBitCount }
                        return (column, weight)
                    }
                    // The basis row is zero below its pivot; it is stored from the pivot's word on.
                    rows[slot].withUnsafeBufferPointer { row in
                        scratch.withUnsafeMutableBufferPointer { target in
                            GF2System.xorWords(target, from: word, row, from: 0, count: stride - word)
                        }
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
    private mutating func insertScratch(pivot: Int) {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = Int(free)
        } else {
            slot = slotPivot.count
            rows.append([])
            slotPivot.append(-1)
        }
        rows[slot] = Array(scratch[(pivot >> 6)..<stride])
        slotPivot[slot] = Int32(pivot)
        pivotSlot[pivot] = Int32(slot)
        basisCount += 1
    }

    private mutating func releaseSlot(_ slot: Int) {
        pivotSlot[Int(slotPivot[slot])] = -1
        slotPivot[slot] = -1
        rows[slot] = []
        freeSlots.append(Int32(slot))
        basisCount -= 1
    }

    // MARK: - Peeling

    /// Records `column = value`. The basis row whose pivot it was (if any) gets a new lowest unknown column: it is
    /// taken out, reduced and stored again, which may solve another column in turn.
    private mutating func addKnown(column: Int, value: [UInt64]) {
        var pending = [(column, value)]
        while let (column, value) = pending.popLast() {
            // A dependent row can reduce to a column solved meanwhile: it adds nothing.
            if isKnown(column) { continue }
            known[column >> 6] |= 1 << UInt64(column & 63)
            let target = column * dataWords
            for i in 0..<dataWords { knownValues[target + i] = value[i] }
            knownCount += 1
            let slot = Int(pivotSlot[column])
            guard slot >= 0 else { continue }
            let start = column >> 6
            for i in 0..<start { scratch[i] = 0 }
            for i in start..<stride { scratch[i] = rows[slot][i - start] }
            releaseSlot(slot)
            // Its lowest bit is now a known column, which the reduction peels off first.
            guard let (pivot, weight) = reduceScratch() else { continue }
            if weight == 1 {
                settleKnownColumns(from: pivot)
                pending.append((pivot, Array(scratch[bitWords..<stride])))
            } else {
                insertScratch(pivot: pivot)
            }
        }
    }
}
