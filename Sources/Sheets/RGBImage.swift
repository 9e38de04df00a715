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

    /// The image for a terminal with 24-bit colour, a line per two rows of pixels: each pixel pair is an upper half
    /// block (U+2580) with the upper pixel as foreground colour (`ESC[38;2;R;G;Bm`) and the lower as background
    /// (`ESC[48;2;R;G;Bm`); every line ends by resetting the colours (`ESC[0m`). An odd last row has the terminal's
    /// own background below it. A terminal cell is about twice as tall as wide, so each pixel comes out square.
    public var terminalLines: [String] {
        func color(_ x: Int, _ y: Int) -> String {
            let offset = (y * width + x) * 3
            return "\(rgb[offset]);\(rgb[offset + 1]);\(rgb[offset + 2])"
        }
        return stride(from: 0, to: height, by: 2).map { y in
            (0..<width).map { x in
                "\u{1B}[38;2;\(color(x, y))m" + (y + 1 < height ? "\u{1B}[48;2;\(color(x, y + 1))m" : "\u{1B}[49m")
                    + "\u{2580}"
            }.joined() + "\u{1B}[0m"
        }
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
