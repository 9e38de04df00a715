import UniformResources

/// How much each frame of an animated UR carries: the QR version every frame is pinned to.
///
/// Steady frames scan faster (the camera never meets a new module grid), so a profile fixes ONE version and picks
/// the largest fragment length whose worst-case multipart UR still fits it. Bytes per frame
/// (`FrameProfile.maxFragmentLength`) for the types `bytes` / `crypto-psbt`:
///
/// | density | version | modules | L       | M       | Q       | H       |
/// |---------|---------|---------|---------|---------|---------|---------|
/// | low     | 8       | 49      | 97 / 94 | 68 / 65 | 36 / 33 | 19 / 16 |
/// | medium  | 12      | 65      | 225/222 | 167/164 | 105/102 | 71 / 68 |
/// | high    | 17      | 85      | 425/422 | 323/320 | 223/220 | 161/158 |
///
/// Each two characters of type cost one byte of fragment. `FrameProfileTests` checks that the worst-case part fits
/// and one more byte does not.
public enum FrameDensity: String, Sendable, CaseIterable {
    /// QR version 8: the fewest modules, for poor cameras and small screens.
    case low
    /// QR version 12: the default.
    case medium
    /// QR version 17: the most bytes per frame, for good cameras and large screens.
    case high

    /// The QR version every frame of this density has.
    public var version: Int {
        switch self {
        case .low: return 8
        case .medium: return 12
        case .high: return 17
        }
    }
}

/// A frame plan for one UR type: the pinned QR version, the error correction, and the largest fragment length
/// (BCR-2020-005 §"Multipart URs", `maxFragmentLen` of the fountain encoder) whose parts always fit that version.
public struct FrameProfile: Sendable, Equatable {
    /// UR type, e.g. `crypto-psbt`.
    public let type: String
    /// QR version every frame is encoded at.
    public let version: Int
    /// Error-correction level of every frame.
    public let ecc: QRErrorCorrection
    /// Largest fragment, in bytes, to give the fountain encoder: every part with a fragment this long or shorter
    /// fits `version`, whatever its sequence number, sequence length, message length or checksum.
    public let maxFragmentLength: Int

    /// The profile of `density` for `type` at `ecc`. Throws `OpticalError.invalidURType` for a type outside
    /// BCR-2020-005's alphabet and `typeTooLongForProfile` when not even a 10-byte fragment fits.
    public init(type: String, density: FrameDensity, ecc: QRErrorCorrection = .low) throws {
        try self.init(type: type, version: density.version, ecc: ecc)
    }

    /// The profile pinning an explicit `version`.
    public init(type: String, version: Int, ecc: QRErrorCorrection = .low) throws {
        guard UR.isValidType(type) else { throw OpticalError.invalidURType(type) }
        guard (1...40).contains(version) else { throw OpticalError.invalidVersion(version) }
        let capacity = QRCapacity.alphanumericCharacters(version: version, ecc: ecc)
        // The worst-case length grows with the fragment, so walk down from the most the capacity could allow.
        var fragment = capacity / 2
        while fragment > 0, Self.worstCasePartLength(typeLength: type.utf8.count, fragmentLength: fragment) > capacity {
            fragment -= 1
        }
        guard fragment >= Self.minimumFragmentLength else {
            throw OpticalError.typeTooLongForProfile(type: type, version: version, ecc: ecc)
        }
        self.type = type
        self.version = version
        self.ecc = ecc
        maxFragmentLength = fragment
    }

    /// Smallest fragment worth animating; the fountain encoder of BCR-2020-005 uses 10 as its minimum too.
    public static let minimumFragmentLength = 10

    /// Longest text of a multipart UR with a `fragmentLength`-byte fragment (BCR-2020-005 §"Multipart URs"):
    /// `ur:` type `/` seqNum `-` seqLen `/` then minimal bytewords (2 letters a byte, plus the 4-byte CRC32) of
    /// the CBOR array [seqNum, seqLen, messageLen, checksum, fragment], each of the four integers a uint32 at its
    /// widest (10 decimal digits, 5 CBOR bytes), so no frame of any message can be longer.
    public static func worstCasePartLength(typeLength: Int, fragmentLength: Int) -> Int {
        let byteStringHeader = fragmentLength < 24 ? 1 : fragmentLength < 256 ? 2 : fragmentLength < 65_536 ? 3 : 5
        let cbor = 1 + 4 * 5 + byteStringHeader + fragmentLength
        let bytewords = 2 * (cbor + 4)
        return "ur:".count + typeLength + 1 + 10 + 1 + 10 + 1 + bytewords
    }

    /// Encodes one part (any case; it is uppercased) at exactly this profile's version. Throws
    /// `OpticalError.frameDoesNotFitVersion` rather than silently growing the symbol.
    public func encode(part: String) throws -> QRCode {
        let text = part.uppercased()
        guard text.utf8.count <= QRCapacity.alphanumericCharacters(version: version, ecc: ecc) else {
            throw OpticalError.frameDoesNotFitVersion(characters: text.utf8.count, version: version, ecc: ecc)
        }
        let code = try QRCode(encoding: text, ecc: ecc, minimumVersion: version)
        guard code.version == version else {
            throw OpticalError.frameDoesNotFitVersion(characters: text.utf8.count, version: version, ecc: ecc)
        }
        return code
    }
}
