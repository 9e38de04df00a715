/// What can go wrong in the Sheets layer: drawing LifeHashes, writing PNG and PDF files.
public enum SheetError: Error, Equatable, CustomStringConvertible {
    /// A LifeHash digest must be exactly 32 bytes (a SHA-256 digest).
    case invalidDigestLength(Int)
    /// A module size (pixels per LifeHash or QR module) outside what is allowed.
    case invalidModuleSize(Int)
    /// An image whose byte count does not match its stated size.
    case malformedImage(width: Int, height: Int, bytes: Int)
    /// A file could not be written.
    case writeFailed(path: String, reason: String)
    /// A QR code could not be made for some content on a sheet.
    case qrEncodingFailed(what: String, reason: String)
    /// A sheet's JSON description is malformed, oversized or out of range; the text names the field.
    case invalidInput(String)

    /// One sentence saying what went wrong.
    public var description: String {
        switch self {
        case .invalidDigestLength(let count):
            return "A LifeHash digest must be 32 bytes, but \(count) were given."
        case .invalidModuleSize(let size):
            return "The module size must be between 1 and 64 pixels, but \(size) was given."
        case .malformedImage(let width, let height, let bytes):
            return "A \(width)×\(height) RGB image needs \(width * height * 3) bytes, but it has \(bytes)."
        case .writeFailed(let path, let reason):
            return "Could not write \(path): \(reason)."
        case .qrEncodingFailed(let what, let reason):
            return "Could not make a QR code for \(what): \(reason)."
        case .invalidInput(let problem):
            return "The sheet description is not usable: \(problem)."
        }
    }
}
