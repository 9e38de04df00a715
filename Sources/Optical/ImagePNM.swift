/// Netpbm PGM and PPM (P2, P3 plain text; P5, P6 binary), our own parser: gray is kept, colour is converted with
/// the Rec. 601 luma weights; maxval up to 65535 (two bytes per sample, big-endian, in the binary forms).
enum PNMCodec {
    static func decode(_ bytes: [UInt8], limits: ImageLimits) throws(OpticalError) -> GrayImage {
        var reader = Reader(bytes: bytes)
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P") else { throw .unknownImageFormat }
        let kind = bytes[1]
        reader.position = 2
        let width = try reader.headerInteger()
        let height = try reader.headerInteger()
        try limits.check(width: width, height: height)
        let maxValue = try reader.headerInteger()
        guard maxValue >= 1, maxValue <= 65535 else {
            throw .malformedImage(format: "PNM", reason: "maxval \(maxValue) is outside 1...65535")
        }
        let channels = (kind == UInt8(ascii: "3") || kind == UInt8(ascii: "6")) ? 3 : 1
        let binary = kind == UInt8(ascii: "5") || kind == UInt8(ascii: "6")
        let sampleCount = width * height * channels
        if binary {
            // Exactly one whitespace byte separates the header from the samples.
            guard reader.position < bytes.count, Reader.isSpace(bytes[reader.position]) else {
                throw .truncatedImage(format: "PNM")
            }
            reader.position += 1
            let bytesPerSample = maxValue > 255 ? 2 : 1
            guard bytes.count - reader.position >= sampleCount * bytesPerSample else { throw .truncatedImage(format: "PNM") }
        } else {
            // Each plain sample takes at least two bytes (a digit and a separator), so a short file is refused
            // before allocating for its declared size.
            guard (bytes.count - reader.position + 1) / 2 >= sampleCount else { throw .truncatedImage(format: "PNM") }
        }
        var gray = [UInt8](repeating: 0, count: width * height)
        var sample = [Int](repeating: 0, count: channels)
        for index in 0..<(width * height) {
            for channel in 0..<channels {
                let raw: Int
                if binary {
                    raw = try reader.binarySample(wide: maxValue > 255)
                } else {
                    raw = try reader.headerInteger()
                }
                guard raw <= maxValue else {
                    throw .malformedImage(format: "PNM", reason: "sample \(raw) exceeds maxval \(maxValue)")
                }
                sample[channel] = raw
            }
            let luma = channels == 1 ? 1000 * sample[0] : 299 * sample[0] + 587 * sample[1] + 114 * sample[2]
            gray[index] = UInt8((luma * 255 + 500 * maxValue) / (1000 * maxValue))
        }
        guard let image = GrayImage(width: width, height: height, pixels: gray) else {
            throw .malformedImage(format: "PNM", reason: "pixel count mismatch")
        }
        return image
    }

    /// Binary PGM (P5) bytes of `image`.
    static func encodePGM(_ image: GrayImage) -> [UInt8] {
        Array("P5\n\(image.width) \(image.height)\n255\n".utf8) + image.pixels
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

        /// A decimal integer after whitespace and `#` comments; at most 9 digits so it cannot overflow.
        mutating func headerInteger() throws(OpticalError) -> Int {
            while position < bytes.count {
                if Self.isSpace(bytes[position]) {
                    position += 1
                } else if bytes[position] == UInt8(ascii: "#") {
                    while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
                } else {
                    break
                }
            }
            guard position < bytes.count else { throw .truncatedImage(format: "PNM") }
            var value = 0, digits = 0
            while position < bytes.count, (0x30...0x39).contains(bytes[position]) {
                value = value * 10 + Int(bytes[position] - 0x30)
                digits += 1
                position += 1
                guard digits <= 9 else { throw .malformedImage(format: "PNM", reason: "a number has over 9 digits") }
            }
            guard digits > 0 else { throw .malformedImage(format: "PNM", reason: "expected a number") }
            return value
        }

        mutating func binarySample(wide: Bool) throws(OpticalError) -> Int {
            let size = wide ? 2 : 1
            guard position + size <= bytes.count else { throw .truncatedImage(format: "PNM") }
            defer { position += size }
            return wide ? Int(bytes[position]) << 8 | Int(bytes[position + 1]) : Int(bytes[position])
        }
    }
}
