/// The fountain encoder of BCR-2024-001, bit-exact with bc-ur's `FountainEncoder`: the message is cut
/// into `seqLen` zero-padded fragments; parts `1...seqLen` carry one fragment each, and every later part
/// the XOR of a pseudo-random set of fragments, so a receiver can recover the message from any
/// sufficiently large set of parts, in any order.
public struct FountainEncoder: Sendable {
    /// The message length in bytes.
    public let messageLen: Int
    /// CRC-32 of the message, carried in every part.
    public let checksum: UInt32
    /// The length of every fragment (the last one is zero-padded).
    public let fragmentLength: Int
    /// The fragments, `seqLen` of them.
    public let fragments: [[UInt8]]
    /// The seqNum of the last part produced; the next part is `seqNum + 1` (wrapping at 2^32 as the reference).
    public private(set) var seqNum: UInt32
    private var chooser: FragmentChooser

    /// Prepares parts of `message`. The fragment length is `FountainCode.fragmentLength`; the first part
    /// produced has seqNum `firstSeqNum + 1`. Throws `URError.invalidEncoderSettings` for an empty message,
    /// a message longer than 2^32 - 1 bytes, `minFragmentLength < 1` or `maxFragmentLength < minFragmentLength`.
    public init(
        message: [UInt8], maxFragmentLength: Int, firstSeqNum: UInt32 = 0,
        minFragmentLength: Int = FountainCode.defaultMinFragmentLength
    ) throws {
        guard !message.isEmpty else { throw URError.invalidEncoderSettings("the message is empty") }
        guard message.count <= Int(UInt32.max) else {
            throw URError.invalidEncoderSettings("the message is \(message.count) bytes, more than 2^32 - 1")
        }
        guard minFragmentLength >= 1 else {
            throw URError.invalidEncoderSettings("the minimum fragment length \(minFragmentLength) is below 1")
        }
        guard maxFragmentLength >= minFragmentLength else {
            throw URError.invalidEncoderSettings(
                "the maximum fragment length \(maxFragmentLength) is below the minimum \(minFragmentLength)")
        }
        messageLen = message.count
        checksum = CRC32.checksum(message)
        fragmentLength = FountainCode.fragmentLength(
            messageLength: message.count,
            maxFragmentLength: maxFragmentLength,
            minFragmentLength: minFragmentLength)
        fragments = FountainCode.partition(message, fragmentLength: fragmentLength)
        seqNum = firstSeqNum
        chooser = FragmentChooser(seqLen: fragments.count)
    }

    /// The number of fragments.
    public var seqLen: Int { fragments.count }

    /// True when the message is a single fragment, so one part carries all of it.
    public var isSinglePart: Bool { seqLen == 1 }

    /// True once parts up to seqLen have been produced, i.e. every pure fragment has gone out at least once
    /// when counting started at 0.
    public var isComplete: Bool { Int(seqNum) >= seqLen }

    /// The next part: seqNum advances by one, then the part mixing `chooseFragments(seqNum)` is built.
    public mutating func nextPart() -> FountainPart {
        seqNum &+= 1
        let indexes = chooser.choose(seqNum: seqNum, checksum: checksum)
        return part(seqNum: seqNum, indexes: indexes)
    }

    /// The part with a given seqNum, without moving the counter (the same part `nextPart` gives for it).
    public func part(seqNum: UInt32) -> FountainPart {
        var chooser = self.chooser
        return part(seqNum: seqNum, indexes: chooser.choose(seqNum: seqNum, checksum: checksum))
    }

    private func part(seqNum: UInt32, indexes: [Int]) -> FountainPart {
        var mixed: [UInt8]
        if indexes.count == 1 {
            mixed = fragments[indexes[0]]
        } else {
            mixed = [UInt8](repeating: 0, count: fragmentLength)
            for index in indexes { FountainCode.xor(into: &mixed, fragments[index]) }
        }
        return FountainPart(
            seqNum: seqNum, seqLen: seqLen, messageLen: messageLen, checksum: checksum,
            fragment: mixed)
    }
}
