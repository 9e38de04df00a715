import Testing
import UniformResources

struct BytewordsTests {
    /// BCR-2020-012 / bc-ur test.cpp: the three styles of 00 01 02 80 ff.
    @Test func referenceStyles() throws {
        let bytes: [UInt8] = [0x00, 0x01, 0x02, 0x80, 0xff]
        #expect(Bytewords.encode(bytes, style: .standard) == "able acid also lava zoom jade need echo taxi")
        #expect(Bytewords.encode(bytes, style: .uri) == "able-acid-also-lava-zoom-jade-need-echo-taxi")
        #expect(Bytewords.encode(bytes, style: .minimal) == "aeadaolazmjendeoti")
        #expect(try Bytewords.decode("Able ACID also lava zoom jade need echo taxi", style: .standard) == bytes)
        #expect(try Bytewords.decode("AEADAOLAZMJENDEOTI", style: .minimal) == bytes)
    }

    @Test func roundTripsRandomData() throws {
        var rng = Xoshiro256StarStar(string: "bytewords")
        for _ in 0..<200 {
            let bytes = rng.nextData(count: rng.nextInt(0, 300))
            for style in Bytewords.Style.allCases {
                #expect(try Bytewords.decode(Bytewords.encode(bytes, style: style), style: style) == bytes)
            }
        }
    }

    @Test func emptyPayloadIsTheChecksumOfNothing() throws {
        #expect(Bytewords.encode([], style: .minimal) == "aeaeaeae")
        #expect(try Bytewords.decode("aeaeaeae", style: .minimal) == [])
    }

    @Test func identifierIsFourWordsWithoutChecksum() {
        #expect(Bytewords.identifier([0x00, 0x01, 0x02, 0xff, 0x99]) == "able acid also zoom")
        #expect(Bytewords.identifier([0xff]) == "zoom able able able")
    }

    @Test func wordTable() {
        #expect(Bytewords.word(0) == "able")
        #expect(Bytewords.word(255) == "zoom")
        #expect(Set((0...255).map { Bytewords.word(UInt8($0)) }).count == 256)
    }

    static let hostile: [(String, Bytewords.Style, BytewordsError)] = [
        ("", .standard, .tooShort(byteCount: 0)),
        ("", .minimal, .tooShort(byteCount: 0)),
        ("wolf", .standard, .tooShort(byteCount: 1)),
        ("aeadao", .minimal, .tooShort(byteCount: 3)),
        ("aea", .minimal, .invalidLength(3)),
        ("₿", .minimal, .nonASCII(offset: 0)),
        ("able ₿", .standard, .nonASCII(offset: 5)),
        ("axxe tied also webs lung", .standard, .invalidWord("axxe", offset: 0)),
        ("able  acid", .standard, .invalidWord("", offset: 5)),
        ("able acid also lava zoom jade need echo taxi ", .standard, .invalidWord("", offset: 45)),
        ("able-acid", .standard, .invalidWord("able-acid", offset: 0)),
        ("ab12", .minimal, .invalidWord("ab", offset: 0)),
    ]

    @Test(arguments: hostile)
    func rejectsHostileInput(_ text: String, _ style: Bytewords.Style, _ expected: BytewordsError) {
        #expect(throws: expected) { _ = try Bytewords.decode(text, style: style) }
    }

    /// bc-ur test.cpp: one changed word breaks the checksum; the error carries both values.
    @Test func badChecksum() throws {
        let body: [UInt8] = [0x00, 0x01, 0x02, 0x80, 0xfb]
        let declared: UInt32 = 0x6b9b_33f3  // jade need echo wolf
        let text = "aeadaolazojendeowf"
        #expect(Bytewords.encode(body, style: .minimal).prefix(10) == text.prefix(10))
        #expect(throws: BytewordsError.checksumMismatch(expected: declared, actual: CRC32.checksum(body))) {
            _ = try Bytewords.decode(text, style: .minimal)
        }
    }

    @Test func rejectsOverlongInputBeforeDecoding() {
        let text = String(repeating: "ae", count: 100)
        #expect(throws: BytewordsError.tooLong(length: 200, limit: 100)) {
            _ = try Bytewords.decode(text, style: .minimal, maxLength: 100)
        }
    }

    @Test func flippedLettersAreCaught() throws {
        let encoded = Array(Bytewords.encode(makeMessage(40), style: .minimal))
        for position in stride(from: 0, to: encoded.count, by: 7) {
            var mutated = encoded
            mutated[position] = mutated[position] == "z" ? "y" : "z"
            #expect(throws: BytewordsError.self) { _ = try Bytewords.decode(String(mutated), style: .minimal) }
        }
    }
}
