import Foundation
import Optical

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

    /// The image as PNG bytes (8-bit RGB), through Optical's libpng writer.
    /// - Throws: `SheetError.malformedImage` if the pixel count is wrong, `.writeFailed` if libpng fails.
    public func pngData() throws -> [UInt8] {
        guard width > 0, height > 0, rgb.count == width * height * 3 else {
            throw SheetError.malformedImage(width: width, height: height, bytes: rgb.count)
        }
        do {
            return try PNG.encode(rgb: rgb, width: width, height: height)
        } catch {
            throw SheetError.writeFailed(path: "PNG in memory", reason: "\(error)")
        }
    }

    /// Writes the image as a PNG file, atomically (a temporary file renamed over the target).
    public func writePNG(to path: String) throws {
        let bytes = try pngData()
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SheetError.writeFailed(path: path, reason: error.localizedDescription)
        }
    }
}
