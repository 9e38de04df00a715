import Foundation
import Testing

@Suite struct SendCommandTests {
    /// `--count N` plays N fountain frames, past seqLen, all the same height (one QR version), then restores the
    /// cursor.
    @Test(arguments: [("low", 8), ("medium", 12), ("high", 17)])
    func playsCountFramesAtOneVersion(density: String, version: Int) throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let payload = Data((0..<1_200).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let result = try runHeliograph(["send", "--type", "bytes", "--density", density, "--fps", "60", "--count",
            "12", "--terminal-style", "ascii"], input: payload, in: directory)
        #expect(result.status == 0)
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.hasPrefix("\u{1B}[?25l"))
        #expect(text.hasSuffix("\u{1B}[?25h\n"))
        let frames = text.components(separatedBy: "\u{1B}[H").dropFirst()
        #expect(frames.count == 12)
        for (index, frame) in frames.enumerated() {
            let lines = frame.split(separator: "\n", omittingEmptySubsequences: false)
            let modules = 17 + 4 * version + 8
            #expect(lines.prefix(modules).allSatisfy { $0.count == 2 * modules })
            #expect(lines[modules].contains("part \(index + 1) ("))
            #expect(lines[modules].contains("QR \(version)-L"))
        }
    }

    @Test func hexInputAndBadInput() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ok = try runHeliograph(["send", "--type", "bytes", "--hex", "--count", "1"], input: Data("45 00ff\n".utf8),
            in: directory)
        #expect(ok.status == 0)
        #expect(String(decoding: ok.stdout, as: UTF8.self).contains("part 1 (1 fragments of 3 bytes)"))
        for (arguments, input) in [
            (["send", "--type", "bytes", "--hex", "--count", "1"], "zz"),
            (["send", "--type", "Bytes", "--count", "1"], "x"),
            (["send", "--type", "bytes", "--count", "1"], ""),
            (["send", "--type", "bytes", "--count", "0"], "x"),
        ] {
            #expect(try runHeliograph(arguments, input: Data(input.utf8), in: directory).status != 0, "\(arguments)")
        }
    }
}
