/// Reassembles a UR from its strings (BCR-2020-005 "Multi-part URs" over BCR-2024-001 fountain parts), as a
/// scanner feeds them: any letter case, single-part or multipart, in any order, with repeats and strays.
///
/// A single-part UR completes at once. Multipart parts go to a rank-optimal `FountainDecoder`, which completes
/// at the first part after which the parts received determine the message. A string that does not parse, a part of
/// another type or another message is refused with a typed `URError` and everything received so far is kept, so a
/// caller can report the error and go on scanning.
public struct URDecoder: Sendable {
    /// The limits on what a part may declare.
    public let limits: FountainDecoder.Limits
    /// The longest string accepted, checked before anything is decoded.
    public let maxStringLength: Int
    /// The UR once complete.
    public private(set) var result: UR?
    /// The type of the message being reassembled, set by the first accepted string.
    public private(set) var type: String?

    private var fountain: FountainDecoder
    private var singlePartProgress: FountainDecoder.Progress?

    /// An empty decoder.
    public init(limits: FountainDecoder.Limits = .default, maxStringLength: Int = UR.defaultMaxStringLength) {
        self.limits = limits
        self.maxStringLength = maxStringLength
        fountain = FountainDecoder(limits: limits)
    }

    /// True once `result` is set.
    public var isComplete: Bool { result != nil }

    /// Progress: `rank / seqLen` drives a progress bar; a single-part UR counts as 1 of 1.
    public var progress: FountainDecoder.Progress { singlePartProgress ?? fountain.progress }

    /// The fountain header of a multipart message once its first part is accepted.
    public var header: FountainHeader? { fountain.header }

    /// Adds one UR string. Returns what it did. Throws `URError`, keeping all progress: any parse error of
    /// `URPart(parsing:)`, `.typeMismatch` for a part of another type, `.wrongPartKind` for a single-part UR while
    /// a multipart message is being reassembled, and whatever `FountainDecoder.receive` throws (`.partMismatch`
    /// for a part of another message, `.limitExceeded`, `.invalidPart`, `.messageChecksumMismatch`).
    @discardableResult
    public mutating func receive(_ string: String) throws -> FountainDecoder.Outcome {
        if isComplete { return .alreadyComplete }
        let parsed = try URPart(parsing: string, maxLength: maxStringLength)
        if let type, parsed.type != type {
            throw URError.typeMismatch(expected: type, got: parsed.type)
        }
        switch parsed {
        case let .single(ur):
            guard fountain.header == nil else {
                throw URError.wrongPartKind("a single-part UR arrived while a multipart UR is being reassembled")
            }
            guard ur.cbor.count <= limits.maxMessageLength else {
                throw URError.limitExceeded(what: "payload length", value: UInt64(ur.cbor.count),
                                            limit: UInt64(limits.maxMessageLength))
            }
            type = ur.type
            result = ur
            var progress = FountainDecoder.Progress()
            progress.rank = 1
            progress.seqLen = 1
            progress.partsReceived = 1
            singlePartProgress = progress
            return .completed
        case let .multipart(partType, part):
            let outcome = try fountain.receive(part)
            type = partType
            if outcome == .completed, let message = fountain.message {
                result = UR(validType: partType, cbor: message)
            }
            return outcome
        }
    }
}
