import Optical
import Testing
import UniformResources

/// Image headers that declare absurd sizes or lie about their data (PNG: ISO/IEC 15948 IHDR; JPEG: ITU-T T.81
/// §B.2.2 SOF; Netpbm PGM/PPM), each with the `OpticalError` it must produce before pixel memory is allocated.
/// Default limits: 16384 × 16384 and 64 Mpixel.

/// A PNG chunk: length, type, data, CRC-32 of type and data (ISO/IEC 15948 §5.3).
func pngChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let body = Array(type.utf8) + data
    return bigEndian(UInt64(data.count), 4) + body + bigEndian(UInt64(CRC32.checksum(body)), 4)
}

/// A PNG (8-bit gray) declaring the given size, with an empty IDAT: libpng reads the header, then finds no pixels.
func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
    [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        + pngChunk("IHDR", bigEndian(UInt64(width), 4) + bigEndian(UInt64(height), 4) + [8, 0, 0, 0, 0])
        + pngChunk("IDAT", []) + pngChunk("IEND", [])
}

/// SOI and an 8-bit, one-component baseline SOF0 of the given size.
func jpegHeader(width: UInt16, height: UInt16) -> [UInt8] {
    [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 11, 8] + bigEndian(UInt64(height), 2) + bigEndian(UInt64(width), 2) + [1, 1, 0x11, 0]
}

let limit = ImageLimits.default
let imageCases: [Hostile<OpticalError>] = [
    Hostile("PNG 100,000 × 100,000", pngHeader(width: 100_000, height: 100_000),
            .imageTooLarge(width: 100_000, height: 100_000, limit: limit)),
    Hostile("PNG 16,385 × 1", pngHeader(width: 16_385, height: 1),
            .imageTooLarge(width: 16_385, height: 1, limit: limit)),
    Hostile("PNG 16,384 × 16,384 (256 Mpixel)", pngHeader(width: 16_384, height: 16_384),
            .imageTooLarge(width: 16_384, height: 16_384, limit: limit)),
    Hostile("JPEG 65,535 × 65,535", jpegHeader(width: 65_535, height: 65_535),
            .imageTooLarge(width: 65_535, height: 65_535, limit: limit)),
    Hostile("JPEG 0 × 8", jpegHeader(width: 0, height: 8), .emptyImage(width: 0, height: 8)),
    Hostile("PGM 100,000 × 100,000", Array("P5 100000 100000 255\n".utf8),
            .imageTooLarge(width: 100_000, height: 100_000, limit: limit)),
    Hostile("PGM width of 10 digits", Array("P5 1000000000 1 255\n".utf8),
            .malformedImage(format: "PNM", reason: "a number has over 9 digits")),
    Hostile("PGM 0 × 5", Array("P5 0 5 255\n".utf8), .emptyImage(width: 0, height: 5)),
    Hostile("PGM maxval 65,536", Array("P5 1 1 65536\n\0".utf8),
            .malformedImage(format: "PNM", reason: "maxval 65536 is outside 1...65535")),
    Hostile("PGM 4 × 4 with 3 samples", Array("P5 4 4 255\n".utf8) + [1, 2, 3], .truncatedImage(format: "PNM")),
    Hostile("plain PGM 8,000 × 8,000 with one sample", Array("P2 8000 8000 255\n1".utf8),
            .truncatedImage(format: "PNM")),
    Hostile("PPM 8,000 × 8,000 × 3 with 16-bit samples and no data", Array("P6 8000 8000 65535\n".utf8),
            .truncatedImage(format: "PNM")),
    Hostile("not an image", Array("GIF89a".utf8), .unknownImageFormat),
]

@Test(arguments: imageCases)
func imageDecodersRefuseHostileHeaders(_ hostile: Hostile<OpticalError>) {
    #expect(throws: hostile.error) { try ImageDecoder.decode(hostile.input) }
}

/// A PNG of 2^31 columns is refused by libpng itself (its IHDR check), as a typed codec failure, not a crash.
@Test func pngBeyondLibpngLimitsIsACodecFailure() {
    #expect {
        try ImageDecoder.decode(pngHeader(width: 1 << 31, height: 1))
    } throws: { error in
        guard case OpticalError.codecFailure(format: "PNG", message: _) = error else { return false }
        return true
    }
}

/// A PNG at the limit with no pixel data behind it allocates at most its pixel buffer, then fails typed.
@Test func pngAtTheLimitWithoutDataFailsTyped() {
    #expect {
        try ImageDecoder.decode(pngHeader(width: 4096, height: 4096))
    } throws: { error in
        switch error as? OpticalError {
        case .truncatedImage, .codecFailure: return true
        default: return false
        }
    }
}

/// Raw frame sizes (`WIDTHxHEIGHT` from the command line) beyond the limits or malformed are refused, typed.
@Test(arguments: ["100000x100000", "16385x1", "0x0", "-1x5", "1e9x1", "9999999999x1", "640x480x1", "x480", "640×480",
                  "٣x٣"])
func rawFrameSizesAreRefused(_ text: String) {
    #expect(throws: OpticalError.invalidFrameSize(text)) { try FrameSize(parsing: text) }
}

/// Found by FuzzImage (a leak, from the ffmpeg seed): a JPEG that passes the Swift marker check but that libjpeg
/// rejects fatally inside the scan (a second SOS in a baseline frame). Its frame header is set to 1024 × 1024 here
/// so that a leaked pixel buffer shows in the memory bound.
let jpegFatalInsideLibjpeg = hex([
    "ffd8ffe000104a46494600010200000100010000fffe00104c61766335392e33372e31303000ffdb00430008040404040405",
    "05050505050606060606060606060606060607070708080807070706060707080808080909090808080809090a0a0a0c0c0b",
    "0b0e0e0e111114ffc40075000101010000000000000000000000000007020601010101010000000000000000000000000507",
    "03061000020201030500030100000000000000020104030500061172360721c124132214110002020102020b010101000000",
    "00000002030401050006071141377374352113c108b112142217ffc00011080400040003011200021200031200ffda000c03",
    "010002110311003f00cbe23c7dba0bc4d0a90c58ff00aa4cb9243f91091d953be35952767efe38495a42245fcb6fd26f4938",
    "0ec3dbdd5f1694e13713b60e0f3b3e24fca0c798f96bfcd7f0cf61180c4f4c6ad898863c8596755445e5ceefa7520c375895",
    "de17f77a4777ee156cbdbf96c36e29ae854786c147870eedf29033d3b87352a7d80c5a7a56cb86d804d77f9a68d2c288ad7c",
    "842f95de237db17bea2edf3b761799b1f34f2455458033c722634cce002dc68d55890052cad4e480fa013488513e12e747f9",
    "fefcdc3d3f5ebafe1f70ab887b5f19590c9e24a1c32597a8ca9f8e6d105134f9104798c30606060606060707070808080707",
    "0706060707080808ffda000c03010002110311003f00cbe23c7dba0bc4d0a90c5800750001010100000000000080fea8aeb5",
    "afc50f0eaec47db5ffd9",
].joined())

/// libjpeg's fatal error becomes a typed codec failure.
@Test func jpegFatalErrorInsideLibjpegIsACodecFailure() {
    #expect {
        try ImageDecoder.decode(jpegFatalInsideLibjpeg)
    } throws: { error in
        guard case OpticalError.codecFailure(format: "JPEG", message: _) = error else { return false }
        return true
    }
}
