import Testing

/// One named hostile input and the typed error a parser must answer it with.
struct Hostile<Failure: Error & Equatable & Sendable>: Sendable, CustomTestStringConvertible {
    let name: String
    let input: [UInt8]
    let error: Failure

    init(_ name: String, _ input: [UInt8], _ error: Failure) {
        self.name = name
        self.input = input
        self.error = error
    }

    var testDescription: String { name }
}

/// Bytes from hex; the tables write inputs in hex so they can be held against the specs.
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8)
    return stride(from: 0, to: digits.count - 1, by: 2).map { index in
        UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) ?? 0
    }
}

/// `value` as `count` big-endian bytes (a CBOR head's argument).
func bigEndian(_ value: UInt64, _ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * (count - 1 - $0))) }
}

/// `count` copies of `bytes`, concatenated (deep nesting, long runs).
func repeated(_ bytes: [UInt8], _ count: Int) -> [UInt8] {
    Array([[UInt8]](repeating: bytes, count: count).joined())
}
