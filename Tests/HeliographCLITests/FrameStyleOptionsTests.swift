import Foundation
import Testing

/// One flag vocabulary for frames: `--fps`, `--ecc`, `--terminal-style` mean the same, and are checked by the same
/// validator, on `send`, `qr render` and every ceremony step's output.
@Suite struct FrameStyleOptionsTests {
    /// A command of each kind, with the output flags it needs besides `--fps`.
    static let commands: [[String]] = [
        ["send", "--type", "bytes", "--count", "1"],
        ["qr", "render", "--format", "gif", "--out", "out.gif"],
        ["identity", "show", "--state", "no-such-device", "--format", "ur"],
    ]

    @Test(arguments: ["0", "1000", "nan"])
    func fpsOutOfRangeIsRefusedInOneMessage(fps: String) throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for command in Self.commands {
            let result = try runCLI(command + ["--fps", fps], input: Data("ur:bytes/hdcxdwdw\n".utf8), in: directory)
            #expect(result.status != 0, "\(command)")
            #expect(
                result.stderr.contains("--fps must be from 0.1 to 60.0 frames a second, not \(Double(fps) ?? 0)")
                    || (fps == "nan" && result.stderr.contains("--fps must be from 0.1 to 60.0 frames a second")),
                "\(command): \(result.stderr)")
        }
    }

    /// A ceremony step's output takes the frame style and file flags of `qr render`, and `--count` as `send` does.
    @Test func ceremonyOutputTakesTheSharedFlags() throws {
        let root = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let environment = ["HELIOGRAPH_PASSPHRASE": "frame style test passphrase"]
        let state = root + "/device"
        let created = try runCLI(
            ["identity", "new", "--state", state, "--label", "Dana", "--kdf", "minimal", "--insecure-demo-kdf",
                "--format", "ur"],
            environment: environment)
        #expect(created.status == 0, "\(created.stderr)")
        let shown = try runCLI(
            ["identity", "show", "--state", state, "--format", "png", "--out", root + "/frames", "--count", "2",
                "--ecc", "Q", "--module-size", "3", "--margin", "2", "--fps", "12", "--terminal-style", "ascii"],
            environment: environment)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("as 2 QR frame(s)"))
        let files = try FileManager.default.contentsOfDirectory(atPath: root + "/frames").sorted()
        #expect(files == ["frame-0001.png", "frame-0002.png"])
        // The old name of --format still works, for scripts.
        let old = try runCLI(["identity", "show", "--state", state, "--out-format", "ur"], environment: environment)
        #expect(old.status == 0, "\(old.stderr)")
        #expect(old.stdout.contains("ur:heliograph-identity/"))
    }
}
