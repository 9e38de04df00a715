import CPNG

/// PNG files (ISO/IEC 15948) written with libpng's simplified API, which reports errors in a status field instead
/// of `longjmp`, so no C control flow crosses Swift frames. Pointer code stays in this file.
public enum PNG {
    /// An 8-bit grayscale PNG of `image` (one channel, deflate-compressed: a QR frame is a few kilobytes).
    /// `fast` trades size for speed (libpng's PNG_IMAGE_FLAG_FAST): a 1280x720 frame takes about a quarter of the
    /// time and becomes two to three times larger, for intermediate files rather than ones to keep.
    public static func encode(_ image: GrayImage, fast: Bool = false) throws -> [UInt8] {
        try write(pixels: image.pixels, width: image.width, height: image.height, channels: 1, fast: fast)
    }

    /// An 8-bit RGB PNG of `rgb`, `3 * width * height` bytes in R, G, B order, row-major.
    public static func encode(rgb: [UInt8], width: Int, height: Int, fast: Bool = false) throws -> [UInt8] {
        try write(pixels: rgb, width: width, height: height, channels: 3, fast: fast)
    }

    /// A QR symbol as a grayscale PNG at `style`.
    public static func encode(_ code: QRCode, style: QRRenderStyle = .standard) throws -> [UInt8] {
        try encode(code.image(style: style))
    }

    private static func write(pixels: [UInt8], width: Int, height: Int, channels: Int, fast: Bool) throws -> [UInt8] {
        try ImageLimits.default.check(width: width, height: height)
        guard pixels.count == width * height * channels else {
            throw OpticalError.malformedImage(format: "PNG", reason: "\(pixels.count) bytes for \(width)x\(height)")
        }
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = channels == 3 ? png_uint_32(PNG_FORMAT_RGB) : png_uint_32(PNG_FORMAT_GRAY)
        image.flags = fast ? png_uint_32(PNG_IMAGE_FLAG_FAST) : 0
        // Frames are mostly flat runs and deflate to a small fraction; on a short buffer libpng reports the size
        // it needs and the second attempt uses it.
        var capacity = pixels.count / 8 + 4_096
        for _ in 0..<2 {
            var output = [UInt8](repeating: 0, count: capacity)
            var written = png_alloc_size_t(capacity)
            let ok = output.withUnsafeMutableBytes { memory in
                pixels.withUnsafeBytes { source in
                    png_image_write_to_memory(
                        &image, memory.baseAddress, &written, 0, source.baseAddress, png_int_32(width * channels), nil)
                }
            }
            if ok != 0 {
                output.removeSubrange(Int(written)...)
                return output
            }
            guard Int(written) > capacity else { break }
            capacity = Int(written)
            png_image_free(&image)
            image.opaque = nil
            image.warning_or_error = 0
            image.flags = fast ? png_uint_32(PNG_IMAGE_FLAG_FAST) : 0
        }
        let message = withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        png_image_free(&image)
        throw OpticalError.codecFailure(format: "PNG", message: message.isEmpty ? "unknown error" : message)
    }
}
