import CJPEG

/// JPEG decoding and encoding through libjpeg(-turbo).
///
/// libjpeg's fatal-error hook `error_exit` must not return, and Swift cannot `setjmp`; so both calls go through C
/// functions in `Sources/CJPEG/shim.h` that own the `setjmp`, destroy libjpeg's state after a fatal error and free
/// every buffer. No Swift frame lies between the `setjmp` and libjpeg's `longjmp`, so a rejected file leaks
/// nothing. Hostile files are already refused by `JPEGHeader` before libjpeg sees them; this is the last resort.
enum JPEGCodec {
    static func decode(_ bytes: [UInt8], limits: ImageLimits) throws(OpticalError) -> GrayImage {
        let header = try JPEGHeader.parse(bytes, limits: limits)
        return try decodeUnchecked(bytes, expected: header)
    }

    /// Decodes with libjpeg without the Swift structure check; `expected` bounds the output it may write.
    static func decodeUnchecked(_ bytes: [UInt8], expected: JPEGHeader) throws(OpticalError) -> GrayImage {
        let width = expected.width
        let height = expected.height
        let (count, overflow) = width.multipliedReportingOverflow(by: height)
        guard width > 0, height > 0, !overflow, width <= Int(UInt32.max), height <= Int(UInt32.max) else {
            throw .emptyImage(width: width, height: height)
        }
        var pixels = [UInt8](repeating: 255, count: count)
        var message = [CChar](repeating: 0, count: Int(JMSG_LENGTH_MAX))
        let result = bytes.withUnsafeBufferPointer { input in
            pixels.withUnsafeMutableBufferPointer { output in
                heliograph_jpeg_decode_gray(input.baseAddress, UInt(input.count), output.baseAddress,
                                            UInt32(width), UInt32(height), &message, message.count)
            }
        }
        switch result {
        case HELIOGRAPH_JPEG_OK:
            break
        case HELIOGRAPH_JPEG_GEOMETRY:
            throw .codecFailure(format: "JPEG", message: "libjpeg disagrees with the frame header's geometry")
        default:
            throw .codecFailure(format: "JPEG", message: text(message))
        }
        guard let image = GrayImage(width: width, height: height, pixels: pixels) else {
            throw .codecFailure(format: "JPEG", message: "pixel count mismatch")
        }
        return image
    }

    /// Baseline JPEG of `image` at `quality` (1-100), as a camera or a phone would save it.
    static func encode(_ image: GrayImage, quality: Int) throws(OpticalError) -> [UInt8] {
        guard image.width > 0, image.height > 0, image.width <= 65500, image.height <= 65500 else {
            throw .emptyImage(width: image.width, height: image.height)
        }
        var output: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        var message = [CChar](repeating: 0, count: Int(JMSG_LENGTH_MAX))
        let result = image.pixels.withUnsafeBufferPointer { pixels in
            heliograph_jpeg_encode_gray(pixels.baseAddress, UInt32(image.width), UInt32(image.height),
                                        Int32(min(max(quality, 1), 100)), &output, &size, &message, message.count)
        }
        defer { free(output) }
        guard result == HELIOGRAPH_JPEG_OK, let output else {
            throw .codecFailure(format: "JPEG", message: text(message))
        }
        return Array(UnsafeBufferPointer(start: output, count: Int(size)))
    }

    private static func text(_ message: [CChar]) -> String {
        let bytes = message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return bytes.isEmpty ? "libjpeg failed" : String(decoding: bytes, as: UTF8.self)
    }
}
