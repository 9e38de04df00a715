import Foundation
import Testing

/// Runs the built `heliograph` (.build/debug, found from this file's path) in `directory` with `input` on stdin.
func runHeliograph(_ arguments: [String], input: Data, in directory: URL) throws -> (status: Int32, stdout: Data) {
    var root = URL(fileURLWithPath: #filePath)
    while root.path != "/",
        !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path)
    {
        root.deleteLastPathComponent()
    }
    let inURL = directory.appendingPathComponent("stdin")
    let outURL = directory.appendingPathComponent("stdout")
    try input.write(to: inURL)
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    let process = Process()
    process.executableURL = root.appendingPathComponent(".build/debug/heliograph")
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.standardInput = try FileHandle(forReadingFrom: inURL)
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return (process.terminationStatus, try Data(contentsOf: outURL))
}

func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("heliograph-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

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
        let many = try runHeliograph(["qr", "render", "--format", format, "--out", "frames"],
            input: Data(Self.lines.utf8), in: directory)
        #expect(many.status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("frames").path)
        #expect(names.sorted() == ["frame-0001.\(format)", "frame-0002.\(format)"])
        let one = try runHeliograph(["qr", "render", "--format", format, "--out", "one.\(format)", "--ecc", "H"],
            input: Data("ur:bytes/hdcx\n".utf8), in: directory)
        #expect(one.status == 0)
        let bytes = try Data(contentsOf: directory.appendingPathComponent("one.\(format)"))
        #expect(format == "png" ? bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) : bytes.starts(with: Data("<?xml".utf8)))
    }

    @Test(arguments: [("pdf", "%PDF-"), ("gif", "GIF89a"), ("html", "<!DOCTYPE html>")])
    func singleFileFormats(format: String, magic: String) throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try runHeliograph(["qr", "render", "--format", format, "--out", "out.\(format)", "--fps", "4",
            "--module-size", "3", "--margin", "4"], input: Data(Self.lines.utf8), in: directory)
        #expect(result.status == 0)
        #expect(try Data(contentsOf: directory.appendingPathComponent("out.\(format)")).starts(with: Data(magic.utf8)))
    }

    /// Terminal output: one frame per line of input, each redrawn at the cursor-home position, same height.
    @Test func terminalPlaysEveryFrameInPlace() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try runHeliograph(["qr", "render", "--format", "terminal", "--fps", "60", "--terminal-style",
            "ascii"], input: Data(Self.lines.utf8), in: directory)
        #expect(result.status == 0)
        let text = String(decoding: result.stdout, as: UTF8.self)
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
        #expect(try runHeliograph(["qr", "render", "--format", "png"], input: Data(Self.lines.utf8),
            in: directory).status != 0)
        #expect(try runHeliograph(["qr", "render", "--format", "gif", "--out", "x.gif"], input: Data("\n".utf8),
            in: directory).status != 0)
        #expect(try runHeliograph(["qr", "render", "--format", "png", "--out", "x", "--module-size", "0"],
            input: Data(Self.lines.utf8), in: directory).status != 0)
    }
}
