import ZXingShim

/// A QR code a decoder located in an image: its four corners (top left, top right, bottom right, bottom left, in
/// the image's pixels) and its text, nil when it was located but could not be read.
public struct LocatedCode: Sendable, Equatable {
    /// Corner points as (x, y), clockwise from the top left of the symbol as the decoder saw it.
    public var corners: [(x: Double, y: Double)]
    /// The decoded text, or nil when the symbol was found but did not decode.
    public var text: String?

    public static func == (lhs: LocatedCode, rhs: LocatedCode) -> Bool {
        lhs.text == rhs.text && lhs.corners.count == rhs.corners.count
            && zip(lhs.corners, rhs.corners).allSatisfy { $0.x == $1.x && $0.y == $1.y }
    }

    /// The centre of the corners.
    var center: (x: Double, y: Double) {
        let count = Double(max(corners.count, 1))
        return (corners.reduce(0) { $0 + $1.x } / count, corners.reduce(0) { $0 + $1.y } / count)
    }

    /// The longest side of the quadrilateral, in pixels.
    var longestSide: Double {
        guard corners.count == 4 else { return 0 }
        return (0..<4).map { index in
            let a = corners[index], b = corners[(index + 1) % 4]
            return ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
        }.max() ?? 0
    }
}

/// One pass of zxing-cpp (Debian's libzxing, through the ZXingShim C function) over a grayscale image, QR codes
/// only. This is the only file that talks to zxing-cpp.
enum ZXingPass {
    /// At most this many codes per pass (a sheet page holds nine) and this many content bytes in all.
    private static let maxCodes = 64
    private static let maxBytes = 64 * 4096

    /// Every QR code zxing-cpp locates in one pass, decoded or not. `tryHarder` scans every row (slower, finds
    /// smaller codes); `globalThreshold` binarizes with one histogram threshold instead of a local average.
    static func codes(in image: GrayImage, tryHarder: Bool = false, globalThreshold: Bool = false) -> [LocatedCode] {
        guard image.width > 0, image.height > 0, image.pixels.count == image.width * image.height,
            image.width <= Int(Int32.max), image.height <= Int(Int32.max)
        else { return [] }
        var options = Int32(HELIOGRAPH_ZXING_RETURN_ERRORS)
        if tryHarder { options |= Int32(HELIOGRAPH_ZXING_TRY_HARDER) }
        if globalThreshold { options |= Int32(HELIOGRAPH_ZXING_GLOBAL_HISTOGRAM) }
        var records = [heliograph_zxing_code](repeating: heliograph_zxing_code(), count: maxCodes)
        var bytes = [UInt8](repeating: 0, count: maxBytes)
        let count = image.pixels.withUnsafeBufferPointer { pixels in
            records.withUnsafeMutableBufferPointer { records in
                bytes.withUnsafeMutableBufferPointer { bytes in
                    heliograph_zxing_read(pixels.baseAddress, Int32(image.width), Int32(image.height), options,
                        records.baseAddress, Int32(records.count), bytes.baseAddress, Int32(bytes.count))
                }
            }
        }
        guard count > 0 else { return [] }
        return records.prefix(Int(min(count, Int32(maxCodes)))).map { record in
            let c = record.corners
            let corners = [(c.0, c.1), (c.2, c.3), (c.4, c.5), (c.6, c.7)].map { (x: Double($0.0), y: Double($0.1)) }
            var text: String?
            let start = Int(record.offset), length = Int(record.length)
            if record.decoded != 0, start >= 0, length >= 0, start + length <= bytes.count {
                text = String(decoding: bytes[start..<start + length], as: UTF8.self)
            }
            return LocatedCode(corners: corners, text: text)
        }
    }
}
