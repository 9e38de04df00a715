import Foundation
import Testing

@Suite struct SendCommandTests {
    /// `--count N` plays N fountain frames, past seqLen, all the same height (one QR version, the density's when the
    /// terminal has room), each with what is sent and "keep showing" instead of a part counter, then restores the
    /// cursor.
    @Test(arguments: [("low", 8), ("medium", 12), ("high", 17)])
    func playsCountFramesAtOneVersion(density: String, version: Int) throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let payload = Data((0..<1_200).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let result = try runCLI(["send", "--type", "bytes", "--density", density, "--fps", "60", "--count",
            "12", "--terminal-style", "ascii", "--terminal-size", "300x120"], input: payload, in: directory)
        #expect(result.status == 0)
        let text = result.stdout
        #expect(text.hasPrefix("\u{1B}[?25l"))
        #expect(text.hasSuffix("\u{1B}[?25h\n"))
        let frames = text.components(separatedBy: "\u{1B}[H").dropFirst()
        #expect(frames.count == 12)
        for (index, frame) in frames.enumerated() {
            let lines = frame.split(separator: "\n", omittingEmptySubsequences: false)
            let modules = 17 + 4 * version + 8
            #expect(lines.prefix(modules).allSatisfy { $0.count == 2 * modules })
            #expect(lines[modules].hasPrefix("Sending bytes, 1200 bytes."), "frame \(index)")
            #expect(lines[modules + 1].hasPrefix("Keep showing until the other device says it is complete."))
            #expect(!frame.contains("part "))
        }
    }

    @Test func hexInputAndBadInput() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ok = try runCLI(["send", "--type", "bytes", "--hex", "--count", "1"], input: Data("45 00ff\n".utf8),
            in: directory)
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("Sending bytes, 3 bytes."))
        for (arguments, input) in [
            (["send", "--type", "bytes", "--hex", "--count", "1"], "zz"),
            (["send", "--type", "Bytes", "--count", "1"], "x"),
            (["send", "--type", "bytes", "--count", "1"], ""),
            (["send", "--type", "bytes", "--count", "0"], "x"),
        ] {
            #expect(try runCLI(arguments, input: Data(input.utf8), in: directory).status != 0, "\(arguments)")
        }
    }
}
