import Foundation

/// Loads PNG, JPEG and PGM/PPM images into `GrayImage`, treating every byte as hostile: the declared size is
/// checked against `ImageLimits` before any pixel memory is allocated, and every failure is a typed `OpticalError`.
public enum ImageDecoder {
    /// The formats we recognise by their first bytes.
    public enum Format: String, Sendable {
        /// PNG (libpng), JPEG (libjpeg after a marker check) and binary or plain PGM/PPM (our own parser).
        case png = "PNG", jpeg = "JPEG", pnm = "PNM"
    }

    /// The format named by the magic bytes at the start of `bytes`, or nil.
    public static func format(of bytes: [UInt8]) -> Format? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.count >= 2, bytes[0] == UInt8(ascii: "P"), [UInt8]("2356".utf8).contains(bytes[1]) { return .pnm }
        return nil
    }

    /// Decodes `bytes` (PNG, JPEG, or PGM/PPM in binary or plain form) to 8-bit gray.
    /// Throws `OpticalError.unknownImageFormat`, `.emptyImage`, `.imageTooLarge`, `.truncatedImage`,
    /// `.malformedImage` or `.codecFailure`.
    public static func decode(_ bytes: [UInt8], limits: ImageLimits = .default) throws(OpticalError) -> GrayImage {
        switch format(of: bytes) {
        case .png: return try PNGCodec.decode(bytes, limits: limits)
        case .jpeg: return try JPEGCodec.decode(bytes, limits: limits)
        case .pnm: return try PNMCodec.decode(bytes, limits: limits)
        case nil: throw .unknownImageFormat
        }
    }

    /// Reads and decodes the image file at `path`. Files larger than `maxFileBytes` are refused unread.
    public static func load(
        path: String, limits: ImageLimits = .default, maxFileBytes: Int = 256 * 1024 * 1024
    ) throws(OpticalError) -> GrayImage {
        try decode(readFile(path: path, maxBytes: maxFileBytes), limits: limits)
    }

    /// The bytes of the file at `path`, refusing files over `maxBytes`.
    static func readFile(path: String, maxBytes: Int) throws(OpticalError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, reason: "no such file or no permission")
        }
        defer { try? handle.close() }
        do {
            let data = try handle.read(upToCount: maxBytes + 1) ?? Data()
            guard data.count <= maxBytes else {
                throw OpticalError.unreadable(path: path, reason: "larger than \(maxBytes) bytes")
            }
            return [UInt8](data)
        } catch let error as OpticalError {
            throw error
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
    }
}
