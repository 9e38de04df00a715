import Ceremony
import FROST
import Foundation
import UniformResources

extension VectorRegistry {
    /// The Ceremony families: full DKG + signing transcripts with fixed randomness (Vectors/ceremony/*.json,
    /// registry in Vectors/ceremony/REGISTRY.md).
    static var ceremonyFamilies: [VectorFamily] {
        ["ed25519-2-of-3", "ristretto255-2-of-3", "ed25519-3-of-5", "secp256k1-2-of-3"].map { name in
            VectorFamily(name: "ceremony/\(name)", relativePaths: ["ceremony/\(name).json"]) { url in
                var checker = try CeremonyTranscriptChecker(family: "ceremony/\(name)", url: url)
                return try checker.run()
            }
        }
    }
}

/// Replays a ceremony transcript with the public API and compares every message byte for byte: identities
/// from the host seeds, each device's contribution from its seed and randomness, the coordinator's bundle and
/// certificate, the transcript signatures, the group key, and the signing session through the coordinator.
struct CeremonyTranscriptChecker {
    let family: String
    let vector: CeremonyTranscript
    private var outcomes: [VectorOutcome] = []

    init(family: String, url: URL) throws {
        self.family = family
        vector = try VectorJSON.decode(CeremonyTranscript.self, from: url)
    }

    private mutating func check(_ name: String, _ expected: [UInt8], _ actual: [UInt8]) {
        outcomes.append(
            VectorOutcome(
                family: family, caseName: name,
                failure: expected == actual
                    ? nil : "expected \(VectorJSON.hexString(expected)), got \(VectorJSON.hexString(actual))"))
    }

    private mutating func check(_ name: String, _ condition: Bool, _ failure: String) {
        outcomes.append(VectorOutcome(family: family, caseName: name, failure: condition ? nil : failure))
    }

    mutating func run() throws -> [VectorOutcome] {
        let (now, labels, fingerprints) = (vector.now, vector.labels, vector.fingerprints)
        let seeds = try vector.hostSeeds.map(VectorJSON.hex)
        let hosts = try zip(seeds, labels).map { try HostKey(seed: SecretBytes($0), label: $1) }
        for (index, host) in hosts.enumerated() {
            check("identity \(index + 1)", try VectorJSON.hex(vector.identities[index]), host.identity.encoded)
            check(
                "fingerprint \(index + 1)", host.identity.fingerprint == fingerprints[index],
                "fingerprint \(host.identity.fingerprint), expected \(fingerprints[index])")
        }
        let inviteBytes = try VectorJSON.hex(vector.invite)
        let invite = try DKGInvite(encoded: inviteBytes)
        check("invite re-encoding", inviteBytes, invite.encoded)
        check("invite UR", try invite.ur.string == vector.inviteUR, "the invite's UR string differs")
        check("parameters hash", try VectorJSON.hex(vector.parametersHash), invite.parametersHash)

        // Step 1 from each device's host seed and randomness.
        let randomness = try vector.deviceRandomness.map(VectorJSON.hex)
        let expectedContributions = try vector.contributions.map(VectorJSON.hex)
        var devices: [DKGDevice] = []
        for (index, host) in hosts.enumerated() {
            let step = try DKGDevice.accept(invite: invite, host: host, now: UInt64(now), randomness: randomness[index])
            devices.append(step.device)
            check("contribution \(index + 1)", expectedContributions[index], step.outgoing.first?.encoded ?? [])
        }
        var coordinator = DKGCoordinator(invite: invite)
        // The coordinator is fed the vector's messages, so that it is checked apart from the devices.
        var outputs = try Self.deliver(expectedContributions, to: &coordinator) { try $0.handle($1).step }
        guard case .bundle(let bundle)? = outputs.last else {
            check("bundle", false, "the coordinator made no bundle")
            return outcomes
        }
        check("bundle", try VectorJSON.hex(vector.bundle), bundle.encoded)
        let transcriptHash = dkgTranscriptHash(invite: invite, bundle: bundle)
        check("transcript hash", try VectorJSON.hex(vector.transcriptHash), transcriptHash)

        // Step 2 and the certificate.
        let expectedSignatures = try vector.transcriptSignatures.map(VectorJSON.hex)
        for index in devices.indices {
            let step = try devices[index].handle(.bundle(bundle), host: hosts[index])
            devices[index] = step.device
            check("transcript signature \(index + 1)", expectedSignatures[index], step.outgoing.first?.encoded ?? [])
        }
        outputs = try Self.deliver(expectedSignatures, to: &coordinator) { try $0.handle($1).step }
        guard case .certificate(let certificate)? = outputs.last else {
            check("certificate", false, "the coordinator made no certificate")
            return outcomes
        }
        check("certificate", try VectorJSON.hex(vector.certificate), certificate.encoded)
        var records: [GroupRecord] = []
        for index in devices.indices {
            for case .keyReady(let record) in try devices[index].handle(.certificate(certificate), host: hosts[index])
                .events
            {
                records.append(record)
            }
        }
        check("every key ready", records.count == hosts.count, "\(records.count) of \(hosts.count) devices finished")
        guard let group = records.first else { return outcomes }
        check("group key", try VectorJSON.hex(vector.groupKey), group.groupKey)

        // Signing through the coordinator: package, share checks, aggregate.
        let signing = vector.signing
        let requestBytes = try VectorJSON.hex(signing.request)
        let request = try SignRequest(encoded: requestBytes)
        check("sign request re-encoding", requestBytes, request.encoded)
        check("sign parameters hash", try VectorJSON.hex(signing.parametersHash), request.parametersHash)
        var signer = try SigningCoordinator(request: request, group: group)
        let commitments = try signing.commitments.map(VectorJSON.hex)
        var signOutputs = try Self.deliver(commitments, to: &signer) { try $0.handle($1).step }
        guard case .package(let package)? = signOutputs.last else {
            check("sign package", false, "the coordinator made no package")
            return outcomes
        }
        check("sign package", try VectorJSON.hex(signing.package), package.encoded)
        signOutputs = try Self.deliver(signing.shares.map(VectorJSON.hex), to: &signer) { try $0.handle($1).step }
        guard case .result(let result)? = signOutputs.last else {
            check("sign result", false, "the coordinator made no signature")
            return outcomes
        }
        check("sign result", try VectorJSON.hex(signing.result), result.encoded)
        let message = request.message
        let verified = invite.suite.verify(signature: result.signature, message: message, groupKey: group.groupKey)
        check("group signature verifies", verified, "the group signature does not verify under the group key")
        return outcomes
    }

    /// Hands each encoded envelope to a coordinator (a pure state machine: `handle` returns its next state and
    /// what it sends) and returns everything it sent, in order.
    private static func deliver<Coordinator, Output>(
        _ envelopes: [[UInt8]], to coordinator: inout Coordinator,
        _ handle: (Coordinator, DeviceEnvelope) throws -> (next: Coordinator, sent: [Output])
    ) throws -> [Output] {
        var sent: [Output] = []
        for envelope in envelopes {
            let step = try handle(coordinator, try DeviceEnvelope(encoded: envelope))
            coordinator = step.next
            sent += step.sent
        }
        return sent
    }
}

extension DKGCoordinator.Transition {
    /// The next state and what it sends, for `CeremonyTranscriptChecker.deliver`.
    fileprivate var step: (next: DKGCoordinator, sent: [CoordinatorOutput]) { (coordinator, outgoing) }
}

extension SigningCoordinator.Transition {
    /// The next state and what it sends, for `CeremonyTranscriptChecker.deliver`.
    fileprivate var step: (next: SigningCoordinator, sent: [SigningOutput]) { (coordinator, outgoing) }
}

/// A ceremony transcript file (`Vectors/ceremony/*.json`): every message of a key generation and a signing, hex.
struct CeremonyTranscript: Decodable {
    /// The signing half: the request and everything the coordinator and signers exchange.
    struct Signing: Decodable {
        let request: String
        let parametersHash: String
        let commitments: [String]
        let package: String
        let shares: [String]
        let result: String
    }

    let now: Int
    let labels: [String]
    let fingerprints: [String]
    let hostSeeds: [String]
    let identities: [String]
    let deviceRandomness: [String]
    let invite: String
    let inviteUR: String
    let parametersHash: String
    let contributions: [String]
    let bundle: String
    let transcriptHash: String
    let transcriptSignatures: [String]
    let certificate: String
    let groupKey: String
    let signing: Signing
}
