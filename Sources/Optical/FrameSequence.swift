import UniformResources

/// The endless stream of QR frames that sends one UR: fountain parts (BCR-2020-005 §"Multipart URs": the first
/// seqLen pure, then mixed parts without end) cut to a `FrameProfile`, so every frame has the profile's version.
/// A receiver can start at any frame and miss any frames; it finishes once it holds enough of them.
public struct FrameSequence: Sendable {
    /// The version, error correction and fragment length of every frame.
    public let profile: FrameProfile
    private var encoder: UREncoder

    /// Frames of `ur` at `density` and `ecc`. Throws `OpticalError` for a type the profile cannot carry, and
    /// `URError` for an empty payload.
    public init(ur: UR, density: FrameDensity, ecc: QRErrorCorrection = .low) throws {
        profile = try FrameProfile(type: ur.type, density: density, ecc: ecc)
        encoder = try UREncoder(ur, maxFragmentLength: profile.maxFragmentLength)
    }

    /// Number of fragments (pure parts); 1 when the UR fits a single frame, which then repeats.
    public var seqLen: Int { encoder.seqLen }
    /// Bytes of payload each frame carries.
    public var fragmentLength: Int { encoder.fragmentLength }
    /// Sequence number of the last frame produced (0 before the first).
    public var seqNum: UInt32 { encoder.seqNum }

    /// The next part and its QR code.
    public mutating func next() throws -> (part: String, code: QRCode) {
        let part = encoder.nextPart()
        return (part, try profile.encode(part: part))
    }
}
