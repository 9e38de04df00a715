import Foundation
import Testing

@Suite struct QRRenderCommandTests {
    static let lines = """
        ur:bytes/1-2/lpadaobzcsgmaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaehtvwsnbb
        ur:bytes/2-2/lpaoaobzcsgmaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaehtvwsnbb

        """

    /// Several lines: PNG and SVG fill a directory with numbered frames; one line: the path is the file itself.
    @Test(arguments: ["png", "svg"])
    func perFrameFormatsWriteNumberedFiles(format: String) throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let many = try runCLI(["qr", "render", "--format", format, "--out", "frames"],
            input: Data(Self.lines.utf8), in: directory)
        #expect(many.status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("frames").path)
        #expect(names.sorted() == ["frame-0001.\(format)", "frame-0002.\(format)"])
        let one = try runCLI(["qr", "render", "--format", format, "--out", "one.\(format)", "--ecc", "H"],
            input: Data("ur:bytes/hdcx\n".utf8), in: directory)
        #expect(one.status == 0)
        let bytes = try Data(contentsOf: directory.appendingPathComponent("one.\(format)"))
        #expect(format == "png" ? bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) : bytes.starts(with: Data("<?xml".utf8)))
    }

    @Test(arguments: [("pdf", "%PDF-"), ("gif", "GIF89a"), ("html", "<!DOCTYPE html>")])
    func singleFileFormats(format: String, magic: String) throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try runCLI(["qr", "render", "--format", format, "--out", "out.\(format)", "--fps", "4",
            "--module-size", "3", "--margin", "4"], input: Data(Self.lines.utf8), in: directory)
        #expect(result.status == 0)
        #expect(try Data(contentsOf: directory.appendingPathComponent("out.\(format)")).starts(with: Data(magic.utf8)))
    }

    /// Terminal output: one frame per line of input, each redrawn at the cursor-home position, same height.
    @Test func terminalPlaysEveryFrameInPlace() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try runCLI(["qr", "render", "--format", "terminal", "--fps", "60", "--terminal-style",
            "ascii"], input: Data(Self.lines.utf8), in: directory)
        #expect(result.status == 0)
        let text = result.stdout
        let frames = text.components(separatedBy: "\u{1B}[H").dropFirst()
        #expect(frames.count == 2)
        let heights = frames.map { frame in frame.split(separator: "\n").prefix { !$0.hasPrefix("frame ") }.count }
        #expect(heights.count == 2 && heights[0] == heights[1] && heights[0] > 20)
        #expect(frames.enumerated().allSatisfy { $0.element.contains("frame \($0.offset + 1) / 2") })
        #expect(text.hasSuffix("\u{1B}[?25h\n"))
    }

    @Test func refusesMissingOutputAndEmptyInput() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try runCLI(["qr", "render", "--format", "png"], input: Data(Self.lines.utf8),
            in: directory).status != 0)
        #expect(try runCLI(["qr", "render", "--format", "gif", "--out", "x.gif"], input: Data("\n".utf8),
            in: directory).status != 0)
        #expect(try runCLI(["qr", "render", "--format", "png", "--out", "x", "--module-size", "0"],
            input: Data(Self.lines.utf8), in: directory).status != 0)
    }
}
