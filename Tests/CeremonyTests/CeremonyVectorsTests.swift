import Foundation
import Testing
import VectorSuites

@testable import Ceremony

/// The package root, found from this file.
private let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
    }
    return url
}()

/// Makes the transcript of a full ceremony with fixed randomness: host seeds 1...n, device randomness i, session
/// bytes 0x5e, signing nonce randomness derived from the signer index.
func ceremonyTranscript(suite: CeremonySuite, threshold: Int, count: Int, signers: [Int]) throws -> [String: Any] {
    let hex = VectorJSON.hexString
    var dkg = try DKGHarness(suite: suite, threshold: threshold, count: count)
    let (contributions, bundle, transcriptSignatures, certificate, records) = try dkg.runMessages()
    let signing = try SigningHarness(dkg: dkg, records: records)
    let request = try SignRequest(
        session: [UInt8](repeating: 0x77, count: 32), suite: suite, groupKey: records[0].groupKey,
        message: Array("Heliograph ceremony vector".utf8), summary: "sign the vector message", signers: signers,
        expiry: DKGHarness.now + 600)
    var coordinator = try SigningCoordinator(request: request, group: signing.records[0])
    var commitments: [DeviceEnvelope] = []
    var nonceRandomness: [[String]] = []
    for index in signers {
        var device = signing.signers[index - 1]
        let randomness = (
            [UInt8](repeating: UInt8(0x80 + index), count: 32), [UInt8](repeating: UInt8(0xc0 + index), count: 32)
        )
        device.fixedNonceRandomness = randomness
        nonceRandomness.append([hex(randomness.0), hex(randomness.1)])
        let commitment = try device.commit(to: request, group: signing.records[index - 1], now: DKGHarness.now)
        commitments.append(commitment)
        coordinator = try coordinator.handle(commitment).coordinator
    }
    guard let package = coordinator.package else { throw HarnessError.missing("p") }
    var shares: [DeviceEnvelope] = []
    var outputs: [SigningOutput] = []
    for index in signers {
        let share = try signing.signers[index - 1].sign(
            package, request: request, group: signing.records[index - 1], now: DKGHarness.now)
        shares.append(share)
        let transition = try coordinator.handle(share)
        coordinator = transition.coordinator
        outputs += transition.outgoing
    }
    guard case .result(let result)? = outputs.last else { throw HarnessError.missing("r") }
    return [
        "description": "\(threshold)-of-\(count) DKG and signing by \(signers) on \(suite), fixed randomness",
        "suite": suite.name,
        "threshold": threshold,
        "participants": count,
        "now": Int(DKGHarness.now),
        "hostSeeds": dkg.hosts.map { hex($0.exposeSeed()) },
        "labels": dkg.hosts.map(\.identity.label),
        "identities": dkg.hosts.map { hex($0.identity.encoded) },
        "fingerprints": dkg.hosts.map(\.identity.fingerprint),
        "deviceRandomness": (1...count).map { hex(DKGHarness.randomness($0)) },
        "invite": hex(dkg.invite.encoded),
        "inviteUR": try dkg.invite.ur.string,
        "parametersHash": hex(dkg.invite.parametersHash),
        "contributions": contributions.map { hex($0.encoded) },
        "bundle": hex(bundle.encoded),
        "transcriptHash": hex(dkgTranscriptHash(invite: dkg.invite, bundle: bundle)),
        "transcriptSignatures": transcriptSignatures.map { hex($0.encoded) },
        "certificate": hex(certificate.encoded),
        "groupKey": hex(records[0].groupKey),
        "signing": [
            "request": hex(request.encoded),
            "parametersHash": hex(request.parametersHash),
            "nonceRandomness": nonceRandomness,
            "commitments": commitments.map { hex($0.encoded) },
            "package": hex(package.encoded),
            "shares": shares.map { hex($0.encoded) },
            "result": hex(result.encoded),
            "signature": hex(result.signature),
        ] as [String: Any],
    ]
}

/// The vector files and how each was made.
let ceremonyVectorCases: [(file: String, suite: CeremonySuite, threshold: Int, count: Int, signers: [Int])] = [
    ("ceremony/ed25519-2-of-3.json", .ed25519, 2, 3, [1, 3]),
    ("ceremony/ristretto255-2-of-3.json", .ristretto255, 2, 3, [2, 3]),
    ("ceremony/ed25519-3-of-5.json", .ed25519, 3, 5, [1, 2, 5]),
    ("ceremony/secp256k1-2-of-3.json", .secp256k1, 2, 3, [1, 3]),
]

@Test func theCeremonyVectorsAreTheTranscriptsThisCodeMakes() throws {
    for entry in ceremonyVectorCases {
        let transcript = try ceremonyTranscript(
            suite: entry.suite, threshold: entry.threshold, count: entry.count, signers: entry.signers)
        let url = packageRoot.appendingPathComponent("Vectors").appendingPathComponent(entry.file)
        let data = try JSONSerialization.data(withJSONObject: transcript, options: [.prettyPrinted, .sortedKeys])
        if ProcessInfo.processInfo.environment["HELIOGRAPH_WRITE_CEREMONY_VECTORS"] == "1" {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        let stored = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? NSDictionary
        #expect(stored == (transcript as NSDictionary), "\(entry.file) differs from a fresh transcript")
    }
}

@Test func theCeremonyVectorFamiliesPass() throws {
    let families = VectorRegistry.families.filter { $0.name.hasPrefix("ceremony/") }
    #expect(!families.isEmpty)
    for family in families {
        for path in family.relativePaths {
            let outcomes = try family.run(packageRoot.appendingPathComponent("Vectors").appendingPathComponent(path))
            #expect(outcomes.count > 10, "\(path)")
            for outcome in outcomes where !outcome.passed {
                Issue.record("\(outcome.family) \(outcome.caseName): \(outcome.failure ?? "")")
            }
        }
    }
}
