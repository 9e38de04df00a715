import Ceremony
import CeremonyDemo
import Foundation

/// Issue 16's benchmark: one-round against two-round signing of a 2-of-3 and a 3-of-5 group through the demo's
/// simulated optics (camera captures, 15 % frames lost, seed 1), both flows measured in one run: optical round trips,
/// frames shown and scanned, seconds, and the bytes one signing device scans and shows. The preprocessing (each
/// device's batch of 16 commitments, shown once per 16 signatures) is reported on its own row.
var oneRoundBenchmarks: [Benchmark] {
    [
        Benchmark(
            name: "one-round-signing",
            summary: "one-round (preprocessed nonces) vs two-round signing, 2-of-3 and 3-of-5 Ed25519, through the "
                + "simulated optics (round trips, frames, seconds, bytes a device scans and shows)",
            run: runOneRoundBenchmarks)
    ]
}

private func runOneRoundBenchmarks() {
    do {
        try measureOneRound()
    } catch {
        print("one-round-signing benchmark failed: \(error)")
    }
}

private func measureOneRound() throws {
    print("| group | flow | round trips | frames shown | frames scanned | seconds | bytes a device scans "
        + "| bytes a device shows |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for (threshold, participants) in [(2, 3), (3, 5)] {
        for oneRound in [false, true] {
            let directory = NSTemporaryDirectory() + "heliograph-one-round-bench-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: directory) }
            var settings = DemoCeremony.Settings(
                directory: directory, threshold: threshold, participants: participants, suite: .ed25519,
                clean: false, seed: 1, density: .medium, dropRate: 0.15, passphrase: Array("benchmark".utf8),
                kdf: .testOnly, log: { _ in })
            settings.oneRound = oneRound
            var demo = DemoCeremony(settings: settings)
            let summary = try demo.run()
            guard summary.verified else { throw DemoError.failed("the signature did not verify") }
            let group = "\(threshold)-of-\(participants)"
            func row(_ flow: String, _ names: [String], trips: String, scans: [String], shows: [String]) {
                let steps = summary.steps.filter { names.contains($0.name) }
                func perDevice(_ names: [String]) -> Int {
                    steps.filter { names.contains($0.name) }.reduce(0) { $0 + $1.bytes / max($1.transfers, 1) }
                }
                print(
                    "| \(group) | \(flow) | \(trips) | \(steps.reduce(0) { $0 + $1.framesShown }) "
                        + "| \(steps.reduce(0) { $0 + $1.framesScanned }) | "
                        + String(format: "%.1f", Double(steps.reduce(0) { $0 + $1.ms }) / 1000)
                        + " | \(perDevice(scans)) | \(perDevice(shows)) |")
            }
            if oneRound {
                row(
                    "preprocessing (all n devices, once per 16 signatures)", ["nonce-batches"], trips: "–", scans: [],
                    shows: ["nonce-batches"])
                row(
                    "one round", ["one-round-package", "shares"], trips: "\(summary.signingRoundTrips)",
                    scans: ["one-round-package"], shows: ["shares"])
            } else {
                row(
                    "two rounds", ["sign-request", "commitments", "package", "shares"],
                    trips: "\(summary.signingRoundTrips)", scans: ["sign-request", "package"],
                    shows: ["commitments", "shares"])
            }
        }
    }
}
