/// An 8-bit grayscale image, row-major, one byte per pixel (0 black, 255 white).
/// Renderers produce it, decoders load into it, and the scanner reads it.
public struct GrayImage: Sendable, Equatable {
    /// Pixels across.
    public let width: Int
    /// Pixels down.
    public let height: Int
    /// The pixels, row by row from the top-left corner; `width * height` bytes.
    public var pixels: [UInt8]

    /// An image of the given size filled with `value`.
    public init(width: Int, height: Int, fill value: UInt8 = 255) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: value, count: width * height)
    }

    /// Wraps existing pixels; `pixels.count` must be `width * height`.
    public init?(width: Int, height: Int, pixels: [UInt8]) {
        guard width >= 0, height >= 0, pixels.count == width * height else { return nil }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The pixel in column `x`, row `y` (0-based from the top left); the caller keeps both in range.
    public subscript(x: Int, y: Int) -> UInt8 {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }
}
