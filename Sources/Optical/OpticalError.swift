/// Everything that can go wrong in the Optical layer: loading images, reading frames, scanning, receiving.
/// Each case carries what a person needs to act on it; `description` says it in one sentence.
public enum OpticalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not in any image format we read (PNG, JPEG, PGM/PPM).
    case unknownImageFormat
    /// The image declares a size we refuse before allocating anything (zero, or over the limits).
    case imageTooLarge(width: Int, height: Int, limit: ImageLimits)
    /// The image has no pixels (0 wide or 0 high).
    case emptyImage(width: Int, height: Int)
    /// The file ends before all its pixels (or a required header field) arrived.
    case truncatedImage(format: String)
    /// The image's header or data violate its format.
    case malformedImage(format: String, reason: String)
    /// The C library reading or writing this format refused it.
    case codecFailure(format: String, message: String)
    /// A file, directory or device could not be read.
    case unreadable(path: String, reason: String)
    /// A raw frame size such as `640x480` did not parse or is out of range.
    case invalidFrameSize(String)
    /// A subprocess (ffmpeg/ffprobe) failed or is missing.
    case subprocessFailed(command: String, status: Int32, message: String)
    /// The input ended before the multipart message was complete.
    case incompleteMessage(framesRead: Int, partsReceived: Int, percentComplete: Int)
    /// The received message could not be decoded as a UR.
    case invalidMessage(String)

    // Encoding and rendering (QR*.swift, FrameProfile.swift and the renderers).
    /// The text needs more than a version 40 symbol holds at this error-correction level (ISO/IEC 18004 Table 7).
    case payloadTooLarge(characters: Int, ecc: QRErrorCorrection)
    /// A QR version outside 1...40 was asked for.
    case invalidVersion(Int)
    /// The text does not fit the version a frame profile pins, so the animation would change version mid-stream.
    case frameDoesNotFitVersion(characters: Int, version: Int, ecc: QRErrorCorrection)
    /// The UR type is so long that no fragment fits the profile's version.
    case typeTooLongForProfile(type: String, version: Int, ecc: QRErrorCorrection)
    /// A UR type must be lowercase letters, digits and hyphens (BCR-2020-005 "UR types").
    case invalidURType(String)
    /// libqrencode refused the input; `errno` is its reason.
    case encoderFailed(errno: Int32)
    /// A rendering parameter is out of range (module size, margin, canvas, frame rate, columns).
    case invalidRenderParameter(name: String, value: String)
    /// There was nothing to render.
    case noFrames

    /// One sentence a person can act on, with the values involved.
    public var description: String {
        switch self {
        case .unknownImageFormat:
            return "The data is not a PNG, JPEG or PGM/PPM image."
        case let .imageTooLarge(width, height, limit):
            return "The image is \(width)x\(height), over the limit of \(limit.maxWidth)x\(limit.maxHeight) "
                + "and \(limit.maxPixels) pixels."
        case let .emptyImage(width, height):
            return "The image is \(width)x\(height) and has no pixels."
        case let .truncatedImage(format):
            return "The \(format) image ends before all its data."
        case let .malformedImage(format, reason):
            return "The \(format) image is malformed: \(reason)."
        case let .codecFailure(format, message):
            return "The \(format) codec failed: \(message)."
        case let .unreadable(path, reason):
            return "Cannot read \(path): \(reason)."
        case let .invalidFrameSize(text):
            return "'\(text)' is not a frame size like 640x480 within the limits."
        case let .subprocessFailed(command, status, message):
            return "\(command) failed with status \(status)\(message.isEmpty ? "" : ": \(message)")."
        case let .incompleteMessage(frames, parts, percent):
            return "The input ended after \(frames) frames and \(parts) parts, with the message \(percent)% complete."
        case let .invalidMessage(reason):
            return "The received message is not a valid UR: \(reason)."
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
        case .noFrames:
            return "There are no frames to render."
        }
    }
}

/// Bounds checked against an image's declared size before any pixel memory is allocated.
public struct ImageLimits: Equatable, Sendable {
    /// Widest and highest image accepted, in pixels.
    public var maxWidth: Int
    /// Highest image accepted, in pixels.
    public var maxHeight: Int
    /// Most pixels (width x height) accepted.
    public var maxPixels: Int

    /// 16384 x 16384 and 64 Mpixel: a camera frame or a printed sheet scan fits, a decompression bomb does not.
    public static let `default` = ImageLimits(maxWidth: 16384, maxHeight: 16384, maxPixels: 64 * 1024 * 1024)

    /// Limits of your own (e.g. smaller ones for a constrained device).
    public init(maxWidth: Int, maxHeight: Int, maxPixels: Int) {
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.maxPixels = maxPixels
    }

    /// Throws unless `width` x `height` is non-empty and within these limits.
    public func check(width: Int, height: Int) throws(OpticalError) {
        guard width > 0, height > 0 else { throw .emptyImage(width: width, height: height) }
        guard width <= maxWidth, height <= maxHeight, width.multipliedReportingOverflow(by: height).partialValue
            <= maxPixels, !width.multipliedReportingOverflow(by: height).overflow
        else { throw .imageTooLarge(width: width, height: height, limit: self) }
    }
}
