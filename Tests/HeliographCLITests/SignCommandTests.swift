import Bitcoin
import Ceremony
import Foundation
import Sheets
import Testing
import FROST

/// A 2-of-3 ceremony through the real commands (identity, coordinator, dkg, sign), each party with its own state
/// directory, where only PNG frames (`--out-format png`) pass between them. Signing needs a finished key
/// generation, so the whole ceremony lives here.
@Suite struct SignCommandTests {
    final class Party {
        let root: String
        static let passphrase = "correct horse battery staple"
        let environment = ["HELIOGRAPH_PASSPHRASE": Party.passphrase]
        /// Everything every command printed, for the leak scan.
        var transcript: [UInt8] = []

        init(root: String) { self.root = root }

        func run(_ arguments: [String], _ sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let result = try runCLI(arguments, environment: environment)
            transcript += Array((result.stdout + result.stderr).utf8)
            #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stdout)\(result.stderr)",
                sourceLocation: sourceLocation)
            return result.stdout
        }

        /// Runs a command that must fail, keeping its output (error messages too) for the leak scan.
        func runFailing(
            _ arguments: [String], environment: [String: String]? = nil,
            _ sourceLocation: SourceLocation = #_sourceLocation
        ) throws -> String {
            let result = try runCLI(arguments, environment: environment ?? self.environment)
            transcript += Array((result.stdout + result.stderr).utf8)
            #expect(result.status != 0, "\(arguments.joined(separator: " ")) succeeded", sourceLocation: sourceLocation)
            return result.stderr
        }

        func png(_ name: String) -> [String] { ["--out-format", "png", "--out", root + "/" + name] }
        func path(_ name: String) -> String { root + "/" + name }
    }

    /// Every suite runs the ceremony itself; ed25519 also runs every side path (the terminal, refusals, repeats, a
    /// damaged state, the result sheet read back, the leak scan), which do not depend on the suite, to keep the
    /// test command's time.
    @Test(arguments: [CeremonySuite.ed25519, .secp256k1])
    func twoOfThreeCeremonyOverPNGFrames(suite: CeremonySuite) throws {
        let everything = suite == .ed25519
        let root = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let p = Party(root: root)
        let coordinator = p.path("coordinator")
        let devices = ["a", "b", "c"]
        for device in devices {
            let out = try p.run(["identity", "new", "--state", p.path("device-" + device), "--label", "Device "
                + device.uppercased(), "--kdf", "minimal", "--insecure-demo-kdf"] + p.png("identity-" + device))
            #expect(out.contains("Fingerprint:"))
        }
        let roster = try p.run(["coordinator", "add-identity", "--state", coordinator]
            + devices.map { p.path("identity-" + $0) })
        #expect(roster.contains("Roster (3)"))

        let invite = try p.run(["dkg", "invite", "--state", coordinator, "--threshold", "2", "--group-label", "Test",
            "--suite", suite.name, "--sheet", p.path("invitation.pdf")] + p.png("invite"))
        let words = try #require(invite.split(separator: "\n").first { $0.hasPrefix("Compare with the sheet:") })
        for device in devices {
            // On a terminal a person answers y (or yes); here the terminal is a pseudo-terminal of script(1).
            if device == "c" && everything {
                let answered = try Self.onTerminal(
                    ["dkg", "join", "--state", p.path("device-c"), p.path("invite")] + p.png("contribution-c"),
                    typing: "y\n", environment: p.environment)
                #expect(answered.contains("Type yes (or y) to continue:"), "\(answered)")
                #expect(answered.contains("Contributed (step 1)"), "\(answered)")
                #expect(FileManager.default.fileExists(atPath: p.path("contribution-c")))
                continue
            }
            // Without --yes and without a terminal, joining is refused and nothing is stored.
            if everything {
                _ = try p.runFailing(["dkg", "join", "--state", p.path("device-" + device), p.path("invite")]
                    + p.png("refused-" + device))
                #expect(!FileManager.default.fileExists(atPath: p.path("refused-" + device)))
            }
            let joined = try p.run(["dkg", "join", "--state", p.path("device-" + device), "--yes", p.path("invite")]
                + p.png("contribution-" + device))
            #expect(joined.contains(words), "every device shows the words on the sheet")
            // Every roster member, and this device, named by the eight-word long fingerprint the sheet prints.
            let named = joined.split(separator: "\n").filter { $0.hasPrefix("  ") || $0.hasPrefix("This device is") }
            #expect(named.count == devices.count + 1, "\(joined)")
            for line in named {
                let words = line.split(separator: "[").last.map { $0.dropLast().split(separator: " ") } ?? []
                #expect(line.hasSuffix("]") && words.count == 8, "long fingerprint in \(line)")
            }
        }
        if everything {
            // With PNG output the device writes that LifeHash beside its frames, too.
            #expect(FileManager.default.fileExists(atPath: p.path("contribution-a") + ".lifehash.png"))
            // Suites go by name only.
            let help = try runCLI(["sign", "verify", "--help"])
            #expect(help.stdout.contains("ed25519") && help.stdout.contains("ristretto255")
                && help.stdout.contains("secp256k1") && !help.stdout.contains("1, 2")
                && help.stdout.contains("(default: ed25519)") && !help.stdout.contains("(default: 1)"))
            let numbered = try runCLI(["sign", "verify", "--suite", "2", "--group-key", "00", "--message", "x",
                "--signature", "00"])
            #expect(numbered.status != 0 && numbered.stderr.contains("one of 'ed25519', 'ristretto255' or 'secp256k1'"))
            // The device draws the parameters LifeHash the invitation sheet prints, on a colour terminal.
            let invitation = try #require(try CoordinatorDirectory(path: coordinator).keyGenerations().first?.invite)
            let colour = try runCLI(
                ["dkg", "join", "--state", p.path("device-a"), "--yes", p.path("invite")] + p.png("contribution-again"),
                environment: p.environment.merging(["CLICOLOR_FORCE": "1"]) { $1 })
            #expect(colour.stdout.contains(CeremonySheets.lifeHash(of: invitation).terminalLines.joined(separator: "\n")))
            #expect(colour.stdout.contains("Already done: showing this device's contribution again."), "\(colour.stdout)")
        }
        let bundle = try p.run(["coordinator", "collect", "--state", coordinator]
            + devices.map { p.path("contribution-" + $0) } + p.png("bundle"))
        #expect(bundle.contains("contributions 3/3"))
        var groupKeys: Set<String> = []
        for device in devices {
            let stepped = try p.run(["dkg", "step", "--state", p.path("device-" + device), p.path("bundle")]
                + p.png("transcript-" + device))
            groupKeys.insert(try #require(Self.value(after: "Group key:", in: stepped)))
        }
        #expect(groupKeys.count == 1, "every device computed the same group key")
        if everything {
            // Frames of another step are named, with the command that reads them.
            let wrongStep = try p.runFailing(["dkg", "step", "--state", p.path("device-a"), p.path("invite")]
                + p.png("wrong-step"))
            #expect(wrongStep.contains("These frames are the invite (ur:heliograph-dkg-invite); heliograph dkg join reads "
                + "it, not heliograph dkg step."), "\(wrongStep)")
        }
        let certificate = try p.run(["coordinator", "collect", "--state", coordinator, "--sheet", p.path("result.pdf")]
            + devices.map { p.path("transcript-" + $0) } + p.png("certificate"))
        let groupKey = try #require(Self.value(after: "Group key:", in: certificate))
        #expect(groupKeys == [groupKey])
        for device in devices {
            let finalized = try p.run(["dkg", "finalize", "--state", p.path("device-" + device),
                p.path("certificate")])
            #expect(finalized.contains("Key ready"))
            #expect(Self.value(after: "Group key:", in: finalized) == groupKey)
        }
        if everything {
            // A finished step run again says so.
            let refinalized = try p.run(["dkg", "finalize", "--state", p.path("device-a"), p.path("certificate")])
            #expect(refinalized.contains("Already done: the key is ready"), "\(refinalized)")
            // Signer sets that do not fit the group are refused in the group's words.
            let tooFew = try p.runFailing(["sign", "request", "--state", coordinator, "--message", "x", "--summary", "x",
                "--signers", "1"] + p.png("refused-request"))
            #expect(tooFew.contains("fewer signers than the threshold (2): 1 named"), "\(tooFew)")
            let stranger = try p.runFailing(["sign", "request", "--state", coordinator, "--message", "x", "--summary",
                "x", "--signers", "1,4"] + p.png("refused-request"))
            #expect(stranger.contains("4 is not in the roster (1. Device A, 2. Device B, 3. Device C)"), "\(stranger)")
        }

        let message = "Pay 1 coin to Bob"
        let request = try p.run(["sign", "request", "--state", coordinator, "--message", message, "--summary",
            "Payment to Bob", "--signers", "device a,3"] + p.png("request"))
        #expect(request.contains(message))
        var nonces: [OutputLeakScan.Secret] = []
        for device in ["a", "c"] {
            let committed = try p.run(["sign", "commit", "--state", p.path("device-" + device), "--yes",
                p.path("request")] + p.png("commitment-" + device))
            #expect(committed.contains(
                "The coordinator's summary (its words, not checked by this device): Payment to Bob"))
            #expect(committed.hasPrefix("What is signed: 17 bytes, SHA-256 digest "))
            #expect(committed.contains(message))
            nonces += try Self.pendingNonces(p.path("device-" + device))
        }
        #expect(nonces.count == 4, "two secret nonces per signer")
        if everything {
            // Committing again shows the same commitment, and says so (no new nonces).
            let recommitted = try p.run(["sign", "commit", "--state", p.path("device-a"), "--yes", p.path("request")]
                + p.png("commitment-again"))
            #expect(recommitted.contains("Already committed: showing the same commitment again"), "\(recommitted)")
            #expect(try Self.frames(p.path("commitment-again")) == Self.frames(p.path("commitment-a")))
            // Device B is not a signer: it refuses the request.
            _ = try p.runFailing(["sign", "commit", "--state", p.path("device-b"), "--yes", p.path("request")]
                + p.png("commitment-b"))
        }
        let package = try p.run(["sign", "aggregate", "--state", coordinator, p.path("commitment-a"),
            p.path("commitment-c")] + p.png("package"))
        #expect(package.contains("commitments 2/2"))
        for device in ["a", "c"] {
            _ = try p.run(["sign", "share", "--state", p.path("device-" + device), "--yes", p.path("package")]
                + p.png("share-" + device))
        }
        if everything {
            // The same package again (a lost display, a crash before showing) gives back the recorded share, frame for
            // frame: the used nonces never sign twice. Then error paths, for the leak scan below: a wrong passphrase
            // and a damaged state file.
            _ = try p.run(["sign", "share", "--state", p.path("device-a"), "--yes", p.path("package")]
                + p.png("share-again"))
            let first = try Self.frames(p.path("share-a"))
            let again = try Self.frames(p.path("share-again"))
            #expect(!first.isEmpty && again == first)
            let wrongPassphrase = try p.runFailing(["sign", "share", "--state", p.path("device-c"), "--yes",
                p.path("package")] + p.png("share-wrong"), environment: ["HELIOGRAPH_PASSPHRASE": Party.passphrase + "!"])
            #expect(wrongPassphrase.localizedCaseInsensitiveContains("passphrase"), "\(wrongPassphrase)")
            try FileManager.default.copyItem(atPath: p.path("device-c"), toPath: p.path("device-damaged"))
            let vaultPath = p.path("device-damaged/device.hgvault")
            var vault = try [UInt8](Data(contentsOf: URL(fileURLWithPath: vaultPath)))
            vault[vault.count - 20] ^= 0x01
            try Data(vault).write(to: URL(fileURLWithPath: vaultPath))
            _ = try p.runFailing(["sign", "commit", "--state", p.path("device-damaged"), "--yes", p.path("request")]
                + p.png("commitment-damaged"))
            try FileManager.default.removeItem(atPath: p.path("device-damaged"))
        }

        let aggregated = try p.run(["sign", "aggregate", "--state", coordinator, "--signature-out",
            p.path("signature.hex"), "--sheet", p.path("signing.pdf"), p.path("share-a"), p.path("share-c")]
            + p.png("signature"))
        #expect(aggregated.contains("Verified by " + suite.verifierName))
        // The same shares again: the signature again, not a claim that shares are missing.
        let reaggregated = try p.run(["sign", "aggregate", "--state", coordinator, p.path("share-a")]
            + p.png("signature-again"))
        #expect(reaggregated.contains("Already had the signature share of Device A"), "\(reaggregated)")
        #expect(reaggregated.contains("Verified by " + suite.verifierName))
        let status = try p.run(["coordinator", "status", "--state", coordinator])
        #expect(status.contains("signers Device A, Device C): commitments 2/2, shares 2/2, signature "), "\(status)")
        #expect(status.contains("(session "))
        let signatureHex = try String(contentsOfFile: p.path("signature.hex"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let verified = try p.run(["sign", "verify", "--suite", suite.name, "--group-key", groupKey, "--message", message,
            "--signature",
            p.path("signature.hex")])
        #expect(verified.contains("Verified"))
        // Or straight from the coordinator's signature frames.
        let fromFrames = try p.run(["sign", "verify", "--suite", suite.name, "--group-key", groupKey, "--message",
            message, p.path("signature")])
        #expect(fromFrames.contains("Verified by \(suite.verifierName)."), "\(fromFrames)")
        _ = try p.runFailing(["sign", "verify", "--suite", suite.name, "--group-key", groupKey, "--message",
            message + "!", "--signature", signatureHex])
        #expect(independentlyVerifies(
            suite: suite.name, groupKey: try #require(bytes(hex: groupKey)), message: Array(message.utf8),
            signature: try #require(bytes(hex: signatureHex))))
        for sheet in ["invitation.pdf", "result.pdf", "signing.pdf"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: p.path(sheet))).starts(with: Array("%PDF".utf8)))
        }
        try Self.signInOneRound(p, coordinator: coordinator, groupKey: groupKey, suite: suite)
        if suite == .secp256k1 { try Self.signPSBT(p, coordinator: coordinator) }
        guard everything else { return }
        // The coordinator's result sheet carries every device's recovery record, read back by a scanner (its
        // pages stay under root, so the leak scan below reads their codes too).
        let device = try DeviceDirectory.open(at: p.path("device-a"), passphrase: Array(Party.passphrase.utf8))
        let scanned = try DemoResultSheetTests.scanResultSheet(
            p.path("result.pdf"), record: try #require(device.groups.values.first), into: p.path("result-pages"))
        let records = try DemoResultSheetTests.reassemble(scanned).map { try GroupRecord(ur: $0) }
        #expect(records.map(\.index).sorted() == [1, 2, 3])
        for record in records { #expect(record.groupKey == bytes(hex: groupKey)) }

        // No host seed, share, nonce or passphrase in any output (error messages included), file, path or QR frame.
        let scan = OutputLeakScan(
            secrets: try OutputLeakScan.secrets(
                in: root, devices: devices.map { "device-" + $0 }, passphrase: Party.passphrase) + nonces)
        var framesRead = 0
        let findings = scan.findings(in: p.transcript, location: "output")
            + (try scan.findings(underDirectory: root, framesRead: &framesRead))
        #expect(findings.isEmpty, "\(findings)")
        #expect(framesRead >= 20, "the text of the frames was searched")
    }

    /// Issue 16 through the role commands: every device preprocesses a batch (`sign preprocess`) that the coordinator
    /// scans; `sign request` then shows one package holding the request (one round trip, the default once every
    /// signer has commitments), devices B and C answer it with `sign share`, `sign aggregate` makes the signature,
    /// which verifies independently. The same package again gives the same share; the coordinator asks for a top-up.
    static func signInOneRound(_ p: Party, coordinator: String, groupKey: String, suite: CeremonySuite) throws {
        for device in ["a", "b", "c"] {
            let out = try p.run(["sign", "preprocess", "--state", p.path("device-" + device), "--nonces", "2"]
                + p.png("batch-" + device))
            #expect(out.contains("this device now holds 2 unused"), "\(out)")
        }
        let kept = try p.run(["coordinator", "collect", "--state", coordinator, p.path("batch-a"), p.path("batch-b"),
            p.path("batch-c")])
        #expect(kept.contains("Kept the preprocessed commitments of Device C"), "\(kept)")
        let message = "One trip"
        let request = try p.run(["sign", "request", "--state", coordinator, "--message", message, "--summary",
            "A one-round signature", "--signers", "2,3"] + p.png("one-round"))
        #expect(request.contains("One round trip"), "\(request)")
        #expect(
            request.split(separator: "\n").contains {
                $0.hasPrefix("Device B [") && $0.hasSuffix("has 1 preprocessed commitment left: ask it for a top-up "
                    + "(heliograph sign preprocess).")
            }, "\(request)")
        for device in ["b", "c"] {
            let shared = try p.run(["sign", "share", "--state", p.path("device-" + device), "--yes",
                p.path("one-round")] + p.png("one-round-share-" + device))
            #expect(shared.contains(message) && shared.contains("preprocessed commitment"), "\(shared)")
        }
        _ = try p.run(["sign", "share", "--state", p.path("device-b"), "--yes", p.path("one-round")]
            + p.png("one-round-share-again"))
        #expect(try frames(p.path("one-round-share-again")) == frames(p.path("one-round-share-b")))
        let aggregated = try p.run(["sign", "aggregate", "--state", coordinator, "--signature-out",
            p.path("one-round.hex"), p.path("one-round-share-b"), p.path("one-round-share-c")] + p.png("one-round-sig"))
        #expect(aggregated.contains("Verified by " + suite.verifierName), "\(aggregated)")
        let signature = try String(contentsOfFile: p.path("one-round.hex"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(independentlyVerifies(
            suite: suite.name, groupKey: try #require(bytes(hex: groupKey)), message: Array(message.utf8),
            signature: try #require(bytes(hex: signature))))
        let status = try p.run(["coordinator", "status", "--state", coordinator])
        #expect(status.contains("Preprocessed commitments (one-round signing): Device A 2, Device B 1, Device C 1"),
            "\(status)")
        let device = try p.run(["dkg", "status", "--state", p.path("device-b")])
        #expect(device.contains("preprocessed nonces for one-round signing: 1 unused"), "\(device)")
    }

    /// Issue 13 through the role commands: a 2-input PSBT of the group's wallet (base64 file) is requested,
    /// devices A and C show the transaction and sign both inputs in one session, and `sign aggregate` writes the
    /// signed PSBT and the transaction; every input verifies with libsecp256k1 over a sighash computed here.
    static func signPSBT(_ p: Party, coordinator: String) throws {
        let wallet = try #require(try CoordinatorDirectory(path: coordinator).group(matching: nil).wallet)
        let change = try wallet.address(change: true, index: 0)
        var psbt = try PSBT(
            unsignedTransaction: BitcoinTransaction(
                version: 2,
                inputs: (0..<2).map {
                    TransactionInput(previousTxid: [UInt8](repeating: UInt8($0 + 1), count: 32), previousIndex: 0)
                },
                outputs: [
                    TransactionOutput(amount: 70_000, scriptPubKey: [0x00, 0x14] + [UInt8](repeating: 0xab, count: 20)),
                    TransactionOutput(amount: 20_000, scriptPubKey: change.scriptPubKey),
                ], lockTime: 0))
        for index in 0..<2 {
            psbt.addWalletInput(
                index, address: try wallet.address(change: false, index: UInt32(index)),
                fingerprint: wallet.fingerprint, amount: 50_000)
        }
        psbt.addWalletOutput(1, address: change, fingerprint: wallet.fingerprint)
        // As the watch-only wallet shows it: a ur:crypto-psbt, scanned (here its text); the demo test reads files.
        try Data((try psbt.ur().string + "\n").utf8).write(to: URL(fileURLWithPath: p.path("unsigned.ur")))
        let request = try p.run(["sign", "request", "--state", coordinator, "--ur-file", p.path("unsigned.ur"),
            "--signers", "1,3"] + p.png("psbt-request"))
        #expect(request.contains("This group signs 2 inputs (#0, #1)"), "\(request)")
        for device in ["a", "c"] {
            let committed = try p.run(["sign", "commit", "--state", p.path("device-" + device), "--yes",
                p.path("psbt-request")] + p.png("psbt-commitment-" + device))
            #expect(committed.contains("This group signs 2 inputs (#0, #1)"), "\(committed)")
            #expect(committed.contains("[change, this wallet's …/1/0]"), "\(committed)")
        }
        _ = try p.run(["sign", "aggregate", "--state", coordinator, p.path("psbt-commitment-a"),
            p.path("psbt-commitment-c")] + p.png("psbt-package"))
        for device in ["a", "c"] {
            let shared = try p.run(["sign", "share", "--state", p.path("device-" + device), "--yes",
                p.path("psbt-package")] + p.png("psbt-share-" + device))
            #expect(shared.contains("Fee: 0.00010000 BTC (10000 sat)"), "\(shared)")
        }
        let aggregated = try p.run(["sign", "aggregate", "--state", coordinator, "--psbt-out", p.path("signed.psbt"),
            "--transaction-out", p.path("transaction.hex"), "--sheet", p.path("psbt-signing.pdf"),
            p.path("psbt-share-a"), p.path("psbt-share-c")] + p.png("signed-psbt"))
        #expect(aggregated.contains("Signed 2 inputs of the group (#0, #1)"), "\(aggregated)")
        let signed = try PSBT(fileContents: [UInt8](try Data(contentsOf: URL(fileURLWithPath: p.path("signed.psbt")))))
        #expect(aggregated.contains("Signed PSBT (base64): \(signed.base64)"))
        let hex = try String(contentsOfFile: p.path("transaction.hex"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let transaction = try BitcoinTransaction(parsing: try #require(bytes(hex: hex)))
        #expect(transaction == (try signed.extractTransaction()))
        let spent = (0..<2).map { try? wallet.address(change: false, index: UInt32($0)) }.map {
            TransactionOutput(amount: 50_000, scriptPubKey: $0?.scriptPubKey ?? [])
        }
        for index in 0..<2 {
            let sighash = try TaprootSighash.sighash(
                transaction: transaction, spentOutputs: spent, inputIndex: index, hashType: 0)
            #expect(
                Secp256k1Keys.verifySchnorr(
                    signature: transaction.inputs[index].witness[0], message: sighash,
                    xOnlyPublicKey: Array(spent[index].scriptPubKey.dropFirst(2))))
        }
        #expect(!(try frames(p.path("signed-psbt"))).isEmpty)
        // The signing sheet prints the transaction and the signed PSBT as codes a wallet scans off the paper.
        let session = try #require(try CoordinatorDirectory(path: coordinator).signingSessions().first {
            $0.request.psbt != nil && $0.result != nil
        })
        let sheet = try CeremonySheets.signing(
            session.request, group: session.group, result: try #require(session.result), signed: signed)
        #expect(sheet.messageText?.contains("one per group input (#0, #1)") == true, "\(sheet.messageText ?? "")")
        let printed = try DemoResultSheetTests.scanSheet(
            p.path("psbt-signing.pdf"), document: sheet.document, into: p.path("psbt-sheet-pages"))
        let scannedBack = DemoResultSheetTests.reassemble(printed)
        #expect(try scannedBack.map { try PSBT(ur: $0) } == [signed], "\(printed.count) codes scanned")
        // Anyone checks every input of the signed PSBT; a flipped signature bit is rejected.
        let checked = try p.run(["sign", "verify", "--psbt", p.path("signed.psbt")])
        #expect(checked.contains("Input #0: verified (SIGHASH_DEFAULT)") && checked.contains("2 of 2 inputs verified"),
            "\(checked)")
        var tampered = signed
        // PSBT_IN_FINAL_SCRIPTWITNESS (0x08): the signature is its one element, last.
        var witness = try #require(tampered.inputs[1].value(0x08))
        witness[witness.count - 1] ^= 1
        tampered.setInputEntry(PSBTEntry(keyType: 0x08, value: witness), input: 1)
        try Data(tampered.serialized).write(to: URL(fileURLWithPath: p.path("tampered.psbt")))
        let rejectedOut = try runCLI(["sign", "verify", "--psbt", p.path("tampered.psbt")])
        #expect(rejectedOut.status == 1 && rejectedOut.stdout.contains("Input #1: INVALID signature"),
            "\(rejectedOut.stdout)")
    }

    /// Runs `heliograph ARGUMENTS` on a pseudo-terminal (script(1)), typing `typing`; returns what it printed.
    static func onTerminal(_ arguments: [String], typing: String, environment: [String: String]) throws -> String {
        let scratch = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let quoted = ([cliPackageRoot.appendingPathComponent(".build/debug/heliograph").path] + arguments).map {
            "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        let input = scratch.appendingPathComponent("typed")
        let output = scratch.appendingPathComponent("screen")
        try Data(typing.utf8).write(to: input)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", quoted.joined(separator: " "), "/dev/null"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return String(decoding: try Data(contentsOf: output), as: UTF8.self)
    }

    /// The bytes of each frame file in a directory, in name order.
    static func frames(_ directory: String) throws -> [Data] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted().map {
            try Data(contentsOf: URL(fileURLWithPath: directory + "/" + $0))
        }
    }

    /// The nonces a signer holds between its commitment and its share (read from its encrypted nonce store).
    static func pendingNonces(_ state: String) throws -> [OutputLeakScan.Secret] {
        let vault = try StateVault.open(file: state + "/device.hgvault", passphrase: Array(Party.passphrase.utf8))
        let store = try NonceStore(directory: state + "/nonces", vault: vault)
        var found: [OutputLeakScan.Secret] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: state + "/nonces")
        where name.hasSuffix(".hgvault") {
            let session = try #require(bytes(hex: String(name.dropLast(".hgvault".count))))
            guard case .pending(let nonces, _, _)? = try store.record(session: session) else { continue }
            let secret = nonces.exposeSecretBytes()
            found.append(OutputLeakScan.Secret(name: "\(state) hiding nonce", bytes: Array(secret.prefix(32))))
            found.append(OutputLeakScan.Secret(name: "\(state) binding nonce", bytes: Array(secret.suffix(32))))
        }
        return found
    }

    /// The text after `label` on the first line that starts with it (after indentation), up to a space.
    static func value(after label: String, in text: String) -> String? {
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(label) else { continue }
            return trimmed.dropFirst(label.count).trimmingCharacters(in: .whitespaces)
                .split(separator: " ").first.map(String.init)
        }
        return nil
    }
}
