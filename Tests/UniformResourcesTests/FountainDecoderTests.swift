import Foundation
import Testing

@testable import UniformResources

/// The rank of a set of GF(2) rows, by plain dense elimination (highest-bit pivots, fully reduced on insert):
/// written separately from `GF2System` so that the decoder's completion point can be checked against it.
struct ReferenceRank {
    let columns: Int
    private var pivots: [Int: [UInt64]] = [:]

    init(columns: Int) { self.columns = columns }

    var rank: Int { pivots.count }

    /// Adds the row with ones at `indexes`; returns whether the rank rose.
    mutating func add(_ indexes: [Int]) -> Bool {
        var row = [UInt64](repeating: 0, count: (columns + 63) / 64)
        for index in indexes { row[index / 64] ^= 1 << UInt64(index % 64) }
        while let word = row.lastIndex(where: { $0 != 0 }) {
            let pivot = word * 64 + 63 - row[word].leadingZeroBitCount
            guard let existing = pivots[pivot] else {
                pivots[pivot] = row
                return true
            }
            for i in row.indices { row[i] ^= existing[i] }
        }
        return false
    }
}

/// Deterministic test randomness from a seed string (ur-a's Xoshiro256**, BCR-2024-001's generator).
struct TestRandom {
    var rng: Xoshiro256StarStar
    init(_ seed: String) { rng = Xoshiro256StarStar(string: seed) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { rng.nextInt(range.lowerBound, range.upperBound) }
    mutating func chance(_ probability: Double) -> Bool { rng.nextDouble() < probability }
    mutating func bytes(_ count: Int) -> [UInt8] { rng.nextData(count: count) }
    static func bytes(seed: String, count: Int) -> [UInt8] {
        var random = TestRandom(seed)
        return random.bytes(count)
    }
}

/// One stream of parts from a fountain encoder: where the decoder completed and where the rank bound was reached.
struct StreamRun {
    var decoderCompletedAt: Int?
    var rankReachedAt: Int?
    var message: [UInt8]?
    var partsOffered = 0
}

/// Feeds a lossy encoder stream to a fresh decoder and an independent rank computation, part by part.
func runStream(message: [UInt8], maxFragmentLength: Int, firstSeqNum: UInt32, loss: Double,
               random: inout TestRandom, maxParts: Int) throws -> StreamRun {
    var encoder = try FountainEncoder(message: message, maxFragmentLength: maxFragmentLength,
                                      firstSeqNum: firstSeqNum)
    var decoder = FountainDecoder()
    var reference = ReferenceRank(columns: encoder.seqLen)
    var run = StreamRun()
    var received = 0
    while run.partsOffered < maxParts, run.decoderCompletedAt == nil || run.rankReachedAt == nil {
        let part = encoder.nextPart()
        run.partsOffered += 1
        if random.chance(loss) { continue }
        received += 1
        _ = reference.add(part.indexes)
        if reference.rank == encoder.seqLen, run.rankReachedAt == nil { run.rankReachedAt = received }
        if run.decoderCompletedAt == nil {
            let outcome = try decoder.receive(part)
            #expect(decoder.progress.rank == reference.rank, "rank after part \(part.seqNum)")
            if outcome == .completed {
                run.decoderCompletedAt = received
                run.message = decoder.message
            }
        }
    }
    return run
}

@Suite struct FountainDecoderTests {
    @Test func roundTripsRandomMessagesCompletingExactlyAtFullRank() throws {
        var random = TestRandom("fountain-decoder-round-trip")
        for trial in 0..<40 {
            // Sizes spread from 1 byte to 100 kB on a log scale.
            let size = max(1, Int(pow(10.0, Double(random.int(0...5000)) / 1000.0)))
            // At most about 1,000 fragments, so the dense reference rank stays quick in a debug build.
            let maxFragmentLength = max(random.int(10...400), size / 1000 + 1)
            let message = random.bytes(size)
            let firstSeqNum = UInt32(random.int(0...3000))
            let loss = Double(random.int(0...60)) / 100.0
            let run = try runStream(message: message, maxFragmentLength: maxFragmentLength, firstSeqNum: firstSeqNum,
                                    loss: loss, random: &random, maxParts: 100_000)
            let label = "trial \(trial): \(size) bytes, max fragment \(maxFragmentLength), start \(firstSeqNum)"
            #expect(run.decoderCompletedAt != nil, "\(label) never completed")
            #expect(run.decoderCompletedAt == run.rankReachedAt, "\(label)")
            #expect(run.message == message, "\(label)")
        }
    }

    @Test(arguments: [(1_000_000, 2_000, 0.0, UInt32(0)), (1_000_000, 4_000, 0.3, UInt32(77_777)),
                      (262_144, 256, 0.1, UInt32(5_000))])
    func roundTripsLargeMessages(size: Int, maxFragmentLength: Int, loss: Double, firstSeqNum: UInt32) throws {
        var random = TestRandom("large-\(size)-\(maxFragmentLength)")
        let message = random.bytes(size)
        let run = try runStream(message: message, maxFragmentLength: maxFragmentLength, firstSeqNum: firstSeqNum,
                                loss: loss, random: &random, maxParts: 20_000)
        #expect(run.decoderCompletedAt != nil)
        #expect(run.decoderCompletedAt == run.rankReachedAt)
        #expect(run.message == message)
    }

    @Test func gf2SystemTracksRankAndSolvesArbitraryEquations() {
        var random = TestRandom("gf2-system")
        for trial in 0..<60 {
            let columns = random.int(1...300)
            let dataWords = random.int(1...3)
            let values = (0..<columns).map { _ in (0..<dataWords).map { _ in random.rng.next() } }
            var system = GF2System(columnCount: columns, dataWords: dataWords)
            var reference = ReferenceRank(columns: columns)
            var equations = 0
            while !system.isSolved && equations < 20 * columns + 50 {
                // Mostly sparse rows, some dense, some with a column listed twice (which cancels).
                let degree = random.chance(0.3) ? random.int(1...columns) : random.int(1...min(columns, 4))
                var indexes = (0..<degree).map { _ in random.int(0...(columns - 1)) }
                if random.chance(0.1) { indexes.append(indexes[0]) }
                var data = [UInt64](repeating: 0, count: dataWords)
                var counts: [Int: Int] = [:]
                for index in indexes { counts[index, default: 0] += 1 }
                for (index, count) in counts where count % 2 == 1 {
                    for word in 0..<dataWords { data[word] ^= values[index][word] }
                }
                let before = reference.rank
                let referenceRose = reference.add(counts.filter { $0.value % 2 == 1 }.map(\.key))
                let rose = system.add(columns: indexes, data: data)
                equations += 1
                #expect(rose == referenceRose, "trial \(trial), equation \(equations)")
                #expect(system.rank == reference.rank, "trial \(trial): rank \(system.rank) vs \(before)+")
            }
            #expect(system.isSolved, "trial \(trial) with \(columns) columns")
            #expect(system.contradictions == 0)
            let solved = system.solve()
            #expect(solved == values.flatMap { $0 }, "trial \(trial)")
        }
    }

    @Test func fragmentChooserMatchesTheReferenceShuffle() {
        var random = TestRandom("chooser")
        for _ in 0..<30 {
            let seqLen = random.int(1...3000)
            let checksum = UInt32(truncatingIfNeeded: random.rng.next())
            var chooser = FragmentChooser(seqLen: seqLen)
            for _ in 0..<20 {
                let seqNum = UInt32(random.int(1...100_000))
                let expected = FountainCode.chooseFragments(seqNum: seqNum, seqLen: seqLen, checksum: checksum)
                #expect(chooser.choose(seqNum: seqNum, checksum: checksum).sorted() == expected,
                        "seqLen \(seqLen) seqNum \(seqNum)")
            }
        }
    }

    @Test func ignoresDuplicatesAndCountsThem() throws {
        let message = TestRandom.bytes(seed: "dups", count: 5_000)
        var encoder = try FountainEncoder(message: message, maxFragmentLength: 100, firstSeqNum: 40)
        var decoder = FountainDecoder()
        var reference = ReferenceRank(columns: encoder.seqLen)
        var distinct = 0
        while !decoder.isComplete {
            let part = encoder.nextPart()
            distinct += 1
            let expectedRose = reference.add(part.indexes)
            let outcome = try decoder.receive(part)
            #expect(expectedRose ? (outcome == .progressed || outcome == .completed) : outcome == .redundant)
            #expect(try decoder.receive(part) == (decoder.isComplete ? .alreadyComplete : .duplicate))
        }
        #expect(decoder.message == message)
        #expect(decoder.progress.partsReceived == 2 * distinct - 1)
        #expect(decoder.progress.duplicateParts == distinct - 1)
        #expect(decoder.progress.rank == encoder.seqLen)
        #expect(decoder.progress.redundantParts == distinct - encoder.seqLen)
    }

    @Test func rejectsPartsOfAnotherMessageAndKeepsProgress() throws {
        var random = TestRandom("interleaved")
        let message = random.bytes(20_000)
        let other = random.bytes(20_000)
        var encoder = try FountainEncoder(message: message, maxFragmentLength: 200, firstSeqNum: 1000)
        var intruder = try FountainEncoder(message: other, maxFragmentLength: 200, firstSeqNum: 1000)
        var shorter = try FountainEncoder(message: Array(other.prefix(19_000)), maxFragmentLength: 200)
        var decoder = FountainDecoder()
        var mismatches = 0
        while !decoder.isComplete {
            try decoder.receive(encoder.nextPart())
            let rank = decoder.progress.rank
            if decoder.isComplete { break }
            for foreign in [intruder.nextPart(), shorter.nextPart()] {
                #expect(throws: URError.self) { try decoder.receive(foreign) }
                mismatches += 1
            }
            #expect(decoder.progress.rank == rank)
        }
        #expect(decoder.message == message)
        #expect(decoder.progress.rejectedParts == mismatches)
        var fresh = FountainDecoder()
        try fresh.receive(FountainEncoder(message: message, maxFragmentLength: 200).part(seqNum: 1))
        #expect(throws: URError.partMismatch(field: "checksum", expected: UInt64(CRC32.checksum(message)),
                                             got: UInt64(CRC32.checksum(other)))) {
            try fresh.receive(intruder.part(seqNum: 1))
        }
        #expect(throws: URError.partMismatch(field: "seqLen", expected: 100, got: 95)) {
            try fresh.receive(shorter.part(seqNum: 1))
        }
    }

    @Test func rejectsAMessageWhoseChecksumFails() throws {
        // dspicher/ur-rs: one part "bad" declaring checksum 0.
        var decoder = FountainDecoder()
        let part = FountainPart(seqNum: 1, seqLen: 1, messageLen: 3, checksum: 0, fragment: Array("bad".utf8))
        #expect(throws: URError.messageChecksumMismatch(expected: 0, actual: CRC32.checksum(Array("bad".utf8)))) {
            try decoder.receive(part)
        }
        #expect(!decoder.isComplete)
        // Every pure part of a message, relabelled with a wrong checksum, determines a message that fails it.
        let message = TestRandom.bytes(seed: "bad-checksum", count: 1_000)
        let encoder = try FountainEncoder(message: message, maxFragmentLength: 100)
        var relabelled = FountainDecoder()
        for seqNum in 1...UInt32(encoder.seqLen) {
            let pure = encoder.part(seqNum: seqNum)
            let forged = FountainPart(seqNum: seqNum, seqLen: pure.seqLen, messageLen: pure.messageLen,
                                      checksum: pure.checksum ^ 1, fragment: pure.fragment)
            if seqNum < UInt32(encoder.seqLen) {
                try relabelled.receive(forged)
            } else {
                #expect(throws: URError.messageChecksumMismatch(expected: pure.checksum ^ 1,
                                                                actual: pure.checksum)) {
                    try relabelled.receive(forged)
                }
            }
        }
    }

    @Test(arguments: [
        ("seqLen 2^32", FountainPart(seqNum: 1, seqLen: 1 << 32, messageLen: 100, checksum: 1, fragment: [1]),
         URError.limitExceeded(what: "seqLen", value: 1 << 32, limit: 8192)),
        ("messageLen Int.max", FountainPart(seqNum: 1, seqLen: 8, messageLen: Int.max, checksum: 1, fragment: [1]),
         URError.limitExceeded(what: "messageLen", value: UInt64(Int.max), limit: 1 << 20)),
        ("messageLen over 1 MiB", FountainPart(seqNum: 9, seqLen: 2, messageLen: (1 << 20) + 1, checksum: 1,
                                               fragment: [1]),
         URError.limitExceeded(what: "messageLen", value: (1 << 20) + 1, limit: 1 << 20)),
        ("seqLen over 8192", FountainPart(seqNum: 9, seqLen: 8193, messageLen: 8193, checksum: 1, fragment: [1]),
         URError.limitExceeded(what: "seqLen", value: 8193, limit: 8192)),
        ("seqNum 0", FountainPart(seqNum: 0, seqLen: 8, messageLen: 100, checksum: 1, fragment: [1]),
         URError.invalidPart("seqNum is 0")),
        ("seqLen 0", FountainPart(seqNum: 12, seqLen: 0, messageLen: 100, checksum: 1, fragment: [1]),
         URError.invalidPart("seqLen is 0")),
        ("messageLen 0", FountainPart(seqNum: 12, seqLen: 8, messageLen: 0, checksum: 1, fragment: [1]),
         URError.invalidPart("messageLen is 0")),
        ("empty fragment", FountainPart(seqNum: 12, seqLen: 8, messageLen: 100, checksum: 1, fragment: []),
         URError.invalidPart("the fragment is empty")),
        ("fragment too short for seqLen", FountainPart(seqNum: 12, seqLen: 8, messageLen: 100, checksum: 1,
                                                      fragment: [1, 2, 3, 4, 5]),
         URError.invalidPart("seqLen 8 does not cut 100 bytes into 5-byte fragments (that needs 20)")),
        ("fragment longer than message", FountainPart(seqNum: 1, seqLen: 1, messageLen: 2, checksum: 1,
                                                     fragment: [1, 0, 0]),
         URError.invalidPart("the fragment (3 bytes) is longer than the message (2)")),
        ("ur-rs padding vector: Hello world, messageLen 10",
         FountainPart(seqNum: 1, seqLen: 1, messageLen: 10, checksum: 1, fragment: Array("Hello world".utf8)),
         URError.invalidPart("the fragment (11 bytes) is longer than the message (10)")),
        ("nonzero padding in last pure part", FountainPart(seqNum: 2, seqLen: 2, messageLen: 15, checksum: 1,
                                                           fragment: [1, 2, 3, 4, 5, 6, 7, 8]),
         URError.invalidPart("the padding after byte 15 of the message is not zero")),
    ])
    func rejectsHostileHeaders(name: String, part: FountainPart, expected: URError) {
        var decoder = FountainDecoder()
        #expect(throws: expected, "\(name)") { try decoder.receive(part) }
        #expect(decoder.header == nil && decoder.progress.rejectedParts == 1, "\(name)")
    }

    @Test func rejectsOversizedFieldsInPartCBOR() {
        // seqLen 2^32 and messageLen 2^63 cannot even be parsed: the part CBOR carries 32-bit fields.
        let seqLenTooBig: [UInt8] = [0x85, 0x01, 0x1b, 0, 0, 0, 1, 0, 0, 0, 0, 0x18, 100, 0x01, 0x41, 0x01]
        let messageLenTooBig: [UInt8] = [0x85, 0x01, 0x08, 0x1b, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x41, 0x01]
        for cbor in [seqLenTooBig, messageLenTooBig] {
            #expect(throws: URError.self) { try FountainPart(cbor: cbor) }
        }
    }

    @Test func limitsAreConfigurable() throws {
        let message = TestRandom.bytes(seed: "limits", count: 40_000)
        let encoder = try FountainEncoder(message: message, maxFragmentLength: 10)
        #expect(throws: URError.limitExceeded(what: "seqLen", value: 4000, limit: 2048)) {
            var limited = FountainDecoder(limits: .init(maxFragments: 2048))
            try limited.receive(encoder.part(seqNum: 1))
        }
        #expect(throws: URError.limitExceeded(what: "messageLen", value: 40_000, limit: 39_999)) {
            var limited = FountainDecoder(limits: .init(maxMessageLength: 39_999))
            try limited.receive(encoder.part(seqNum: 1))
        }
        var exact = FountainDecoder(limits: .init(maxMessageLength: 40_000, maxFragments: 4000))
        for seqNum in 1...UInt32(encoder.seqLen) { try exact.receive(encoder.part(seqNum: seqNum)) }
        #expect(exact.message == message)
    }

    @Test func decodesTheReferenceVectorParts() throws {
        // Vectors/ur/fountain_encoder.json record 0: the 20 parts of make_message(256) with max fragment 30.
        let url = packageRoot.appendingPathComponent("Vectors/ur/fountain_encoder.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let records = json?["records"] as? [[String: Any]] ?? []
        let parts = (records.first?["parts"] as? [[String: Any]]) ?? []
        #expect(parts.count == 20)
        var decoder = FountainDecoder()
        var peeling = PeelingFountainDecoder()
        for (index, record) in parts.enumerated() {
            let cbor = hexBytes(record["cbor_hex"] as? String ?? "")
            let part = try FountainPart(cbor: cbor)
            try decoder.receive(part)
            try peeling.receive(part)
            // Parts 1...9 are the nine pure fragments, so both decoders finish at the ninth.
            #expect(decoder.isComplete == (index >= 8), "part \(index + 1)")
            #expect(peeling.isComplete == (index >= 8), "part \(index + 1)")
        }
        var wolf = Xoshiro256StarStar(string: "Wolf")
        let expected = (0..<256).map { _ in UInt8(wolf.nextDouble() * 256) }
        #expect(decoder.message == expected)
        #expect(peeling.message == expected)
    }

    @Test func peelingDecoderNeedsAtLeastAsManyPartsAsTheRankOptimalOne() throws {
        var random = TestRandom("peeling")
        var peelingTotal = 0
        var optimalTotal = 0
        for trial in 0..<12 {
            let message = random.bytes(random.int(500...5_000))
            var encoder = try FountainEncoder(message: message, maxFragmentLength: 100,
                                              firstSeqNum: UInt32(random.int(0...500)))
            var decoder = FountainDecoder()
            var peeling = PeelingFountainDecoder()
            var count = 0
            while !peeling.isComplete && count < 100 * encoder.seqLen {
                let part = encoder.nextPart()
                if random.chance(0.2) { continue }
                count += 1
                if try !decoder.isComplete && decoder.receive(part) == .completed { optimalTotal += count }
                if try peeling.receive(part) { peelingTotal += count }
            }
            #expect(decoder.message == message, "trial \(trial)")
            #expect(peeling.message == message, "trial \(trial)")
        }
        #expect(optimalTotal < peelingTotal)
    }

    @Test func aLongMixedStreamIsProcessed() throws {
        // The at-limit case (8,192 fragments, 20,000 parts) is timed in the benchmarks; this is its small sibling:
        // 1,024 fragments of 128 bytes, every part mixed, joined at a random point.
        let message = TestRandom.bytes(seed: "long-stream", count: 1024 * 128)
        var encoder = try FountainEncoder(message: message, maxFragmentLength: 128, firstSeqNum: 123_456)
        var decoder = FountainDecoder()
        var offered = 0
        while offered < 20_000 && !decoder.isComplete {
            try decoder.receive(encoder.nextPart())
            offered += 1
        }
        #expect(decoder.message == message)
        // Every part either raised the rank or was redundant; a peeling decoder would need about 1.8 x 1,024.
        #expect(decoder.progress.redundantParts == offered - 1024)
        #expect(offered < 1024 + 1024 / 5)
    }
}

/// The package root, found from this file's path.
let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
    }
    return url
}()

func hexBytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    return stride(from: 0, to: digits.count - 1, by: 2).compactMap { UInt8(String(decoding: digits[$0...$0 + 1],
                                                                                  as: UTF8.self), radix: 16) }
}
