import Testing
import UniformResources

struct FountainPartTests {
    static let sample = FountainPart(
        seqNum: 12, seqLen: 8, messageLen: 100, checksum: 0x1234_5678,
        fragment: [1, 5, 3, 3, 5])

    /// URKit FountainCodesTests: the part's CBOR.
    @Test func cborRoundTrip() throws {
        #expect(Base16.encode(Self.sample.cbor) == "850c0818641a12345678450105030305")
        #expect(try FountainPart(cbor: Self.sample.cbor) == Self.sample)
    }

    @Test func description() {
        #expect(
            Self.sample.description
                == "seqNum:12, seqLen:8, messageLen:100, checksum:305419896, data:0105030305")
    }

    static let hostile: [(String, String)] = [
        ("", "empty"),
        ("18", "truncated head"),
        ("80", "empty array"),
        ("8401020304", "four items"),
        ("86010203040506", "six items"),
        ("850102030405", "fragment not bytes"),
        ("85010203044105ff", "trailing byte"),
        ("9f010203044105ff", "indefinite array"),
        ("98050102030441 05", "non-shortest array head"),
        ("851801020304410 5", "non-shortest seqNum"),
        ("85200203044105", "negative seqNum"),
        ("851b00000001000000000203044105", "seqNum beyond 32 bits"),
        ("8501021b00000001000000000441 05", "messageLen beyond 32 bits"),
        ("8501020304 5bffffffffffffffff", "fragment declaring 2^64 - 1 bytes"),
        ("8501020304 5a7fffffff00", "fragment declaring 2 GiB"),
        ("85000203044105", "seqNum 0"),
        ("85010003044105", "seqLen 0"),
        ("85010200044105", "messageLen 0"),
        ("850102030440", "empty fragment"),
        ("85010203048105", "fragment is an array"),
        ("850102030441", "fragment cut short"),
    ]

    @Test(arguments: hostile)
    func rejectsHostileCBOR(_ text: String, _ why: String) {
        let cbor = hex(text)
        #expect(Base16.encode(cbor) == text.replacingOccurrences(of: " ", with: ""), "bad test hex for \(why)")
        #expect(throws: URError.self, "\(why)") { _ = try FountainPart(cbor: cbor) }
        do {
            _ = try FountainPart(cbor: cbor)
        } catch let error as URError {
            guard case .invalidPart = error else {
                Issue.record("\(why): \(error)")
                return
            }
        } catch {
            Issue.record("\(why): untyped \(error)")
        }
    }

    /// Random bytes never crash the parser; anything accepted re-encodes to the same bytes.
    @Test func randomBytesAreRejectedOrCanonical() {
        var rng = Xoshiro256StarStar(string: "part fuzz")
        for round in 0..<3000 {
            var bytes = rng.nextData(count: rng.nextInt(0, 24))
            if round % 2 == 0, !bytes.isEmpty { bytes[0] = 0x85 }
            if let part = try? FountainPart(cbor: bytes) { #expect(part.cbor == bytes) }
        }
    }

    @Test func validateAcceptsEncoderParts() throws {
        var encoder = try FountainEncoder(message: makeMessage(1000), maxFragmentLength: 90)
        for _ in 0..<(encoder.seqLen + 5) { try encoder.nextPart().validate() }
    }

    @Test func validateRejectsWrongGeometryAndPadding() throws {
        let wrongSeqLen = FountainPart(seqNum: 1, seqLen: 3, messageLen: 10, checksum: 0, fragment: [1, 2, 3, 4, 5])
        #expect(throws: URError.self) { try wrongSeqLen.validate() }
        let badPadding = FountainPart(seqNum: 2, seqLen: 2, messageLen: 7, checksum: 0, fragment: [1, 2, 3, 4, 5])
        #expect(throws: URError.self) { try badPadding.validate() }
        let goodPadding = FountainPart(seqNum: 2, seqLen: 2, messageLen: 7, checksum: 0, fragment: [1, 2, 0, 0, 0])
        try goodPadding.validate()
    }

    @Test func hugeSeqLenParsesButFailsValidation() throws {
        let part = FountainPart(seqNum: 1, seqLen: Int(UInt32.max), messageLen: 10, checksum: 0, fragment: [1])
        let parsed = try FountainPart(cbor: part.cbor)
        #expect(parsed.seqLen == Int(UInt32.max))
        #expect(parsed.isPure)
        #expect(throws: URError.self) { try parsed.validate() }
    }
}
