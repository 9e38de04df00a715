import Testing
@testable import DeterministicCBOR

@Test(arguments: [
    "00", "1bffffffffffffffff", "3b7fffffffffffffff", "f93e00", "fb3ff199999999999a", "fa7f7fffff", "f97e00",
    "f9fc00", "6449455446", "4401020304", "8301820203820405", "a26161016162820203", "c11a514b67b0", "f5", "f4", "f6",
    "a80a011864022003617a046261610581186406812007f408",
])
func decodesAndReencodesExactly(input: String) throws {
    let item = try CBOR.decode(bytes(input))
    #expect(hex(item.encoded) == input)
}

/// What dCBOR rejects, each with the error that says where.
@Test(arguments: [
    ("1817", CBORError.nonShortestEncoding(offset: 0)),
    ("190017", .nonShortestEncoding(offset: 0)),
    ("1a0000ffff", .nonShortestEncoding(offset: 0)),
    ("1b00000000ffffffff", .nonShortestEncoding(offset: 0)),
    ("8201190001", .nonShortestEncoding(offset: 2)),
    ("5f4101ff", .indefiniteLength(offset: 0)),
    ("9f01ff", .indefiniteLength(offset: 0)),
    ("bf0102ff", .indefiniteLength(offset: 0)),
    ("a203040102", .unsortedMapKeys(offset: 3)),
    ("a201020103", .duplicateMapKey(offset: 3)),
    ("a21864010a02", .unsortedMapKeys(offset: 4)),
    ("62c328", .invalidUTF8(offset: 0)),
    ("6365cc81", .textNotNFC(offset: 0)),
    ("f93c00", .nonCanonicalNumber(offset: 0)),
    ("fa3fc00000", .nonCanonicalNumber(offset: 0)),
    ("fb3ff8000000000000", .nonCanonicalNumber(offset: 0)),
    ("f97e01", .nonCanonicalNumber(offset: 0)),
    ("fb7ff8000000000000", .nonCanonicalNumber(offset: 0)),
    ("f98000", .nonCanonicalNumber(offset: 0)),
    ("3b8000000000000000", .nonCanonicalNumber(offset: 0)),
    ("f7", .unsupportedSimpleValue(offset: 0, value: 23)),
    ("f0", .unsupportedSimpleValue(offset: 0, value: 16)),
    ("f820", .unsupportedSimpleValue(offset: 0, value: 32)),
    ("1c", .reservedAdditionalInfo(offset: 0)),
    ("1a0001", .truncated(offset: 3)),
    ("8201", .truncated(offset: 2)),
    ("", .truncated(offset: 0)),
    ("0000", .trailingBytes(offset: 1)),
    ("5b7fffffffffffffff", .lengthLimitExceeded(offset: 0, length: 0x7fff_ffff_ffff_ffff, limit: 1 << 24)),
    ("9bffffffffffffffff00", .lengthLimitExceeded(offset: 0, length: UInt64.max, limit: 1 << 24)),
    ("bb8000000000000000", .lengthLimitExceeded(offset: 0, length: 1 << 63, limit: 1 << 24)),
    ("7a00ffffff41", .truncated(offset: 6)),
    ("450102", .truncated(offset: 3)),
] as [(String, CBORError)])
func rejectsWhatIsNotDeterministic(input: String, expected: CBORError) {
    #expect(throws: expected) { try CBOR.decode(bytes(input)) }
}

@Test func boundsNestingBeforeRecursingDeep() {
    let deep = [UInt8](repeating: 0x81, count: 10_000) + [0x00]
    #expect(throws: CBORError.depthLimitExceeded(offset: 64, limit: 64)) { try CBOR.decode(deep) }
    let deepTags = [UInt8](repeating: 0xc1, count: 10_000) + [0x00]
    #expect(throws: CBORError.depthLimitExceeded(offset: 64, limit: 64)) { try CBOR.decode(deepTags) }
    let withinLimit = [UInt8](repeating: 0x81, count: 64) + [0x00]
    #expect((try? CBOR.decode(withinLimit)) != nil)
}

@Test func enforcesConfiguredLimits() {
    let limits = CBORLimits(maxDepth: 4, maxLength: 8, maxItems: 5)
    #expect(throws: CBORError.lengthLimitExceeded(offset: 0, length: 9, limit: 8)) {
        try CBOR.decode([0x49] + [UInt8](repeating: 0, count: 9), limits: limits)
    }
    #expect(throws: CBORError.itemLimitExceeded(offset: 5, limit: 5)) {
        try CBOR.decode([0x85, 0, 0, 0, 0, 0], limits: limits)
    }
}

/// Deterministic decoding means one encoding per value: whatever random bytes decode must re-encode to themselves.
@Test func randomBytesEitherFailOrRoundTripExactly() {
    var generator = SystemRandomNumberGenerator()
    var accepted = 0
    for _ in 0..<20_000 {
        let length = Int.random(in: 1...12, using: &generator)
        let input = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
        if let item = try? CBOR.decode(input) {
            accepted += 1
            #expect(item.encoded == input, "\(hex(input))")
        }
    }
    #expect(accepted > 0)
}

func randomItem(depth: Int, using generator: inout SystemRandomNumberGenerator) -> CBOR {
    let choice = Int.random(in: 0..<(depth > 3 ? 7 : 10), using: &generator)
    switch choice {
    case 0: return .unsigned(UInt64.random(in: 0...UInt64.max, using: &generator) >> UInt64.random(in: 0...63, using: &generator))
    case 1: return .negative(UInt64.random(in: 0...UInt64(Int64.max), using: &generator) >> UInt64.random(in: 0...62, using: &generator))
    case 2: return .bytes((0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
    case 3: return .text(String((0..<Int.random(in: 0...12, using: &generator)).map { _ in "aé水🙂\"\n".randomElement(using: &generator)! }))
    case 4: return .simple([.true, .false, .null].randomElement(using: &generator)!)
    case 5: return .float([0.5, -1.25, 1.1, 3.4028234663852886e+38, 1e300, -.infinity, 0x1p-24].randomElement(using: &generator)!)
    case 6: return .float(Double.random(in: -1e6...1e6, using: &generator))
    case 7: return .array((0..<Int.random(in: 0...5, using: &generator)).map { _ in randomItem(depth: depth + 1, using: &generator) })
    case 8:
        let pairs = (0..<Int.random(in: 0...5, using: &generator)).map { _ in
            (randomItem(depth: depth + 1, using: &generator), randomItem(depth: depth + 1, using: &generator))
        }
        return .map(CBORMap(pairs))
    default: return .tagged(UInt64.random(in: 0...100_000, using: &generator), randomItem(depth: depth + 1, using: &generator))
    }
}

@Test func randomItemsRoundTrip() throws {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<2_000 {
        let item = randomItem(depth: 0, using: &generator)
        let encoded = item.encoded
        let decoded = try CBOR.decode(encoded)
        #expect(decoded.encoded == encoded, "\(item.diagnostic)")
        #expect(decoded.diagnostic == item.diagnostic || item.diagnostic.contains(".0"), "\(item.diagnostic)")
    }
}
