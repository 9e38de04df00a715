import DeterministicCBOR
import Foundation
import UniformResources

extension VectorRegistry {
    /// The families of the UR vector files: one per file under `Vectors/ur/` and `Vectors/ur/bc-ur-reference/`.
    static var uniformResourceFamilies: [VectorFamily] {
        let families: [(String, URVectors.Check)] = [
            ("crc32", { try URVectors.crc32($0, $1) }),
            ("bytewords", { try URVectors.bytewords($0, $1) }),
            ("bytewords_table", { try URVectors.bytewordsTable($0, $1) }),
            ("xoshiro256", { try URVectors.xoshiro($0, $1) }),
            ("random_sampler", { try URVectors.randomSampler($0, $1) }),
            ("shuffle", { try URVectors.shuffle($0, $1) }),
            ("fragments", { try URVectors.fragments($0, $1) }),
            ("choose_degree", { try URVectors.chooseDegree($0, $1) }),
            ("choose_fragments", { try URVectors.chooseFragments($0, $1) }),
            ("fountain_encoder", { try URVectors.fountainEncoder($0, $1) }),
            ("ur_single_part", { try URVectors.singlePart($0, $1) }),
            ("ur_multipart", { try URVectors.multipart($0, $1) }),
            ("legacy_ur_v1", { try URVectors.legacy($0, $1) }),
            ("message_generator", { try URVectors.messageGenerator($0, $1) }),
            ("bc-ur-reference/crc", { try URVectors.referenceCRC($0, $1) }),
            ("bc-ur-reference/bytewords", { try URVectors.referenceBytewords($0, $1) }),
            ("bc-ur-reference/rng", { try URVectors.referenceRNG($0, $1) }),
            ("bc-ur-reference/degree", { try URVectors.referenceDegree($0, $1) }),
            ("bc-ur-reference/fountain", { try URVectors.referenceFountain($0, $1) }),
            ("bc-ur-reference/ur", { try URVectors.referenceUR($0, $1) }),
            ("bc-ur-reference/test-cpp-cases", { try URVectors.referenceTestCases($0, $1) }),
        ]
        return families.map { stem, check in
            let name = "ur/" + stem
            return VectorFamily(name: name, relativePaths: [name + ".json"]) { url in try check(name, url) }
        }
    }
}

/// Checkers for the UR, Bytewords and fountain-code vectors (BCR-2020-005, BCR-2020-012, BCR-2024-001).
enum URVectors {
    typealias Check = @Sendable (String, URL) throws -> [VectorOutcome]

    // MARK: - Shared helpers

    /// Collects one outcome per case; a case that throws fails with the error.
    struct Outcomes {
        let family: String
        var list: [VectorOutcome] = []

        mutating func check(_ caseName: String, _ body: () throws -> String?) {
            let failure: String?
            do { failure = try body() } catch { failure = "unexpected error: \(error)" }
            list.append(VectorOutcome(family: family, caseName: caseName, failure: failure))
        }
    }

    /// One outcome per entry of the file's top-level list (`records` or `cases`), named by the key's singular and
    /// the entry's position ("record 3", "case 3"), followed by the entry's `detail` in parentheses when given.
    static func eachEntry<Record: Decodable>(
        _ family: String, _ url: URL, as type: Record.Type, detail: ((Record) -> String)? = nil,
        _ body: (Record) throws -> String?
    ) throws -> [VectorOutcome] {
        var outcomes = Outcomes(family: family)
        let file = try VectorJSON.decode(URVectorList<Record>.self, from: url)
        for (index, record) in file.entries.enumerated() {
            let name = detail.map { "\(file.label) \(index) (\($0(record)))" } ?? "\(file.label) \(index)"
            outcomes.check(name) { try body(record) }
        }
        return outcomes.list
    }

    /// One outcome per entry of "records" whose `variant` (`defaultValue` when absent) picks the check and names
    /// the case: "record 3 (encode)".
    static func eachVariant<Record: Decodable>(
        _ family: String, _ url: URL, as type: Record.Type, variant: (Record) -> String?,
        default defaultValue: String, _ body: (String, Record) throws -> String?
    ) throws -> [VectorOutcome] {
        var outcomes = Outcomes(family: family)
        for (index, record) in try VectorJSON.decode(URVectorList<Record>.self, from: url).entries.enumerated() {
            let name = variant(record) ?? defaultValue
            outcomes.check("record \(index) (\(name))") { try body(name, record) }
        }
        return outcomes.list
    }

    /// A field the record's kind needs, which the file's other kinds may leave out.
    static func required<Value>(_ value: Value?, _ name: String) throws -> Value {
        guard let value else { throw VectorJSON.Missing(what: name) }
        return value
    }

    /// `make_message(len, seed)` of the bc-ur tests: Xoshiro256**(seed).nextData(len).
    static func makeMessage(_ length: Int, seed: String = "Wolf") -> [UInt8] {
        var rng = Xoshiro256StarStar(string: seed)
        return rng.nextData(count: length)
    }

    /// `make_message_ur(len)`: the message wrapped in a CBOR byte string, the payload of a `bytes` UR.
    static func makeMessageUR(_ length: Int, seed: String = "Wolf") -> [UInt8] {
        CBOR.bytes(makeMessage(length, seed: seed)).encoded
    }

    static func hexString(_ bytes: [UInt8]) -> String { VectorJSON.hexString(bytes) }

    /// The input bytes of a record: `input_utf8` or `input_hex`.
    static func input(_ record: some URVectorInput) throws -> [UInt8] {
        if let text = record.inputUtf8 { return Array(text.utf8) }
        return try VectorJSON.hex(required(record.inputHex, "input_hex"))
    }

    /// A message described by `{"generator": "make_message", "seed": ..., "len": ...}`.
    static func generated(_ spec: URVectorRecords.Generated?, _ key: String) throws -> [UInt8] {
        let spec = try required(spec, key)
        switch spec.generator {
        case "make_message": return makeMessage(spec.len, seed: spec.seed)
        case "make_message_ur": return makeMessageUR(spec.len, seed: spec.seed)
        case let other: throw VectorJSON.Missing(what: "a known generator (found \(other))")
        }
    }

    /// Compares two values, describing the first difference.
    static func compare<T: Equatable>(_ what: String, _ got: T, _ expected: T) -> String? {
        got == expected ? nil : "\(what): got \(got), expected \(expected)"
    }

    static func compareLists<T: Equatable>(_ what: String, _ got: [T], _ expected: [T]) -> String? {
        guard got.count == expected.count else { return "\(what): got \(got.count) values, expected \(expected.count)" }
        for index in got.indices where got[index] != expected[index] {
            return "\(what)[\(index)]: got \(got[index]), expected \(expected[index])"
        }
        return nil
    }

    /// Runs `body`, which must throw an error accepted by `matches`; describes any other result.
    static func expectError(_ expected: String, _ body: () throws -> Void, matches: (Error) -> Bool) -> String? {
        do {
            try body()
            return "accepted, expected the error \"\(expected)\""
        } catch {
            return matches(error) ? nil : "threw \(error), expected the error \"\(expected)\""
        }
    }

    /// First non-nil failure of several checks.
    static func first(_ checks: String?...) -> String? {
        checks.lazy.compactMap { $0 }.first
    }

    // MARK: - CRC-32

    static func crc32(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        try eachEntry(family, url, as: URVectorRecords.CRC.self) { record in
            let bytes = try input(record)
            var failure = first(
                compare("crc32 hex", hexString(CRC32.bigEndianBytes(bytes)), record.crc32Hex),
                compare("crc32 int", Int(CRC32.checksum(bytes)), record.crc32Int))
            if failure == nil, record.inputNote?.contains("make_message(1024") == true {
                failure = compare("make_message(1024)", hexString(makeMessage(1024)), hexString(bytes))
            }
            return failure
        }
    }

    static func referenceCRC(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        try eachEntry(family, url, as: URVectorRecords.ReferenceCRC.self) { record in
            compare("crc32", hexString(CRC32.bigEndianBytes(try input(record))), record.crc32)
        }
    }

    // MARK: - Bytewords

    /// Encodes in each style the record has and decodes the result back (also upper-cased).
    static func bytewordsRoundTrip(_ record: URVectorRecords.Bytewords) throws -> String? {
        let bytes = try VectorJSON.hex(required(record.inputHex, "input_hex"))
        for style in Bytewords.Style.allCases {
            guard let expected = record.encoding(style) else { continue }
            if let failure = compare("\(style) encoding", Bytewords.encode(bytes, style: style), expected) {
                return failure
            }
            if let failure = compare(
                "\(style) decoding", hexString(try Bytewords.decode(expected, style: style)),
                hexString(bytes))
            {
                return failure
            }
            if let failure = compare(
                "\(style) decoding of upper case",
                hexString(try Bytewords.decode(expected.uppercased(), style: style)),
                hexString(bytes))
            {
                return failure
            }
        }
        return nil
    }

    static func bytewordsErrorMatches(_ error: Error, _ expected: String) -> Bool {
        guard let error = error as? BytewordsError else { return false }
        switch error {
        case .checksumMismatch: return expected.contains("checksum")
        case .tooShort: return expected.contains("too short")
        case .invalidWord: return expected.contains("invalid word")
        case .invalidLength: return expected.contains("invalid length")
        case .nonASCII: return expected.contains("non-ASCII")
        case .tooLong: return false
        }
    }

    static func bytewords(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        try eachVariant(family, url, as: URVectorRecords.Bytewords.self, variant: \.kind, default: "") { kind, record in
            switch kind {
            case "encode_decode", "ur_payload_minimal":
                return try bytewordsRoundTrip(record)
            case "decode_error":
                guard let style = Bytewords.Style(rawValue: try required(record.style, "style")) else {
                    return "unknown style"
                }
                let text = try required(record.input, "input")
                let expected = try required(record.error, "error")
                return expectError(expected, { _ = try Bytewords.decode(text, style: style) }) {
                    bytewordsErrorMatches($0, expected)
                }
            default:
                return "unknown kind \(kind)"
            }
        }
    }

    static func bytewordsTable(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        var outcomes = Outcomes(family: family)
        let table = try VectorJSON.decode(URVectorRecords.BytewordsTable.self, from: url)
        let (words, minimal) = (table.words, table.minimal)
        outcomes.check("table size") {
            first(compare("words", words.count, 256), compare("minimal", minimal.count, 256))
        }
        for byte in 0..<min(256, words.count, minimal.count) {
            outcomes.check("byte \(byte) (\(words[byte]))") {
                let value = UInt8(byte)
                // A one-byte message is the word itself followed by four checksum words.
                let standard = Bytewords.encode([value], style: .standard)
                let short = Bytewords.encode([value], style: .minimal)
                return first(
                    compare("word", Bytewords.word(value), words[byte]),
                    compare("standard encoding", String(standard.prefix(4)), words[byte]),
                    compare("minimal encoding", String(short.prefix(2)), minimal[byte]),
                    compare("decoding", try Bytewords.decode(standard, style: .standard), [value]),
                    compare("minimal decoding", try Bytewords.decode(short, style: .minimal), [value]))
            }
        }
        return outcomes.list
    }

    static func referenceBytewords(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        try eachEntry(family, url, as: URVectorRecords.Bytewords.self) { record in
            try bytewordsRoundTrip(record)
        }
    }

    // MARK: - Xoshiro256**, sampler, shuffle

    static func xoshiro(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        try eachVariant(family, url, as: URVectorRecords.Xoshiro.self, variant: \.test, default: "") { test, record in
            if test == "unit_interval_excludes_one" {
                return first(
                    compare("unitInterval(0)", Xoshiro256StarStar.unitInterval(0), 0),
                    Xoshiro256StarStar.unitInterval(.max) < 1 ? nil : "unitInterval(UInt64.max) is not below 1",
                    Xoshiro256StarStar.unitInterval(.max - 1023) < 1
                        ? nil : "unitInterval(2^64 - 1024) is not below 1")
            }
            guard let seed = record.seed else { return "no seed" }
            var rng: Xoshiro256StarStar
            if let text = seed.utf8String {
                rng = Xoshiro256StarStar(string: text)
            } else {
                let text = try required(seed.crc32OfUtf8, "crc32_of_utf8")
                let crc = CRC32.checksum(Array(text.utf8))
                if let failure = compare("seed crc32", Int(crc), try required(seed.crc32Int, "crc32_int")) {
                    return failure
                }
                rng = Xoshiro256StarStar(crc32: crc)
            }
            let op = record.op ?? ""
            if op.hasPrefix("next() % 100") {
                let expected = try required(record.expected?.value, "expected")
                return compareLists("next() % 100", expected.map { _ in Int(rng.next() % 100) }, expected)
            }
            if op.hasPrefix("next_int(1, 10)") {
                let expected = try required(record.expected?.value, "expected")
                return compareLists("next_int(1, 10)", expected.map { _ in rng.nextInt(1, 10) }, expected)
            }
            if op.hasPrefix("next_data") {
                let data1 = rng.nextData(count: 10)
                let data2 = rng.nextData(count: 10)
                return first(
                    compare("data1", hexString(data1), try required(record.data1Hex, "data1_hex")),
                    compare("data2", hexString(data2), try required(record.data2Hex, "data2_hex")),
                    compare("xor", hexString(FountainCode.xor(data1, data2)), try required(record.xorHex, "xor_hex")))
            }
            return "unknown op \(op)"
        }
    }

    static func referenceRNG(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        var outcomes = Outcomes(family: family)
        let file = try VectorJSON.decode(URVectorRecords.ReferenceRNGFile.self, from: url, snakeCaseKeys: false)
        for (index, record) in file.cases.enumerated() {
            outcomes.check("case \(index)") {
                let makeRNG: () throws -> Xoshiro256StarStar
                if let seed = record.seed {
                    makeRNG = { Xoshiro256StarStar(string: seed) }
                } else {
                    let text = try required(record.seedCRC32Of, "seed_crc32_of")
                    let crc = CRC32.checksum(Array(text.utf8))
                    if let failure = compare("crc32", Int(crc), try required(record.crc32, "crc32")) { return failure }
                    makeRNG = { Xoshiro256StarStar(crc32: crc) }
                }
                // Each list is drawn from a freshly seeded generator.
                var rng = try makeRNG()
                let next = record.next
                if let failure = compareLists("next", next.map { _ in String(rng.next()) }, next) { return failure }
                if let doubles = try exactDoubles(url, index) {
                    rng = try makeRNG()
                    if let failure = compareLists("next_double", doubles.map { _ in rng.nextDouble() }, doubles) {
                        return failure
                    }
                }
                if let expected = record.nextInt1To10 {
                    rng = try makeRNG()
                    if let failure = compareLists("next_int(1, 10)", expected.map { _ in rng.nextInt(1, 10) }, expected)
                    {
                        return failure
                    }
                }
                if let data = record.nextData32 {
                    rng = try makeRNG()
                    return compare("next_data(32)", hexString(rng.nextData(count: 32)), data)
                }
                return nil
            }
        }
        return outcomes.list
    }

    /// The `next_double` list of a case, parsed from the file's text: Foundation's JSON reader does not round
    /// every 17-digit decimal to the nearest double, and these values are compared bit for bit.
    static func exactDoubles(_ url: URL, _ caseIndex: Int) throws -> [Double]? {
        let text = try String(contentsOf: url, encoding: .utf8)
        let lists = text.components(separatedBy: "\"next_double\"").dropFirst()
        guard caseIndex < lists.count else { return nil }
        let body = lists[lists.index(lists.startIndex, offsetBy: caseIndex)]
        guard let open = body.firstIndex(of: "["), let close = body.firstIndex(of: "]") else { return nil }
        let items = body[body.index(after: open)..<close].split(separator: ",")
        let values = items.compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard values.count == items.count else { throw VectorJSON.Missing(what: "next_double numbers") }
        return values
    }

    static func samples(weights: [Double], count: Int) throws -> [Int] {
        let sampler = try RandomSampler(weights: weights)
        var rng = Xoshiro256StarStar(string: "Wolf")
        return (0..<count).map { _ in sampler.next(using: &rng) }
    }

    static func histogram(_ values: [Int], buckets: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: buckets)
        for value in values where value >= 0 && value < buckets { counts[value] += 1 }
        return counts
    }

    static func randomSampler(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        try eachEntry(family, url, as: URVectorRecords.Sampler.self) { record in
            let weights = record.weights
            if let expectedError = record.expectedError {
                return expectError(expectedError, { _ = try RandomSampler(weights: weights) }) {
                    if case .invalidSamplerWeights = $0 as? URError { return true }
                    return false
                }
            }
            if let expected = record.expected {
                return compareLists("samples", try samples(weights: weights, count: expected.count), expected)
            }
            let expected = try required(record.expectedHistogram, "expected_histogram")
            let drawn = try samples(weights: weights, count: try required(record.count, "count"))
            return compareLists("histogram", histogram(drawn, buckets: weights.count), expected)
        }
    }

    static func shuffle(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        try eachEntry(family, url, as: URVectorRecords.Shuffle.self) { record in
            let (values, expected) = (record.values, record.expected)
            let fresh = record.rngSeed.contains("fresh")
            var rng = Xoshiro256StarStar(string: "Wolf")
            for (row, want) in expected.enumerated() {
                if fresh { rng = Xoshiro256StarStar(string: "Wolf") }
                let got = fresh ? rng.shuffled(values, count: want.count) : rng.shuffled(values)
                if let failure = compareLists("row \(row)", got, want) { return failure }
            }
            return nil
        }
    }

    // MARK: - Fountain code

    static func fragments(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        try eachEntry(family, url, as: URVectorRecords.Fragments.self) { record in
            // ur-rs records have no minimum fragment length: the search runs over every fragment count.
            let minLength = record.minFragmentLen ?? 1
            let maxLength = record.maxFragmentLen
            if record.kind == "partition" {
                let message = try generated(record.message, "message")
                let length = FountainCode.fragmentLength(
                    messageLength: message.count, maxFragmentLength: maxLength,
                    minFragmentLength: minLength)
                let parts = FountainCode.partition(message, fragmentLength: length)
                return first(
                    compare("fragment length", length, try required(record.fragmentLen, "fragment_len")),
                    compare("seqLen", parts.count, try required(record.seqLen, "seq_len")),
                    compareLists(
                        "fragments", parts.map(hexString), try required(record.fragmentsHex, "fragments_hex")))
            }
            let length = FountainCode.fragmentLength(
                messageLength: try required(record.messageLen, "message_len"),
                maxFragmentLength: maxLength, minFragmentLength: minLength)
            return compare("fragment length", length, try required(record.expected, "expected"))
        }
    }

    static func chooseDegree(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        try eachEntry(family, url, as: URVectorRecords.ChooseDegree.self) { record in
            let (seqLen, expected) = (record.seqLen, record.expected)
            let perNonce = record.rng.contains("per nonce")
            var rng = Xoshiro256StarStar(string: "Wolf")
            var degrees: [Int] = []
            for nonce in 1...expected.count {
                if perNonce { rng = Xoshiro256StarStar(string: "Wolf-\(nonce)") }
                degrees.append(FountainCode.chooseDegree(seqLen: seqLen, rng: &rng))
            }
            if let failure = compareLists("degrees", degrees, expected) { return failure }
            if let counts = record.expectedHistogram {
                return compareLists("histogram", histogram(degrees.map { $0 - 1 }, buckets: seqLen), counts)
            }
            return nil
        }
    }

    /// Index sets for seqNum 1, 2, ...; each compared as a sorted list.
    static func compareFragmentChoices(
        seqLen: Int, checksum: UInt32, expected: [[Int]], firstSeqNum: Int = 1
    )
        -> String?
    {
        for (offset, want) in expected.enumerated() {
            let seqNum = UInt32(firstSeqNum + offset)
            let got = FountainCode.chooseFragments(seqNum: seqNum, seqLen: seqLen, checksum: checksum)
            if got != want.sorted() { return "seqNum \(seqNum): got \(got), expected \(want.sorted())" }
        }
        return nil
    }

    static func chooseFragments(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        try eachEntry(family, url, as: URVectorRecords.ChooseFragments.self) { record in
            let message = try generated(record.message, "message")
            let checksum = record.checksum.map(UInt32.init) ?? CRC32.checksum(message)
            let expected = record.expectedSortedIndexes
            if let failure = compare("seq_nums", record.seqNums, "1..\(expected.count)") { return failure }
            return compareFragmentChoices(seqLen: record.seqLen, checksum: checksum, expected: expected)
        }
    }

    static func referenceDegree(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        var outcomes = Outcomes(family: family)
        let file = try VectorJSON.decode(URVectorRecords.ReferenceDegreeFile.self, from: url)
        for (index, record) in file.cases.enumerated() {
            outcomes.check("case \(index) (seqLen \(record.seqLen))") {
                compareFragmentChoices(
                    seqLen: record.seqLen, checksum: UInt32(record.checksum), expected: record.fragmentsBySeqNum)
            }
        }
        for (index, record) in file.nominalFragmentLength.enumerated() {
            outcomes.check("nominal fragment length \(index)") { try nominalLength(record) }
        }
        return outcomes.list
    }

    static func nominalLength(_ record: URVectorRecords.NominalLength) throws -> String? {
        let length = FountainCode.fragmentLength(
            messageLength: record.messageLength, maxFragmentLength: record.max, minFragmentLength: record.min)
        return compare("fragment length", length, record.fragmentLength)
    }

    /// A part from the vector fields `seq_num`, `seq_len`, `message_len`, `checksum`, `data_hex`.
    static func part(_ record: URVectorRecords.Part) throws -> FountainPart {
        FountainPart(
            seqNum: UInt32(record.seqNum), seqLen: try required(record.seqLen, "seq_len"),
            messageLen: try required(record.messageLen, "message_len"),
            checksum: UInt32(try required(record.checksum, "checksum")),
            fragment: try VectorJSON.hex(required(record.dataHex, "data_hex")))
    }

    static func isInvalidPart(_ error: Error) -> Bool {
        if case .invalidPart = error as? URError { return true }
        return false
    }

    /// Checks a part's every field and its CBOR against a vector part, and that the CBOR parses back.
    static func compare(part: FountainPart, with expected: URVectorRecords.Part) throws -> String? {
        let cbor = try required(expected.cborHex ?? expected.cbor, "cbor_hex")
        return first(
            compare("seqNum", Int(part.seqNum), expected.seqNum),
            expected.seqLen.flatMap { compare("seqLen", part.seqLen, $0) },
            expected.messageLen.flatMap { compare("messageLen", part.messageLen, $0) },
            expected.checksum.flatMap { compare("checksum", Int(part.checksum), $0) },
            expected.dataHex.flatMap { compare("data", hexString(part.fragment), $0) },
            expected.indexes.flatMap { compare("indexes", part.indexes, $0.sorted()) },
            compare("cbor", hexString(part.cbor), cbor),
            compare("parsed cbor", try FountainPart(cbor: VectorJSON.hex(cbor)), part))
    }

    /// Checks a fresh encoder's seqLen, fragment length (which the two vector sets spell differently) and
    /// checksum, then each part it emits against the expected `parts`.
    static func compare(
        encoder: FountainEncoder, seqLen: Int, fragmentLength: Int, checksum: Int, parts: [URVectorRecords.Part]
    ) throws -> String? {
        var encoder = encoder
        if let failure = first(
            compare("seqLen", encoder.seqLen, seqLen),
            compare("fragment length", encoder.fragmentLength, fragmentLength),
            compare("checksum", Int(encoder.checksum), checksum))
        {
            return failure
        }
        for expected in parts {
            if let failure = try compare(part: encoder.nextPart(), with: expected) {
                return "part \(expected.seqNum): \(failure)"
            }
        }
        return nil
    }

    static func fountainEncoder(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        try eachVariant(
            family, url, as: URVectorRecords.FountainEncoder.self, variant: \.kind, default: "encoder"
        ) { kind, record in
            switch kind {
            case "encoder":
                let message = try generated(record.message, "message")
                let encoder = try FountainEncoder(
                    message: message, maxFragmentLength: try required(record.maxFragmentLen, "max_fragment_len"),
                    firstSeqNum: UInt32(try required(record.firstSeqNum, "first_seq_num")),
                    minFragmentLength: try required(record.minFragmentLen, "min_fragment_len"))
                return try compare(
                    encoder: encoder, seqLen: try required(record.seqLen, "seq_len"),
                    fragmentLength: try required(record.fragmentLen, "fragment_len"),
                    checksum: try required(record.checksum, "checksum"), parts: try required(record.parts, "parts"))
            case "part_cbor":
                guard let fields = record.part else { return "no part" }
                let built = try part(fields)
                let cborHex = try required(record.cborHex, "cbor_hex")
                return first(
                    compare("cbor", hexString(built.cbor), cborHex),
                    compare("parsed", try FountainPart(cbor: VectorJSON.hex(cborHex)), built))
            case "first_part_data":
                var encoder = try FountainEncoder(
                    message: try generated(record.message, "message"),
                    maxFragmentLength: try required(record.maxFragmentLen, "max_fragment_len"))
                return compare(
                    "first part", hexString(encoder.nextPart().fragment),
                    try required(record.firstPartDataHex, "first_part_data_hex"))
            case "part_cbor_decode_error":
                let cbor = try VectorJSON.hex(required(record.cborHex, "cbor_hex"))
                return expectError(
                    try required(record.error, "error"), { _ = try FountainPart(cbor: cbor) },
                    matches: isInvalidPart)
            case "part_cbor_decode_ok":
                let cbor = try VectorJSON.hex(required(record.cborHex, "cbor_hex"))
                return compare("re-encoded", hexString(try FountainPart(cbor: cbor).cbor), hexString(cbor))
            case "decoder_reject":
                // seqNum 0, seqLen 0, messageLen 0 and empty fragments are rejected when the part is parsed.
                guard let fields = record.part else { return "no part" }
                let cbor = try part(fields).cbor
                return expectError(
                    try required(record.error, "error"), { _ = try FountainPart(cbor: cbor) },
                    matches: isInvalidPart)
            case "decoder_invalid_padding":
                return try invalidPadding(record)
            case "decode_error":
                return try URVectorsDecoding.badChecksum(record)
            default:
                return "unknown kind \(kind)"
            }
        }
    }

    /// The last pure part with its messageLen lowered, so a message byte lands in the padding: parsing
    /// accepts the CBOR, `validate()` rejects the non-zero padding.
    static func invalidPadding(_ record: URVectorRecords.FountainEncoder) throws -> String? {
        let message = Array(try required(record.messageUtf8, "message_utf8").utf8)
        var encoder = try FountainEncoder(
            message: message, maxFragmentLength: try required(record.maxFragmentLen, "max_fragment_len"))
        let original = encoder.nextPart()
        let mutated = FountainPart(
            seqNum: original.seqNum, seqLen: original.seqLen,
            messageLen: original.messageLen - 1, checksum: original.checksum,
            fragment: original.fragment)
        if let failure = expectError("valid original", { try original.validate() }, matches: { _ in false }),
            !failure.hasPrefix("accepted")
        {
            return "the unmutated part: \(failure)"
        }
        let parsed = try FountainPart(cbor: mutated.cbor)
        let expected = try required(record.error, "error")
        return expectError(expected, { try parsed.validate() }, matches: isInvalidPart)
            ?? URVectorsDecoding.decoderRejects(parsed, expected: expected)
    }

    static func referenceFountain(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        try eachEntry(family, url, as: URVectorRecords.ReferenceFountain.self, detail: \.messageSeed) { record in
            let message = makeMessage(record.messageLength, seed: record.messageSeed)
            let encoder = try FountainEncoder(
                message: message, maxFragmentLength: record.maxFragmentLength,
                firstSeqNum: UInt32(record.firstSeqNumOffset), minFragmentLength: record.minFragmentLength)
            return try compare(
                encoder: encoder, seqLen: record.seqLen, fragmentLength: record.fragmentLength,
                checksum: record.checksum, parts: record.parts)
        }
    }

    // MARK: - UR strings

    /// Which expected error text each `URError` case answers (ur-rs wording in the vectors).
    static func urErrorMatches(_ error: Error, _ expected: String) -> Bool {
        guard let error = error as? URError else { return false }
        switch error {
        case .invalidScheme: return expected.contains("scheme")
        case .invalidType: return expected.contains("type") && expected.contains("characters")
        case .invalidPath: return expected.contains("unspecified") || expected.contains("path components")
        case .invalidSequence: return expected.contains("indices")
        case .partMismatch: return expected.contains("indices")
        default: return false
        }
    }

    /// Parses a UR string (and its upper-case form) and checks it is a single part of this type and payload,
    /// and that it prints back the same.
    static func checkSingle(_ text: String, type: String, cbor: [UInt8]) throws -> String? {
        for form in [text, text.uppercased()] {
            let ur = try UR(parsing: form)
            if let failure = first(
                compare("type", ur.type, type), compare("payload", hexString(ur.cbor), hexString(cbor)),
                compare("printed", ur.string, text.lowercased()))
            {
                return failure
            }
        }
        return nil
    }

    static func singlePart(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        try eachVariant(family, url, as: URVectorRecords.URText.self, variant: \.kind, default: "encode") {
            kind, record in
            switch kind {
            case "encode":
                let cbor =
                    record.payload != nil
                    ? try generated(record.payload, "payload")
                    : try VectorJSON.hex(required(record.payloadCborHex, "payload_cbor_hex"))
                let type = try required(record.type, "type")
                let text = try required(record.ur, "ur")
                let ur = try UR(type: type, cbor: cbor)
                return first(
                    compare("encoded", ur.string, text), compare("qr form", ur.qrString, text.uppercased()),
                    try checkSingle(text, type: type, cbor: cbor))
            case "decode_ok":
                let text = try required(record.ur, "ur")
                let type = String(text.dropFirst(3).prefix { $0 != "/" })
                let payload = try VectorJSON.hex(required(record.payloadHex, "payload_hex"))
                return try checkSingle(text, type: type, cbor: payload)
            case "decode_ok_case_insensitive":
                let payload = Array(try required(record.payloadUtf8, "payload_utf8").utf8)
                let ur = try UR(type: "bytes", cbor: payload)
                return try checkSingle(ur.qrString, type: "bytes", cbor: payload)
            case "decode_error":
                let text = try required(record.ur, "ur")
                let expected = try required(record.error, "error")
                return expectError(expected, { _ = try URPart(parsing: text) }) { urErrorMatches($0, expected) }
            case "not_multipart":
                let text = try required(record.ur, "ur")
                guard case .single(let ur) = try URPart(parsing: text) else { return "parsed as a multipart part" }
                return compare("payload", hexString(ur.cbor), try required(record.payloadHex, "payload_hex"))
            case "encode_error":
                let type = try required(record.type, "type")
                return expectError(try required(record.error, "error"), { _ = try UR(type: type, cbor: [0]) }) {
                    if case .invalidType = $0 as? URError { return true }
                    return false
                }
            default:
                return "unknown kind \(kind)"
            }
        }
    }

    /// Encodes a UR with `UREncoder` and compares the strings; then parses every string back to the
    /// encoder's own part.
    static func checkEncoder(
        ur: UR, maxFragmentLength: Int, firstSeqNum: Int, seqLen: Int?, expected: [String]
    )
        throws -> String?
    {
        var encoder = try UREncoder(ur, maxFragmentLength: maxFragmentLength, firstSeqNum: UInt32(firstSeqNum))
        var fountain = try FountainEncoder(
            message: ur.cbor, maxFragmentLength: maxFragmentLength,
            firstSeqNum: UInt32(firstSeqNum))
        if let seqLen, let failure = compare("seqLen", encoder.seqLen, seqLen) { return failure }
        for (offset, want) in expected.enumerated() {
            let got = encoder.nextPart()
            if got != want { return "part \(offset + 1): got \(got), expected \(want)" }
            let ownPart = fountain.nextPart()
            switch try URPart(parsing: want.uppercased()) {
            case .single(let parsed):
                if parsed != ur { return "part \(offset + 1) parses to a different UR" }
                if !encoder.isSinglePart { return "part \(offset + 1) parses as single-part" }
            case .multipart(let type, let part):
                if type != ur.type || part != ownPart { return "part \(offset + 1) parses to a different part" }
            }
        }
        return nil
    }

    static func multipart(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        try eachVariant(family, url, as: URVectorRecords.URText.self, variant: \.kind, default: "encode") {
            kind, record in
            switch kind {
            case "encode":
                let ur = try UR(type: try required(record.type, "type"), cbor: try generated(record.payload, "payload"))
                return try checkEncoder(
                    ur: ur, maxFragmentLength: try required(record.maxFragmentLen, "max_fragment_len"),
                    firstSeqNum: try required(record.firstSeqNum, "first_seq_num"),
                    seqLen: try required(record.seqLen, "seq_len"), expected: try required(record.parts, "parts"))
            case "roundtrip":
                let ur = try UR(type: try required(record.type, "type"), cbor: try generated(record.payload, "payload"))
                return try URVectorsDecoding.roundTrip(
                    ur: ur, maxFragmentLength: try required(record.maxFragmentLen, "max_fragment_len"),
                    firstSeqNum: try required(record.firstSeqNum, "first_seq_num"))
            case "fountain_roundtrip":
                return try URVectorsDecoding.fountainRoundTrip(
                    message: try generated(record.message, "message"),
                    maxFragmentLength: try required(record.maxFragmentLen, "max_fragment_len"),
                    firstSeqNum: try required(record.firstSeqNum, "first_seq_num"))
            case "raw_fountain_part":
                return try rawFountainPart(record)
            case "decoder_reject" where record.mutation?.contains("'/2-'") == true:
                return try mismatchedPath(record)
            case "decoder_reject":
                return try URVectorsDecoding.reject(record)
            case "duplicate_parts":
                return try URVectorsDecoding.duplicates(record)
            case "decode_part_ok":
                let text = try required(record.part, "part")
                guard case .multipart(let type, let part) = try URPart(parsing: text) else { return "not a part" }
                let path = text.split(separator: "/")[1]
                return first(
                    compare("type", type, "crypto-psbt"),
                    compare("path", "\(part.seqNum)-\(part.seqLen)", String(path)),
                    compare("printed", URPart.multipart(type: type, part: part).string, text))
            case "not_multipart":
                let text = try required(record.ur, "ur")
                guard case .single(let ur) = try URPart(parsing: text) else { return "parsed as a multipart part" }
                return compare("payload", hexString(ur.cbor), try required(record.payloadHex, "payload_hex"))
            default:
                return "unknown kind \(kind)"
            }
        }
    }

    /// ur-rs fountain-encodes raw bytes with no minimum fragment length; with min 1 we give its string, and
    /// with the reference's default minimum the one-fragment part the vector's note computes.
    static func rawFountainPart(_ record: URVectorRecords.URText) throws -> String? {
        let message = Array(try required(record.messageUtf8, "message_utf8").utf8)
        let type = try required(record.type, "type")
        let maxLength = try required(record.maxFragmentLen, "max_fragment_len")
        var noMinimum = try FountainEncoder(message: message, maxFragmentLength: maxLength, minFragmentLength: 1)
        let got = URPart.multipart(type: type, part: noMinimum.nextPart()).string
        if let failure = compare("first part (min 1)", got, try required(record.firstPart, "first_part")) {
            return failure
        }
        var reference = try FountainEncoder(message: message, maxFragmentLength: max(maxLength, message.count))
        let note = try required(record.note, "note")
        let referencePart = URPart.multipart(type: type, part: reference.nextPart()).string
        return note.contains(referencePart) ? nil : "reference-form part \(referencePart) is not the one in the note"
    }

    /// ur-rs's first part (no minimum fragment length) with its path seqNum changed: the path no longer
    /// agrees with the CBOR, which the part parser rejects.
    static func mismatchedPath(_ record: URVectorRecords.URText) throws -> String? {
        let message = Array(try required(record.messageUtf8, "message_utf8").utf8)
        var encoder = try FountainEncoder(
            message: message, maxFragmentLength: try required(record.maxFragmentLen, "max_fragment_len"),
            minFragmentLength: 1)
        let text = URPart.multipart(type: "bytes", part: encoder.nextPart()).string
        let mutated = text.replacingOccurrences(of: "/1-", with: "/2-")
        if mutated == text { return "the part has no /1- to change" }
        return expectError(try required(record.error, "error"), { _ = try URPart(parsing: mutated) }) {
            if case .partMismatch(field: "seqNum", expected: 2, got: 1) = $0 as? URError { return true }
            return false
        }
    }

    static func legacy(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        try eachEntry(family, url, as: URVectorRecords.Legacy.self, detail: \.test) { record in
            // Legacy BC32 URs are not decoded; each fragment must be refused with the typed legacy error.
            for (position, fragment) in record.fragments.enumerated() {
                let failure = expectError("legacy format", { _ = try URPart(parsing: fragment) }) {
                    if case .legacyFormat = $0 as? URError { return true }
                    return false
                }
                if let failure { return "fragment \(position + 1): \(failure)" }
            }
            return nil
        }
    }

    static func messageGenerator(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        let crcFile = url.deletingLastPathComponent().appendingPathComponent("crc32.json")
        return try eachEntry(family, url, as: URVectorRecords.MessageGenerator.self, detail: \.name) { _ in
            // The generator must reproduce the verbatim make_message(1024) stored in crc32.json ...
            let stored = try VectorJSON.decode(URVectorList<URVectorRecords.CRC>.self, from: crcFile).entries
                .compactMap(\.inputHex)
            guard let verbatim = stored.first else { return "crc32.json has no stored message" }
            if let failure = compare("make_message(1024)", hexString(makeMessage(1024)), verbatim) {
                return failure
            }
            // ... and make_message_ur(256) is 259 bytes: the 0x59 0x01 0x00 byte-string head, then the message.
            let payload = makeMessageUR(256)
            return first(
                compare("make_message_ur(256) length", payload.count, 259),
                compare("head", hexString(Array(payload.prefix(3))), "590100"),
                compare("body", Array(payload.dropFirst(3)), makeMessage(256)))
        }
    }

    static func referenceUR(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        try eachEntry(family, url, as: URVectorRecords.ReferenceUR.self, detail: \.messageSeed) { record in
            let message = makeMessage(record.messageLength, seed: record.messageSeed)
            let cbor = CBOR.bytes(message).encoded
            if let failure = compare("payload", hexString(cbor), record.payloadCborHex) { return failure }
            let ur = try UR(type: record.type, cbor: cbor)
            return try checkEncoder(
                ur: ur, maxFragmentLength: record.maxFragmentLength, firstSeqNum: record.firstSeqNumOffset,
                seqLen: record.seqLen, expected: record.parts)
        }
    }

    static func referenceTestCases(_ family: String, _ url: URL) throws -> [VectorOutcome] {
        var outcomes = Outcomes(family: family)
        // Keys as the file spells them: they name the cases.
        let root = try VectorJSON.decode(URVectorRecords.ReferenceTestCases.self, from: url, snakeCaseKeys: false)
        for (index, record) in root.crc32.enumerated() {
            outcomes.check("crc32 \(index)") {
                compare("crc32", hexString(CRC32.bigEndianBytes(try input(record))), record.crc32)
            }
        }
        outcomes.check("bytewords_1") {
            try bytewordsRoundTrip(root.bytewords1)
        }
        outcomes.check("rng_1_next_mod_100_seed_Wolf") {
            var rng = Xoshiro256StarStar(string: "Wolf")
            let expected = root.rng1NextMod100SeedWolf
            return compareLists("next() % 100", expected.map { _ in Int(rng.next() % 100) }, expected)
        }
        outcomes.check("rng_2_next_mod_100_seed_crc32_of_Wolf") {
            var rng = Xoshiro256StarStar(crc32: CRC32.checksum(Array("Wolf".utf8)))
            let expected = root.rng2NextMod100SeedCRC32OfWolf
            return compareLists("next() % 100", expected.map { _ in Int(rng.next() % 100) }, expected)
        }
        outcomes.check("rng_3_next_int_1_10_seed_Wolf") {
            var rng = Xoshiro256StarStar(string: "Wolf")
            let expected = root.rng3NextInt1To10SeedWolf
            return compareLists("next_int(1, 10)", expected.map { _ in rng.nextInt(1, 10) }, expected)
        }
        for (index, record) in root.findNominalFragmentLength.enumerated() {
            outcomes.check("find_nominal_fragment_length \(index)") { try nominalLength(record) }
        }
        outcomes.check("random_sampler_probs_1_2_4_8_seed_Wolf") {
            let expected = root.randomSamplerProbs1248SeedWolf
            return compareLists("samples", try samples(weights: [1, 2, 4, 8], count: expected.count), expected)
        }
        outcomes.check("shuffle_1_to_10_ten_times_seed_Wolf") {
            var rng = Xoshiro256StarStar(string: "Wolf")
            for (row, want) in root.shuffle1To10TenTimesSeedWolf.enumerated() {
                if let failure = compareLists("row \(row)", rng.shuffled(Array(1...10)), want) { return failure }
            }
            return nil
        }
        outcomes.check("partition_1024_min10_max100") {
            let message = makeMessage(1024)
            let length = FountainCode.fragmentLength(messageLength: 1024, maxFragmentLength: 100, minFragmentLength: 10)
            return compareLists(
                "fragments", FountainCode.partition(message, fragmentLength: length).map(hexString),
                root.partition1024Min10Max100)
        }
        outcomes.check("choose_degree_seqlen_11_rng_Wolf_dash_nonce_1_to_200") {
            let expected = root.chooseDegreeSeqLen11RNGWolfDashNonce1To200
            let got = (1...expected.count).map { nonce -> Int in
                var rng = Xoshiro256StarStar(string: "Wolf-\(nonce)")
                return FountainCode.chooseDegree(seqLen: 11, rng: &rng)
            }
            return compareLists("degrees", got, expected)
        }
        outcomes.check("choose_fragments_message_1024_seq_1_to_30") {
            let record = root.chooseFragmentsMessage1024Seq1To30
            let (checksum, seqLen, expected) = (record.checksum, record.seqLen, record.indexes)
            return compare("checksum", Int(CRC32.checksum(makeMessage(1024))), checksum)
                ?? compareFragmentChoices(seqLen: seqLen, checksum: UInt32(checksum), expected: expected)
        }
        outcomes.check("fountain_encoder_256_max30") {
            var encoder = try FountainEncoder(message: makeMessage(256), maxFragmentLength: 30)
            let descriptions = root.fountainEncoder256Max30Descriptions
            let cbors = root.fountainEncoder256Max30CBOR
            for (offset, (description, cbor)) in zip(descriptions, cbors).enumerated() {
                let part = encoder.nextPart()
                if let failure = first(
                    compare("description", part.description, description),
                    compare("cbor", hexString(part.cbor), cbor))
                {
                    return "part \(offset + 1): \(failure)"
                }
            }
            return compare("parts", descriptions.count, cbors.count)
        }
        outcomes.check("single_part_ur_50") {
            let ur = try UR(type: "bytes", cbor: makeMessageUR(50))
            return compare("ur", ur.string, root.singlePartUR50)
        }
        outcomes.check("ur_encoder_256_max30") {
            let ur = try UR(type: "bytes", cbor: makeMessageUR(256))
            return try checkEncoder(
                ur: ur, maxFragmentLength: 30, firstSeqNum: 0, seqLen: 9,
                expected: root.urEncoder256Max30)
        }
        return outcomes.list
    }
}
