/// Writes a UR as strings (BCR-2020-005 with BCR-2024-001 parts), as bc-ur's `UREncoder`: when the payload
/// fits one fragment every call gives the single-part UR; otherwise parts `firstSeqNum + 1`, `+ 2`, ...,
/// the first seqLen of them pure and the rest mixed, without end.
public struct UREncoder: Sendable {
    /// The UR being sent.
    public let ur: UR
    private var fountain: FountainEncoder

    /// Prepares the parts of `ur`. Throws `URError.invalidEncoderSettings` as `FountainEncoder` does (an
    /// empty payload, `maxFragmentLength` below `minFragmentLength`).
    public init(
        _ ur: UR, maxFragmentLength: Int, firstSeqNum: UInt32 = 0,
        minFragmentLength: Int = FountainCode.defaultMinFragmentLength
    ) throws {
        self.ur = ur
        fountain = try FountainEncoder(
            message: ur.cbor, maxFragmentLength: maxFragmentLength,
            firstSeqNum: firstSeqNum, minFragmentLength: minFragmentLength)
    }

    /// True when one string carries the whole UR.
    public var isSinglePart: Bool { fountain.isSinglePart }
    /// The number of pure parts (fragments).
    public var seqLen: Int { fountain.seqLen }
    /// The seqNum of the last part produced.
    public var seqNum: UInt32 { fountain.seqNum }
    /// The fragment length the payload was cut into.
    public var fragmentLength: Int { fountain.fragmentLength }

    /// The next string: the single-part UR, or the next multipart part.
    public mutating func nextPart() -> String {
        let part = fountain.nextPart()
        return isSinglePart ? ur.string : URPart.partString(type: ur.type, part: part)
    }

    /// The next fountain part itself (also advancing the counter), for callers that frame parts themselves.
    public mutating func nextFountainPart() -> FountainPart {
        fountain.nextPart()
    }

    /// The strings `heliograph ur encode` prints: the single-part UR when the payload fits one fragment,
    /// otherwise parts `firstPart`, `firstPart + 1`, ... (`count` of them; by default up to seqLen, or one
    /// part when `firstPart` is past seqLen). The minimum fragment length is the reference's 10, or
    /// `maxFragmentLength` when that is smaller. Throws `URError.invalidEncoderSettings` for an empty
    /// payload, `maxFragmentLength < 1`, `firstPart < 1` or `count < 1`.
    public static func parts(
        of ur: UR, maxFragmentLength: Int, firstPart: UInt32 = 1, count: Int? = nil
    ) throws
        -> [String]
    {
        guard maxFragmentLength >= 1 else {
            throw URError.invalidEncoderSettings("the maximum fragment length \(maxFragmentLength) is below 1")
        }
        guard firstPart >= 1 else { throw URError.invalidEncoderSettings("parts are numbered from 1") }
        if let count, count < 1 { throw URError.invalidEncoderSettings("the part count \(count) is below 1") }
        var encoder = try UREncoder(
            ur, maxFragmentLength: maxFragmentLength, firstSeqNum: firstPart - 1,
            minFragmentLength: min(FountainCode.defaultMinFragmentLength, maxFragmentLength))
        if encoder.isSinglePart { return [ur.string] }
        let total = count ?? max(1, encoder.seqLen - Int(firstPart) + 1)
        var strings: [String] = []
        strings.reserveCapacity(total)
        for _ in 0..<total { strings.append(encoder.nextPart()) }
        return strings
    }
}
