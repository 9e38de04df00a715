import DeterministicCBOR
import FROST
import UniformResources

/// What the coordinator sends.
public enum CoordinatorOutput: Sendable, Hashable {
    /// The invite, to every device.
    case invite(DKGInvite)
    /// The aggregated bundle, to every device.
    case bundle(DKGBundle)
    /// The contributions, to the device that complained only.
    case investigation(DKGInvestigation)
    /// The certificate, to every device.
    case certificate(DKGCertificate)

    /// The message as a UR of its type.
    public var ur: UR {
        get throws {
            switch self {
            case .invite(let message): return try message.ur
            case .bundle(let message): return try message.ur
            case .investigation(let message): return try message.ur
            case .certificate(let message): return try message.ur
            }
        }
    }

    /// The encoded message.
    public var encoded: [UInt8] {
        switch self {
        case .invite(let message): return message.encoded
        case .bundle(let message): return message.encoded
        case .investigation(let message): return message.encoded
        case .certificate(let message): return message.encoded
        }
    }
}

/// The untrusted coordinator of a DKG as a pure value. It holds only public data; it checks each device message
/// (signature, proof of knowledge, shapes) so a bad device is named early, aggregates the contributions into one
/// bundle, answers complaints with the contributions, and assembles the certificate.
public struct DKGCoordinator: Sendable, Hashable {
    /// The ceremony's parameters.
    public let invite: DKGInvite
    /// Step-1 envelopes received, by sender index.
    public private(set) var contributions: [Int: DeviceEnvelope] = [:]
    /// Step-2 envelopes received, by sender index.
    public private(set) var transcriptSignatures: [Int: DeviceEnvelope] = [:]

    /// The result of handling one device message.
    public struct Transition: Sendable {
        /// The coordinator's new state (save it before showing `outgoing`).
        public let coordinator: DKGCoordinator
        /// Messages to show to the devices (all of them, except an investigation, which is for its recipient).
        public let outgoing: [CoordinatorOutput]
    }

    /// Starts a ceremony; the invite is the first message to show.
    public init(invite: DKGInvite) { self.invite = invite }

    /// The bundle, once every device contributed.
    public var bundle: DKGBundle? {
        guard contributions.count == invite.participantCount else { return nil }
        return try? aggregate(invite.suite.ciphersuite)
    }

    /// The certificate, once every device signed the transcript.
    public var certificate: DKGCertificate? {
        guard transcriptSignatures.count == invite.participantCount else { return nil }
        return DKGCertificate(
            session: invite.session, parametersHash: invite.parametersHash,
            signatures: (1...invite.participantCount).compactMap { transcriptSignatures[$0]?.signature })
    }

    /// Handles one device message. Throws for another session, round or roster, for a conflicting second
    /// message, and with a culprit for a bad signature, proof or shape.
    public func handle(_ envelope: DeviceEnvelope) throws -> Transition {
        try envelope.check(
            session: invite.session, parametersHash: invite.parametersHash, round: envelope.round,
            roster: invite.roster)
        switch envelope.round {
        case .dkgContribution: return try handleContribution(envelope)
        case .dkgTranscriptSignature: return try handleTranscriptSignature(envelope)
        case .dkgComplaint: return try handleComplaint(envelope)
        case .signCommitment, .signShare:
            throw CeremonyError.wrongRound(expected: "a DKG round", got: envelope.round.description)
        }
    }

    private func handleContribution(_ envelope: DeviceEnvelope) throws -> Transition {
        let sender = envelope.sender
        if let previous = contributions[sender] {
            guard previous == envelope else {
                throw CeremonyError.conflictingMessage(from: sender, reason: "a second, different contribution")
            }
            return Transition(coordinator: self, outgoing: bundle.map { [.bundle($0)] } ?? [])
        }
        let blame = { (reason: String) in CeremonyError.blame(culprit: self.invite.culprit(sender), reason: reason) }
        let contribution: DKGContribution
        do {
            contribution = try DKGContribution(payload: envelope.payload, invite: invite)
        } catch {
            throw blame("its contribution is malformed: \(error)")
        }
        try checkContribution(contribution, sender: sender, invite.suite.ciphersuite)
        var next = self
        next.contributions[sender] = envelope
        return Transition(coordinator: next, outgoing: next.bundle.map { [.bundle($0)] } ?? [])
    }

    private func checkContribution<C: Ciphersuite>(_ contribution: DKGContribution, sender: Int, _: C.Type) throws {
        _ = try PedPop<C>.checkCore(contribution.core, invite: invite, sender: sender, forwarded: false)
        let blame = { (reason: String) in CeremonyError.blame(culprit: self.invite.culprit(sender), reason: reason) }
        for commitment in contribution.higherCommitments where (try? Element<C>(deserializing: commitment)) == nil {
            throw blame("a coefficient commitment is not a group element")
        }
        for share in contribution.encryptedShares where (try? Scalar<C>(deserializing: share)) == nil {
            throw blame("an encrypted share is not a canonical scalar")
        }
    }

    private func aggregate<C: Ciphersuite>(_: C.Type) throws -> DKGBundle {
        let n = invite.participantCount
        let envelopes = (1...n).compactMap { contributions[$0] }
        guard envelopes.count == n else { throw CeremonyError.invalidParameters(reason: "contributions are missing") }
        let parts = try envelopes.map { try DKGContribution(payload: $0.payload, invite: invite) }
        var higher: [Element<C>] = try parts[0].higherCommitments.map { try Element<C>(deserializing: $0) }
        var shares: [Scalar<C>] = try parts[0].encryptedShares.map { try Scalar<C>(deserializing: $0) }
        for part in parts.dropFirst() {
            for k in higher.indices {
                higher[k] = higher[k] + (try Element<C>(deserializing: part.higherCommitments[k]))
            }
            for j in shares.indices { shares[j] = shares[j] + (try Scalar<C>(deserializing: part.encryptedShares[j])) }
        }
        return DKGBundle(
            session: invite.session, parametersHash: invite.parametersHash, cores: parts.map(\.core),
            summedHigherCommitments: higher.map { $0.serialize() }, summedShares: shares.map { $0.serialize() })
    }

    private func handleTranscriptSignature(_ envelope: DeviceEnvelope) throws -> Transition {
        guard let bundle else {
            throw CeremonyError.unexpectedMessage(
                state: "not every device has contributed", message: Round.dkgTranscriptSignature.urType)
        }
        let sender = envelope.sender
        let payload: DKGTranscriptPayload
        do {
            payload = try DKGTranscriptPayload(payload: envelope.payload)
        } catch {
            throw CeremonyError.blame(culprit: invite.culprit(sender), reason: "its transcript signature is malformed")
        }
        guard payload.transcriptHash == dkgTranscriptHash(invite: invite, bundle: bundle) else {
            throw CeremonyError.blame(culprit: invite.culprit(sender), reason: "it signed a different transcript")
        }
        if let previous = transcriptSignatures[sender], previous != envelope {
            throw CeremonyError.conflictingMessage(from: sender, reason: "a second, different transcript signature")
        }
        var next = self
        next.transcriptSignatures[sender] = envelope
        return Transition(coordinator: next, outgoing: next.certificate.map { [.certificate($0)] } ?? [])
    }

    private func handleComplaint(_ envelope: DeviceEnvelope) throws -> Transition {
        guard let bundle else {
            throw CeremonyError.unexpectedMessage(state: "no bundle was sent", message: Round.dkgComplaint.urType)
        }
        let payload = try DKGComplaintPayload(payload: envelope.payload)
        guard payload.bundleHash == bundle.hash else {
            throw CeremonyError.blame(
                culprit: invite.culprit(envelope.sender), reason: "it complains about another bundle")
        }
        let investigation = DKGInvestigation(
            session: invite.session, parametersHash: invite.parametersHash, recipient: envelope.sender,
            contributions: (1...invite.participantCount).compactMap { contributions[$0] })
        return Transition(coordinator: self, outgoing: [.investigation(investigation)])
    }
}
