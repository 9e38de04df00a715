import DeterministicCBOR
import UniformResources

/// A message the coordinator shows.
public enum CoordinatorMessage: Sendable, Hashable {
    /// A DKG message.
    case dkg(CoordinatorOutput)
    /// A signing message.
    case signing(SigningOutput)

    /// The message as a UR of its type.
    public var ur: UR {
        get throws {
            switch self {
            case .dkg(let output): return try output.ur
            case .signing(let output): return try output.ur
            }
        }
    }
}

extension DKGCoordinator {
    /// The coordinator's state as dCBOR (public data only).
    ///
    /// CDDL: `dkg-coordinator = { 0: 1, 1: invite, 2: [* envelope] (contributions), 3: [* envelope] (signatures) }`
    public var cbor: CBOR {
        let n = invite.participantCount
        return .map(
            CBORMap([
                (0, .unsigned(CeremonyProtocol.version)), (1, invite.cbor),
                (2, .array((1...n).compactMap { contributions[$0]?.cbor })),
                (3, .array((1...n).compactMap { transcriptSignatures[$0]?.cbor })),
            ]))
    }

    /// Rebuilds the coordinator by replaying the stored messages through `handle`, so a stored state is checked
    /// exactly as the messages were when they arrived.
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: "dkg coordinator state", allowed: [0, 1, 2, 3])
        try fields.version()
        var coordinator = DKGCoordinator(invite: try DKGInvite(cbor: try fields.value(1, "invite")))
        let limit = 0...CeremonyProtocol.maxParticipants
        for key: UInt64 in [2, 3] {
            for item in try fields.array(key, "messages", count: limit) {
                coordinator = try coordinator.handle(try DeviceEnvelope(cbor: item)).coordinator
            }
        }
        self = coordinator
    }
}

extension SigningCoordinator {
    /// The coordinator's state as dCBOR (public data only).
    ///
    /// CDDL: `sign-coordinator = { 0: 1, 1: sign-request, 2: group-record, 3: [* envelope] (commitments),
    ///                             4: [* envelope] (shares) }`
    public var cbor: CBOR {
        .map(
            CBORMap([
                (0, .unsigned(CeremonyProtocol.version)), (1, request.cbor), (2, group.cbor),
                (3, .array(request.signers.compactMap { commitments[$0]?.cbor })),
                (4, .array(request.signers.compactMap { shares[$0]?.cbor })),
            ]))
    }

    /// Rebuilds the coordinator by replaying the stored messages through `handle`.
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: "sign coordinator state", allowed: [0, 1, 2, 3, 4])
        try fields.version()
        var coordinator = try SigningCoordinator(
            request: try SignRequest(cbor: try fields.value(1, "request")),
            group: try GroupRecord(cbor: try fields.value(2, "group")))
        for key: UInt64 in [3, 4] {
            for item in try fields.array(key, "messages", count: 0...CeremonyProtocol.maxParticipants) {
                coordinator = try coordinator.handle(try DeviceEnvelope(cbor: item)).coordinator
            }
        }
        self = coordinator
    }
}

/// The coordinator's state directory: public data only, plain dCBOR, each file written atomically
/// (`<path>/dkg-<session>.cbor`, `<path>/sign-<session>.cbor`).
public struct CoordinatorDirectory: Sendable {
    /// The directory.
    public let path: String
    let hook: WritePointHook

    /// Opens (creating if needed) a coordinator directory.
    public init(path: String, hook: WritePointHook = .fromEnvironment()) throws {
        try AtomicFile.makeDirectory(path)
        AtomicFile.removeLeftovers(in: path)
        self.path = path
        self.hook = hook
    }

    static let maxFileBytes = 4 << 20

    /// Saves a DKG coordinator's state.
    public func save(_ coordinator: DKGCoordinator) throws {
        try AtomicFile.write(
            coordinator.cbor.encoded, to: path + "/dkg-" + hexString(coordinator.invite.session) + ".cbor",
            file: "dkg-coordinator", hook: hook)
    }

    /// Loads a DKG coordinator's state; nil when there is none for the session.
    public func loadDKG(session: [UInt8]) throws -> DKGCoordinator? {
        let file = path + "/dkg-" + hexString(session) + ".cbor"
        guard let bytes = try AtomicFile.read(file, limit: CoordinatorDirectory.maxFileBytes) else { return nil }
        do {
            return try DKGCoordinator(cbor: try CBOR.decode(bytes, limits: CBORLimits(maxDepth: 16)))
        } catch {
            throw CeremonyError.corruptedState(file: file, reason: "\(error)")
        }
    }

    /// Saves a signing coordinator's state.
    public func save(_ coordinator: SigningCoordinator) throws {
        try AtomicFile.write(
            coordinator.cbor.encoded, to: path + "/sign-" + hexString(coordinator.request.session) + ".cbor",
            file: "sign-coordinator", hook: hook)
    }

    /// Starts a DKG: stores the coordinator and returns the invite to show to every device.
    public func startDKG(_ invite: DKGInvite) throws -> CoordinatorOutput {
        if let existing = try loadDKG(session: invite.session), existing.invite != invite {
            throw CeremonyError.invalidParameters(reason: "another invite already uses this session id")
        }
        try save(DKGCoordinator(invite: invite))
        return .invite(invite)
    }

    /// Starts a signing session for a group (any device's public `GroupRecord`); returns the request to show.
    public func startSigning(_ request: SignRequest, group: GroupRecord) throws -> SignRequest {
        if let existing = try loadSigning(session: request.session), existing.request != request {
            throw CeremonyError.invalidParameters(reason: "another request already uses this session id")
        }
        try save(try SigningCoordinator(request: request, group: group))
        return request
    }

    /// Handles a scanned device message for whichever session it belongs to, saves the new state, and returns
    /// the messages to show (a bundle, an investigation, a certificate, a package or a signature).
    public func receive(_ envelope: DeviceEnvelope) throws -> [CoordinatorMessage] {
        switch envelope.round {
        case .dkgContribution, .dkgTranscriptSignature, .dkgComplaint:
            guard let coordinator = try loadDKG(session: envelope.session) else {
                throw CeremonyError.wrongSession(
                    expected: "a DKG this coordinator runs", got: shortHex(envelope.session))
            }
            let transition = try coordinator.handle(envelope)
            try save(transition.coordinator)
            return transition.outgoing.map(CoordinatorMessage.dkg)
        case .signCommitment, .signShare:
            guard let coordinator = try loadSigning(session: envelope.session) else {
                throw CeremonyError.wrongSession(
                    expected: "a signing session this coordinator runs", got: shortHex(envelope.session))
            }
            let transition = try coordinator.handle(envelope)
            try save(transition.coordinator)
            return transition.outgoing.map(CoordinatorMessage.signing)
        }
    }

    /// Loads a signing coordinator's state; nil when there is none for the session.
    public func loadSigning(session: [UInt8]) throws -> SigningCoordinator? {
        let file = path + "/sign-" + hexString(session) + ".cbor"
        guard let bytes = try AtomicFile.read(file, limit: CoordinatorDirectory.maxFileBytes) else { return nil }
        do {
            return try SigningCoordinator(cbor: try CBOR.decode(bytes, limits: CBORLimits(maxDepth: 16)))
        } catch {
            throw CeremonyError.corruptedState(file: file, reason: "\(error)")
        }
    }
}
