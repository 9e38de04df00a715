import Foundation
import Testing

@testable import Optical

@Suite struct RenderJobTests {
    static func lines(_ count: Int) throws -> [String] {
        let profile = try FrameProfile(type: "bytes", density: .low)
        return try RenderTestSupport.parts(length: 700, count: count, profile: profile, seed: 17)
    }

    @Test func frameTextUppercasesOnlyURs() {
        #expect(RenderJob.frameText("  ur:bytes/hdcx \r") == "UR:BYTES/HDCX")
        #expect(RenderJob.frameText("Ur:Bytes/x") == "UR:BYTES/X")
        #expect(RenderJob.frameText("hello World") == "hello World")
        #expect(RenderJob.frameText("   ") == "")
    }

    /// Lines of different lengths all get the version of the longest, and blank lines are skipped.
    @Test func codesShareTheLargestVersion() throws {
        let short = "ur:bytes/hdcx"
        let long = "UR:BYTES/" + String(repeating: "LP", count: 150)
        let codes = try RenderJob.codes(lines: [short, "", long, "  "], ecc: .medium)
        #expect(codes.count == 2)
        let needed = try QRCode(encoding: long, ecc: .medium).version
        #expect(codes.map(\.version) == [needed, needed])
        #expect(codes.allSatisfy { $0.mode == .alphanumeric && $0.ecc == .medium })
        #expect(throws: OpticalError.noFrames) { try RenderJob.codes(lines: ["", " "], ecc: .low) }
        #expect(throws: OpticalError.payloadTooLarge(characters: 5000, ecc: .low)) {
            try RenderJob.codes(lines: [String(repeating: "A", count: 5000)], ecc: .low)
        }
    }

    @Test func frameNamesSortInOrder() {
        #expect(RenderJob.frameName(0, of: 3, extension: "png") == "frame-0001.png")
        #expect(RenderJob.frameName(11_999, of: 12_000, extension: "svg") == "frame-12000.svg")
        #expect(RenderJob.frameName(8, of: 12_000, extension: "svg") == "frame-00009.svg")
    }

    /// Every format renders, and the per-frame ones name their files in frame order.
    @Test(arguments: RenderFormat.allCases)
    func everyFormatRenders(format: RenderFormat) throws {
        let codes = try RenderJob.codes(lines: try Self.lines(3), ecc: .low)
        var options = RenderOptions(format: format)
        options.fps = 5
        let files = try RenderJob.render(codes, options: options)
        switch format {
        case .png, .svg:
            #expect(files.map(\.name) == (1...3).map { "frame-000\($0).\(format.rawValue)" })
        default:
            #expect(files.count == 1)
        }
        #expect(files.allSatisfy { !$0.bytes.isEmpty })
    }

    /// Round trip through the PNG files the command writes: each decodes and scans to its line.
    @Test func pngFilesScanBackToTheirLines() throws {
        let lines = try Self.lines(4)
        let codes = try RenderJob.codes(lines: lines, ecc: .quartile)
        let files = try RenderJob.render(codes, options: .init(format: .png))
        let texts = try files.map { QRScanner.plain.read(try ImageDecoder.decode($0.bytes)).texts }
        #expect(texts == lines.map { [$0.uppercased()] })
    }

    /// The terminal text of every frame parses back to its frame.
    @Test func terminalTextHoldsEveryFrame() throws {
        let codes = try RenderJob.codes(lines: try Self.lines(3), ecc: .low)
        var options = RenderOptions(format: .terminal)
        options.terminalStyle = .ascii
        let text = String(decoding: try RenderJob.render(codes, options: options)[0].bytes, as: UTF8.self)
        let frames = text.components(separatedBy: "\u{1B}[H").dropFirst()
        #expect(frames.count == 3)
        for (frame, code) in zip(frames, codes) {
            #expect(TerminalRenderer.parse(frame, style: .ascii) == RenderTestSupport.matrix(code, margin: 4))
        }
    }

    @Test func gifCentresSmallerFrames() throws {
        let small = try QRCode(encoding: "UR:A")
        let large = try QRCode(encoding: "UR:B", minimumVersion: 3)
        let style = try QRRenderStyle(moduleSize: 2)
        let gif = try #require(TestGIFDecoder(try RenderJob.gif([small, large], style: style, fps: 4)))
        #expect(gif.width == style.side(for: large.size))
        let pixels = gif.frames[0].map { $0 * 255 }
        let image = try #require(GrayImage(width: gif.width, height: gif.height, pixels: pixels))
        #expect(QRScanner.plain.read(image).texts == ["UR:A"])
    }
}
