import Foundation
import Testing

@Suite struct IdentityBackupCommandTests {
    static let environment = ["HELIOGRAPH_PASSPHRASE": "backup test passphrase"]

    /// `identity backup` writes one share a page (readable by its owner only) and the shares as text; `identity
    /// restore` rebuilds the same identity from one share typed as Bytewords and one read as scanned UR text,
    /// and names a single share as too few.
    @Test func aBackupSheetAndTypedWordsRestoreTheSameIdentity() throws {
        let root = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let state = root + "/device"
        let created = try runCLI(
            ["identity", "new", "--state", state, "--label", "Dana", "--kdf", "minimal", "--insecure-demo-kdf",
                "--out-format", "ur"],
            environment: Self.environment)
        try #require(created.status == 0, "\(created.stderr)")
        let pdf = root + "/backup.pdf"
        let backup = try runCLI(
            ["identity", "backup", "--state", state, "--pdf", pdf, "--text"], environment: Self.environment)
        try #require(backup.status == 0, "\(backup.stderr)")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: pdf)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0, "the backup sheet is readable by its owner only")
        let lines = backup.stdout.split(separator: "\n").map(String.init)
        let words = lines.filter { $0.hasPrefix("tuna next keep ") }
        let urs = lines.filter { $0.hasPrefix("ur:sskr/") }
        #expect(words.count == 3 && urs.count == 3)
        #expect(!backup.stdout.contains("ur:seed"), "the whole seed only behind its flag")

        // The second share comes in as scanned UR text (the printed pages scan back in SheetsTests' BackupSheetTests).
        let urFile = root + "/share.txt"
        try Data((urs[2] + "\n").utf8).write(to: URL(fileURLWithPath: urFile))

        let restored = root + "/restored"
        let restore = try runCLI(
            ["identity", "restore", "--state", restored, "--label", "Dana", "--share", words[0], "--kdf", "minimal",
                "--insecure-demo-kdf", "--ur-file", urFile],
            environment: Self.environment)
        try #require(restore.status == 0, "\(restore.stderr)")
        let original = try runCLI(["identity", "export", "--state", state], environment: Self.environment)
        let again = try runCLI(["identity", "export", "--state", restored], environment: Self.environment)
        #expect(again.stdout == original.stdout && again.stdout.hasPrefix("ur:heliograph-identity/"))

        let tooFew = try runCLI(
            ["identity", "restore", "--state", root + "/other", "--label", "Dana", "--share", words[1], "--kdf",
                "minimal", "--insecure-demo-kdf"],
            environment: Self.environment)
        #expect(tooFew.status != 0)
        #expect(tooFew.stderr.contains("has 1 of the 2 shares it needs"), "\(tooFew.stderr)")
    }
}
