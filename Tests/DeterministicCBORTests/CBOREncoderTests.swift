import Foundation
import Testing
@testable import DeterministicCBOR

func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

func bytes(_ hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        result.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return result
}

/// RFC 8949 Appendix A examples, and dCBOR numeric reduction (draft-mcnally-deterministic-cbor §3.2).
@Test(arguments: [
    (CBOR(0), "00"), (CBOR(23), "17"), (CBOR(24), "1818"), (CBOR(100), "1864"), (CBOR(1000), "1903e8"),
    (CBOR(1_000_000), "1a000f4240"), (CBOR(1_000_000_000_000), "1b000000e8d4a51000"),
    (.unsigned(UInt64.max), "1bffffffffffffffff"), (CBOR(-1), "20"), (CBOR(-10), "29"), (CBOR(-100), "3863"),
    (CBOR(-1000), "3903e7"), (CBOR(Int.min), "3b7fffffffffffffff"),
    (.float(1.5), "f93e00"), (.float(100000.0), "1a000186a0"), (.float(3.4028234663852886e+38), "fa7f7fffff"),
    (.float(1.0e+300), "fb7e37e43c8800759c"), (.float(5.960464477539063e-8), "f90001"),
    (.float(0.00006103515625), "f90400"), (.float(-4.1), "fbc010666666666666"), (.float(1.1), "fb3ff199999999999a"),
    (.float(65504.0), "19ffe0"), (.float(-0.0), "00"), (.float(-2.0), "21"), (.float(.infinity), "f97c00"),
    (.float(-.infinity), "f9fc00"), (.float(.nan), "f97e00"), (.float(-9223372036854775808.0), "3b7fffffffffffffff"),
    (.float(18446744073709551616.0), "fa5f800000"), (.float(-0.5), "f9b800"),
    ("", "60"), ("a", "6161"), ("IETF", "6449455446"), ("\"\\", "62225c"), ("\u{fc}", "62c3bc"),
    ("\u{6c34}", "63e6b0b4"), (.bytes([]), "40"), (.bytes([1, 2, 3, 4]), "4401020304"),
    ([], "80"), ([1, 2, 3], "83010203"), ([1, [2, 3], [4, 5]], "8301820203820405"),
    (.map(CBORMap()), "a0"), (.map(CBORMap([(1, 2), (3, 4)])), "a201020304"),
    (.map(CBORMap([("b", [2, 3]), ("a", 1)])), "a26161016162820203"),
    (.tagged(1, 1_363_896_240), "c11a514b67b0"),
    (.tagged(32, "http://www.example.com"), "d82076687474703a2f2f7777772e6578616d706c652e636f6d"),
    (true, "f5"), (false, "f4"), (.simple(.null), "f6"),
] as [(CBOR, String)])
func encodesDeterministically(item: CBOR, expected: String) {
    #expect(hex(item.encoded) == expected, "\(item.diagnostic)")
}

/// RFC 8949 §4.2.1: keys sort by the bytewise lexicographic order of their encodings, whatever order they came in.
@Test func sortsMapKeysBytewise() {
    let pairs: [(CBOR, CBOR)] = [
        (false, 8), ([-1], 7), ([100], 6), ("aa", 5), ("z", 4), (-1, 3), (100, 2), (10, 1),
    ]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20 {
        let map = CBORMap(pairs.shuffled(using: &generator))
        #expect(hex(CBOR.map(map).encoded) == "a80a011864022003617a046261610581186406812007f408")
        #expect(map.entries.map(\.value) == [1, 2, 3, 4, 5, 6, 7, 8])
    }
}

@Test func mapSubscriptReplacesAndRemoves() {
    var map = CBORMap([(1, "a"), (1, "b")])
    #expect(map.count == 1)
    #expect(map[1] == "b")
    map["key"] = 5
    #expect(map["key"] == 5)
    map[1] = nil
    #expect(map.count == 1)
    #expect(map[1] == nil)
}

@Test func diagnosticNotation() {
    let item: CBOR = [1, -2, .bytes([0x0a, 0x0b]), "x\"", .map(CBORMap([(1, true)])), .tagged(40, .simple(.null)), 1.5]
    #expect(item.diagnostic == "[1, -2, h'0a0b', \"x\\\"\", {1: true}, 40(null), 1.5]")
}

@Test func halfPrecisionIsExactOnly() {
    #expect(HalfPrecision.exactBits(of: 1.0 / 3.0) == nil)
    #expect(HalfPrecision.exactBits(of: 65520) == nil)
    #expect(HalfPrecision.exactBits(of: 0x1p-25) == nil)
    for bits in UInt16(0)...UInt16(0x7bff) {
        let value = HalfPrecision.value(of: bits)
        #expect(HalfPrecision.exactBits(of: value) == bits)
    }
}
