import Bitcoin
import DeterministicCBOR
import FROST
import UniformResources

/// What the signing coordinator sends.
public enum SigningOutput: Sendable, Hashable {
    /// The signing package, to the signers.
    case package(SignPackage)
    /// The group signature.
    case result(SignResult)

    /// The message as a UR of its type.
    public var ur: UR {
        get throws {
            switch self {
            case .package(let message): return try message.ur
            case .result(let message): return try message.ur
            }
        }
    }
}

/// The untrusted coordinator of one FROST signing session as a pure value (RFC 9591 §5, or BIP 445 for secp256k1,
/// by the suite's `SigningScheme`): it collects the signers' commitments, sends the package, checks each signature
/// share (naming the culprit) and aggregates the signature. It holds only public data; it learns the group's public
/// record from any device's `GroupRecord` (checked against its certificate).
public struct SigningCoordinator: Sendable, Hashable {
    /// The request the signers were shown.
    public let request: SignRequest
    /// The group's public record.
    public let group: GroupRecord
    /// Commitment envelopes received, by signer.
    public private(set) var commitments: [Int: DeviceEnvelope] = [:]
    /// Share envelopes received, by signer.
    public private(set) var shares: [Int: DeviceEnvelope] = [:]
    /// How many items the session signs: 1 for a message, the number of the group's inputs for a PSBT.
    public let itemCount: Int
    /// For a one-round session (issue 16): the package shown to the signers, holding the request and their
    /// preprocessed commitments; the session then takes shares only.
    public let oneRound: SignOneRound?

    /// The result of handling one message.
    public struct Transition: Sendable {
        /// The coordinator's new state (save it before showing `outgoing`).
        public let coordinator: SigningCoordinator
        /// Messages to show to the signers.
        public let outgoing: [SigningOutput]
    }

    /// Starts a session; checks that the request is for this group and its signers are ≥ t roster members.
    public init(request: SignRequest, group: GroupRecord, oneRound: SignOneRound? = nil) throws {
        try group.invite.suite.keyGeneration.verifyCertificate(
            invite: group.invite, bundle: group.bundle, certificate: group.certificate)
        guard request.suite == group.invite.suite, request.groupKey == (group.groupKey) else {
            throw CeremonyError.wrongGroup(expected: shortHex(group.groupKey), got: shortHex(request.groupKey))
        }
        guard request.epoch == group.epoch else {
            throw CeremonyError.wrongEpoch(requested: request.epoch, held: [group.epoch])
        }
        guard request.signers.count >= group.invite.threshold,
            request.signers.allSatisfy({ $0 <= group.participantCount })
        else { throw CeremonyError.invalidParameters(reason: "the signer set is not t or more roster members") }
        self.request = request
        self.group = group
        // The coordinator applies the devices' refusals too, so a PSBT they would refuse is never sent.
        let count = try request.signingItems(group: group).count
        itemCount = count
        if let oneRound {
            guard oneRound.request == request else {
                throw CeremonyError.invalidParameters(reason: "the one-round package is for another request")
            }
            func check<C: Ciphersuite>(_: C.Type) throws {
                _ = try oneRound.checkedCommitments(request: request, roster: group.roster, C.self, count: count)
            }
            try check(request.suite.ciphersuite)
        }
        self.oneRound = oneRound
    }

    /// What the shares answer: the one-round package, or the two-round package once every signer committed.
    var commitmentList: (any SigningCommitmentList)? { oneRound ?? package }

    /// The number of optical round trips the session takes: 1 with preprocessed commitments, else 2.
    public var roundTrips: Int { oneRound == nil ? 2 : 1 }

    /// The request's PSBT checked against the group's wallet (nil for a message request).
    public var plan: PSBTSigningPlan? { try? request.signingPlan(wallet: group.wallet) }

    /// For a PSBT request, once every share arrived: the signed PSBT (`SignRequest.signedPSBT(result:group:)`).
    public var signedPSBT: PSBT? {
        get throws {
            guard let result else { return nil }
            return try request.signedPSBT(result: result, group: group)
        }
    }

    /// The (two-round) package, once every signer committed.
    public var package: SignPackage? {
        guard oneRound == nil else { return nil }
        let envelopes = request.signers.compactMap { commitments[$0] }
        guard envelopes.count == request.signers.count else { return nil }
        return SignPackage(session: request.session, parametersHash: request.parametersHash, commitments: envelopes)
    }

    /// The result (the group signature, RFC 9591 §5.3, R || z), once every signer's share arrived.
    public var result: SignResult? {
        guard shares.count == request.signers.count, let list = commitmentList else { return nil }
        return try? aggregate(list)
    }

    /// The group signature, once every signer's share arrived.
    public var signature: [UInt8]? { result?.signature }

    /// Handles a commitment or share envelope.
    public func handle(_ envelope: DeviceEnvelope) throws -> Transition {
        try envelope.check(
            session: request.session, parametersHash: request.parametersHash, round: envelope.round,
            roster: group.roster)
        guard request.signers.contains(envelope.sender) else { throw CeremonyError.notASigner(index: envelope.sender) }
        switch envelope.round {
        case .signCommitment:
            return try handleCommitment(envelope)
        case .signShare:
            return try handleShare(envelope)
        default:
            throw CeremonyError.wrongRound(expected: "a signing round", got: envelope.round.description)
        }
    }

    private func culprit(_ index: Int) -> Culprit { rosterCulprit(group.roster, index) }

    private func handleCommitment(_ envelope: DeviceEnvelope) throws -> Transition {
        guard oneRound == nil else {
            throw CeremonyError.unexpectedMessage(
                state: "in a one-round session (the signers' commitments were preprocessed)",
                message: Round.signCommitment.urType)
        }
        if let previous = commitments[envelope.sender] {
            guard previous == envelope else {
                throw CeremonyError.conflictingMessage(from: envelope.sender, reason: "a second, different commitment")
            }
            return Transition(coordinator: self, outgoing: package.map { [.package($0)] } ?? [])
        }
        func parses<C: Ciphersuite>(_ suite: C.Type) -> Bool {
            (try? SignCommitmentPayload(payload: envelope.payload).commitments(suite, count: itemCount)) != nil
        }
        let valid = parses(request.suite.ciphersuite)
        guard valid else {
            throw CeremonyError.blame(culprit: culprit(envelope.sender), reason: "its commitment is invalid")
        }
        var next = self
        next.commitments[envelope.sender] = envelope
        return Transition(coordinator: next, outgoing: next.package.map { [.package($0)] } ?? [])
    }

    private func handleShare(_ envelope: DeviceEnvelope) throws -> Transition {
        guard let package = commitmentList else {
            throw CeremonyError.unexpectedMessage(state: "not every signer committed", message: Round.signShare.urType)
        }
        let sender = envelope.sender
        if let previous = shares[sender] {
            guard previous == envelope else {
                throw CeremonyError.conflictingMessage(from: sender, reason: "a second, different share")
            }
            // The same share again: the signature again, once there is one.
            return Transition(coordinator: self, outgoing: result.map { [.result($0)] } ?? [])
        }
        let payload: SignSharePayload
        do {
            payload = try SignSharePayload(payload: envelope.payload)
        } catch {
            throw CeremonyError.blame(culprit: culprit(sender), reason: "its share message is malformed")
        }
        guard payload.packageHash == package.hash else {
            throw CeremonyError.blame(culprit: culprit(sender), reason: "its share answers another signing package")
        }
        guard payload.shares.count == itemCount else {
            throw CeremonyError.blame(
                culprit: culprit(sender), reason: "it sent \(payload.shares.count) shares where \(itemCount) were due")
        }
        guard
            try request.suite.signing.shareVerifies(
                payload.shares, sender: sender, package: package, request: request, group: group)
        else { throw CeremonyError.blame(culprit: culprit(sender), reason: "its signature share does not verify") }
        var next = self
        next.shares[sender] = envelope
        guard next.shares.count == request.signers.count else { return Transition(coordinator: next, outgoing: []) }
        return Transition(coordinator: next, outgoing: [.result(try next.aggregate(package))])
    }

    private func aggregate(_ package: any SigningCommitmentList) throws -> SignResult {
        var shareBytes: [Int: [[UInt8]]] = [:]
        for (sender, envelope) in shares {
            shareBytes[sender] = try SignSharePayload(payload: envelope.payload).shares
        }
        let signatures = try request.suite.signing.aggregate(
            shares: shareBytes, package: package, request: request, group: group)
        return SignResult(session: request.session, parametersHash: request.parametersHash, signatures: signatures)
    }
}
