import DeterministicCBOR

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

    /// The fragment indexes this part mixes, sorted (none when seqNum or seqLen is 0 or seqLen is beyond
    /// `FountainCode.maxSeqLen`).
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
        CBOR.array([
            .unsigned(UInt64(seqNum)), .unsigned(UInt64(seqLen)), .unsigned(UInt64(messageLen)),
            .unsigned(UInt64(checksum)), .bytes(fragment),
        ]).encode(into: &out)
        return out
    }

    /// Parses the CBOR array strictly (deterministic CBOR: shortest forms, definite lengths, nothing after):
    /// exactly 5 items, four unsigned integers that fit 32 bits, then a byte string. Throws
    /// `URError.invalidPart` for any other shape and for fields no valid part has: seqNum 0, seqLen 0,
    /// messageLen 0, an empty fragment.
    public init(cbor: [UInt8]) throws {
        let item: CBOR
        do {
            item = try CBOR.decode(cbor, limits: FountainPart.cborLimits)
        } catch {
            throw URError.invalidPart("bad CBOR: \(error)")
        }
        guard let items = item.arrayValue else { throw URError.invalidPart("not a CBOR array") }
        guard items.count == 5 else { throw URError.invalidPart("an array of \(items.count) items, not 5") }
        let names = ["seqNum", "seqLen", "messageLen", "checksum"]
        var fields: [UInt32] = []
        for (name, field) in zip(names, items) {
            guard let value = field.unsignedValue else {
                throw URError.invalidPart("\(name) is not an unsigned integer")
            }
            guard value <= UInt64(UInt32.max) else {
                throw URError.invalidPart("\(name) \(value) does not fit 32 bits")
            }
            fields.append(UInt32(value))
        }
        guard let fragment = items[4].bytesValue else { throw URError.invalidPart("the fragment is not a byte string") }
        guard fields[0] > 0 else { throw URError.invalidPart("seqNum is 0") }
        guard fields[1] > 0 else { throw URError.invalidPart("seqLen is 0") }
        guard fields[2] > 0 else { throw URError.invalidPart("messageLen is 0") }
        guard !fragment.isEmpty else { throw URError.invalidPart("the fragment is empty") }
        self.init(
            seqNum: fields[0], seqLen: Int(fields[1]), messageLen: Int(fields[2]), checksum: fields[3],
            fragment: fragment)
    }

    /// A part is flat: one array, no nesting beyond it.
    static let cborLimits = CBORLimits(maxDepth: 2, maxLength: 1 << 25, maxItems: 8)

    /// Checks what one part alone can show about the message geometry: the fields are positive, seqLen is
    /// `ceil(messageLen / fragment.count)` as partitioning makes it, and when this is the last pure part the
    /// padding after the message's end is zero. Throws `URError.invalidPart` naming the fault.
    public func validate() throws {
        guard seqNum > 0, seqLen > 0, messageLen > 0, !fragment.isEmpty else {
            throw URError.invalidPart("a zero field or an empty fragment")
        }
        let expectedSeqLen = FountainCode.ceilDivide(messageLen, fragment.count)
        guard expectedSeqLen == seqLen else {
            throw URError.invalidPart(
                "seqLen \(seqLen) does not cut \(messageLen) bytes into \(fragment.count)-byte "
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
