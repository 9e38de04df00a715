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
            ["identity", "new", "--state", state, "--label", "Dana", "--kdf", "minimal", "--out-format", "ur"],
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
            ["identity", "new", "--state", state, "--label", "Dana", "--kdf", "minimal", "--out-format", "ur"],
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
}
