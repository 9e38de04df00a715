import CPNG
import Foundation

/// PNG encoding of RGB images through libpng's simplified API (`png_image_write_to_memory`), which reports
/// failure by return value rather than by `longjmp`, so no C error trampoline is needed.
public enum PNGEncoder {
    /// The PNG bytes of an 8-bit RGB image.
    /// - Throws: `SheetError.malformedImage` if the pixel count is wrong, `.writeFailed` if libpng fails.
    public static func encode(_ image: RGBImage) throws -> [UInt8] {
        guard image.width > 0, image.height > 0, image.rgb.count == image.width * image.height * 3 else {
            throw SheetError.malformedImage(width: image.width, height: image.height, bytes: image.rgb.count)
        }
        var header = png_image()
        header.version = png_uint_32(PNG_IMAGE_VERSION)
        header.width = png_uint_32(image.width)
        header.height = png_uint_32(image.height)
        header.format = png_uint_32(PNG_FORMAT_RGB)
        let stride = png_int_32(image.width * 3)
        var size = 0
        // The first call only measures; the second writes into a buffer of that size.
        guard png_image_write_to_memory(&header, nil, &size, 0, image.rgb, stride, nil) != 0, size > 0 else {
            throw SheetError.writeFailed(path: "PNG in memory", reason: libpngMessage(&header))
        }
        var out = [UInt8](repeating: 0, count: size)
        guard png_image_write_to_memory(&header, &out, &size, 0, image.rgb, stride, nil) != 0 else {
            throw SheetError.writeFailed(path: "PNG in memory", reason: libpngMessage(&header))
        }
        png_image_free(&header)
        return Array(out.prefix(size))
    }

    /// Writes an image as a PNG file, atomically (a temporary file renamed over the target).
    public static func write(_ image: RGBImage, to path: String) throws {
        let bytes = try encode(image)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SheetError.writeFailed(path: path, reason: error.localizedDescription)
        }
    }

    private static func libpngMessage(_ header: inout png_image) -> String {
        let message = withUnsafeBytes(of: &header.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        png_image_free(&header)
        return message.isEmpty ? "libpng failed" : message
    }
}
