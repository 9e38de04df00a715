import Bitcoin
import Ceremony
import CeremonyDemo
import Foundation
import Optical
import UniformResources

/// Issue 13's benchmark: a 2-of-3 secp256k1 signing through the demo's simulated optics (camera captures, 15 %
/// frames lost, seed 1) of a 32-byte message, a 1-input and a 10-input PSBT, with the frames shown and scanned, the
/// seconds and the bytes each signing device scans (its request and its package).
var psbtBenchmarks: [Benchmark] {
    [
        Benchmark(
            name: "psbt-signing",
            summary: "2-of-3 secp256k1 signing through the simulated optics: a 32-byte message, a 1-input "
                + "and a 10-input PSBT (frames, seconds, bytes each device scans)",
            run: runPSBTBenchmarks)
    ]
}

private func runPSBTBenchmarks() {
    do {
        try measurePSBTSigning()
    } catch {
        print("psbt-signing benchmark failed: \(error)")
    }
}

private func measurePSBTSigning() throws {
    let directory = NSTemporaryDirectory() + "heliograph-psbt-bench-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var settings = DemoCeremony.Settings(
        directory: directory, threshold: 2, participants: 3, suite: .secp256k1, clean: false, seed: 1,
        density: .medium, dropRate: 0.15, passphrase: Array("benchmark".utf8), kdf: .testOnly, network: .testnet,
        log: { _ in })
    // The key generation and the signing of a 32-byte message (a digest, as an application would have the group
    // sign); the row below is its signing steps only.
    settings.message = SHA256.hash(Array("a 32-byte message to sign".utf8))
    var first = DemoCeremony(settings: settings)
    let keyed = try first.run()
    guard let text = keyed.descriptor, case .extended(let xpub) = try TaprootKeyDescriptor(parsing: text).key.key else {
        throw DemoError.failed("no wallet")
    }
    let wallet = try TaprootWallet(groupKey: xpub.publicKey, chainCode: xpub.chainCode, network: .testnet)
    let signingSteps = ["sign-request", "commitments", "package", "shares", "signed-psbt"]
    var rows: [(String, [DemoCeremony.Step])] = [
        ("message (32 B)", keyed.steps.filter { signingSteps.contains($0.name) })
    ]
    for inputs in [1, 10] {
        settings.psbt = try spend(wallet, inputs: inputs)
        var demo = DemoCeremony(settings: settings)
        rows.append(("PSBT, \(inputs) input\(inputs == 1 ? "" : "s")", try demo.run().steps))
    }
    print("| what is signed | frames shown | frames scanned | seconds | bytes each device scans | bytes in all |")
    print("|---|---:|---:|---:|---:|---:|")
    for (name, steps) in rows {
        let device = steps.filter { ["sign-request", "package"].contains($0.name) }
            .reduce(0) { $0 + $1.bytes / max($1.transfers, 1) }
        print(
            "| \(name) | \(steps.reduce(0) { $0 + $1.framesShown }) | \(steps.reduce(0) { $0 + $1.framesScanned }) "
                + "| " + String(format: "%.1f", Double(steps.reduce(0) { $0 + $1.ms }) / 1000)
                + " | \(device) | \(steps.reduce(0) { $0 + $1.bytes }) |")
    }
}

/// A PSBT spending the wallet's first `inputs` receive addresses to a P2WPKH, change to change/0.
private func spend(_ wallet: TaprootWallet, inputs: Int) throws -> PSBT {
    let change = try wallet.address(change: true, index: 0)
    var psbt = try PSBT(
        unsignedTransaction: BitcoinTransaction(
            version: 2,
            inputs: (0..<inputs).map {
                TransactionInput(previousTxid: [UInt8](repeating: UInt8($0 + 1), count: 32), previousIndex: 0)
            },
            outputs: [
                TransactionOutput(amount: 40_000, scriptPubKey: [0x00, 0x14] + [UInt8](repeating: 0xab, count: 20)),
                TransactionOutput(amount: UInt64(inputs) * 50_000 - 50_000, scriptPubKey: change.scriptPubKey),
            ], lockTime: 0))
    for index in 0..<inputs {
        psbt.addWalletInput(
            index, address: try wallet.address(change: false, index: UInt32(index)), fingerprint: wallet.fingerprint,
            amount: 50_000)
    }
    psbt.addWalletOutput(1, address: change, fingerprint: wallet.fingerprint)
    return psbt
}
