import Ceremony
import FROST
import Foundation
import UniformResources

extension VectorRegistry {
    /// The Ceremony families: full DKG + signing transcripts with fixed randomness (Vectors/ceremony/*.json,
    /// registry in Vectors/ceremony/REGISTRY.md).
    static var ceremonyFamilies: [VectorFamily] {
        ["ed25519-2-of-3", "ristretto255-2-of-3", "ed25519-3-of-5"].map { name in
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
    let vector: [String: Any]
    private var outcomes: [VectorOutcome] = []

    init(family: String, url: URL) throws {
        self.family = family
        guard let vector = try VectorJSON.load(url) as? [String: Any] else {
            throw VectorJSON.Missing(what: "the top-level object")
        }
        self.vector = vector
    }

    private func string(_ key: String, in object: [String: Any]? = nil) throws -> String {
        guard let value = (object ?? vector)[key] as? String else { throw VectorJSON.Missing(what: key) }
        return value
    }

    private func bytes(_ key: String, in object: [String: Any]? = nil) throws -> [UInt8] {
        try VectorJSON.hex(try string(key, in: object))
    }

    private func list(_ key: String, in object: [String: Any]? = nil) throws -> [[UInt8]] {
        guard let values = (object ?? vector)[key] as? [String] else { throw VectorJSON.Missing(what: key) }
        return try values.map(VectorJSON.hex)
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
        guard let now = vector["now"] as? Int, let labels = vector["labels"] as? [String],
            let fingerprints = vector["fingerprints"] as? [String]
        else { throw VectorJSON.Missing(what: "now, labels or fingerprints") }
        let seeds = try list("hostSeeds")
        let hosts = try zip(seeds, labels).map { try HostKey(seed: SecretBytes($0), label: $1) }
        for (index, host) in hosts.enumerated() {
            check("identity \(index + 1)", try list("identities")[index], host.identity.encoded)
            check(
                "fingerprint \(index + 1)", host.identity.fingerprint == fingerprints[index],
                "fingerprint \(host.identity.fingerprint), expected \(fingerprints[index])")
        }
        let inviteBytes = try bytes("invite")
        let invite = try DKGInvite(encoded: inviteBytes)
        check("invite re-encoding", inviteBytes, invite.encoded)
        check("invite UR", try invite.ur.string == (try string("inviteUR")), "the invite's UR string differs")
        check("parameters hash", try bytes("parametersHash"), invite.parametersHash)

        // Step 1 from each device's host seed and randomness.
        let randomness = try list("deviceRandomness")
        let expectedContributions = try list("contributions")
        var devices: [DKGDevice] = []
        var coordinator = DKGCoordinator(invite: invite)
        var outputs: [CoordinatorOutput] = []
        for (index, host) in hosts.enumerated() {
            let step = try DKGDevice.accept(invite: invite, host: host, now: UInt64(now), randomness: randomness[index])
            devices.append(step.device)
            check("contribution \(index + 1)", expectedContributions[index], step.outgoing.first?.encoded ?? [])
            let transition = try coordinator.handle(try DeviceEnvelope(encoded: expectedContributions[index]))
            coordinator = transition.coordinator
            outputs += transition.outgoing
        }
        guard case .bundle(let bundle)? = outputs.last else {
            check("bundle", false, "the coordinator made no bundle")
            return outcomes
        }
        check("bundle", try bytes("bundle"), bundle.encoded)
        check("transcript hash", try bytes("transcriptHash"), dkgTranscriptHash(invite: invite, bundle: bundle))

        // Step 2 and the certificate.
        let expectedSignatures = try list("transcriptSignatures")
        outputs = []
        for index in devices.indices {
            let step = try devices[index].handle(.bundle(bundle), host: hosts[index])
            devices[index] = step.device
            check("transcript signature \(index + 1)", expectedSignatures[index], step.outgoing.first?.encoded ?? [])
            let transition = try coordinator.handle(try DeviceEnvelope(encoded: expectedSignatures[index]))
            coordinator = transition.coordinator
            outputs += transition.outgoing
        }
        guard case .certificate(let certificate)? = outputs.last else {
            check("certificate", false, "the coordinator made no certificate")
            return outcomes
        }
        check("certificate", try bytes("certificate"), certificate.encoded)
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
        check("group key", try bytes("groupKey"), group.groupKey)

        // Signing through the coordinator: package, share checks, aggregate.
        guard let signing = vector["signing"] as? [String: Any] else { throw VectorJSON.Missing(what: "signing") }
        let requestBytes = try bytes("request", in: signing)
        let request = try SignRequest(encoded: requestBytes)
        check("sign request re-encoding", requestBytes, request.encoded)
        check("sign parameters hash", try bytes("parametersHash", in: signing), request.parametersHash)
        var signer = try SigningCoordinator(request: request, group: group)
        var signOutputs: [SigningOutput] = []
        for commitment in try list("commitments", in: signing) {
            let transition = try signer.handle(try DeviceEnvelope(encoded: commitment))
            signer = transition.coordinator
            signOutputs += transition.outgoing
        }
        guard case .package(let package)? = signOutputs.last else {
            check("sign package", false, "the coordinator made no package")
            return outcomes
        }
        check("sign package", try bytes("package", in: signing), package.encoded)
        for share in try list("shares", in: signing) {
            let transition = try signer.handle(try DeviceEnvelope(encoded: share))
            signer = transition.coordinator
            signOutputs += transition.outgoing
        }
        guard case .result(let result)? = signOutputs.last else {
            check("sign result", false, "the coordinator made no signature")
            return outcomes
        }
        check("sign result", try bytes("result", in: signing), result.encoded)
        let message = request.message
        let verified = invite.suite.verify(signature: result.signature, message: message, groupKey: group.groupKey)
        check("group signature verifies", verified, "the group signature does not verify under the group key")
        return outcomes
    }
}
