import CQRencode
@testable import Optical

/// Test-only QR rendering straight from libqrencode, so the scanner's tests do not depend on the encoder under test.
enum QRFixtures {
    /// The module matrix (true = dark) of `text` at error-correction level L, or nil if libqrencode refuses.
    static func modules(_ text: String, level: QRecLevel = QR_ECLEVEL_L) -> [[Bool]]? {
        guard let code = QRcode_encodeString(text, 0, level, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let size = Int(code.pointee.width)
        return (0..<size).map { y in (0..<size).map { x in code.pointee.data[y * size + x] & 1 == 1 } }
    }

    /// `text` rendered black on white, `scale` pixels per module, with a 4-module quiet zone.
    static func image(_ text: String, scale: Int = 4) -> GrayImage? {
        guard let matrix = modules(text) else { return nil }
        let side = (matrix.count + 8) * scale
        var image = GrayImage(width: side, height: side)
        for (y, row) in matrix.enumerated() {
            for (x, dark) in row.enumerated() where dark {
                for dy in 0..<scale {
                    for dx in 0..<scale { image[(x + 4) * scale + dx, (y + 4) * scale + dy] = 0 }
                }
            }
        }
        return image
    }
}
