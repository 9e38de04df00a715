import Foundation
import Testing

@testable import Optical

/// A deliberately small GIF89a reader for the tests: global palette, extensions skipped (their delays kept), LZW
/// per GIF89a Appendix F. Written from the specification, separately from the encoder.
struct TestGIFDecoder {
    var width = 0
    var height = 0
    var frames: [[UInt8]] = []  // palette indices
    var delays: [Int] = []
    var loops = false

    init?(_ data: [UInt8]) {
        guard data.count > 13, Array(data[0..<6]) == Array("GIF89a".utf8) else { return nil }
        width = Int(data[6]) | Int(data[7]) << 8
        height = Int(data[8]) | Int(data[9]) << 8
        var at = 13
        if data[10] & 0x80 != 0 { at += 3 << (Int(data[10] & 7) + 1) }
        func blocks() -> [UInt8]? {
            var out: [UInt8] = []
            while at < data.count {
                let length = Int(data[at])
                at += 1
                if length == 0 { return out }
                guard at + length <= data.count else { return nil }
                out += data[at..<(at + length)]
                at += length
            }
            return nil
        }
        while at < data.count {
            switch data[at] {
            case 0x3B:
                return
            case 0x21:
                let label = data[at + 1]
                at += 2
                guard let body = blocks() else { return nil }
                if label == 0xF9, body.count == 4 { delays.append(Int(body[1]) | Int(body[2]) << 8) }
                if label == 0xFF, body.starts(with: Array("NETSCAPE2.0".utf8)) { loops = true }
            case 0x2C:
                guard at + 11 <= data.count, data[at + 9] & 0x80 == 0 else { return nil }
                let minimum = Int(data[at + 10])
                at += 11
                guard let compressed = blocks(),
                    let pixels = Self.lzwDecode(compressed, minimumCodeSize: minimum, count: width * height)
                else { return nil }
                frames.append(pixels)
            default:
                return nil
            }
        }
        return nil
    }

    static func lzwDecode(_ data: [UInt8], minimumCodeSize: Int, count: Int) -> [UInt8]? {
        let clear = 1 << minimumCodeSize
        let end = clear + 1
        var table: [[UInt8]] = []
        var codeSize = 0
        func reset() {
            table = (0..<clear).map { [UInt8($0)] } + [[], []]
            codeSize = minimumCodeSize + 1
        }
        reset()
        var output: [UInt8] = []
        var previous: [UInt8]? = nil
        var bitPosition = 0
        while bitPosition + codeSize <= data.count * 8 {
            var code = 0
            for bit in 0..<codeSize where data[(bitPosition + bit) / 8] >> ((bitPosition + bit) % 8) & 1 == 1 {
                code |= 1 << bit
            }
            bitPosition += codeSize
            if code == clear {
                reset()
                previous = nil
                continue
            }
            if code == end { break }
            let entry: [UInt8]
            if code < table.count {
                entry = table[code]
                if let previous, table.count < 4096 { table.append(previous + [entry[0]]) }
            } else if code == table.count, let previous {
                entry = previous + [previous[0]]
                table.append(entry)
            } else {
                return nil
            }
            output += entry
            previous = entry
            if table.count == 1 << codeSize, codeSize < 12 { codeSize += 1 }
        }
        return output.count == count ? output : nil
    }
}

@Suite struct GIFEncoderTests {
    static func frames(count: Int) throws -> [QRCode] {
        let profile = try FrameProfile(type: "bytes", density: .low)
        return try RenderTestSupport.parts(length: 400, count: count, profile: profile, seed: 11).map {
            try profile.encode(part: $0)
        }
    }

    @Test func decodesToTheSameFramesWithDelayAndLoop() throws {
        let codes = try Self.frames(count: 4)
        let images = codes.map { $0.image(style: QRRenderStyle.standard) }
        var gif = try GIFEncoder(width: images[0].width, height: images[0].height, fps: 8)
        for image in images { try gif.add(image) }
        let decoded = try #require(TestGIFDecoder(gif.data))
        #expect(decoded.loops)
        #expect(decoded.delays == [13, 13, 13, 13])  // 100 / 8 = 12.5 hundredths, rounded
        #expect(decoded.frames.count == 4)
        for (frame, image) in zip(decoded.frames, images) {
            #expect(frame == image.pixels.map { $0 < 128 ? 0 : 1 })
        }
    }

    /// Noise fills the 4096-entry table many times over, so clear codes and every code width are exercised.
    @Test(arguments: [1, 2, 3, 50_000, 300_000])
    func lzwRoundTripsNoiseAndRuns(length: Int) {
        var generator = SeededGenerator(seed: UInt64(length))
        let indices: [UInt8] = (0..<length).map { index in
            index % 7_000 < 3_000 ? UInt8(index / 9_000 % 2) : UInt8.random(in: 0...1, using: &generator)
        }
        let data = GIFEncoder.lzw(indices, minimumCodeSize: 2)
        #expect(TestGIFDecoder.lzwDecode(data, minimumCodeSize: 2, count: length) == indices)
    }

    @Test func delayIsClampedAndSizesChecked() throws {
        #expect(try GIFEncoder(width: 1, height: 1, fps: 1_000).delayCentiseconds == 2)
        #expect(try GIFEncoder(width: 1, height: 1, fps: 0.5).delayCentiseconds == 200)
        #expect(throws: OpticalError.self) { try GIFEncoder(width: 0, height: 1, fps: 8) }
        #expect(throws: OpticalError.self) { try GIFEncoder(width: 1, height: 1, fps: 0) }
        var gif = try GIFEncoder(width: 2, height: 2, fps: 8)
        #expect(throws: OpticalError.self) { try gif.add(GrayImage(width: 3, height: 2)) }
        #expect(gif.count == 0)
    }

    /// ffmpeg decodes every frame and each scans back to its part.
    @Test(.enabled(if: RenderTestSupport.has("ffmpeg")))
    func ffmpegFramesScanBack() throws {
        let codes = try Self.frames(count: 5)
        let style = try QRRenderStyle(moduleSize: 4)
        let images = codes.map { $0.image(style: style) }
        var gif = try GIFEncoder(width: images[0].width, height: images[0].height, fps: 10)
        for image in images { try gif.add(image) }
        let directory = try RenderTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gifURL = directory.appendingPathComponent("frames.gif")
        try Data(gif.data).write(to: gifURL)
        try RenderTestSupport.run("ffmpeg", ["-v", "error", "-i", gifURL.path, "-vsync", "0",
            directory.appendingPathComponent("frame%03d.pgm").path])
        let decoded = try RenderTestSupport.images(in: directory, suffix: ".pgm")
        #expect(decoded == images)
        let parts = try RenderTestSupport.parts(length: 400, count: 5, profile: FrameProfile(type: "bytes",
            density: .low), seed: 11)
        #expect(decoded.map { QRScanner.plain.read($0).texts.first ?? "" } == parts.map { $0.uppercased() })
    }
}
