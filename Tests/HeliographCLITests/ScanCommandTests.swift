import Foundation
import Optical
import Testing
import UniformResources

/// A message, its parts and their QR codes drawn 3 pixels a module in the middle of a 320x240 gray frame.
private struct Animation {
    let payload: [UInt8]
    let parts: [String]
    let frames: [GrayImage]

    init(length: Int, seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        payload = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
        var encoder = try UREncoder(try UR(type: "bytes", cbor: payload), maxFragmentLength: 40)
        parts = (0..<(encoder.seqLen + 4)).map { _ in encoder.nextPart() }
        let style = try QRRenderStyle(moduleSize: 3)
        frames = try parts.map { part in
            let code = try QRCode(ur: part).image(style: style)
            var frame = GrayImage(width: 320, height: 240, fill: 120)
            let x0 = (320 - code.width) / 2, y0 = (240 - code.height) / 2
            for y in 0..<code.height { for x in 0..<code.width { frame[x0 + x, y0 + y] = code[x, y] } }
            return frame
        }
    }
}

private func writePGM(_ image: GrayImage, to url: URL) throws {
    try (Data("P5\n\(image.width) \(image.height)\n255\n".utf8) + Data(image.pixels)).write(to: url)
}

@Suite struct ScanCommandTests {
    /// One photo of a printed signing sheet page holding all six parts of a message (Tests/OpticalTests/Fixtures,
    /// made by scripts/make-judging-set.py from a sheet this CLI rendered) gives the message. No time budget: the
    /// tests run a debug build, many times slower than the release build the 40 ms budget is set for.
    @Test func onePhotoOfASheetPageGivesTheMessage() throws {
        let photo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("OpticalTests/Fixtures/sheet-photo.jpg")
        let result = try runCLI(["scan", "--hex", "--stats", "--budget-ms", "100000", photo.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.count == 2 * 853 + 1)
        #expect(result.stderr.contains("\"seqLen\":6"), "\(result.stderr)")
        #expect(result.stderr.contains("\"frames\":1"), "\(result.stderr)")
    }

    @Test func rawFramesOnStdinGiveThePayload() throws {
        let animation = try Animation(length: 150, seed: 3)
        // Every other frame is blank: a camera looking away.
        var input = Data()
        for frame in animation.frames {
            input += Data(frame.pixels)
            input += Data(GrayImage(width: 320, height: 240, fill: 90).pixels)
        }
        let result = try runCLI(["scan", "--hex", "--stats", "--raw-frames", "320x240"], input: input)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == Base16.encode(animation.payload) + "\n")
        #expect(result.stderr.contains("\"type\":\"bytes\""))
        #expect(result.stderr.contains("\"messageLength\":150"))
        #expect(result.stderr.contains("\"frames\":"))
    }

    @Test func directoryOfFramesGivesRawPayload() throws {
        let animation = try Animation(length: 120, seed: 4)
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (index, frame) in animation.frames.enumerated() {
            try writePGM(frame, to: directory.appendingPathComponent(String(format: "frame-%03d.pgm", index)))
        }
        let result = try runCLI(["scan", directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect([UInt8](result.stdoutBytes) == animation.payload)
    }

    /// A folder holding the frames of two animations says so once, and still gives the message it read.
    @Test func aFolderMixingTwoAnimationsSaysSo() throws {
        let first = try Animation(length: 120, seed: 5)
        let second = try Animation(length: 130, seed: 6)
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (index, frame) in first.frames.enumerated() {
            try writePGM(frame, to: directory.appendingPathComponent(String(format: "f-%03d-a.pgm", index)))
            try writePGM(second.frames[index], to: directory.appendingPathComponent(String(format: "f-%03d-b.pgm", index)))
        }
        let result = try runCLI(["scan", "--hex", directory.path])
        let mentions = result.stderr.components(separatedBy: "holds frames of two different messages").count - 1
        #expect(mentions == 1, "\(result.stderr)")
        #expect(result.stderr.contains("keep one animation per folder or file"))
        #expect(result.status == 0 && result.stdout == Base16.encode(first.payload) + "\n", "\(result.stderr)")
    }

    @Test func inputEndingEarlySaysHowFarItGot() throws {
        let animation = try Animation(length: 150, seed: 5)
        let other = try Animation(length: 150, seed: 6)
        let input = Data(animation.frames[0].pixels) + Data(other.frames[1].pixels)
        let result = try runCLI(["scan", "--raw-frames", "320x240"], input: input)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("standard input holds frames of two different messages"), "\(result.stderr)")
        #expect(result.stderr.contains("ended after 2 frames and 1 parts"))
    }

    /// `--frames` counts output frames everywhere; `scan --frames WxH`, its old name for raw frames, says so.
    @Test func framesIsNotAFrameSize() throws {
        let result = try runCLI(["scan", "--frames", "320x240"], input: Data())
        #expect(result.status != 0)
        #expect(result.stderr.contains("--raw-frames 320x240"), "\(result.stderr)")
    }

    /// Image files given one by one make one message: a message not yet whole carries on into the next argument.
    @Test func imageFilesCarryOnIntoTheNextArgument() throws {
        let animation = try Animation(length: 120, seed: 9)
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for (index, frame) in animation.frames.enumerated() {
            let url = directory.appendingPathComponent(String(format: "frame-%03d.pgm", index))
            try writePGM(frame, to: url)
            paths.append(url.path)
        }
        let result = try runCLI(["scan", "--hex"] + paths)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == Base16.encode(animation.payload) + "\n")
    }

    /// `scan` reads UR text like every ceremony step (`--ur-file`).
    @Test func urFileGivesThePayload() throws {
        let animation = try Animation(length: 90, seed: 10)
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("parts.txt")
        try Data(animation.parts.joined(separator: "\n").utf8).write(to: file)
        let result = try runCLI(["scan", "--hex", "--ur-file", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == Base16.encode(animation.payload) + "\n")
    }

    /// A video that goes on after the message is whole: ffmpeg is stopped and its log removed when `scan` closes
    /// the source, so nothing of it is left in the temporary directory.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg")))
    func videoSourceIsClosed() throws {
        let animation = try Animation(length: 150, seed: 11)
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let frames = directory.appendingPathComponent("frames")
        try FileManager.default.createDirectory(at: frames, withIntermediateDirectories: true)
        // The animation five times over: the message is whole long before the video ends.
        let looped = Array(repeating: animation.frames, count: 5).joined()
        for (index, frame) in looped.enumerated() {
            try writePGM(frame, to: frames.appendingPathComponent(String(format: "f%04d.pgm", index)))
        }
        let video = directory.appendingPathComponent("clip.mkv").path
        let encode = Process()
        encode.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        encode.arguments = ["-hide_banner", "-loglevel", "error", "-framerate", "10", "-i",
            frames.path + "/f%04d.pgm", "-c:v", "ffv1", "-pix_fmt", "gray", video]
        encode.standardInput = FileHandle.nullDevice
        try encode.run()
        encode.waitUntilExit()
        #expect(encode.terminationStatus == 0)
        let temporary = directory.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let result = try runCLI(["scan", "--hex", "--stats", "--video", video], environment: ["TMPDIR": temporary.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == Base16.encode(animation.payload) + "\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
    }

    @Test func qrReadPrintsTextsAndJSON() throws {
        let animation = try Animation(length: 100, seed: 8)
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("a.pgm"), blank = directory.appendingPathComponent("b.pgm")
        try writePGM(animation.frames[0], to: first)
        try writePGM(GrayImage(width: 20, height: 20), to: blank)
        let plain = try runCLI(["qr", "read", first.path])
        #expect(plain.status == 0)
        #expect(plain.stdout == animation.parts[0].uppercased() + "\n")
        let json = try runCLI(["qr", "read", "--json", first.path, blank.path])
        let lines = json.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let firstText = animation.parts[0].uppercased()
        #expect(lines.first?.hasPrefix("{\"file\":\"\(first.path)\",\"texts\":[\"\(firstText)\"],\"found\":1,\"ms\":")
            == true)
        #expect(lines.last?.hasPrefix("{\"file\":\"\(blank.path)\",\"texts\":[],\"found\":0,\"ms\":") == true)
    }

    @Test func qrReadReportsUnreadableFiles() throws {
        let result = try runCLI(["qr", "read", "/nonexistent/x.png"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("/nonexistent/x.png"))
    }
}
