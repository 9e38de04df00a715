import Ceremony
import FROST
import Foundation

/// Ceremony: encoded bytes each role shows and scans per message, and wall time of each device step, for a full
/// DKG and one signing by t devices, in memory (the same state machines the CLI drives).
var ceremonyBenchmarks: [Benchmark] {
    [
        Benchmark(
            name: "ceremony",
            summary: "DKG + signing message sizes per role (bytes shown / scanned) and the time of each device "
                + "and coordinator step, every suite, 3-of-5 and 11-of-20, next to ChillDKG 0.3.0's message sizes",
            run: runCeremonyBenchmarks)
    ]
}

private struct CeremonyRow {
    var suite = "", t = 0, n = 0
    var invite = 0, contribution = 0, bundle = 0, transcriptSignature = 0, certificate = 0
    var request = 0, commitment = 0, package = 0, share = 0, result = 0
    var accept = 0.0, bundleStep = 0.0, certificateStep = 0.0, aggregate = 0.0, commit = 0.0, sign = 0.0
}

private func runCeremonyBenchmarks() {
    var rows: [CeremonyRow] = []
    for suite in CeremonySuite.allCases {
        for (t, n) in [(3, 5), (11, 20)] {
            do {
                rows.append(try measureCeremony(suite: suite, t: t, n: n))
            } catch {
                print("ceremony benchmark \(suite) \(t)-of-\(n) failed: \(error)")
                return
            }
        }
    }
    print("Bytes (encoded dCBOR; a QR code carries the UR of these bytes)")
    print(
        "| suite | t-of-n | invite | contribution | bundle | transcript sig | certificate | device shows "
            + "| device scans | coordinator scans | request | commitment | package | share | result |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows {
        let shows = row.contribution + row.transcriptSignature
        let scans = row.invite + row.bundle + row.certificate
        print(
            "| \(row.suite) | \(row.t)-of-\(row.n) | \(row.invite) | \(row.contribution) | \(row.bundle) "
                + "| \(row.transcriptSignature) | \(row.certificate) | \(shows) | \(scans) | \(row.n * shows) "
                + "| \(row.request) | \(row.commitment) | \(row.package) | \(row.share) | \(row.result) |")
    }
    print("")
    print("ChillDKG \(ChillDKG.version)'s own messages for the same t and n (bytes, from the FROST layer's ChillDKG)")
    print(
        "| t-of-n | participant msg 1 | coordinator msg 1 | participant msg 2 (CertEq signature) | certificate "
            + "| investigation msg | each device shows / scans |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for (t, n) in Set(rows.map { [$0.t, $0.n] }).sorted(by: { $0[1] < $1[1] }).map({ ($0[0], $0[1]) }) {
        let participant1 = ChillDKG.participantMessage1Length(t: t, n: n)
        let coordinator1 = ChillDKG.coordinatorMessage1Length(t: t, n: n)
        // CertEq: each participant's message 2 is its 64-byte BIP 340 signature; the certificate is n of them.
        let shows = participant1 + 64
        let scans = coordinator1 + 64 * n
        print(
            "| \(t)-of-\(n) | \(participant1) | \(coordinator1) | 64 | \(64 * n) "
                + "| \(ChillDKG.investigationMessageLength(n: n)) | \(shows) / \(scans) |")
    }
    print("")
    print("Time per step (ms, wall clock, one run)")
    print(
        "| suite | t-of-n | device: accept invite | device: check bundle + sign | device: check certificate "
            + "| coordinator: n contributions + bundle | signer: commit | signer: sign |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for row in rows {
        let ms = { (seconds: Double) in String(format: "%.1f", seconds * 1000) }
        print(
            "| \(row.suite) | \(row.t)-of-\(row.n) | \(ms(row.accept)) | \(ms(row.bundleStep)) "
                + "| \(ms(row.certificateStep)) | \(ms(row.aggregate)) | \(ms(row.commit)) | \(ms(row.sign)) |")
    }
}

private func timed<R>(_ body: () throws -> R) rethrows -> (R, Double) {
    let start = monotonicSeconds()
    let result = try body()
    return (result, monotonicSeconds() - start)
}

private func measureCeremony(suite: CeremonySuite, t: Int, n: Int) throws -> CeremonyRow {
    var row = CeremonyRow()
    row.suite = suite.name
    row.t = t
    row.n = n
    let now: UInt64 = 1_800_000_000
    let hosts = try (0..<n).map {
        try HostKey(seed: SecretBytes([UInt8](repeating: UInt8($0 + 1), count: 32)), label: "device \($0 + 1)")
    }
    let invite = try DKGInvite(
        session: [UInt8](repeating: 1, count: 32), suite: suite, threshold: t, roster: hosts.map(\.identity),
        groupLabel: "benchmark", expiry: now + 60)
    row.invite = invite.encoded.count
    var devices: [DKGDevice] = []
    var coordinator = DKGCoordinator(invite: invite)
    var outputs: [CoordinatorOutput] = []
    var contributions: [DeviceEnvelope] = []
    for (index, host) in hosts.enumerated() {
        let (step, seconds) = try timed {
            try DKGDevice.accept(
                invite: invite, host: host, now: now, randomness: [UInt8](repeating: UInt8(index), count: 32))
        }
        if index == 0 { row.accept = seconds }
        devices.append(step.device)
        contributions += step.outgoing
    }
    row.contribution = contributions[0].encoded.count
    (outputs, row.aggregate) = try timed {
        var outputs: [CoordinatorOutput] = []
        for envelope in contributions {
            let transition = try coordinator.handle(envelope)
            coordinator = transition.coordinator
            outputs += transition.outgoing
        }
        return outputs
    }
    guard case .bundle(let bundle)? = outputs.last else { throw CeremonyError.invalidParameters(reason: "no bundle") }
    row.bundle = bundle.encoded.count
    outputs = []
    for index in devices.indices {
        let (step, seconds) = try timed { try devices[index].handle(.bundle(bundle), host: hosts[index]) }
        if index == 0 { row.bundleStep = seconds }
        devices[index] = step.device
        row.transcriptSignature = step.outgoing[0].encoded.count
        for envelope in step.outgoing {
            let transition = try coordinator.handle(envelope)
            coordinator = transition.coordinator
            outputs += transition.outgoing
        }
    }
    guard case .certificate(let certificate)? = outputs.last else {
        throw CeremonyError.invalidParameters(reason: "no certificate")
    }
    row.certificate = certificate.encoded.count
    var records: [GroupRecord] = []
    for index in devices.indices {
        let (step, seconds) = try timed { try devices[index].handle(.certificate(certificate), host: hosts[index]) }
        if index == 0 { row.certificateStep = seconds }
        for case .keyReady(let record) in step.events { records.append(record) }
    }
    // Signing by the first t devices, each with a nonce store in a temporary directory.
    let directory = NSTemporaryDirectory() + "heliograph-ceremony-benchmark-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let vault = try StateVault.create(passphrase: Array("benchmark".utf8), parameters: .testOnly)
    let signers = try (1...t).map {
        SigningDevice(host: hosts[$0 - 1], store: try NonceStore(directory: directory + "/\($0)", vault: vault))
    }
    let request = try SignRequest(
        session: [UInt8](repeating: 2, count: 32), suite: suite, groupKey: records[0].groupKey,
        message: [UInt8](repeating: 0xab, count: 32), summary: "benchmark", signers: Array(1...t), expiry: now + 60)
    row.request = request.encoded.count
    var signing = try SigningCoordinator(request: request, group: records[0])
    for (offset, signer) in signers.enumerated() {
        let (commitment, seconds) = try timed { try signer.commit(to: request, group: records[offset], now: now) }
        if offset == 0 { row.commit = seconds }
        row.commitment = commitment.encoded.count
        signing = try signing.handle(commitment).coordinator
    }
    guard let package = signing.package else { throw CeremonyError.invalidParameters(reason: "no package") }
    row.package = package.encoded.count
    var signingOutputs: [SigningOutput] = []
    for (offset, signer) in signers.enumerated() {
        let (share, seconds) = try timed {
            try signer.sign(package, request: request, group: records[offset], now: now)
        }
        if offset == 0 { row.sign = seconds }
        row.share = share.encoded.count
        let transition = try signing.handle(share)
        signing = transition.coordinator
        signingOutputs += transition.outgoing
    }
    guard case .result(let result)? = signingOutputs.last else {
        throw CeremonyError.invalidParameters(reason: "no signature")
    }
    row.result = result.encoded.count
    return row
}
