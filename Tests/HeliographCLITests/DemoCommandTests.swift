import Bitcoin
import Ceremony
import Foundation
import Testing
import FROST

/// The bytes of a hex string field of the summary.
func hexField(_ object: [String: Any], _ key: String) throws -> [UInt8] {
    let text = try #require(object[key] as? String, "no \(key)")
    return try #require(bytes(hex: text), "\(key) is not hex")
}

@Suite struct DemoCommandTests {
    /// The demo with simulated camera captures and lost frames prints one JSON object whose signature verifies
    /// under libsodium over the group key, and leaves its sheets and frames behind.
    @Test func demoJSONSignatureVerifies() throws {
        let directory = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try runCLI(["demo", "--json", "--out", directory, "--seed", "7", "--kdf", "minimal"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["suite"] as? String == "ed25519")
        #expect(object["threshold"] as? Int == 2)
        #expect(object["participants"] as? Int == 3)
        let key = try hexField(object, "group_public_key")
        let message = try hexField(object, "message")
        let signature = try hexField(object, "signature")
        #expect(independentlyVerifies(suite: "ed25519", groupKey: key, message: message, signature: signature))
        var altered = message
        altered[0] ^= 1
        #expect(!independentlyVerifies(suite: "ed25519", groupKey: key, message: altered, signature: signature))
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.map { $0["name"] as? String } == [
            "identities", "invite", "contributions", "bundle", "transcript-signatures", "certificate", "sign-request",
            "commitments", "package", "shares", "signature",
        ])
        // Two optical round trips sign: request → commitments, package → shares.
        #expect(object["signing_round_trips"] as? Int == 2)
        for step in steps {
            let shown = try #require(step["frames_shown"] as? Int)
            let scanned = try #require(step["frames_scanned"] as? Int)
            #expect(scanned >= 1 && scanned <= shown, "\(step)")
            #expect((step["bytes"] as? Int ?? 0) > 0)
            #expect(step["ms"] is Int)
        }
        for sheet in ["invitation.pdf", "result.pdf", "signing.pdf"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + sheet))
            #expect(data.starts(with: Array("%PDF".utf8)), "\(sheet)")
        }
        let frames = try FileManager.default.subpathsOfDirectory(atPath: directory + "/frames")
        #expect(frames.contains { $0.hasSuffix(".png") && $0.contains("/frame-") })
        #expect(frames.contains { $0.hasSuffix(".png") && $0.contains("/capture-") })
    }

    /// ristretto255 and secp256k1 over clean frames: the signature verifies without Heliograph code (the FROST
    /// equation recomputed with libsodium; libsecp256k1's BIP 340 verifier with the 32-byte x-only key). The
    /// secp256k1 run signs in one round trip (issue 16: `--one-round`), with the devices' preprocessed batches.
    @Test(arguments: ["ristretto255", "secp256k1"])
    func cleanDemoVerifiesIndependently(suite: String) throws {
        let directory = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let oneRound = suite == "secp256k1"
        let result = try runCLI([
            "demo", "--json", "--clean", "--suite", suite, "--threshold", "3", "--participants", "4",
            "--out", directory, "--kdf", "minimal",
        ] + (oneRound ? ["--one-round"] : []))
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["suite"] as? String == suite)
        #expect(object["threshold"] as? Int == 3)
        #expect(object["signing_round_trips"] as? Int == (oneRound ? 1 : 2))
        let names = try #require(object["steps"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(names.contains("nonce-batches") == oneRound && names.contains("one-round-package") == oneRound)
        #expect(names.contains("commitments") != oneRound, "\(names)")
        let key = try hexField(object, "group_public_key")
        let message = try hexField(object, "message")
        var signature = try hexField(object, "signature")
        #expect(key.count == 32 && signature.count == 64)
        #expect(independentlyVerifies(suite: suite, groupKey: key, message: message, signature: signature))
        signature[40] ^= 1
        #expect(!independentlyVerifies(suite: suite, groupKey: key, message: message, signature: signature))
        guard suite == "secp256k1" else {
            #expect(object["descriptor"] == nil && object["network"] == nil)
            return
        }
        // The wallet: a BIP 389 multipath descriptor with a valid checksum, on mainnet unless chosen, whose
        // xpub is the group key (x-only here, compressed in the xpub).
        let descriptor = try #require(object["descriptor"] as? String)
        #expect(object["network"] as? String == "mainnet")
        #expect(descriptor.hasPrefix("tr([") && descriptor.contains("]xpub") && descriptor.contains("/<0;1>/*)#"))
        let body = try #require(descriptor.split(separator: "#").first.map(String.init))
        #expect(DescriptorChecksum.appending(to: body) == descriptor)
        let xpub = try #require(body.split(separator: "]").last?.split(separator: "/").first.map(String.init))
        #expect(Array(try ExtendedPublicKey(parsing: xpub).publicKey.dropFirst()) == key)
    }

    /// `demo --lifecycle` (issue 15) for every suite over clean frames: key generation, a signature, a share refresh
    /// and its test signature, the last device replaced by a new one and its test signature, then the demo message
    /// signed by a set that includes the new device, which verifies without Heliograph code under the unchanged key.
    @Test(arguments: ["ed25519", "ristretto255", "secp256k1"])
    func lifecycleDemoSignsWithTheRepairedDevice(suite: String) throws {
        let directory = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try runCLI([
            "demo", "--json", "--clean", "--lifecycle", "--suite", suite, "--out", directory, "--kdf", "minimal",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["epoch"] as? Int == 2 && object["repaired_member"] as? Int == 3)
        #expect(object["signers"] as? [Int] == [1, 3])
        let names = try #require(object["steps"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        for step in ["refresh-bundle", "refresh-certificate", "test-signature", "group-record", "enroll-deltas",
                     "enroll-bundle", "enroll-certificate"] {
            #expect(names.contains(step), "\(step) in \(names)")
        }
        let key = try hexField(object, "group_public_key")
        let message = try hexField(object, "message")
        let signature = try hexField(object, "signature")
        #expect(independentlyVerifies(suite: suite, groupKey: key, message: message, signature: signature))
        #expect(FileManager.default.fileExists(atPath: directory + "/result-lifecycle.pdf"))
        // The new device's state holds the group at epoch 2 as member 3, and its share comes from its own seed.
        let device = try DeviceDirectory.open(
            at: directory + "/device-C-new", passphrase: Array("heliograph demo".utf8))
        let record = try #require(device.groups.values.first)
        #expect(record.epoch == 2 && record.index == 3 && record.roster[2] == device.host.identity)
        #expect(try record.recover(host: device.host) == key)
    }

    /// `--network` names the wallet's network and is refused for a suite without a wallet.
    @Test func networkOption() throws {
        let directory = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let refused = try runCLI(["demo", "--out", directory, "--suite", "ed25519", "--network", "testnet"])
        #expect(refused.status != 0 && refused.stderr.contains("secp256k1"))
        let result = try runCLI([
            "demo", "--json", "--clean", "--suite", "secp256k1", "--network", "regtest", "--out", directory,
            "--kdf", "minimal",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["network"] as? String == "regtest")
        #expect((object["descriptor"] as? String)?.contains("]tpub") == true)

        // Issue 13 part 7: --psbt reuses that key generation and signs a PSBT of its wallet through the same
        // simulated optics; the JSON carries the signed PSBT and the transaction, every input of which verifies.
        let descriptor = try TaprootKeyDescriptor(parsing: try #require(object["descriptor"] as? String))
        guard case .extended(let xpub) = descriptor.key.key else {
            Issue.record("the descriptor has no extended key")
            return
        }
        let wallet = try TaprootWallet(groupKey: xpub.publicKey, chainCode: xpub.chainCode, network: .regtest)
        let spent = try (0..<2).map {
            TransactionOutput(
                amount: 30_000, scriptPubKey: try wallet.address(change: false, index: UInt32($0)).scriptPubKey)
        }
        var psbt = try PSBT(
            unsignedTransaction: BitcoinTransaction(
                version: 2,
                inputs: (0..<2).map {
                    TransactionInput(previousTxid: [UInt8](repeating: 7, count: 32), previousIndex: UInt32($0))
                },
                outputs: [
                    TransactionOutput(amount: 59_000, scriptPubKey: [0x00, 0x14] + [UInt8](repeating: 1, count: 20))
                ],
                lockTime: 0))
        for index in 0..<2 {
            psbt.addWalletInput(
                index, address: try wallet.address(change: false, index: UInt32(index)),
                fingerprint: wallet.fingerprint, amount: 30_000)
        }
        try Data(psbt.base64.utf8).write(to: URL(fileURLWithPath: directory + "/unsigned.psbt"))
        let signing = try runCLI([
            "demo", "--json", "--clean", "--suite", "secp256k1", "--out", directory, "--kdf", "minimal",
            "--psbt", directory + "/unsigned.psbt",
        ])
        #expect(signing.status == 0, "\(signing.stderr)")
        let signed = try #require(
            try JSONSerialization.jsonObject(with: Data(signing.stdout.utf8)) as? [String: Any])
        #expect(signed["group_public_key"] as? String == object["group_public_key"] as? String, "the same group")
        #expect((signed["steps"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            == ["sign-request", "commitments", "package", "shares", "signed-psbt"])
        let signedPSBT = try PSBT(base64: try #require(signed["psbt"] as? String))
        let transaction = try BitcoinTransaction(parsing: try hexField(signed, "transaction"))
        #expect(transaction == (try signedPSBT.extractTransaction()))
        for index in 0..<2 {
            let sighash = try TaprootSighash.sighash(
                transaction: transaction, spentOutputs: spent, inputIndex: index, hashType: 0)
            #expect(Secp256k1Keys.verifySchnorr(
                signature: transaction.inputs[index].witness[0], message: sighash,
                xOnlyPublicKey: Array(spent[index].scriptPubKey.dropFirst(2))))
        }
    }

    @Test func refusesBadParameters() throws {
        let directory = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for arguments in [["--threshold", "4"], ["--participants", "1"], ["--drop-rate", "0.9"], ["--suite", "p256"]] {
            let result = try runCLI(["demo", "--out", directory] + arguments)
            #expect(result.status != 0, "\(arguments)")
        }
    }

    /// With the most verbose logging, no host seed, ChillDKG host secret key, signing share or passphrase appears in stdout, stderr, any
    /// file outside the encrypted state, any path name, or the text of any QR frame the demo wrote.
    @Test func verboseDemoLeaksNoSecret() throws {
        let directory = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let passphrase = "leak-test " + UUID().uuidString
        let result = try runCLI(
            ["demo", "--verbose", "--clean", "--out", directory, "--kdf", "minimal", "--seed", "11"],
            environment: ["HELIOGRAPH_PASSPHRASE": passphrase])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("identities:"), "--verbose reports every transfer")
        let secrets = try OutputLeakScan.secrets(
            in: directory, devices: ["device-A", "device-B", "device-C"], passphrase: passphrase)
        #expect(
            secrets.count == 10, "a passphrase, three host seeds, three ChillDKG host secret keys and three signing shares")
        let scan = OutputLeakScan(secrets: secrets)
        var findings = scan.findings(in: Array(result.stdout.utf8), location: "stdout")
        findings += scan.findings(in: Array(result.stderr.utf8), location: "stderr")
        var framesRead = 0
        findings += try scan.findings(underDirectory: directory, framesRead: &framesRead)
        #expect(findings.isEmpty, "\(findings)")
        #expect(framesRead >= 27, "the text of every transfer's frames was searched")
        // The scan itself finds a secret where one is: the encrypted state holds none in the clear either.
        let seed = try #require(secrets.first { $0.name.hasSuffix("host seed") })
        let probe = "x" + seed.bytes.map { String(format: "%02X", $0) }.joined()
        #expect(!scan.findings(in: Array(probe.utf8), location: "probe").isEmpty)
        let vault = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/device-A/device.hgvault")))
        #expect(scan.findings(in: vault, location: "device-A vault").isEmpty)
    }
}
