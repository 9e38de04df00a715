import Ceremony
import DeterministicCBOR
import Foundation
import Testing
import UniformResources

/// Requests crafted by a hostile coordinator, with terminal controls in every text another party can write, fed
/// to the real commands: each gets a typed refusal naming the field, and nothing of the controls reaches the
/// terminal (stdout or stderr) raw.
@Suite struct TerminalInjectionTests {
    static let environment = ["HELIOGRAPH_PASSPHRASE": "injection test passphrase"]

    static let payloads = [
        "ok\u{1B}[2J\u{1B}[HSign: pay 1 coin", "pay 1 coin\u{1B}[8m to mallory", "\u{1B}]0;owned\u{07}x",
        "pay 1000\rpay 1   ", "to \u{202E}yrellam", "pay \u{2066}1\u{2069}", "pay\u{200B}1", "a\u{9B}2J",
    ]

    /// True when `text` holds nothing a terminal would act on: no C0 or C1 control but the line feed, no bidi
    /// control or other format character, no line or paragraph separator.
    static func isInert(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0 == "\n" || DisplayText.refusal($0) == nil }
    }

    @Test func craftedRequestsAreRefusedAndNothingRawReachesTheTerminal() throws {
        let root = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let state = root + "/device"
        let created = try runCLI(
            ["identity", "new", "--state", state, "--label", "Signer", "--kdf", "minimal", "--insecure-demo-kdf",
                "--out-format", "ur"],
            environment: Self.environment)
        #expect(created.status == 0, "\(created.stderr)")
        for (number, payload) in Self.payloads.enumerated() {
            let request = CBOR.map(
                CBORMap([
                    (0, 1), (1, .bytes([UInt8](repeating: UInt8(number), count: 32))), (2, 1),
                    (3, .bytes([UInt8](repeating: 2, count: 32))), (4, .bytes(Array("pay".utf8))), (5, .text(payload)),
                    (6, .array([1, 2])), (7, .unsigned(4_000_000_000)),
                ]))
            let file = root + "/request\(number).ur"
            try Data((try UR(type: SignRequest.urType, cbor: request.encoded).string + "\n").utf8)
                .write(to: URL(fileURLWithPath: file))
            for step in ["commit", "share"] {
                let run = try runCLI(
                    ["sign", step, "--state", state, "--yes", "--ur-file", file, "--out-format", "ur"],
                    environment: Self.environment)
                #expect(run.status != 0, "\(step) \(number): refused")
                #expect(Self.isInert(run.output), "\(step) \(number): \(run.output.debugDescription)")
                if step == "commit" {
                    #expect(run.stderr.contains("The summary of the heliograph-sign-request message holds U+"))
                }
            }
        }
        // A device label with a bidi override, in an identity the coordinator is asked to enrol.
        let coordinator = root + "/coordinator"
        let identity = try runCLI(["identity", "export", "--state", state], environment: Self.environment)
        let ur = try UR(parsing: identity.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        var map = try CBOR.decode(ur.cbor).mapValue ?? CBORMap()
        map[1] = .text("Sig\u{202E}ner\u{1B}[2J")
        let forged = root + "/identity.ur"
        try Data((try UR(type: ur.type, cbor: CBOR.map(map).encoded).string + "\n").utf8)
            .write(to: URL(fileURLWithPath: forged))
        let enrol = try runCLI(["coordinator", "add-identity", "--state", coordinator, "--ur-file", forged])
        #expect(enrol.status != 0)
        #expect(enrol.stderr.contains("The label of the identity message holds U+202E"), "\(enrol.stderr)")
        #expect(Self.isInert(enrol.output), "\(enrol.output.debugDescription)")
    }

    /// Whatever a failure's message quotes, the error path escapes it: an unknown key of a scanned message is
    /// printed in diagnostic notation, and a hostile key holds controls.
    @Test func errorsQuotingScannedValuesAreEscaped() throws {
        let root = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let state = root + "/device"
        _ = try runCLI(
            ["identity", "new", "--state", state, "--label", "Signer", "--kdf", "minimal", "--insecure-demo-kdf",
                "--out-format", "ur"],
            environment: Self.environment)
        let request = CBOR.map(CBORMap([(0, 1), (.text("\u{1B}]0;pwned\u{07}\u{1B}[2J\r\u{202E}"), 1)]))
        let file = root + "/request.ur"
        try Data((try UR(type: SignRequest.urType, cbor: request.encoded).string + "\n").utf8)
            .write(to: URL(fileURLWithPath: file))
        let run = try runCLI(
            ["sign", "commit", "--state", state, "--yes", "--ur-file", file, "--out-format", "ur"],
            environment: Self.environment)
        #expect(run.status != 0)
        #expect(run.stderr.contains("unknown field"), "\(run.stderr)")
        #expect(Self.isInert(run.output), "\(run.output.debugDescription)")
    }
}
