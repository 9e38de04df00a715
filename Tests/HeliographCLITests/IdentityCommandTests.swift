import Foundation
import Testing

@Suite struct IdentityCommandTests {
    static let environment = ["HELIOGRAPH_PASSPHRASE": "identity test passphrase"]

    /// `identity new` refuses an existing device; `show` and `export` give the same identity; the wrong passphrase
    /// and an empty one are refused.
    @Test func newShowExport() throws {
        let root = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let state = root + "/device"
        let created = try runCLI(
            ["identity", "new", "--state", state, "--label", "Dana", "--kdf", "minimal", "--insecure-demo-kdf",
                "--out-format", "ur"],
            environment: Self.environment)
        #expect(created.status == 0, "\(created.stderr)")
        let exported = try runCLI(["identity", "export", "--state", state], environment: Self.environment)
        #expect(exported.status == 0)
        let ur = exported.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(ur.hasPrefix("ur:heliograph-identity/"))
        #expect(created.stdout.contains(ur), "new shows the identity export prints")
        let shown = try runCLI(["identity", "show", "--state", state, "--out-format", "ur"],
            environment: Self.environment)
        #expect(shown.stdout.contains(ur))
        #expect(shown.stdout.contains("Long fingerprint:"))
        let again = try runCLI(
            ["identity", "new", "--state", state, "--label", "Dana", "--kdf", "minimal", "--insecure-demo-kdf",
                "--out-format", "ur"],
            environment: Self.environment)
        #expect(again.status != 0)
        let wrong = try runCLI(["identity", "export", "--state", state],
            environment: ["HELIOGRAPH_PASSPHRASE": "not it"])
        #expect(wrong.status != 0)
        #expect(!wrong.stdout.contains("ur:"))
        let file = root + "/passphrase"
        try Data("identity test passphrase\nignored second line".utf8).write(to: URL(fileURLWithPath: file))
        let fromFile = try runCLI(["identity", "export", "--state", state, "--passphrase-file", file],
            environment: ["HELIOGRAPH_PASSPHRASE": "not it"])
        #expect(fromFile.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == ur, "the file wins over the env")
        let empty = root + "/empty"
        try Data().write(to: URL(fileURLWithPath: empty))
        #expect(try runCLI(["identity", "export", "--state", state, "--passphrase-file", empty]).status != 0)
    }

    /// Issue 11 item 7: `--kdf minimal` is refused without `--insecure-demo-kdf` (nothing is created), and warned
    /// about on stderr with it.
    @Test func minimalKDFNeedsTheInsecureDemoFlag() throws {
        let root = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let state = root + "/device"
        let refused = try runCLI(
            ["identity", "new", "--state", state, "--label", "Dana", "--kdf", "minimal", "--out-format", "ur"],
            environment: Self.environment)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--insecure-demo-kdf"), "\(refused.stderr)")
        #expect(!refused.stdout.contains("ur:"))
        #expect(!FileManager.default.fileExists(atPath: state), "no device was created")
        let allowed = try runCLI(
            ["identity", "new", "--state", state, "--label", "Dana", "--kdf", "minimal", "--insecure-demo-kdf",
                "--out-format", "ur"],
            environment: Self.environment)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stderr.contains("warning: --kdf minimal"), "\(allowed.stderr)")
        #expect(!allowed.stdout.contains("warning"), "the warning goes to stderr")
    }
}
