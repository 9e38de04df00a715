import Ceremony
import Foundation
import Sheets
import Testing

/// Issue 15 through the role commands, each party with its own state directory and only PNG frames between them: a
/// 2-of-3 group refreshes its shares (the old share goes once the test signature is shown), device C is lost and a
/// new device D takes its place (its share rebuilt by A and B), the group refreshes again, then D is backed up, wiped
/// and restored from its SSKR shares and the rasterized result sheet, and signs.
@Suite struct LifecycleCommandTests {
    typealias Party = SignCommandTests.Party

    /// Runs a two-round signature of `message` (or the refresh test) by `signers` (device letters and their numbers);
    /// returns the coordinator's signature frames' folder and the hex signature.
    static func sign(
        _ p: Party, coordinator: String, devices: [String], numbers: String, message: String?, name: String,
        extra: [String] = []
    ) throws -> (frames: String, hex: String) {
        let what = message.map { ["--message", $0, "--summary", "Lifecycle test"] } ?? ["--refresh-test"]
        _ = try p.run(
            ["sign", "request", "--state", coordinator, "--signers", numbers] + what + extra + p.png(name + "-request"))
        for device in devices {
            _ = try p.run(["sign", "commit", "--state", p.path("device-" + device), "--yes", p.path(name + "-request")]
                + p.png(name + "-commitment-" + device))
        }
        _ = try p.run(["sign", "aggregate", "--state", coordinator] + devices.map { p.path(name + "-commitment-" + $0) }
            + p.png(name + "-package"))
        for device in devices {
            _ = try p.run(["sign", "share", "--state", p.path("device-" + device), "--yes", p.path(name + "-package")]
                + p.png(name + "-share-" + device))
        }
        let out = try p.run(["sign", "aggregate", "--state", coordinator, "--signature-out", p.path(name + ".hex")]
            + devices.map { p.path(name + "-share-" + $0) } + p.png(name + "-signature"))
        #expect(out.contains("Verified by libsodium"), "\(out)")
        let hex = try String(contentsOfFile: p.path(name + ".hex"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return (p.path(name + "-signature"), hex)
    }

    /// A share refresh: invite, contributions, bundle, transcript signatures, certificate (with the result sheet).
    static func refresh(_ p: Party, coordinator: String, devices: [String], name: String) throws {
        let invite = try p.run(["group", "refresh", "--state", coordinator, "--sheet", p.path(name + "-invitation.pdf")]
            + p.png(name + "-invite"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: p.path(name + "-invitation.pdf"))).starts(with: Array("%PDF".utf8)))
        let words = try #require(invite.split(separator: "\n").first { $0.hasPrefix("Compare with the coordinator:") })
        for device in devices {
            let out = try p.run(["group", "step", "--state", p.path("device-" + device), "--yes", p.path(name + "-invite")]
                + p.png(name + "-contribution-" + device))
            #expect(out.contains(words) && out.contains("Dealt this device's sharing of zero"), "\(out)")
        }
        _ = try p.run(["coordinator", "collect", "--state", coordinator]
            + devices.map { p.path(name + "-contribution-" + $0) } + p.png(name + "-bundle"))
        for device in devices {
            let out = try p.run(["group", "step", "--state", p.path("device-" + device), p.path(name + "-bundle")]
                + p.png(name + "-transcript-" + device))
            #expect(out.contains("checks out; signed refresh transcript"), "\(out)")
        }
        let certified = try p.run(["coordinator", "collect", "--state", coordinator, "--sheet", p.path(name + ".pdf")]
            + devices.map { p.path(name + "-transcript-" + $0) } + p.png(name + "-certificate"))
        #expect(certified.contains("Share refresh complete"), "\(certified)")
        for device in devices {
            let out = try p.run(["group", "step", "--state", p.path("device-" + device), p.path(name + "-certificate")])
            #expect(out.contains("Shares refreshed"), "\(out)")
        }
    }

    /// Shows a test signature to each device; each destroys its previous record.
    static func confirm(_ p: Party, devices: [String], signature: String) throws {
        for device in devices {
            let out = try p.run(["group", "step", "--state", p.path("device-" + device), signature])
            #expect(out.contains("is destroyed"), "\(out)")
            let status = try p.run(["group", "status", "--state", p.path("device-" + device)])
            #expect(!status.contains("is kept until"), "\(status)")
        }
    }

    @Test func refreshRepairAndRestoreThroughTheRoleCommands() throws {
        let root = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let p = Party(root: root)
        let coordinator = p.path("coordinator")
        for device in ["a", "b", "c", "d"] {
            _ = try p.run(["identity", "new", "--state", p.path("device-" + device), "--label", "Device "
                + device.uppercased(), "--kdf", "minimal", "--insecure-demo-kdf"] + p.png("identity-" + device))
        }
        // Key generation, 2 of 3, as SignCommandTests runs it.
        _ = try p.run(["coordinator", "add-identity", "--state", coordinator]
            + ["a", "b", "c"].map { p.path("identity-" + $0) })
        _ = try p.run(["dkg", "invite", "--state", coordinator, "--threshold", "2", "--group-label", "Lifecycle"]
            + p.png("invite"))
        for device in ["a", "b", "c"] {
            _ = try p.run(["dkg", "join", "--state", p.path("device-" + device), "--yes", p.path("invite")]
                + p.png("contribution-" + device))
        }
        _ = try p.run(["coordinator", "collect", "--state", coordinator]
            + ["a", "b", "c"].map { p.path("contribution-" + $0) } + p.png("bundle"))
        for device in ["a", "b", "c"] {
            _ = try p.run(["dkg", "step", "--state", p.path("device-" + device), p.path("bundle")]
                + p.png("transcript-" + device))
        }
        let certificate = try p.run(["coordinator", "collect", "--state", coordinator]
            + ["a", "b", "c"].map { p.path("transcript-" + $0) } + p.png("certificate"))
        let groupKey = try #require(SignCommandTests.value(after: "Group key:", in: certificate))
        for device in ["a", "b", "c"] {
            _ = try p.run(["dkg", "finalize", "--state", p.path("device-" + device), p.path("certificate")])
        }

        // 1. Refresh: every share changes; the old record stays until the test signature.
        try Self.refresh(p, coordinator: coordinator, devices: ["a", "b", "c"], name: "refresh1")
        let kept = try p.run(["group", "status", "--state", p.path("device-a")])
        #expect(kept.contains("epoch 1") && kept.contains("the share of epoch 0 is kept until"), "\(kept)")
        let coordinatorStatus = try p.run(["group", "status", "--state", coordinator])
        #expect(coordinatorStatus.contains("epoch 1 (shares refreshed 1 times)"), "\(coordinatorStatus)")
        // A signature shown to a device that is not the test is refused; the test signature retires the old share.
        let test1 = try Self.sign(p, coordinator: coordinator, devices: ["a", "b"], numbers: "1,2", message: nil, name: "test1")
        try Self.confirm(p, devices: ["a", "b", "c"], signature: test1.frames)
        let again = try p.run(["group", "step", "--state", p.path("device-a"), test1.frames])
        #expect(again.contains("this device holds no older share"), "\(again)")
        let other = try p.runFailing(["group", "step", "--state", p.path("device-a"), p.path("test1-package")])
        #expect(other.contains("heliograph sign share reads it"), "\(other)")

        // 2. Device C is lost; device D takes its place, its share rebuilt by A and B.
        _ = try p.run(["group", "record", "--state", coordinator] + p.png("record"))
        let kept2 = try p.run(["group", "step", "--state", p.path("device-d"), "--yes", p.path("record")])
        #expect(kept2.contains("Kept the group's public record"), "\(kept2)")
        let enroll = try p.run(["group", "enroll", "--state", coordinator, "--member", "Device C", "--helpers", "1,2",
            "--sheet", p.path("repair-invitation.pdf"), p.path("identity-d")] + p.png("enroll-invite"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: p.path("repair-invitation.pdf"))).starts(with: Array("%PDF".utf8)))
        #expect(enroll.contains("Repair: a new device takes the place of member 3. Device C"), "\(enroll)")
        for device in ["a", "b", "d"] {
            _ = try p.run(["group", "step", "--state", p.path("device-" + device), "--yes", p.path("enroll-invite")]
                + p.png("enroll-deltas-" + device))
        }
        #expect(!FileManager.default.fileExists(atPath: p.path("enroll-deltas-d")), "the new device deals nothing")
        _ = try p.run(["coordinator", "collect", "--state", coordinator, p.path("enroll-deltas-a"),
            p.path("enroll-deltas-b")] + p.png("enroll-first"))
        for device in ["a", "b"] {
            let out = try p.run(["group", "step", "--state", p.path("device-" + device), p.path("enroll-first")]
                + p.png("enroll-sigma-" + device))
            #expect(out.contains("Every helper's delta checks out"), "\(out)")
        }
        _ = try p.run(["coordinator", "collect", "--state", coordinator, p.path("enroll-sigma-a"),
            p.path("enroll-sigma-b")] + p.png("enroll-bundle"))
        for device in ["a", "b", "d"] {
            _ = try p.run(["group", "step", "--state", p.path("device-" + device), p.path("enroll-bundle")]
                + p.png("enroll-signature-" + device))
        }
        let enrolled = try p.run(["coordinator", "collect", "--state", coordinator]
            + ["a", "b", "d"].map { p.path("enroll-signature-" + $0) } + p.png("enroll-certificate"))
        #expect(enrolled.contains("Enrollment complete: Device D"), "\(enrolled)")
        for device in ["a", "b", "d"] {
            let out = try p.run(["group", "step", "--state", p.path("device-" + device), p.path("enroll-certificate")])
            #expect(out.contains(device == "d" ? "Enrolled: this device is member 3" : "roster changed"), "\(out)")
        }
        // The lost device C no longer fits: it holds epoch 1, the group is at 2.
        _ = try p.run(["sign", "request", "--state", coordinator, "--message", "x", "--summary", "x", "--signers", "1,3"]
            + p.png("stale-request"))
        let stale = try p.runFailing(["sign", "commit", "--state", p.path("device-c"), "--yes", p.path("stale-request")]
            + p.png("stale-commitment"))
        #expect(stale.contains("epoch 2") || stale.contains("not a signer"), "\(stale)")
        let test2 = try Self.sign(p, coordinator: coordinator, devices: ["a", "d"], numbers: "1,3", message: nil, name: "test2")
        try Self.confirm(p, devices: ["a", "b"], signature: test2.frames)
        let fresh = try p.run(["group", "step", "--state", p.path("device-d"), test2.frames])
        #expect(fresh.contains("holds no older share"), "\(fresh)")
        let repaired = try Self.sign(
            p, coordinator: coordinator, devices: ["b", "d"], numbers: "2,3", message: "Signed by the new device",
            name: "repaired")
        #expect(independentlyVerifies(
            suite: "ed25519", groupKey: try #require(bytes(hex: groupKey)), message: Array("Signed by the new device".utf8),
            signature: try #require(bytes(hex: repaired.hex))))

        // 3. Refresh after the repair (what the lost device holds becomes useless), with the result sheet.
        try Self.refresh(p, coordinator: coordinator, devices: ["a", "b", "d"], name: "refresh2")
        let test3 = try Self.sign(p, coordinator: coordinator, devices: ["b", "d"], numbers: "2,3", message: nil, name: "test3")
        try Self.confirm(p, devices: ["a", "b", "d"], signature: test3.frames)

        // 4. Back up D, wipe it, restore it from two SSKR shares and the rasterized result sheet, and sign.
        let backup = try p.run(["identity", "backup", "--state", p.path("device-d"), "--text"])
        let words = backup.split(separator: "\n").map(String.init).filter { $0.hasPrefix("tuna next keep ") }
        try #require(words.count == 3)
        try FileManager.default.removeItem(atPath: p.path("device-d"))
        let record = try #require(try CoordinatorDirectory(path: coordinator).groups().first)
        #expect(record.epoch == 3 && record.roster[2].label == "Device D")
        let codes = try DemoResultSheetTests.scanResultSheet(
            p.path("refresh2.pdf"), record: record, into: p.path("result-pages"))
        // The recovery codes (the group key's code on the sheet is hex, not a UR).
        let recovery = codes.filter { $0.lowercased().hasPrefix("ur:heliograph-dkg-recovery") }
        #expect(recovery.count >= 3)
        try Data((recovery.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: p.path("sheet-codes.txt")))
        let restored = try p.run(["identity", "restore", "--state", p.path("device-d"), "--share", words[0], "--share",
            words[2], "--ur-file", p.path("sheet-codes.txt"), "--kdf", "minimal", "--insecure-demo-kdf"])
        #expect(restored.contains("member 3"), "\(restored)")
        let final = try Self.sign(
            p, coordinator: coordinator, devices: ["a", "d"], numbers: "1,3", message: "After the restore",
            name: "final", extra: ["--expires-in", "86400"])
        #expect(independentlyVerifies(
            suite: "ed25519", groupKey: try #require(bytes(hex: groupKey)), message: Array("After the restore".utf8),
            signature: try #require(bytes(hex: final.hex))))
        let sheet = try Data(contentsOf: URL(fileURLWithPath: p.path("refresh2.pdf")))
        #expect(sheet.starts(with: Array("%PDF".utf8)))
    }
}
