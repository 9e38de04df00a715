import CQRencode
import Foundation

/// The one place libqrencode is called. Input is copied in, the module buffer copied out, and both C objects are
/// freed before returning, so no pointer escapes.
extension QRCode {
    /// Encodes `text` in the smallest version at or above `minimumVersion` that holds it at `ecc`.
    ///
    /// Text made only of the alphanumeric alphabet (an uppercase UR) is written as ONE alphanumeric segment, which
    /// we ask libqrencode for explicitly rather than hoping its mode optimiser picks it; anything else is one
    /// byte-mode segment. `mode` on the result says which. ISO/IEC 18004:2015 §7.4.
    ///
    /// Throws `OpticalError.payloadTooLarge` when no version up to 40 holds the text, `invalidVersion` for a
    /// minimum outside 1...40.
    public init(encoding text: String, ecc: QRErrorCorrection = .low, minimumVersion: Int = 1) throws {
        guard (1...40).contains(minimumVersion) else { throw OpticalError.invalidVersion(minimumVersion) }
        let bytes = Array(text.utf8)
        let mode: QRMode = QRCapacity.isAlphanumeric(bytes) ? .alphanumeric : .byte
        // Checked before any C allocation: the capacity table decides, libqrencode never sees oversized input.
        guard let needed = QRCapacity.smallestVersion(characters: bytes.count, mode: mode, ecc: ecc) else {
            throw OpticalError.payloadTooLarge(characters: bytes.count, ecc: ecc)
        }
        let version = max(needed, minimumVersion)
        guard let input = QRinput_new2(Int32(version), Self.level(ecc)) else {
            throw OpticalError.encoderFailed(errno: errno)
        }
        defer { QRinput_free(input) }
        let cMode = mode == .alphanumeric ? QR_MODE_AN : QR_MODE_8
        let appended = bytes.withUnsafeBufferPointer { buffer in
            QRinput_append(input, cMode, Int32(buffer.count), buffer.baseAddress)
        }
        guard appended == 0 else { throw OpticalError.encoderFailed(errno: errno) }
        guard let symbol = QRcode_encodeInput(input) else { throw OpticalError.encoderFailed(errno: errno) }
        defer { QRcode_free(symbol) }
        let width = Int(symbol.pointee.width)
        let source = UnsafeBufferPointer(start: symbol.pointee.data, count: width * width)
        // Bit 0 of each libqrencode byte is the module colour; the other bits describe its role.
        let modules = source.map { $0 & 1 == 1 }
        guard let code = QRCode(version: Int(symbol.pointee.version), ecc: ecc, mode: mode, modules: modules) else {
            throw OpticalError.encoderFailed(errno: 0)
        }
        self = code
    }

    /// A UR as a QR code, uppercased: BCR-2020-005 makes URs case-insensitive so that they can travel in QR
    /// alphanumeric mode, one segment at 5.5 bits a character instead of 8.
    public init(ur: String, ecc: QRErrorCorrection = .low, minimumVersion: Int = 1) throws {
        try self.init(encoding: ur.uppercased(), ecc: ecc, minimumVersion: minimumVersion)
    }

    private static func level(_ ecc: QRErrorCorrection) -> QRecLevel {
        switch ecc {
        case .low: return QR_ECLEVEL_L
        case .medium: return QR_ECLEVEL_M
        case .quartile: return QR_ECLEVEL_Q
        case .high: return QR_ECLEVEL_H
        }
    }
}
