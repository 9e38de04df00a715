import DeterministicCBOR
import Foundation
import Testing
import UniformResources

/// UR strings (BCR-2020-005) with hostile paths, sequence numbers and bodies, each with its `URError`.
struct HostileString: Sendable, CustomTestStringConvertible {
    let name: String
    let string: String
    let error: URError
    var testDescription: String { name }
}

/// A multipart part string for a part of the given fields (the encoder's own printing).
func partString(seqNum: UInt32, seqLen: Int, messageLen: Int, fragment: [UInt8] = [0]) -> String {
    URPart.multipart(type: "bytes", part: FountainPart(seqNum: seqNum, seqLen: seqLen, messageLen: messageLen,
                                                       checksum: 0, fragment: fragment)).string
}

let urStringCases: [HostileString] = [
    HostileString(name: "seqLen 2^32 in the path", string: "ur:bytes/1-4294967296/aeaeaeae",
                  error: .invalidSequence("1-4294967296")),
    HostileString(name: "seqNum 2^32 in the path", string: "ur:bytes/4294967296-1/aeaeaeae",
                  error: .invalidSequence("4294967296-1")),
    HostileString(name: "20-digit seqLen (would overflow 64 bits)", string: "ur:bytes/1-99999999999999999999/aeae",
                  error: .invalidSequence("1-99999999999999999999")),
    HostileString(name: "negative seqNum", string: "ur:bytes/-1-3/aeaeaeae", error: .invalidSequence("-1-3")),
    HostileString(name: "seqNum 0", string: "ur:bytes/0-3/aeaeaeae", error: .invalidSequence("0-3")),
    HostileString(name: "three path components", string: "ur:bytes/1-2/3-4/aeaeaeae",
                  error: .invalidPath("3 components after the type, at most 2 are allowed")),
    HostileString(name: "a thousand path components", string: "ur:bytes" + String(repeating: "/ae", count: 1000),
                  error: .invalidPath("1000 components after the type, at most 2 are allowed")),
    HostileString(name: "no body", string: "ur:bytes", error: .invalidPath("no body after the type")),
    HostileString(name: "another scheme", string: "bitcoin:1abc", error: .invalidScheme("bitcoin:")),
    HostileString(name: "empty type", string: "ur:/aeaeaeae", error: .invalidType("")),
    HostileString(name: "non-ASCII body", string: "ur:bytes/aé", error: .bytewords(.nonASCII(offset: 1))),
    HostileString(name: "body shorter than its checksum", string: "ur:bytes/ae",
                  error: .bytewords(.tooShort(byteCount: 1))),
    HostileString(name: "odd minimal body", string: "ur:bytes/aea", error: .bytewords(.invalidLength(3))),
    HostileString(name: "path and part CBOR disagree on seqLen (2^32 - 1 in the CBOR)",
                  string: partString(seqNum: 1, seqLen: 0xffff_ffff, messageLen: 1)
                      .replacingOccurrences(of: "/1-4294967295/", with: "/1-1/"),
                  error: .partMismatch(field: "seqLen", expected: 1, got: 0xffff_ffff)),
]

@Test(arguments: urStringCases)
func urStringsAreRefusedWithTheirTypedError(_ hostile: HostileString) {
    #expect(throws: hostile.error) { try URPart(parsing: hostile.string) }
}

@Test func urStringsOverTheLengthLimitAreRefusedBeforeDecoding() {
    let string = "ur:bytes/" + String(repeating: "ae", count: 100)
    #expect(throws: URError.limitExceeded(what: "UR string length", value: 209, limit: 50)) {
        try URPart(parsing: string, maxLength: 50)
    }
    #expect(throws: BytewordsError.tooLong(length: 400, limit: 399)) {
        try Bytewords.decode(String(repeating: "a", count: 400), style: .minimal, maxLength: 399)
    }
}

/// Fountain part CBOR (BCR-2024-001 "Part format"): `[seqNum, seqLen, messageLen, checksum, fragment]`, strictly.
let partCBORCases: [Hostile<URError>] = [
    Hostile("seqLen of 2^32", hex("8501") + [0x1b] + bigEndian(1 << 32, 8) + hex("01004100"),
            .invalidPart("seqLen 4294967296 does not fit 32 bits")),
    Hostile("messageLen of 2^64 - 1", hex("850101") + [0x1b] + bigEndian(.max, 8) + hex("004100"),
            .invalidPart("messageLen 18446744073709551615 does not fit 32 bits")),
    Hostile("fragment declaring 2^63 bytes", hex("8501010100") + [0x5b] + bigEndian(1 << 63, 8),
            .invalidPart("bad CBOR: \(CBORError.lengthLimitExceeded(offset: 5, length: 1 << 63, limit: 1 << 25))")),
    Hostile("parts nested in parts", hex("82818100"),
            .invalidPart("bad CBOR: \(CBORError.depthLimitExceeded(offset: 2, limit: 2))")),
    Hostile("six items", hex("86010101004100" + "00"), .invalidPart("an array of 6 items, not 5")),
    Hostile("seqNum 0", hex("8500010100" + "4100"), .invalidPart("seqNum is 0")),
    Hostile("empty fragment", hex("8501010100" + "40"), .invalidPart("the fragment is empty")),
    Hostile("not an array", hex("a0"), .invalidPart("not a CBOR array")),
]

@Test(arguments: partCBORCases)
func fountainPartCBORIsRefusedWithItsTypedError(_ hostile: Hostile<URError>) {
    #expect(throws: hostile.error) { try FountainPart(cbor: hostile.input) }
}
