/// One part of a multipart message (BCR-2024-001): which part it is, the message it belongs to, and the
/// XOR of the fragments `FountainCode.chooseFragments` names. Carried as the CBOR array
/// `[seqNum, seqLen, messageLen, checksum, fragment]` in the body of a `ur:type/seqNum-seqLen/...` string.
public struct FountainPart: Sendable, Hashable, CustomStringConvertible {
    /// The part's number, from 1; parts `1...seqLen` are the pure fragments.
    public let seqNum: UInt32
    /// The number of fragments the message is cut into.
    public let seqLen: Int
    /// The message length in bytes, before padding.
    public let messageLen: Int
    /// The CRC-32 of the whole (unpadded) message.
    public let checksum: UInt32
    /// The XOR of the chosen fragments, each `fragment.count` bytes long.
    public let fragment: [UInt8]

    /// A part with the given fields, unchecked (the encoder builds valid ones).
    public init(seqNum: UInt32, seqLen: Int, messageLen: Int, checksum: UInt32, fragment: [UInt8]) {
        self.seqNum = seqNum
        self.seqLen = seqLen
        self.messageLen = messageLen
        self.checksum = checksum
        self.fragment = fragment
    }

    /// The fragment indexes this part mixes, sorted.
    public var indexes: [Int] {
        FountainCode.chooseFragments(seqNum: seqNum, seqLen: seqLen, checksum: checksum)
    }

    /// True for parts `1...seqLen`, which carry one fragment each.
    public var isPure: Bool { seqNum >= 1 && Int(seqNum) <= seqLen }

    /// The deterministic CBOR encoding: an array of four unsigned integers and a byte string,
    /// each head in its shortest form (BCR-2024-001 "Part format").
    public var cbor: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(fragment.count + 24)
        out.append(0x85)
        PartCBOR.appendHead(major: 0, UInt64(seqNum), to: &out)
        PartCBOR.appendHead(major: 0, UInt64(seqLen), to: &out)
        PartCBOR.appendHead(major: 0, UInt64(messageLen), to: &out)
        PartCBOR.appendHead(major: 0, UInt64(checksum), to: &out)
        PartCBOR.appendHead(major: 2, UInt64(fragment.count), to: &out)
        out.append(contentsOf: fragment)
        return out
    }

    /// Parses the CBOR array strictly: definite array of exactly 5, four shortest-form unsigned integers
    /// that fit 32 bits, a byte string, nothing after. Throws `URError.invalidPart` for any other shape and
    /// for fields no valid part has: seqNum 0, seqLen 0, messageLen 0, an empty fragment.
    public init(cbor: [UInt8]) throws {
        var reader = PartCBOR.Reader(bytes: cbor)
        guard try reader.arrayCount() == 5 else { throw URError.invalidPart("not an array of 5 items") }
        let seqNum = try reader.unsigned32(field: "seqNum")
        let seqLen = try reader.unsigned32(field: "seqLen")
        let messageLen = try reader.unsigned32(field: "messageLen")
        let checksum = try reader.unsigned32(field: "checksum")
        let fragment = try reader.byteString(field: "fragment")
        guard reader.isAtEnd else { throw URError.invalidPart("bytes after the array") }
        guard seqNum > 0 else { throw URError.invalidPart("seqNum is 0") }
        guard seqLen > 0 else { throw URError.invalidPart("seqLen is 0") }
        guard messageLen > 0 else { throw URError.invalidPart("messageLen is 0") }
        guard !fragment.isEmpty else { throw URError.invalidPart("the fragment is empty") }
        self.init(seqNum: seqNum, seqLen: Int(seqLen), messageLen: Int(messageLen), checksum: checksum,
                  fragment: fragment)
    }

    /// Checks what one part alone can show about the message geometry: the fields are positive, seqLen is
    /// `ceil(messageLen / fragment.count)` as partitioning makes it, and when this is the last pure part the
    /// padding after the message's end is zero. Throws `URError.invalidPart` naming the fault.
    public func validate() throws {
        guard seqNum > 0, seqLen > 0, messageLen > 0, !fragment.isEmpty else {
            throw URError.invalidPart("a zero field or an empty fragment")
        }
        let expectedSeqLen = FountainCode.ceilDivide(messageLen, fragment.count)
        guard expectedSeqLen == seqLen else {
            throw URError.invalidPart("seqLen \(seqLen) does not cut \(messageLen) bytes into \(fragment.count)-byte "
                + "fragments (that needs \(expectedSeqLen))")
        }
        if Int(seqNum) == seqLen {
            let used = messageLen - (seqLen - 1) * fragment.count
            if fragment[used...].contains(where: { $0 != 0 }) {
                throw URError.invalidPart("the padding after byte \(messageLen) of the message is not zero")
            }
        }
    }

    /// The reference's description, e.g. `seqNum:1, seqLen:9, messageLen:256, checksum:23570951, data:916e...`.
    public var description: String {
        "seqNum:\(seqNum), seqLen:\(seqLen), messageLen:\(messageLen), checksum:\(checksum), data:"
            + Base16.encode(fragment)
    }
}

/// The few CBOR heads a fountain part uses (RFC 8949 §3), encoded and parsed in shortest form.
enum PartCBOR {
    static func appendHead(major: UInt8, _ value: UInt64, to out: inout [UInt8]) {
        let high = major << 5
        switch value {
        case 0..<24:
            out.append(high | UInt8(value))
        case 24...0xff:
            out.append(high | 24)
            out.append(UInt8(value))
        case 0x100...0xffff:
            out.append(high | 25)
            out.append(UInt8(value >> 8))
            out.append(UInt8(value & 0xff))
        case 0x1_0000...0xffff_ffff:
            out.append(high | 26)
            for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8((value >> UInt64(shift)) & 0xff)) }
        default:
            out.append(high | 27)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8((value >> UInt64(shift)) & 0xff)) }
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        /// Reads one head: its major type and argument, rejecting indefinite and non-shortest forms.
        mutating func head() throws -> (major: UInt8, value: UInt64) {
            guard offset < bytes.count else { throw URError.invalidPart("CBOR ends early at byte \(offset)") }
            let initial = bytes[offset]
            offset += 1
            let major = initial >> 5
            let info = initial & 0x1f
            let width: Int
            switch info {
            case 0..<24: return (major, UInt64(info))
            case 24: width = 1
            case 25: width = 2
            case 26: width = 4
            case 27: width = 8
            default: throw URError.invalidPart("CBOR additional information \(info) at byte \(offset - 1)")
            }
            guard bytes.count - offset >= width else { throw URError.invalidPart("CBOR ends early at byte \(offset)") }
            var value: UInt64 = 0
            for _ in 0..<width {
                value = value << 8 | UInt64(bytes[offset])
                offset += 1
            }
            let shortest: UInt64 = width == 1 ? 24 : width == 2 ? 0x100 : width == 4 ? 0x1_0000 : 0x1_0000_0000
            guard value >= shortest else {
                throw URError.invalidPart("CBOR integer \(value) not in shortest form")
            }
            return (major, value)
        }

        mutating func arrayCount() throws -> UInt64 {
            let (major, value) = try head()
            guard major == 4 else { throw URError.invalidPart("not a CBOR array") }
            return value
        }

        mutating func unsigned32(field: String) throws -> UInt32 {
            let (major, value) = try head()
            guard major == 0 else { throw URError.invalidPart("\(field) is not an unsigned integer") }
            guard value <= UInt64(UInt32.max) else {
                throw URError.invalidPart("\(field) \(value) does not fit 32 bits")
            }
            return UInt32(value)
        }

        mutating func byteString(field: String) throws -> [UInt8] {
            let (major, length) = try head()
            guard major == 2 else { throw URError.invalidPart("\(field) is not a byte string") }
            guard length <= UInt64(bytes.count - offset) else {
                throw URError.invalidPart("\(field) declares \(length) bytes but \(bytes.count - offset) remain")
            }
            let end = offset + Int(length)
            defer { offset = end }
            return Array(bytes[offset..<end])
        }
    }
}
