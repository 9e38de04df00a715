import Testing
import UniformResources

struct URTests {
    /// hummingbird URTest: a 16-byte CBOR byte string as a `bytes` UR.
    @Test func singlePartString() throws {
        let ur = try UR(type: "bytes", cbor: hex("5000112233445566778899aabbccddeeff"))
        #expect(ur.string == "ur:bytes/gdaebycpeofygoiyktlonlpkrksfutwyzmwmfyeozs")
        #expect(ur.qrString == "UR:BYTES/GDAEBYCPEOFYGOIYKTLONLPKRKSFUTWYZMWMFYEOZS")
        #expect(try UR(parsing: ur.qrString) == ur)
        #expect(try UR(parsing: "uR:ByTeS/gdaebycpeofygoiyktlonlpkrksfutwyzmwmfyeozs") == ur)
    }

    @Test(arguments: ["bytes", "crypto-psbt", "x-test-1", "0", "-"])
    func validTypes(_ type: String) {
        #expect(UR.isValidType(type))
    }

    @Test(arguments: ["", "Bytes", "bad/type", "bytes#4", "bytés", "a b", "a_b"])
    func invalidTypes(_ type: String) {
        #expect(!UR.isValidType(type))
        #expect(throws: URError.invalidType(type)) { _ = try UR(type: type, cbor: [0]) }
    }

    @Test func multipartStringIsNotASingleUR() throws {
        var encoder = try UREncoder(try UR(type: "bytes", cbor: makeMessage(100)), maxFragmentLength: 20)
        let part = encoder.nextPart()
        #expect(throws: URError.self) { _ = try UR(parsing: part) }
        guard case .multipart(let type, let parsed) = try URPart(parsing: part) else {
            Issue.record("not parsed as a part")
            return
        }
        #expect(type == "bytes" && parsed.seqNum == 1)
        #expect(try URPart(parsing: part).string == part)
    }

    static let body = "aeadaolazmjendeoti"

    /// Hostile UR strings and the typed error each must give.
    static let hostile: [(String, @Sendable (URError) -> Bool)] = [
        ("", { if case .invalidScheme = $0 { true } else { false } }),
        ("ur", { if case .invalidScheme = $0 { true } else { false } }),
        ("uhr:bytes/" + body, { if case .invalidScheme = $0 { true } else { false } }),
        ("ur:", { if case .invalidType("") = $0 { true } else { false } }),
        ("ur:/" + body, { if case .invalidType("") = $0 { true } else { false } }),
        ("ur:bytés/" + body, { if case .invalidType = $0 { true } else { false } }),
        ("ur:bytes", { if case .invalidPath = $0 { true } else { false } }),
        ("ur:bytes/", { if case .bytewords(.tooShort(byteCount: 0)) = $0 { true } else { false } }),
        ("ur:bytes/aeadé", { if case .bytewords(.nonASCII) = $0 { true } else { false } }),
        ("ur:bytes/aeadaolazmjendeot", { if case .bytewords(.invalidLength) = $0 { true } else { false } }),
        ("ur:bytes/aeadaolazmjendeota", { if case .bytewords(.checksumMismatch) = $0 { true } else { false } }),
        ("ur:bytes/1-1/a/" + body, { if case .invalidPath = $0 { true } else { false } }),
        ("ur:bytes/1-4294967296/" + body, { if case .invalidSequence = $0 { true } else { false } }),
        ("ur:bytes/99999999999999999999-1/" + body, { if case .invalidSequence = $0 { true } else { false } }),
        ("ur:bytes/0-1/" + body, { if case .invalidSequence = $0 { true } else { false } }),
        ("ur:bytes/1-0/" + body, { if case .invalidSequence = $0 { true } else { false } }),
        ("ur:bytes/-1-2/" + body, { if case .invalidSequence = $0 { true } else { false } }),
        ("ur:bytes/1-2-3/" + body, { if case .invalidSequence = $0 { true } else { false } }),
        ("ur:bytes/+1-2/" + body, { if case .invalidSequence = $0 { true } else { false } }),
        ("ur:bytes/1-1/" + body, { if case .invalidPart = $0 { true } else { false } }),
        ("ur:bytes/1of7/abc/def", { if case .legacyFormat = $0 { true } else { false } }),
        ("ur:bytes/24ly5cfctcj4pxqmfdtr82ch36c80gc9qhasmxdxs3", { if case .legacyFormat = $0 { true } else { false } }),
        ("ur:bytes/aeadaolazmjendeot1", { if case .bytewords(.invalidWord) = $0 { true } else { false } }),
    ]

    @Test(arguments: 0..<hostile.count)
    func rejectsHostileStrings(_ index: Int) {
        let (text, matches) = Self.hostile[index]
        do {
            _ = try URPart(parsing: text)
            Issue.record("accepted \(text)")
        } catch let error as URError {
            #expect(matches(error), "\(text): \(error)")
        } catch {
            Issue.record("\(text): untyped \(error)")
        }
    }

    @Test func pathAndCBORMustAgree() throws {
        var encoder = try UREncoder(try UR(type: "bytes", cbor: makeMessage(100)), maxFragmentLength: 20)
        let first = encoder.nextPart()
        let wrongSeqNum = first.replacingOccurrences(of: "/1-", with: "/3-")
        #expect(throws: URError.partMismatch(field: "seqNum", expected: 3, got: 1)) {
            _ = try URPart(parsing: wrongSeqNum)
        }
        let wrongSeqLen = first.replacingOccurrences(of: "-\(encoder.seqLen)/", with: "-\(encoder.seqLen + 1)/")
        #expect(throws: URError.self) { _ = try URPart(parsing: wrongSeqLen) }
    }

    @Test func overlongStringsAreRejectedBeforeDecoding() {
        let text = "ur:bytes/" + String(repeating: "ae", count: 1000)
        #expect(throws: URError.limitExceeded(what: "UR string length", value: UInt64(text.utf8.count), limit: 100)) {
            _ = try URPart(parsing: text, maxLength: 100)
        }
    }

    /// Random printable ASCII and mutations of a valid part never crash the parser; every failure is typed.
    @Test func randomStringsGiveTypedErrors() throws {
        var encoder = try UREncoder(try UR(type: "bytes", cbor: makeMessage(300)), maxFragmentLength: 40)
        let valid = Array(encoder.nextPart().utf8)
        var rng = Xoshiro256StarStar(string: "ur fuzz")
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = valid
                for _ in 0..<rng.nextInt(1, 3) {
                    let position = rng.nextInt(0, bytes.count - 1)
                    bytes[position] = UInt8(rng.nextInt(0x20, 0x7e))
                }
                if round % 6 == 0 { bytes.removeLast(rng.nextInt(0, bytes.count - 1)) }
            } else {
                bytes = Array("ur:".utf8) + (0..<rng.nextInt(0, 60)).map { _ in UInt8(rng.nextInt(0x20, 0x7e)) }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                let parsed = try URPart(parsing: text)
                #expect(parsed.string == text.lowercased())
            } catch {
                #expect(error is URError, "\(text): \(error)")
            }
        }
    }
}
