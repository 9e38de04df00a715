import DeterministicCBOR

extension DKGCoordinator {
    /// The coordinator's state as dCBOR (public data only).
    ///
    /// CDDL: `dkg-coordinator = { 0: 1, 1: invite, 2: [* envelope] (contributions), 3: [* envelope] (signatures) }`
    public var cbor: CBOR {
        let n = invite.participantCount
        return .map(CBORMap([
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
        .map(CBORMap([
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
