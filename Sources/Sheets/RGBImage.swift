/// An RGB picture: 8-bit red, green and blue per pixel, rows top to bottom, no alpha.
public struct RGBImage: Sendable, Equatable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// `width * height * 3` bytes, row-major.
    public let rgb: [UInt8]

    /// An image from its pixels; `rgb` must hold exactly `width * height * 3` bytes.
    public init(width: Int, height: Int, rgb: [UInt8]) {
        self.width = width
        self.height = height
        self.rgb = rgb
    }

    /// The image with every pixel drawn as a `moduleSize`×`moduleSize` square (LifeHash's `module_size`).
    /// - Throws: `SheetError.invalidModuleSize` unless 1...64.
    public func scaled(moduleSize: Int) throws -> RGBImage {
        guard (1...64).contains(moduleSize) else { throw SheetError.invalidModuleSize(moduleSize) }
        if moduleSize == 1 { return self }
        let outWidth = width * moduleSize
        var out = [UInt8]()
        out.reserveCapacity(outWidth * height * moduleSize * 3)
        for y in 0..<height {
            var row = [UInt8]()
            row.reserveCapacity(outWidth * 3)
            for x in 0..<width {
                let offset = (y * width + x) * 3
                for _ in 0..<moduleSize { row += rgb[offset..<offset + 3] }
            }
            for _ in 0..<moduleSize { out += row }
        }
        return RGBImage(width: outWidth, height: height * moduleSize, rgb: out)
    }
}
