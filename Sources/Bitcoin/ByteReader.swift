/// A cursor over untrusted bytes: every read checks the bytes left first and throws `truncated` naming what was
/// being read, so no length taken from the input can make a read run past the end or allocate more than is there.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset == bytes.count }

    mutating func read(_ count: Int, _ what: String) throws -> [UInt8] {
        guard count >= 0, count <= remaining else { throw BitcoinError.truncated(what: what) }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    mutating func byte(_ what: String) throws -> UInt8 { try read(1, what)[0] }

    mutating func uint32(_ what: String) throws -> UInt32 {
        try read(4, what).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << UInt32(8 * $1.offset) }
    }

    mutating func uint64(_ what: String) throws -> UInt64 {
        try read(8, what).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
    }

    /// A CompactSize integer in its shortest form (Bitcoin Core rejects non-canonical ones too).
    mutating func compactSize(_ what: String) throws -> UInt64 {
        let first = try byte(what)
        let value: UInt64
        let minimum: UInt64
        switch first {
        case 0xfd: value = UInt64(try read(2, what).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }); minimum = 0xfd
        case 0xfe: value = UInt64(try uint32(what)); minimum = 0x1_0000
        case 0xff: value = try uint64(what); minimum = 0x1_0000_0000
        default: return UInt64(first)
        }
        guard value >= minimum else { throw BitcoinError.invalidPSBT("\(what) is a non-canonical CompactSize") }
        return value
    }

    /// A CompactSize count or length that must fit in what is left, at `unit` bytes per item at least.
    mutating func count(_ what: String, unit: Int = 1) throws -> Int {
        let value = try compactSize(what)
        guard value <= UInt64(remaining / max(unit, 1)) else { throw BitcoinError.truncated(what: what) }
        return Int(value)
    }

    /// A CompactSize length followed by that many bytes.
    mutating func varBytes(_ what: String) throws -> [UInt8] { try read(try count(what), what) }
}

/// Little-endian and CompactSize writers.
enum ByteWriter {
    static func uint32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> UInt32(8 * $0)) } }
    static func uint64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * $0)) } }

    static func compactSize(_ value: Int) -> [UInt8] { compactSize(UInt64(max(value, 0))) }

    /// The shortest CompactSize of `value` (key types may use all 64 bits).
    static func compactSize(_ value: UInt64) -> [UInt8] {
        switch value {
        case ..<0xfd: [UInt8(value)]
        case ...0xffff: [0xfd, UInt8(value & 0xff), UInt8(value >> 8)]
        case ...0xffff_ffff: [0xfe] + uint32(UInt32(value))
        default: [0xff] + uint64(value)
        }
    }

    static func varBytes(_ bytes: [UInt8]) -> [UInt8] { compactSize(bytes.count) + bytes }
}
