/// What can go wrong in the Optical layer: encoding a payload into QR codes, rendering them, and writing images.
public enum OpticalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text needs more than a version 40 symbol holds at this error-correction level (ISO/IEC 18004 Table 7).
    case payloadTooLarge(characters: Int, ecc: QRErrorCorrection)
    /// A QR version outside 1...40 was asked for.
    case invalidVersion(Int)
    /// The text does not fit the version a frame profile pins, so the animation would change version mid-stream.
    case frameDoesNotFitVersion(characters: Int, version: Int, ecc: QRErrorCorrection)
    /// The UR type is so long that no fragment fits the profile's version.
    case typeTooLongForProfile(type: String, version: Int, ecc: QRErrorCorrection)
    /// A UR type must be lowercase letters, digits and hyphens (BCR-2020-005 §3).
    case invalidURType(String)
    /// libqrencode refused the input; `errno` is its reason.
    case encoderFailed(errno: Int32)
    /// Rendering parameters out of range (module size, margin, image size, frame rate).
    case invalidRenderParameter(name: String, value: String)
    /// An image with no pixels, or pixels that do not match its size, cannot be written.
    case invalidImage(width: Int, height: Int)
    /// libpng refused to write the image; `message` is its own words.
    case pngWriteFailed(message: String)
    /// cairo reported an error while drawing the PDF.
    case pdfFailed(status: String)
    /// There was nothing to render.
    case noFrames

    public var description: String {
        switch self {
        case let .payloadTooLarge(characters, ecc):
            return "A \(characters)-character payload does not fit any QR version at error correction \(ecc.rawValue)."
        case let .invalidVersion(version):
            return "QR version \(version) does not exist; versions run from 1 to 40."
        case let .frameDoesNotFitVersion(characters, version, ecc):
            return "A \(characters)-character frame does not fit QR version \(version) at error correction "
                + "\(ecc.rawValue); lower the fragment length."
        case let .typeTooLongForProfile(type, version, ecc):
            return "The UR type \"\(type)\" leaves no room for a fragment in QR version \(version) at error "
                + "correction \(ecc.rawValue)."
        case let .invalidURType(type):
            return "\"\(type)\" is not a UR type: use lowercase letters, digits and hyphens."
        case let .encoderFailed(errno):
            return "libqrencode could not encode the payload (errno \(errno))."
        case let .invalidRenderParameter(name, value):
            return "The render parameter \(name) cannot be \(value)."
        case let .invalidImage(width, height):
            return "A \(width)x\(height) image cannot be written."
        case let .pngWriteFailed(message):
            return "libpng could not write the image: \(message)."
        case let .pdfFailed(status):
            return "cairo could not draw the PDF: \(status)."
        case .noFrames:
            return "There are no frames to render."
        }
    }
}
