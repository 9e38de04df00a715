import Bitcoin
import Foundation
import Testing
import UniformResources

/// `heliograph wallet export` after a secp256k1 demo: the coordinator and a device print the same descriptors and
/// show the same wallet UR, which decodes to the descriptor's key.
@Suite struct WalletCommandTests {
    @Test func coordinatorAndDeviceExportTheSameWallet() throws {
        let directory = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let passphrase = ["HELIOGRAPH_PASSPHRASE": "wallet test"]
        let demo = try runCLI(
            ["demo", "--json", "--clean", "--suite", "secp256k1", "--network", "testnet", "--out", directory,
             "--kdf", "minimal"], environment: passphrase)
        #expect(demo.status == 0, "\(demo.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(demo.stdout.utf8)) as? [String: Any])
        let descriptor = try #require(summary["descriptor"] as? String)

        var outputs: [String] = []
        for (state, ur) in [("coordinator", "crypto-output"), ("device-A", "crypto-output"),
                            ("coordinator", "output-descriptor")] {
            let result = try runCLI(
                ["wallet", "export", "--state", directory + "/" + state, "--ur", ur, "--format", "ur"],
                environment: passphrase)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains(descriptor) || result.stderr.contains(descriptor))
            let all = result.stdout + result.stderr
            #expect(all.contains("tr([") && all.contains("/0/*)#") && all.contains("/1/*)#"))
            #expect(all.contains("receive 0: tb1p") && all.contains("change  0: tb1p"))
            let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("ur:" + ur + "/") })
            outputs.append(String(line))
        }
        #expect(outputs[0] == outputs[1])
        let body = try #require(descriptor.split(separator: "#").first)
        let xpub = try #require(body.split(separator: "]").last?.split(separator: "/").first.map(String.init))
        let key = try ExtendedPublicKey(parsing: xpub)
        let wallet = try TaprootWallet(groupKey: key.publicKey, chainCode: key.chainCode, network: .testnet)
        #expect(wallet.descriptor.multipath == descriptor)
        #expect(try UR(parsing: outputs[0]).cbor == wallet.descriptor.cryptoOutputCBOR)
        #expect(try UR(parsing: outputs[2]).cbor == wallet.descriptor.outputDescriptorCBOR)
        // A PSBT for the wallet: one of its receive outputs in, an external payment and change out; reviewed from a
        // base64 file by the coordinator and from a scanned ur:crypto-psbt by a device.
        let transaction = BitcoinTransaction(
            version: 2, inputs: [TransactionInput(previousTxid: [UInt8](repeating: 4, count: 32), previousIndex: 1)],
            outputs: [
                TransactionOutput(amount: 60_000, scriptPubKey: [0x00, 0x14] + [UInt8](repeating: 0xab, count: 20)),
                TransactionOutput(amount: 38_000, scriptPubKey: try wallet.address(change: true, index: 0).scriptPubKey),
            ],
            lockTime: 0)
        var psbt = try PSBT(unsignedTransaction: transaction)
        psbt.addWalletInput(0, address: try wallet.address(change: false, index: 5), fingerprint: wallet.fingerprint,
                            amount: 100_000)
        psbt.addWalletOutput(1, address: try wallet.address(change: true, index: 0), fingerprint: wallet.fingerprint)
        let file = directory + "/spend.psbt"
        try Data(psbt.base64.utf8).write(to: URL(fileURLWithPath: file))
        let urFile = directory + "/spend.ur"
        try Data((try psbt.ur().string + "\n").utf8).write(to: URL(fileURLWithPath: urFile))
        for arguments in [["--state", directory + "/coordinator", "--psbt", file],
                          ["--state", directory + "/device-A", "--ur-file", urFile]] {
            let review = try runCLI(["wallet", "review"] + arguments, environment: passphrase)
            #expect(review.status == 0, "\(review.stderr)")
            let text = review.stdout + review.stderr
            #expect(text.contains("Bitcoin testnet transaction: 1 input, 2 outputs"))
            #expect(text.contains("This group signs 1 input (#0)"))
            #expect(text.contains("0.00038000 BTC (38000 sat) to tb1p"))
            #expect(text.contains("[change, this wallet's …/1/0]"))
            #expect(text.contains("Fee: 0.00002000 BTC (2000 sat)"))
        }
        // A PSBT whose input lacks its previous output (no witness_utxo) is refused, naming the input.
        var bare = try PSBT(unsignedTransaction: transaction)
        bare.addWalletOutput(1, address: try wallet.address(change: true, index: 0), fingerprint: wallet.fingerprint)
        try Data(bare.serialized).write(to: URL(fileURLWithPath: file))
        let refusedReview = try runCLI(["wallet", "review", "--state", directory + "/coordinator", "--psbt", file])
        #expect(refusedReview.status != 0 && refusedReview.stderr.contains("Input 0's previous output"))

        for state in ["coordinator", "no-such-state"] {
            let refused = try runCLI(["wallet", "export", "--state", directory + "/" + state, "--group", "ff00ff"])
            #expect(refused.status != 0, "\(state)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/no-such-state"))
    }
}
