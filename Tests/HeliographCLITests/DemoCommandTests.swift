import Bitcoin
import Foundation
import Testing

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
    /// equation recomputed with libsodium; libsecp256k1's BIP 340 verifier with the 32-byte x-only key).
    @Test(arguments: ["ristretto255", "secp256k1"])
    func cleanDemoVerifiesIndependently(suite: String) throws {
        let directory = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try runCLI([
            "demo", "--json", "--clean", "--suite", suite, "--threshold", "3", "--participants", "4",
            "--out", directory, "--kdf", "minimal",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["suite"] as? String == suite)
        #expect(object["threshold"] as? Int == 3)
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
    }

    @Test func refusesBadParameters() throws {
        let directory = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for arguments in [["--threshold", "4"], ["--participants", "1"], ["--drop-rate", "0.9"], ["--suite", "p256"]] {
            let result = try runCLI(["demo", "--out", directory] + arguments)
            #expect(result.status != 0, "\(arguments)")
        }
    }

    /// With the most verbose logging, no host seed, signing share or passphrase appears in stdout, stderr, any
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
        #expect(secrets.count == 7, "a passphrase, three host seeds and three signing shares")
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
