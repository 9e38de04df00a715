import Foundation
import Optical
import Testing
import UniformResources

/// Runs the built `heliograph` (.build/debug, found from this file's path) with stdin from `input`.
private func heliograph(_ arguments: [String], input: Data = Data()) throws -> (status: Int32, stdout: Data, stderr: String) {
    var root = URL(fileURLWithPath: #filePath)
    while root.path != "/" && !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
        root.deleteLastPathComponent()
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scan-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    // Files rather than pipes: scan stops reading once complete, which would break a pipe we write to.
    let paths = ["in", "out", "err"].map { directory.appendingPathComponent($0) }
    try input.write(to: paths[0])
    _ = FileManager.default.createFile(atPath: paths[1].path, contents: nil)
    _ = FileManager.default.createFile(atPath: paths[2].path, contents: nil)
    let process = Process()
    process.executableURL = root.appendingPathComponent(".build/debug/heliograph")
    process.arguments = arguments
    process.standardInput = try FileHandle(forReadingFrom: paths[0])
    process.standardOutput = try FileHandle(forWritingTo: paths[1])
    process.standardError = try FileHandle(forWritingTo: paths[2])
    try process.run()
    process.waitUntilExit()
    return (process.terminationStatus, try Data(contentsOf: paths[1]),
        String(decoding: try Data(contentsOf: paths[2]), as: UTF8.self))
}

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

private func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("scan-cli-frames-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

private func writePGM(_ image: GrayImage, to url: URL) throws {
    try (Data("P5\n\(image.width) \(image.height)\n255\n".utf8) + Data(image.pixels)).write(to: url)
}

@Suite struct ScanCommandTests {
    @Test func rawFramesOnStdinGiveThePayload() throws {
        let animation = try Animation(length: 150, seed: 3)
        // Every other frame is blank: a camera looking away.
        var input = Data()
        for frame in animation.frames {
            input += Data(frame.pixels)
            input += Data(GrayImage(width: 320, height: 240, fill: 90).pixels)
        }
        let result = try heliograph(["scan", "--hex", "--stats", "--frames", "320x240"], input: input)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(String(decoding: result.stdout, as: UTF8.self) == Base16.encode(animation.payload) + "\n")
        #expect(result.stderr.contains("\"type\":\"bytes\""))
        #expect(result.stderr.contains("\"messageLength\":150"))
        #expect(result.stderr.contains("\"frames\":"))
    }

    @Test func directoryOfFramesGivesRawPayload() throws {
        let animation = try Animation(length: 120, seed: 4)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (index, frame) in animation.frames.enumerated() {
            try writePGM(frame, to: directory.appendingPathComponent(String(format: "frame-%03d.pgm", index)))
        }
        let result = try heliograph(["scan", directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect([UInt8](result.stdout) == animation.payload)
    }

    @Test func inputEndingEarlySaysHowFarItGot() throws {
        let animation = try Animation(length: 150, seed: 5)
        let other = try Animation(length: 150, seed: 6)
        let input = Data(animation.frames[0].pixels) + Data(other.frames[1].pixels)
        let result = try heliograph(["scan", "--frames", "320x240"], input: input)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("skipped a QR code"))
        #expect(result.stderr.contains("ended after 2 frames and 1 parts"))
    }

    @Test func qrReadPrintsTextsAndJSON() throws {
        let animation = try Animation(length: 100, seed: 8)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("a.pgm"), blank = directory.appendingPathComponent("b.pgm")
        try writePGM(animation.frames[0], to: first)
        try writePGM(GrayImage(width: 20, height: 20), to: blank)
        let plain = try heliograph(["qr", "read", first.path])
        #expect(plain.status == 0)
        #expect(String(decoding: plain.stdout, as: UTF8.self) == animation.parts[0].uppercased() + "\n")
        let json = try heliograph(["qr", "read", "--json", first.path, blank.path])
        let lines = String(decoding: json.stdout, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("{\"file\":\"\(first.path)\",\"texts\":[\"\(animation.parts[0].uppercased())\"],\"ms\":") == true)
        #expect(lines.last?.hasPrefix("{\"file\":\"\(blank.path)\",\"texts\":[],\"ms\":") == true)
    }

    @Test func qrReadReportsUnreadableFiles() throws {
        let result = try heliograph(["qr", "read", "/nonexistent/x.png"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("/nonexistent/x.png"))
    }
}
