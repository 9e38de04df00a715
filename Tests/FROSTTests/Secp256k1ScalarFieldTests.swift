import Testing
@testable import FROST

/// A slow, obviously correct natural number on 32-bit words (least significant first), the reference the
/// constant-time limb arithmetic is checked against.
struct ReferenceNatural: Equatable {
    var words: [UInt32]

    init(words: [UInt32]) {
        var trimmed = words
        while trimmed.last == 0 { trimmed.removeLast() }
        self.words = trimmed
    }

    init(bigEndian bytes: [UInt8]) {
        var words: [UInt32] = []
        var index = bytes.count
        while index > 0 {
            var word: UInt32 = 0
            for offset in 0..<4 where index - 4 + offset >= 0 {
                word |= UInt32(bytes[index - 4 + offset]) << (8 * UInt32(3 - offset))
            }
            words.append(word)
            index -= 4
        }
        self.init(words: words)
    }

    func bigEndianBytes(count: Int) -> [UInt8] {
        (0..<count).reversed().map { byteIndex in
            let word = byteIndex / 4 < words.count ? words[byteIndex / 4] : 0
            return UInt8(truncatingIfNeeded: word >> (8 * UInt32(byteIndex % 4)))
        }
    }

    static func < (a: ReferenceNatural, b: ReferenceNatural) -> Bool {
        if a.words.count != b.words.count { return a.words.count < b.words.count }
        for index in (0..<a.words.count).reversed() where a.words[index] != b.words[index] {
            return a.words[index] < b.words[index]
        }
        return false
    }

    static func + (a: ReferenceNatural, b: ReferenceNatural) -> ReferenceNatural {
        var out: [UInt32] = []
        var carry: UInt64 = 0
        for index in 0..<max(a.words.count, b.words.count) {
            let sum = UInt64(index < a.words.count ? a.words[index] : 0)
                + UInt64(index < b.words.count ? b.words[index] : 0) + carry
            out.append(UInt32(truncatingIfNeeded: sum))
            carry = sum >> 32
        }
        out.append(UInt32(carry))
        return ReferenceNatural(words: out)
    }

    /// a - b for a >= b.
    static func - (a: ReferenceNatural, b: ReferenceNatural) -> ReferenceNatural {
        var out: [UInt32] = []
        var borrow: Int64 = 0
        for index in 0..<a.words.count {
            var difference = Int64(a.words[index]) - Int64(index < b.words.count ? b.words[index] : 0) - borrow
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 1 << 32 }
            out.append(UInt32(difference))
        }
        return ReferenceNatural(words: out)
    }

    static func * (a: ReferenceNatural, b: ReferenceNatural) -> ReferenceNatural {
        var out = [UInt64](repeating: 0, count: a.words.count + b.words.count + 1)
        for i in 0..<a.words.count {
            var carry: UInt64 = 0
            for j in 0..<b.words.count {
                let product = UInt64(a.words[i]) * UInt64(b.words[j]) + out[i + j] + carry
                out[i + j] = product & 0xffff_ffff
                carry = product >> 32
            }
            out[i + b.words.count] += carry
        }
        return ReferenceNatural(words: out.map { UInt32(truncatingIfNeeded: $0) })
    }

    /// The remainder, by shift-and-subtract one bit at a time.
    static func % (a: ReferenceNatural, m: ReferenceNatural) -> ReferenceNatural {
        var remainder = ReferenceNatural(words: [])
        for bit in (0..<(a.words.count * 32)).reversed() {
            remainder = remainder + remainder
            if (a.words[bit / 32] >> UInt32(bit % 32)) & 1 == 1 { remainder = remainder + ReferenceNatural(words: [1]) }
            if !(remainder < m) { remainder = remainder - m }
        }
        return remainder
    }
}

struct Secp256k1ScalarFieldTests {
    typealias C = Secp256k1Sha256

    static let orderBytes = bytes("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141")
    static let order = ReferenceNatural(bigEndian: orderBytes)

    /// Random values below n, with the edge cases 0, 1, 2, n-1, n-2 and values near 2^128 and 2^255 mixed in.
    static func samples(_ count: Int) -> [[UInt8]] {
        let nMinusOne = (order - ReferenceNatural(words: [1])).bigEndianBytes(count: 32)
        let nMinusTwo = (order - ReferenceNatural(words: [2])).bigEndianBytes(count: 32)
        var edges: [[UInt8]] = [[UInt8](repeating: 0, count: 32), [UInt8](repeating: 0, count: 31) + [1],
                                [UInt8](repeating: 0, count: 31) + [2], nMinusOne, nMinusTwo,
                                [UInt8](repeating: 0, count: 15) + [1] + [UInt8](repeating: 0, count: 16),
                                [0x80] + [UInt8](repeating: 0, count: 31),
                                [0x7f] + [UInt8](repeating: 0xff, count: 31)]
        var generator = SystemRandomNumberGenerator()
        while edges.count < count {
            let value = ReferenceNatural(bigEndian: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
            edges.append((value % order).bigEndianBytes(count: 32))
        }
        return edges
    }

    func reference(_ bytes: [UInt8]) -> ReferenceNatural { ReferenceNatural(bigEndian: bytes) }

    @Test func arithmeticMatchesTheReference() throws {
        let values = Self.samples(1500)
        let n = Self.order
        for index in 0..<values.count {
            let aBytes = values[index], bBytes = values[(index * 7 + 3) % values.count]
            let a = try Scalar<C>(deserializing: aBytes), b = try Scalar<C>(deserializing: bBytes)
            let ra = reference(aBytes), rb = reference(bBytes)
            #expect((a + b).serialize() == ((ra + rb) % n).bigEndianBytes(count: 32), "\(a) + \(b)")
            #expect((a - b).serialize() == ((ra + n - rb) % n).bigEndianBytes(count: 32), "\(a) - \(b)")
            #expect((a * b).serialize() == ((ra * rb) % n).bigEndianBytes(count: 32), "\(a) * \(b)")
            #expect((-a).serialize() == ((n - ra) % n).bigEndianBytes(count: 32), "-\(a)")
            if !a.isZero && index % 5 == 0 {
                let inverse = try a.inverse()
                #expect(((reference(inverse.serialize()) * ra) % n) == ReferenceNatural(words: [1]), "1/\(a)")
            }
        }
        #expect(throws: FROSTError.zeroScalar(what: "inverted scalar")) { try Scalar<C>.zero.inverse() }
    }

    /// The variable-time inverse for public values (Lagrange denominators) agrees with Fermat's constant-time one on
    /// the edge cases and random values, and both give a·(1/a) = 1.
    @Test func publicInversionMatchesTheConstantTimeOne() throws {
        for bytes in Self.samples(400) {
            let a = try Scalar<C>(deserializing: bytes)
            guard !a.isZero else {
                #expect(throws: FROSTError.zeroScalar(what: "inverted scalar")) { try C.invertPublic(a) }
                continue
            }
            let inverse = try C.invertPublic(a)
            #expect(inverse == (try a.inverse()), "1/\(a)")
            #expect(((reference(inverse.serialize()) * reference(bytes)) % Self.order) == ReferenceNatural(words: [1]))
        }
    }

    @Test func wideValuesReduceLikeTheReference() {
        var generator = SystemRandomNumberGenerator()
        var inputs: [[UInt8]] = [[UInt8](repeating: 0xff, count: 64), [UInt8](repeating: 0, count: 64),
                                 [UInt8](repeating: 0, count: 32) + Self.orderBytes,
                                 Self.orderBytes + Self.orderBytes, [UInt8](repeating: 0xff, count: 48)]
        for _ in 0..<1500 {
            inputs.append((0..<(Bool.random() ? 64 : 48)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
        for input in inputs {
            let expected = (reference(input) % Self.order).bigEndianBytes(count: 32)
            #expect(C.reduce(bigEndian: input).serialize() == expected, "\(hexString(input)) mod n")
        }
    }

    @Test func deserializeRefusesValuesNotBelowTheOrder() throws {
        let n = Self.order
        let allOnes = ReferenceNatural(bigEndian: [UInt8](repeating: 0xff, count: 32))
        for value in [n, n + ReferenceNatural(words: [1]), allOnes] {
            #expect(throws: FROSTError.nonCanonicalScalar(what: "scalar")) {
                try Scalar<C>(deserializing: value.bigEndianBytes(count: 32))
            }
        }
        #expect(throws: FROSTError.wrongLength(what: "scalar", expected: 32, actual: 33)) {
            try Scalar<C>(deserializing: [UInt8](repeating: 0, count: 33))
        }
        #expect(try Scalar<C>(deserializing: [UInt8](repeating: 0, count: 32)).isZero)
        let nMinusOne = (n - ReferenceNatural(words: [1])).bigEndianBytes(count: 32)
        #expect(try Scalar<C>(deserializing: nMinusOne) + .one == .zero)
    }

    @Test func scalarsAndPointsAgree() throws {
        for _ in 0..<20 {
            let a = Scalar<C>.random(), b = Scalar<C>.random()
            let g = Element<C>.generator
            #expect((a + b) * g == a * g + b * g)
            #expect((a * b) * g == a * (b * g))
            #expect(a * g - a * g == .identity)
            #expect((-a) * g + a * g == .identity)
        }
        #expect(Scalar<C>.zero * Element<C>.generator == .identity)
        #expect(Element<C>.identity + .generator == .generator)
    }
}
