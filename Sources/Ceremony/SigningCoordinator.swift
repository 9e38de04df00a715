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

/// The untrusted coordinator of one FROST signing session as a pure value (RFC 9591 §5): it collects the
/// signers' commitments, sends the package, checks each signature share (§5.4, naming the culprit) and
/// aggregates the signature (§5.3). It holds only public data; it learns the group's public record from any
/// device's `GroupRecord` (checked against its certificate).
public struct SigningCoordinator: Sendable, Hashable {
    /// The request the signers were shown.
    public let request: SignRequest
    /// The group's public record.
    public let group: GroupRecord
    /// Commitment envelopes received, by signer.
    public private(set) var commitments: [Int: DeviceEnvelope] = [:]
    /// Share envelopes received, by signer.
    public private(set) var shares: [Int: DeviceEnvelope] = [:]
    /// The group key and verifying shares, computed once from the group's transcript.
    let publicResult: DKGPublicResult

    /// The result of handling one message.
    public struct Transition: Sendable {
        /// The coordinator's new state (save it before showing `outgoing`).
        public let coordinator: SigningCoordinator
        /// Messages to show to the signers.
        public let outgoing: [SigningOutput]
    }

    /// Starts a session; checks that the request is for this group and its signers are ≥ t roster members.
    public init(request: SignRequest, group: GroupRecord) throws {
        try group.certificate.verify(invite: group.invite, transcriptHash: group.transcriptHash)
        guard request.suite == group.invite.suite, request.groupKey == (group.groupKey) else {
            throw CeremonyError.wrongGroup(expected: shortHex(group.groupKey), got: shortHex(request.groupKey))
        }
        guard request.signers.count >= group.invite.threshold,
            request.signers.allSatisfy({ $0 <= group.invite.participantCount })
        else { throw CeremonyError.invalidParameters(reason: "the signer set is not t or more roster members") }
        self.request = request
        self.group = group
        publicResult = group.publicResult
    }

    /// The package, once every signer committed.
    public var package: SignPackage? {
        let envelopes = request.signers.compactMap { commitments[$0] }
        guard envelopes.count == request.signers.count else { return nil }
        return SignPackage(session: request.session, parametersHash: request.parametersHash, commitments: envelopes)
    }

    /// The result (the group signature, RFC 9591 §5.3, R || z), once every signer's share arrived.
    public var result: SignResult? {
        guard shares.count == request.signers.count, let package else { return nil }
        func aggregated<C: Ciphersuite>(_ suite: C.Type) -> SignResult? {
            guard let signingPackage = try? package.signingPackage(request: request, roster: group.invite.roster, suite)
            else { return nil }
            return try? aggregate(signingPackage, suite)
        }
        return aggregated(request.suite.ciphersuite)
    }

    /// The group signature, once every signer's share arrived.
    public var signature: [UInt8]? { result?.signature }

    /// Handles a commitment or share envelope.
    public func handle(_ envelope: DeviceEnvelope) throws -> Transition {
        try envelope.check(
            session: request.session, parametersHash: request.parametersHash, round: envelope.round,
            roster: group.invite.roster)
        guard request.signers.contains(envelope.sender) else { throw CeremonyError.notASigner(index: envelope.sender) }
        switch envelope.round {
        case .signCommitment:
            return try handleCommitment(envelope)
        case .signShare:
            return try handleShare(envelope, request.suite.ciphersuite)
        default:
            throw CeremonyError.wrongRound(expected: "a signing round", got: envelope.round.description)
        }
    }

    private func culprit(_ index: Int) -> Culprit { group.invite.culprit(index) }

    private func handleCommitment(_ envelope: DeviceEnvelope) throws -> Transition {
        if let previous = commitments[envelope.sender] {
            guard previous == envelope else {
                throw CeremonyError.conflictingMessage(from: envelope.sender, reason: "a second, different commitment")
            }
            return Transition(coordinator: self, outgoing: package.map { [.package($0)] } ?? [])
        }
        func parses<C: Ciphersuite>(_ suite: C.Type) -> Bool {
            (try? SignCommitmentPayload(payload: envelope.payload).commitments(suite)) != nil
        }
        let valid = parses(request.suite.ciphersuite)
        guard valid else {
            throw CeremonyError.blame(culprit: culprit(envelope.sender), reason: "its commitment is invalid")
        }
        var next = self
        next.commitments[envelope.sender] = envelope
        return Transition(coordinator: next, outgoing: next.package.map { [.package($0)] } ?? [])
    }

    private func handleShare<C: Ciphersuite>(_ envelope: DeviceEnvelope, _: C.Type) throws -> Transition {
        guard let package else {
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
        let signingPackage = try package.signingPackage(request: request, roster: group.invite.roster, C.self)
        let identifier = try PedPop<C>.identifier(sender)
        do {
            let share = try SignatureShare<C>(deserializing: payload.share)
            try Aggregator.verifySignatureShare(
                share, identifier: identifier,
                verifyingShare: try VerifyingShare<C>(deserializing: publicResult.verifyingShares[sender - 1]),
                signingPackage: signingPackage,
                verifyingKey: try VerifyingKey<C>(deserializing: publicResult.groupKey))
        } catch {
            throw CeremonyError.blame(culprit: culprit(sender), reason: "its signature share does not verify")
        }
        var next = self
        next.shares[sender] = envelope
        guard next.shares.count == request.signers.count else { return Transition(coordinator: next, outgoing: []) }
        return Transition(coordinator: next, outgoing: [.result(try next.aggregate(signingPackage, C.self))])
    }

    private func aggregate<C: Ciphersuite>(_ signingPackage: SigningPackage<C>, _: C.Type) throws -> SignResult {
        var signatureShares: [Identifier<C>: SignatureShare<C>] = [:]
        var verifyingShares: [Identifier<C>: VerifyingShare<C>] = [:]
        for (sender, envelope) in shares {
            let identifier = try PedPop<C>.identifier(sender)
            signatureShares[identifier] = try SignatureShare<C>(
                deserializing: try SignSharePayload(payload: envelope.payload).share)
        }
        for index in 1...group.invite.participantCount {
            verifyingShares[try PedPop<C>.identifier(index)] = try VerifyingShare<C>(
                deserializing: publicResult.verifyingShares[index - 1])
        }
        do {
            let signature = try Aggregator.aggregate(
                signingPackage: signingPackage, signatureShares: signatureShares,
                publicKeyPackage: PublicKeyPackage<C>(
                    verifyingShares: verifyingShares,
                    verifyingKey: try VerifyingKey<C>(deserializing: publicResult.groupKey),
                    minSigners: group.invite.threshold))
            return SignResult(
                session: request.session, parametersHash: request.parametersHash, signature: signature.serialize())
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }
}
