import CPNG
import CZlib
import Testing
@testable import Optical

/// A small gradient with structure in both directions, so that a decoder that swaps axes or rows fails.
private let sample: GrayImage = {
    var image = GrayImage(width: 37, height: 23)
    for y in 0..<23 { for x in 0..<37 { image[x, y] = UInt8((x * 7 + y * 3) % 256) } }
    return image
}()

/// PNG bytes of a gray image via libpng's simplified writer (test-only; the product's PNG writer is optical-a's).
private func pngBytes(_ image: GrayImage) -> [UInt8] {
    var png = png_image()
    png.version = UInt32(PNG_IMAGE_VERSION)
    png.width = UInt32(image.width)
    png.height = UInt32(image.height)
    png.format = UInt32(PNG_FORMAT_GRAY)
    var size = 0
    _ = image.pixels.withUnsafeBytes { png_image_write_to_memory(&png, nil, &size, 0, $0.baseAddress, 0, nil) }
    var out = [UInt8](repeating: 0, count: size)
    _ = out.withUnsafeMutableBytes { buffer in
        image.pixels.withUnsafeBytes { png_image_write_to_memory(&png, buffer.baseAddress, &size, 0, $0.baseAddress, 0, nil) }
    }
    png_image_free(&png)
    return Array(out.prefix(size))
}

/// A PNG whose IHDR declares `width` x `height`, with correct CRCs, an empty IDAT and IEND.
private func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
    func be(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
    func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        let crc = body.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        return be(UInt32(data.count)) + body + be(crc)
    }
    return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", be(width) + be(height) + [8, 0, 0, 0, 0])
        + chunk("IDAT", []) + chunk("IEND", [])
}

/// A baseline JPEG frame header (SOF0) for `width` x `height`, 1 component, inside a minimal marker stream.
private func jpegHeader(width: Int, height: Int) -> [UInt8] {
    let sof: [UInt8] = [0xFF, 0xC0, 0, 11, 8, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8),
        UInt8(width & 0xFF), 1, 1, 0x11, 0]
    return [0xFF, 0xD8] + sof + [0xFF, 0xD9]
}

@Suite struct ImageDecoderTests {
    @Test func pngRoundTrip() throws {
        #expect(try ImageDecoder.decode(pngBytes(sample)) == sample)
    }

    @Test func jpegRoundTripIsClose() throws {
        let bytes = try JPEGCodec.encode(sample, quality: 95)
        #expect(ImageDecoder.format(of: bytes) == .jpeg)
        let decoded = try ImageDecoder.decode(bytes)
        #expect(decoded.width == sample.width && decoded.height == sample.height)
        let error = zip(decoded.pixels, sample.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 255
        #expect(error < 12)
    }

    @Test func lowerJPEGQualityIsSmaller() throws {
        #expect(try JPEGCodec.encode(sample, quality: 30).count < JPEGCodec.encode(sample, quality: 90).count)
    }

    @Test func pnmFormsAgree() throws {
        let p5 = PNMCodec.encodePGM(sample)
        #expect(try ImageDecoder.decode(p5) == sample)
        let p2 = "P2\n# comment\n\(sample.width) \(sample.height)\n255\n" + sample.pixels.map(String.init).joined(separator: " ")
        #expect(try ImageDecoder.decode(Array(p2.utf8)) == sample)
        let p6 = Array("P6 \(sample.width) \(sample.height) 255\n".utf8) + sample.pixels.flatMap { [$0, $0, $0] }
        #expect(try ImageDecoder.decode(p6) == sample)
        let wide = Array("P5 2 1 65535\n".utf8) + [0xFF, 0xFF, 0x00, 0x00]
        #expect(try ImageDecoder.decode(wide).pixels == [255, 0])
        let p3 = "P3 1 1 15\n15 0 0\n"
        #expect(try ImageDecoder.decode(Array(p3.utf8)).pixels == [76])
    }

    static let hostile: [(String, [UInt8], OpticalError)] = {
        let limit = ImageLimits.default
        let png = pngBytes(sample)
        let jpeg = (try? JPEGCodec.encode(sample, quality: 80)) ?? []
        var badHuffman = jpeg
        if let dht = (0..<(jpeg.count - 1)).first(where: { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC4 }) {
            badHuffman[dht + 5] = 200  // 200 codes of length 1 cannot be a prefix code
        }
        return [
            ("empty", [], .unknownImageFormat),
            ("text", Array("hello, world".utf8), .unknownImageFormat),
            ("pgm 0x0", Array("P5 0 0 255\n".utf8), .emptyImage(width: 0, height: 0)),
            ("pgm 100000x100000", Array("P5 100000 100000 255\n".utf8),
                .imageTooLarge(width: 100_000, height: 100_000, limit: limit)),
            ("pgm 16384x16384 over 64 Mpixel", Array("P5 16384 16384 255\n".utf8),
                .imageTooLarge(width: 16384, height: 16384, limit: limit)),
            ("pgm truncated", Array("P5 10 10 255\n".utf8) + [UInt8](repeating: 0, count: 50), .truncatedImage(format: "PNM")),
            ("plain pgm truncated", Array("P2 1000 1000 255\n0 0 0".utf8), .truncatedImage(format: "PNM")),
            ("pgm maxval 0", Array("P5 1 1 0\n\u{0}".utf8), .malformedImage(format: "PNM", reason: "maxval 0 is outside 1...65535")),
            ("pgm sample over maxval", Array("P2 1 1 3\n9\n".utf8),
                .malformedImage(format: "PNM", reason: "sample 9 exceeds maxval 3")),
            ("pgm huge number", Array("P5 99999999999 1 255\n".utf8),
                .malformedImage(format: "PNM", reason: "a number has over 9 digits")),
            ("png 100000x100000", pngHeader(width: 100_000, height: 100_000),
                .imageTooLarge(width: 100_000, height: 100_000, limit: limit)),
            ("png truncated", Array(png.prefix(png.count / 2)), .truncatedImage(format: "PNG")),
            ("jpeg 65535x65535", jpegHeader(width: 65535, height: 65535),
                .imageTooLarge(width: 65535, height: 65535, limit: limit)),
            ("jpeg 0 high", jpegHeader(width: 10, height: 0), .emptyImage(width: 10, height: 0)),
            ("jpeg no scan", jpegHeader(width: 10, height: 10), .malformedImage(format: "JPEG", reason: "EOI before any scan")),
            ("jpeg truncated", Array(jpeg.prefix(jpeg.count * 2 / 3)), .truncatedImage(format: "JPEG")),
            ("jpeg bad Huffman table", badHuffman, .malformedImage(format: "JPEG", reason: "Huffman code lengths overflow")),
        ]
    }()

    @Test(arguments: hostile)
    func hostileInputIsATypedError(name: String, bytes: [UInt8], expected: OpticalError) {
        #expect(throws: expected, "\(name)") { try ImageDecoder.decode(bytes) }
    }

    @Test func pngWithZeroWidthIsRefused() {
        #expect(throws: OpticalError.self) { try ImageDecoder.decode(pngHeader(width: 0, height: 10)) }
    }

    /// The last-resort path: libjpeg's fatal error inside the sandbox thread becomes a typed error, not an exit.
    @Test func libjpegFatalErrorIsCaught() throws {
        var bytes = try JPEGCodec.encode(sample, quality: 80)
        let dht = try #require((0..<(bytes.count - 1)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC4 })
        bytes[dht + 5] = 200
        let header = JPEGHeader(width: sample.width, height: sample.height, components: 1, progressive: false)
        #expect(throws: OpticalError.self) { try JPEGCodec.decodeUnchecked(bytes, expected: header) }
        // And the codec still works afterwards.
        #expect(try JPEGCodec.decode(JPEGCodec.encode(sample, quality: 80), limits: .default).width == sample.width)
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: OpticalError.unreadable(path: "/nonexistent/x.png", reason: "no such file or no permission")) {
            try ImageDecoder.load(path: "/nonexistent/x.png")
        }
    }
}
