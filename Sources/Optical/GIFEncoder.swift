/// Animated GIF (GIF89a, CompuServe 1990) of black-and-white frames, written from scratch: a 2-colour global
/// palette, the NETSCAPE2.0 application extension for endless looping, a graphic control extension per frame for
/// its delay, and variable-width LZW image data (GIF89a Appendix F).
public struct GIFEncoder: Sendable {
    /// Width and height of every frame (the logical screen).
    public let width: Int
    /// Height of every frame (the logical screen).
    public let height: Int
    /// Delay between frames in hundredths of a second (GIF89a §23 "Delay Time").
    public let delayCentiseconds: Int

    private var bytes: [UInt8] = []
    private var frameCount = 0

    /// Starts a GIF of `width` x `height` frames played at `fps` frames a second. Browsers treat delays under
    /// 2/100 s as slow, so the delay is at least 2 (50 fps at most). Throws for sizes outside 1...65535 or a
    /// non-positive frame rate.
    public init(width: Int, height: Int, fps: Double) throws {
        guard (1...65_535).contains(width), (1...65_535).contains(height) else {
            throw OpticalError.invalidRenderParameter(name: "GIF size", value: "\(width)x\(height)")
        }
        guard fps.isFinite, fps > 0 else { throw OpticalError.invalidRenderParameter(name: "fps", value: "\(fps)") }
        self.width = width
        self.height = height
        delayCentiseconds = max(2, min(65_535, Int((100 / fps).rounded())))
        bytes += Array("GIF89a".utf8)
        appendUInt16(width)
        appendUInt16(height)
        // Global colour table present, 1 bit of colour resolution, unsorted, 2 entries (size field 0).
        bytes += [0x80, 0x00, 0x00]
        bytes += [0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF]  // index 0 black, index 1 white
        // Application extension NETSCAPE2.0, sub-block 1: loop count 0 = forever.
        bytes += [0x21, 0xFF, 0x0B] + Array("NETSCAPE2.0".utf8) + [0x03, 0x01, 0x00, 0x00, 0x00]
    }

    /// Number of frames added so far.
    public var count: Int { frameCount }

    /// Adds one frame; pixels below 128 become black, the rest white. Throws when its size is not the screen's.
    public mutating func add(_ image: GrayImage) throws {
        guard image.width == width, image.height == height, image.pixels.count == width * height else {
            throw OpticalError.invalidRenderParameter(
                name: "frame size", value: "\(image.width)x\(image.height), not \(width)x\(height)")
        }
        // Graphic control extension: no transparency, disposal "do not dispose" (each frame covers the screen).
        bytes += [0x21, 0xF9, 0x04, 0x04]
        appendUInt16(delayCentiseconds)
        bytes += [0x00, 0x00]
        // Image descriptor: the whole screen, no local colour table, not interlaced.
        bytes.append(0x2C)
        appendUInt16(0)
        appendUInt16(0)
        appendUInt16(width)
        appendUInt16(height)
        bytes.append(0x00)
        let minimumCodeSize = 2  // GIF's smallest; a 2-colour image still uses 2 (GIF89a Appendix F)
        bytes.append(UInt8(minimumCodeSize))
        let data = Self.lzw(image.pixels.map { $0 < 128 ? 0 : 1 }, minimumCodeSize: minimumCodeSize)
        var offset = 0
        while offset < data.count {
            let length = min(255, data.count - offset)
            bytes.append(UInt8(length))
            bytes += data[offset..<(offset + length)]
            offset += length
        }
        bytes.append(0x00)
        frameCount += 1
    }

    /// The finished file: everything added so far and the trailer.
    public var data: [UInt8] { bytes + [0x3B] }

    /// GIF's LZW: codes start at `minimumCodeSize + 1` bits and widen as the table grows, up to 12 bits; a clear
    /// code starts the stream and resets the table when it is full. Codes are packed least significant bit first.
    static func lzw(_ indices: [UInt8], minimumCodeSize: Int) -> [UInt8] {
        let clearCode = 1 << minimumCodeSize
        let endCode = clearCode + 1
        let alphabet = clearCode
        var writer = LZWBitWriter(codeSize: minimumCodeSize + 1, capacity: indices.count / 16 + 16)
        var nextCode = endCode + 1
        // child[prefix * alphabet + index] is the code of prefix+index, 0 when absent (0 is never a child code).
        var child = [Int16](repeating: 0, count: 4_096 * alphabet)
        writer.emit(clearCode)
        guard var prefix = indices.first.map(Int.init) else {
            writer.emit(endCode)
            return writer.finish()
        }
        for position in 1..<indices.count {
            let pixel = Int(indices[position])
            let slot = prefix &* alphabet &+ pixel
            let existing = Int(child[slot])
            if existing != 0 {
                prefix = existing
                continue
            }
            writer.emit(prefix)
            if nextCode == 4_096 {
                // Table full: the decoder has not yet added the entry for this code, so clearing now keeps the
                // two tables in step.
                writer.emit(clearCode)
                child = [Int16](repeating: 0, count: 4_096 * alphabet)
                writer.codeSize = minimumCodeSize + 1
                nextCode = endCode + 1
            } else {
                child[slot] = Int16(nextCode)
                nextCode += 1
                // The decoder adds its entry one code later, so it widens when nextCode passes 2^codeSize.
                if nextCode > (1 << writer.codeSize), writer.codeSize < 12 { writer.codeSize += 1 }
            }
            prefix = pixel
        }
        writer.emit(prefix)
        writer.emit(endCode)
        return writer.finish()
    }

    private mutating func appendUInt16(_ value: Int) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8((value >> 8) & 0xFF))
    }
}

/// Packs variable-width LZW codes least significant bit first (GIF89a Appendix F).
private struct LZWBitWriter {
    var codeSize: Int
    private var output: [UInt8] = []
    private var buffer = 0
    private var count = 0

    init(codeSize: Int, capacity: Int) {
        self.codeSize = codeSize
        output.reserveCapacity(capacity)
    }

    @inline(__always) mutating func emit(_ code: Int) {
        buffer |= code << count
        count += codeSize
        while count >= 8 {
            output.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            count -= 8
        }
    }

    mutating func finish() -> [UInt8] {
        if count > 0 { output.append(UInt8(truncatingIfNeeded: buffer)) }
        return output
    }
}
