import CPNG

/// PNG through libpng's simplified API (png_image), which keeps libpng's setjmp/longjmp inside libpng and reports
/// failure as a return value and a message, so no longjmp ever crosses Swift frames.
enum PNGCodec {
    static func decode(_ bytes: [UInt8], limits: ImageLimits) throws(OpticalError) -> GrayImage {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        let begun = bytes.withUnsafeBytes { raw in
            png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count)
        }
        guard begun != 0 else { throw failure(image) }
        // The IHDR size is known now; nothing has been allocated for pixels yet.
        let width = Int(image.width), height = Int(image.height)
        try limits.check(width: width, height: height)
        image.format = UInt32(PNG_FORMAT_GRAY)
        var pixels = [UInt8](repeating: 255, count: width * height)
        // Transparent pixels are composed onto white, as a page or a screen would show them.
        var white = png_color(red: 255, green: 255, blue: 255)
        let finished = bytes.withUnsafeBytes { _ in
            pixels.withUnsafeMutableBytes { out in
                png_image_finish_read(&image, &white, out.baseAddress, Int32(width), nil)
            }
        }
        guard finished != 0 else { throw failure(image) }
        guard let result = GrayImage(width: width, height: height, pixels: pixels) else {
            throw .malformedImage(format: "PNG", reason: "pixel count mismatch")
        }
        return result
    }

    private static func failure(_ image: png_image) -> OpticalError {
        let message = withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        let lowered = message.lowercased()
        if lowered.contains("eof") || lowered.contains("end") || lowered.contains("truncat")
            || lowered.contains("not enough") || lowered.contains("read error")
        {
            return .truncatedImage(format: "PNG")
        }
        return .codecFailure(format: "PNG", message: message.isEmpty ? "unknown error" : message)
    }
}
