import Testing

@testable import Optical

@Suite struct PNGWriterTests {
    /// A rendered frame decodes (libpng, through ImageDecoder) to the exact pixels, and those scan to the text.
    @Test(arguments: [(1, 4), (4, 4), (6, 0)])
    func qrFrameRoundTrips(moduleSize: Int, margin: Int) throws {
        let code = try QRCode(ur: "ur:bytes/hdcxlkahssqzwfvslofzoebsnnetgycxpa", ecc: .quartile)
        let style = try QRRenderStyle(moduleSize: moduleSize, margin: margin)
        let png = try PNG.encode(code, style: style)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR: bit depth 8, colour type 0 (grayscale).
        #expect(png[24] == 8 && png[25] == 0)
        let decoded = try ImageDecoder.decode(png)
        #expect(decoded == code.image(style: style))
        if moduleSize >= 4, margin == 4 {
            #expect(QRScanner.plain.read(decoded).texts == ["UR:BYTES/HDCXLKAHSSQZWFVSLOFZOEBSNNETGYCXPA"])
        }
    }

    @Test func framesAreCompact() throws {
        let code = try QRCode(encoding: "UR:BYTES/COMPACT", minimumVersion: 12)
        let png = try PNG.encode(try code.image(fitting: 1280, 720))
        #expect(png.count < 1280 * 720 / 50)
    }

    @Test func rgbIsColourTypeTwoAndKeepsGrays() throws {
        let width = 5
        let height = 3
        let grays: [UInt8] = (0..<(width * height)).map { UInt8($0 * 17) }
        let rgb = grays.flatMap { [$0, $0, $0] }
        let png = try PNG.encode(rgb: rgb, width: width, height: height)
        #expect(png[24] == 8 && png[25] == 2)
        #expect(try ImageDecoder.decode(png).pixels == grays)
    }

    @Test func rejectsImpossibleImages() {
        #expect(throws: OpticalError.self) { try PNG.encode(GrayImage(width: 0, height: 4)) }
        #expect(throws: OpticalError.self) { try PNG.encode(rgb: [1, 2], width: 1, height: 1) }
        #expect(throws: OpticalError.self) { try PNG.encode(rgb: [], width: 20_000, height: 1) }
    }
}
