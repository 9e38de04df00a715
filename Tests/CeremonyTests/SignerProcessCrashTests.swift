import DeterministicCBOR
import FROST
import Foundation
import Testing
import UniformResources

@testable import Ceremony

/// The crash test with real processes: the signer runs in a child process (this test binary, re-run with the
/// `HELIOGRAPH_CRASH_CHILD_DIR` environment and filtered to this test), whose entry point hands the device a
/// `WritePointHook.killing` hook: SIGKILL at write point `HELIOGRAPH_CRASH_AT_WRITE_POINT`. The parent restarts it from its state
/// directory and replays the request, and checks that no nonce ever answered two different packages or gave
/// two different shares, and that the key is never lost.
private enum Child {
    static let directoryVariable = "HELIOGRAPH_CRASH_CHILD_DIR"
    static let stepVariable = "HELIOGRAPH_CRASH_CHILD_STEP"
    static let pointVariable = "HELIOGRAPH_CRASH_AT_WRITE_POINT"
    static let passphrase = Array("crash test".utf8)

    /// The child's work: one step (commit or sign) on the device in `<dir>/device`.
    static func run(directory: String, step: String) throws {
        let point = ProcessInfo.processInfo.environment[pointVariable].flatMap { Int($0) }
        let device = try DeviceDirectory.open(
            at: directory + "/device", passphrase: passphrase, hook: point.map(WritePointHook.killing) ?? .none)
        guard let group = device.groups.values.first else { throw HarnessError.missing("group") }
        let output: DeviceEnvelope
        // Issue 16: issuing a batch of preprocessed nonces, and signing a one-round package.
        if step == "batch" {
            output = try device.signer.issueBatch(group: group, count: 2, now: DKGHarness.now)
        } else if step == "one-round" {
            let package = try SignOneRound(encoded: try read(directory + "/one-round.cbor"))
            output = try device.signer.sign(package, group: group, now: DKGHarness.now)
        } else {
            output = try twoRound(device: device, group: group, directory: directory, step: step)
        }
        let name = directory + "/\(step)-" + Base16.encode(Sodium.random(4)) + ".out"
        try AtomicFile.write(output.encoded, to: name, file: "test-output", hook: .none)
    }

    static func twoRound(device: DeviceDirectory, group: GroupRecord, directory: String, step: String) throws
        -> DeviceEnvelope
    {
        let request = try SignRequest(encoded: try read(directory + "/request.cbor"))
        let output: DeviceEnvelope
        if step == "commit" {
            output = try device.signer.commit(to: request, group: group, now: DKGHarness.now)
        } else {
            let package = try SignPackage(encoded: try read(directory + "/package.cbor"))
            output = try device.signer.sign(package, request: request, group: group, now: DKGHarness.now)
        }
        return output
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let bytes = try AtomicFile.read(path, limit: 1 << 20) else { throw HarnessError.missing(path) }
        return bytes
    }

    /// Runs the child; true when it was killed by SIGKILL.
    static func spawn(directory: String, step: String, killAt point: Int?) throws -> Bool {
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["--testing-library", "swift-testing", "--filter", "signerProcessKilledAtEveryWritePoint"]
        var environment = ProcessInfo.processInfo.environment
        environment[directoryVariable] = directory
        environment[stepVariable] = step
        environment[pointVariable] = point.map(String.init)
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
    }

    static func outputs(_ directory: String, step: String) throws -> [DeviceEnvelope] {
        try AtomicFile.list(directory).filter { $0.hasPrefix(step + "-") }.map {
            try DeviceEnvelope(encoded: try read(directory + "/" + $0))
        }
    }
}

@Test func signerProcessKilledAtEveryWritePointNeverReusesANonce() throws {
    if let directory = ProcessInfo.processInfo.environment[Child.directoryVariable] {
        // This process is a child: do one step and exit (possibly killed half-way).
        try Child.run(directory: directory, step: ProcessInfo.processInfo.environment[Child.stepVariable] ?? "")
        return
    }
    var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    let signing = try SigningHarness(dkg: dkg, records: try dkg.run())
    let (killed, signatures) = try killAtEveryWritePoint(signing: signing, runs: 3) { run, point in
        try signing.request(
            signers: [1, 2], message: [UInt8(run), UInt8(point)], session: UInt8(0x10 + run * 8 + point))
    }
    #expect(killed == 3 * 7, "every run was killed at its write point")
    // Killed in the commit (points 1-2), after the claim but before the consumed mark was durable (3-4: the claim
    // names this package, so its replay signs), or after the share was recorded (7): signed.
    #expect(signatures == 3 * 5)

    // Issue 13: a 2-input PSBT session (two nonce pairs, consumed together), killed at every write point the same
    // way: never two different shares for a nonce, the same five sessions sign.
    // Under AddressSanitizer the in-process crash test of a PSBT session (NonceCrashTests) stands for it.
    guard !underAddressSanitizer else { return }
    var bitcoin = try DKGHarness(suite: .secp256k1, threshold: 2, count: 3, network: .testnet)
    let group = try SigningHarness(dkg: bitcoin, records: try bitcoin.run())
    let wallet = try #require(group.records[0].wallet)
    let psbt = try killAtEveryWritePoint(signing: group, runs: 1) { _, point in
        try group.request(signers: [1, 2], psbt: try WalletPSBT.make(wallet, ours: 2), session: UInt8(0x40 + point))
    }
    #expect(psbt.killed == 7 && psbt.signatures == 5)
}

/// Issue 16: signer 1 in a child process killed (SIGKILL) at each of the 7 write points of one-round signing: 2 of
/// issuing its batch, the claim file, 2 of recording the claim in the batch, 2 of recording the share. Restarted and replayed, it
/// never gives two different shares for one nonce, never signs another message with it, and every session signs.
@Test func oneRoundSignerProcessKilledAtEveryWritePointNeverReusesANonce() throws {
    // Under AddressSanitizer the in-process crash test of one-round signing (OneRoundSigningTests) stands for it.
    guard ProcessInfo.processInfo.environment[Child.directoryVariable] == nil, !underAddressSanitizer else { return }
    var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    let signing = try SigningHarness(dkg: dkg, records: try dkg.run())
    let group = signing.records[0]
    var killed = 0
    var signatures = 0
    for point in 1...7 {
        let directory = temporaryDirectory("one-round-kill-\(point)")
        let backup = DeviceBackup(seed: fixedSeed(1), label: "device 1", groups: [group])
        _ = try DeviceDirectory.restore(
            backup, at: directory + "/device", passphrase: Child.passphrase, parameters: .testOnly)
        if try Child.spawn(directory: directory, step: "batch", killAt: point <= 2 ? point : nil) {
            killed += 1
            _ = try Child.spawn(directory: directory, step: "batch", killAt: nil)
        }
        let batches = try Child.outputs(directory, step: "batch")
        #expect(batches.count == 1, "point \(point): one batch shown")
        guard let batch = batches.first else { continue }
        let coordinator = try CoordinatorDirectory(path: directory + "/coordinator")
        try coordinator.keep(group)
        try coordinator.keepBatch(batch, group: group)
        try coordinator.keepBatch(
            try signing.signers[1].issueBatch(group: signing.records[1], count: 2, now: DKGHarness.now), group: group)
        let request = try signing.request(signers: [1, 2], message: [UInt8(point)], session: UInt8(0x90 + point))
        let package = try coordinator.startOneRoundSigning(request, group: group)
        try AtomicFile.write(package.encoded, to: directory + "/one-round.cbor", file: "test-input", hook: .none)
        if try Child.spawn(directory: directory, step: "one-round", killAt: point > 2 ? point - 2 : nil) {
            killed += 1
        }
        _ = try Child.spawn(directory: directory, step: "one-round", killAt: nil)
        _ = try Child.spawn(directory: directory, step: "one-round", killAt: nil)
        let outputs = try Child.outputs(directory, step: "one-round")
        let shares = Set(try outputs.map { try SignSharePayload(payload: $0.payload).shares })
        #expect(shares.count == 1, "point \(point): \(shares.count) different shares from one nonce")
        // Another message naming the same nonce is refused.
        let other = SignOneRound(
            request: try signing.request(signers: [1, 2], message: [0xEE], session: 0xEE), entries: package.entries)
        try AtomicFile.write(other.encoded, to: directory + "/one-round.cbor", file: "test-input", hook: .none)
        _ = try Child.spawn(directory: directory, step: "one-round", killAt: nil)
        #expect(try Child.outputs(directory, step: "one-round").count == outputs.count, "a used nonce signed again")
        guard let mine = outputs.first else { continue }
        let theirs = try signing.signers[1].sign(package, group: signing.records[1], now: DKGHarness.now)
        var last: CoordinatorMessage?
        for share in [mine, theirs] { last = try coordinator.receive(.device(share)).next ?? last }
        if case .signing(.result(let result), _)? = last,
            CeremonySuite.ed25519.verify(signature: result.signature, message: request.message, groupKey: group.groupKey)
        {
            signatures += 1
        }
    }
    #expect(killed == 7, "every run was killed at its write point")
    #expect(signatures == 7)
}

/// Signer 1 in a child process, killed at each of the 7 write points of its two rounds in `runs` runs (request
/// `request(run, point)`), restarted and replayed; returns how many children were killed and how many sessions
/// still produced the group signature.
private func killAtEveryWritePoint(
    signing: SigningHarness, runs: Int, request makeRequest: (Int, Int) throws -> SignRequest
) throws -> (killed: Int, signatures: Int) {
    let commitPoints = 2
    let signPoints = 5
    var killed = 0
    var signatures = 0
    for run in 0..<runs {
        for point in 1...(commitPoints + signPoints) {
            let directory = temporaryDirectory("crash\(run)-\(point)-\(signing.records[0].invite.suite.name)")
            let backup = DeviceBackup(seed: fixedSeed(1), label: "device 1", groups: [signing.records[0]])
            _ = try DeviceDirectory.restore(
                backup, at: directory + "/device", passphrase: Child.passphrase, parameters: .testOnly)
            let request = try makeRequest(run, point)
            try AtomicFile.write(request.encoded, to: directory + "/request.cbor", file: "test-input", hook: .none)
            // Round 1, killed at the point if it falls in the commit, then restarted.
            if try Child.spawn(directory: directory, step: "commit", killAt: point <= commitPoints ? point : nil) {
                killed += 1
                _ = try Child.spawn(directory: directory, step: "commit", killAt: nil)
            }
            let commitments = try Child.outputs(directory, step: "commit")
            #expect(Set(commitments).count == 1, "run \(run), point \(point): one commitment")
            guard let commitment = commitments.first else { continue }
            var coordinator = try SigningCoordinator(request: request, group: signing.records[0])
            coordinator = try coordinator.handle(commitment).coordinator
            coordinator = try coordinator.handle(
                try signing.signers[1].commit(to: request, group: signing.records[1], now: DKGHarness.now)
            ).coordinator
            guard let package = coordinator.package else { throw HarnessError.missing("package") }
            try AtomicFile.write(package.encoded, to: directory + "/package.cbor", file: "test-input", hook: .none)
            // Round 2, killed at the point if it falls in the signing, then restarted and replayed twice.
            if try Child.spawn(
                directory: directory, step: "sign", killAt: point > commitPoints ? point - commitPoints : nil)
            {
                killed += 1
            }
            _ = try Child.spawn(directory: directory, step: "sign", killAt: nil)
            _ = try Child.spawn(directory: directory, step: "sign", killAt: nil)
            let shares = Set(
                try Child.outputs(directory, step: "sign").map { try SignSharePayload(payload: $0.payload).shares })
            #expect(shares.count <= 1, "run \(run), point \(point): \(shares.count) different shares from one nonce")
            if let share = try Child.outputs(directory, step: "sign").first {
                coordinator = try coordinator.handle(share).coordinator
                let other = try signing.signers[1].sign(
                    package, request: request, group: signing.records[1], now: DKGHarness.now)
                if case .result? = try coordinator.handle(other).outgoing.last { signatures += 1 }
            }
            // The key survives every crash: the restarted device signs a new session in-process.
            let device = try DeviceDirectory.open(at: directory + "/device", passphrase: Child.passphrase, hook: .none)
            let fresh = try signing.request(signers: [1, 2], message: [7], session: 0x79)
            #expect(try device.signer.commit(to: fresh, group: signing.records[0], now: DKGHarness.now).sender == 1)
        }
    }
    return (killed, signatures)
}
