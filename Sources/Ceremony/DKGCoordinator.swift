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
/// bundle, answers complaints with the contributions, and assembles the certificate. What it checks and computes
/// is the suite's `KeyGenerationScheme` (for secp256k1, ChillDKG's coordinator steps).
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
        let envelopes = (1...invite.participantCount).compactMap { contributions[$0] }
        guard envelopes.count == invite.participantCount else { return nil }
        return try? invite.suite.keyGeneration.bundle(invite: invite, contributions: envelopes)
    }

    /// The certificate, once every device signed the transcript.
    public var certificate: DKGCertificate? {
        let envelopes = (1...invite.participantCount).compactMap { transcriptSignatures[$0] }
        guard envelopes.count == invite.participantCount else { return nil }
        return try? invite.suite.keyGeneration.certificate(invite: invite, signatures: envelopes)
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
        case .signCommitment, .signShare, .nonceBatch, .refreshContribution, .refreshTranscriptSignature,
            .enrollDeltas, .enrollSigma, .enrollTranscriptSignature:
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
        try invite.suite.keyGeneration.checkContribution(envelope.payload, invite: invite, sender: sender)
        var next = self
        next.contributions[sender] = envelope
        return Transition(coordinator: next, outgoing: next.bundle.map { [.bundle($0)] } ?? [])
    }

    private func handleTranscriptSignature(_ envelope: DeviceEnvelope) throws -> Transition {
        guard let bundle else {
            throw CeremonyError.unexpectedMessage(
                state: "not every device has contributed", message: Round.dkgTranscriptSignature.urType)
        }
        let sender = envelope.sender
        try invite.suite.keyGeneration.checkTranscriptSignature(envelope, invite: invite, bundle: bundle)
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
        let investigation = try invite.suite.keyGeneration.investigation(
            invite: invite, contributions: (1...invite.participantCount).compactMap { contributions[$0] },
            recipient: envelope.sender)
        return Transition(coordinator: self, outgoing: [.investigation(investigation)])
    }
}
