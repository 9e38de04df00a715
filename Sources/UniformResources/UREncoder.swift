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

    /// CRC-32 of the payload, carried in every part.
    public var checksum: UInt32 { fountain.checksum }

    /// The string of part `seqNum`, without moving the counter: the same string `nextPart` gives when it reaches
    /// that seqNum (the single-part UR when the payload fits one fragment).
    public func part(seqNum: UInt32) -> String {
        isSinglePart ? ur.string : URPart.partString(type: ur.type, part: fountain.part(seqNum: seqNum))
    }

    /// The order in which every Heliograph animation shows this UR's parts (`FountainSchedule`).
    public var schedule: FountainSchedule { FountainSchedule(seqLen: seqLen, checksum: checksum) }

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

    /// The strings `heliograph ur encode --animation` prints: the first `count` frames of the animation every
    /// Heliograph player shows (`FountainSchedule`, looping; by default one loop), or the single-part UR when the
    /// payload fits one fragment. Fragment sizing and errors as `parts(of:maxFragmentLength:firstPart:count:)`.
    public static func animation(of ur: UR, maxFragmentLength: Int, count: Int? = nil) throws -> [String] {
        guard maxFragmentLength >= 1 else {
            throw URError.invalidEncoderSettings("the maximum fragment length \(maxFragmentLength) is below 1")
        }
        if let count, count < 1 { throw URError.invalidEncoderSettings("the part count \(count) is below 1") }
        let encoder = try UREncoder(
            ur, maxFragmentLength: maxFragmentLength,
            minFragmentLength: min(FountainCode.defaultMinFragmentLength, maxFragmentLength))
        if encoder.isSinglePart { return Array(repeating: ur.string, count: count ?? 1) }
        let schedule = encoder.schedule
        return (0..<(count ?? schedule.period)).map { encoder.part(seqNum: schedule.seqNum(frame: $0)) }
    }
}
