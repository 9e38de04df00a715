import UniformResources

/// The looping stream of QR frames that sends one UR: the fountain parts of `FountainSchedule` (each exactly the
/// standard's part for its seqNum, BCR-2020-005 §"Multipart URs") cut to a `FrameProfile`, so every frame has the
/// profile's version. A receiver can start at any frame and miss any frames; it finishes once it holds enough of
/// them, whether it decodes by rank or by peeling. Every Heliograph animation (terminal, GIF, HTML, PNG frames,
/// ceremony steps) and `ur encode --animation` show this order.
public struct FrameSequence: Sendable {
    /// The version, error correction and fragment length of every frame.
    public let profile: FrameProfile
    /// Which seqNum each frame shows, one loop of it.
    public let schedule: FountainSchedule
    private let encoder: UREncoder
    private var frame = 0
    /// Sequence number of the last frame produced (0 before the first).
    public private(set) var seqNum: UInt32 = 0

    /// Frames of `ur` at `density` and `ecc`. Throws `OpticalError` for a type the profile cannot carry, and
    /// `URError` for an empty payload.
    public init(ur: UR, density: FrameDensity, ecc: QRErrorCorrection = .low) throws {
        try self.init(ur: ur, profile: FrameProfile(type: ur.type, density: density, ecc: ecc))
    }

    /// Frames of `ur` at an explicit profile (a terminal picks the version that fits it). Throws `URError` for an
    /// empty payload and `OpticalError.invalidURType` when the profile is for another type.
    public init(ur: UR, profile: FrameProfile) throws {
        guard profile.type == ur.type else { throw OpticalError.invalidURType(ur.type) }
        self.profile = profile
        encoder = try UREncoder(ur, maxFragmentLength: profile.maxFragmentLength)
        schedule = encoder.schedule
    }

    /// Number of fragments (pure parts); 1 when the UR fits a single frame, which then repeats.
    public var seqLen: Int { encoder.seqLen }
    /// Bytes of payload each frame carries.
    public var fragmentLength: Int { encoder.fragmentLength }
    /// Frames in one loop of the animation (a file format writes one loop by default).
    public var period: Int { schedule.period }

    /// The next part and its QR code.
    public mutating func next() throws -> (part: String, code: QRCode) {
        seqNum = schedule.seqNum(frame: frame)
        frame = (frame + 1) % max(1, schedule.period)
        let part = encoder.part(seqNum: seqNum)
        return (part, try profile.encode(part: part))
    }
}
