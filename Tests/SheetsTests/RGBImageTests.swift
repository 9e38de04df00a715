import CPNG
import Testing

@testable import Sheets

@Suite struct RGBImageTests {
    /// Reads a PNG back with libpng's simplified reader, as RGB.
    func decode(_ png: [UInt8]) -> RGBImage? {
        var header = png_image()
        header.version = png_uint_32(PNG_IMAGE_VERSION)
        guard png_image_begin_read_from_memory(&header, png, png.count) != 0 else { return nil }
        header.format = png_uint_32(PNG_FORMAT_RGB)
        var pixels = [UInt8](repeating: 0, count: Int(header.width * header.height * 3))
        guard png_image_finish_read(&header, nil, &pixels, 0, nil) != 0 else { return nil }
        return RGBImage(width: Int(header.width), height: Int(header.height), rgb: pixels)
    }

    @Test(arguments: LifeHash.Version.allCases)
    func lifeHashRoundTripsThroughPNG(version: LifeHash.Version) throws {
        let image = try LifeHash.image(utf8: "Heliograph", version: version).scaled(moduleSize: 2)
        let png = try image.pngData()
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
        #expect(decode(png) == image)
    }

    @Test func wrongPixelCountIsRejected() {
        let image = RGBImage(width: 4, height: 4, rgb: [UInt8](repeating: 0, count: 47))
        #expect(throws: SheetError.malformedImage(width: 4, height: 4, bytes: 47)) { try image.pngData() }
    }

    @Test func scalingRepeatsEachPixel() throws {
        let image = LifeHash.image(utf8: "0", version: .fiducial)
        let scaled = try image.scaled(moduleSize: 3)
        #expect(scaled.width == 96 && scaled.height == 96)
        for (y, x) in [(0, 0), (5, 17), (31, 31)] {
            let source = Array(image.rgb[(y * 32 + x) * 3..<(y * 32 + x) * 3 + 3])
            for dy in 0..<3 {
                for dx in 0..<3 {
                    let offset = ((y * 3 + dy) * 96 + x * 3 + dx) * 3
                    #expect(Array(scaled.rgb[offset..<offset + 3]) == source)
                }
            }
        }
        #expect(throws: SheetError.invalidModuleSize(0)) { try image.scaled(moduleSize: 0) }
    }
}

/// The terminal drawing carries every pixel: parsing the half-block lines back gives the image, colour for colour
/// (the odd last row of a 3-row image over the default background).
@Test func terminalLinesCarryEveryPixel() throws {
    for image in [LifeHash.image(hash: [UInt8](repeating: 7, count: 32)), RGBImage(width: 2, height: 3, rgb: Array(0..<18))] {
        let lines = image.terminalLines
        #expect(lines.count == (image.height + 1) / 2)
        var pixels = [[UInt8]](repeating: [], count: image.height)
        for (row, line) in lines.enumerated() {
            #expect(line.hasSuffix("\u{1B}[0m"))
            let cells = line.dropLast(4).split(separator: "\u{2580}")
            #expect(cells.count == image.width)
            for cell in cells {
                let codes = cell.split(separator: "\u{1B}").map { $0.dropFirst().dropLast().split(separator: ";") }
                let fg = codes[0].dropFirst(2).compactMap { UInt8($0) }
                pixels[2 * row] += fg
                if 2 * row + 1 < image.height {
                    pixels[2 * row + 1] += codes[1].dropFirst(2).compactMap { UInt8($0) }
                } else {
                    #expect(codes[1] == ["49"])
                }
            }
        }
        #expect(pixels.flatMap { $0 } == image.rgb)
    }
}
