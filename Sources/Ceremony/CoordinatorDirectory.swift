import DeterministicCBOR
import UniformResources

/// A message the coordinator shows next, with the state of its session after it.
public enum CoordinatorMessage: Sendable {
    /// A DKG message (invite, bundle, investigation or certificate).
    case dkg(CoordinatorOutput, DKGCoordinator)
    /// A signing message (package or signature).
    case signing(SigningOutput, SigningCoordinator)
    /// A share refresh message (bundle or certificate).
    case refresh(RefreshOutput, RefreshCoordinator)
    /// An enrollment message (a bundle or the certificate).
    case enrollment(EnrollmentOutput, EnrollmentCoordinator)

    /// The message as a UR of its type.
    public var ur: UR {
        get throws {
            switch self {
            case .dkg(let output, _): return try output.ur
            case .signing(let output, _): return try output.ur
            case .refresh(let output, _): return try output.ur
            case .enrollment(let output, _): return try output.ur
            }
        }
    }

    /// The message in a person's words, e.g. `the signing package`.
    public var name: String {
        switch self {
        case .dkg(.invite, _): return "the invite"
        case .dkg(.bundle, _): return "the bundle"
        case .dkg(.investigation, _): return "the investigation"
        case .dkg(.certificate, _): return "the certificate"
        case .signing(.package, _): return "the signing package"
        case .signing(.result, _): return "the signature"
        case .refresh(.invite, _): return "the refresh invite"
        case .refresh(.bundle, _): return "the refresh bundle"
        case .refresh(.certificate, _): return "the refresh certificate"
        case .enrollment(.invite, _): return "the enrollment invite"
        case .enrollment(.bundle(let bundle), _):
            return bundle.sigmas.isEmpty ? "the helpers' deltas" : "the enrollment bundle"
        case .enrollment(.certificate, _): return "the enrollment certificate"
        }
    }
}

/// What the coordinator did with one scanned message, said in a sentence by `description`.
public enum CoordinatorEvent: Sendable, CustomStringConvertible {
    /// An identity joined the roster (`added` false: it was there already).
    case identity(Identity, added: Bool)
    /// A group's public record was kept.
    case groupKept(GroupRecord)
    /// A device message of a key generation arrived (`repeated`: the coordinator had it already); `state` is the
    /// session after it.
    case dkgMessage(round: Round, sender: Int, repeated: Bool, state: DKGCoordinator)
    /// A member's batch of preprocessed commitments was kept; `available` unused ones are now held for it.
    case nonceBatch(sender: Int, group: GroupRecord, available: Int)
    /// A device message of a signing session arrived (`repeated`: the coordinator had it already); `state` is the
    /// session after it.
    case signingMessage(round: Round, sender: Int, repeated: Bool, state: SigningCoordinator)
    /// A member message of a share refresh arrived; `state` is the session after it.
    case refreshMessage(round: Round, sender: Int, repeated: Bool, state: RefreshCoordinator)
    /// A message of an enrollment arrived; `state` is the session after it.
    case enrollmentMessage(round: Round, sender: Int, repeated: Bool, state: EnrollmentCoordinator)

    /// One sentence for the person at the coordinator.
    public var description: String {
        switch self {
        case .identity(let identity, let added):
            return added
                ? "Added \(identity.rosterName) to the roster." : "\(identity.rosterName) is already in the roster."
        case .groupKept(let record):
            return "Kept the record of group \"\(record.invite.groupLabel)\" (\(Base16.encode(record.groupKey)))."
        case .dkgMessage(let round, let sender, let repeated, let state):
            let n = state.invite.participantCount
            return (repeated ? "Already had" : "Received") + " the \(round.spokenName) of "
                + "\(state.invite.roster[sender - 1].rosterName): contributions \(state.contributions.count)/\(n), "
                + "transcript signatures \(state.transcriptSignatures.count)/\(n)."
        case .nonceBatch(let sender, let group, let available):
            return "Kept the preprocessed commitments of \(group.roster[sender - 1].rosterName) for group "
                + "\"\(group.invite.groupLabel)\": \(available) unused."
        case .signingMessage(let round, let sender, let repeated, let state):
            let t = state.request.signers.count
            return (repeated ? "Already had" : "Received") + " the \(round.spokenName) of "
                + "\(state.group.roster[sender - 1].rosterName): commitments \(state.oneRound != nil ? t : state.commitments.count)/\(t), "
                + "shares \(state.shares.count)/\(t)."
        case .refreshMessage(let round, let sender, let repeated, let state):
            let n = state.group.participantCount
            return (repeated ? "Already had" : "Received") + " the \(round.spokenName) of "
                + "\(state.group.roster[sender - 1].rosterName): contributions \(state.contributions.count)/\(n), "
                + "transcript signatures \(state.transcriptSignatures.count)/\(n)."
        case .enrollmentMessage(let round, let sender, let repeated, let state):
            let roster = round == .enrollTranscriptSignature ? state.newRoster : state.group.roster
            let h = state.invite.helpers.count
            return (repeated ? "Already had" : "Received") + " the \(round.spokenName) of \(roster[sender - 1].rosterName): "
                + "deltas \(state.deltas.count)/\(h), sigmas \(state.sigmas.count)/\(h), transcript signatures "
                + "\(state.transcriptSignatures.count)/\(state.newRoster.count)."
        }
    }
}

/// What `CoordinatorDirectory.receive` returns: what happened, and the message to show next once a round is
/// complete.
public struct CoordinatorReceipt: Sendable {
    /// What the coordinator did with the message.
    public let event: CoordinatorEvent
    /// The message to show next, if the message completed a round.
    public let next: CoordinatorMessage?
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
    ///                             4: [* envelope] (shares), ? 5: sign-one-round }`
    public var cbor: CBOR {
        var map = CBORMap([
            (0, .unsigned(CeremonyProtocol.version)), (1, request.cbor), (2, group.cbor),
            (3, .array(request.signers.compactMap { commitments[$0]?.cbor })),
            (4, .array(request.signers.compactMap { shares[$0]?.cbor })),
        ])
        if let oneRound { map[5] = oneRound.cbor }
        return .map(map)
    }

    /// Rebuilds the coordinator by replaying the stored messages through `handle`.
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: "sign coordinator state", allowed: [0, 1, 2, 3, 4, 5])
        try fields.version()
        var coordinator = try SigningCoordinator(
            request: try SignRequest(cbor: try fields.value(1, "request")),
            group: try GroupRecord(cbor: try fields.value(2, "group")),
            oneRound: fields.has(5) ? try SignOneRound(cbor: try fields.value(5, "one-round package")) : nil)
        for key: UInt64 in [3, 4] {
            for item in try fields.array(key, "messages", count: 0...CeremonyProtocol.maxParticipants) {
                coordinator = try coordinator.handle(try DeviceEnvelope(cbor: item)).coordinator
            }
        }
        self = coordinator
    }
}

/// The coordinator's state directory: public data only, plain dCBOR or UR text, every file written atomically and
/// durably (temp file, fsync, rename, fsync of the directory):
///
/// ```
/// <path>/dkg-<session-hex>.cbor          a key generation (DKGCoordinator)
/// <path>/sign-<session-hex>.cbor         a signing session (SigningCoordinator)
/// <path>/refresh-<session-hex>.cbor      a share refresh (RefreshCoordinator)
/// <path>/identities/NN-<hash-hex>.ur     the roster being gathered, in the order added
/// <path>/groups/<group-key-hex>.ur       the public record of each group it coordinated
/// <path>/batches/<group-key-hex>-NN.cbor each member's preprocessed nonce batches and which commitments were used
/// ```
public struct CoordinatorDirectory: Sendable {
    /// The directory.
    public let path: String
    let hook: WritePointHook

    /// Opens (creating if needed) a coordinator directory.
    public init(path: String, hook: WritePointHook = .none) throws {
        for folder in ["", "/identities", "/groups", "/batches"] {
            try AtomicFile.makeDirectory(path + folder)
            AtomicFile.removeLeftovers(in: path + folder)
        }
        self.path = path
        self.hook = hook
    }

    static let maxFileBytes = 4 << 20

    /// The kinds of session the coordinator stores, each as `<prefix><session-hex>.cbor`.
    private enum SessionKind: String {
        case dkg = "dkg-", signing = "sign-", refresh = "refresh-", enrollment = "enroll-"
    }

    private func file(_ kind: SessionKind, _ session: [UInt8]) -> String {
        path + "/" + kind.rawValue + Base16.encode(session) + ".cbor"
    }

    private func save(_ state: CBOR, _ kind: SessionKind, session: [UInt8]) throws {
        try AtomicFile.write(
            state.encoded, to: file(kind, session), file: kind.rawValue + "coordinator", hook: hook)
    }

    /// Every stored session of a kind, in the order of their session ids.
    private func all<State>(_ kind: SessionKind, _ decode: (CBOR) throws -> State) throws -> [State] {
        try AtomicFile.list(path).filter { $0.hasPrefix(kind.rawValue) && $0.hasSuffix(".cbor") }
            .compactMap { Base16.decode(String($0.dropFirst(kind.rawValue.count).dropLast(5))) }
            .compactMap { try load(file(kind, $0), decode) }
    }

    /// Saves a DKG coordinator's state.
    public func save(_ coordinator: DKGCoordinator) throws {
        try save(coordinator.cbor, .dkg, session: coordinator.invite.session)
    }

    /// Loads a DKG coordinator's state; nil when there is none for the session.
    public func loadDKG(session: [UInt8]) throws -> DKGCoordinator? {
        try load(file(.dkg, session)) { try DKGCoordinator(cbor: $0) }
    }

    /// Every key generation this coordinator runs or ran, in the order of their session ids.
    public func keyGenerations() throws -> [DKGCoordinator] { try all(.dkg, DKGCoordinator.init(cbor:)) }

    /// Saves a signing coordinator's state.
    public func save(_ coordinator: SigningCoordinator) throws {
        try save(coordinator.cbor, .signing, session: coordinator.request.session)
    }

    /// Loads a signing coordinator's state; nil when there is none for the session.
    public func loadSigning(session: [UInt8]) throws -> SigningCoordinator? {
        try load(file(.signing, session)) { try SigningCoordinator(cbor: $0) }
    }

    /// Every signing session this coordinator runs or ran, in the order of their session ids.
    public func signingSessions() throws -> [SigningCoordinator] { try all(.signing, SigningCoordinator.init(cbor:)) }

    /// Saves a refresh coordinator's state.
    public func save(_ coordinator: RefreshCoordinator) throws {
        try save(coordinator.cbor, .refresh, session: coordinator.invite.session)
    }

    /// Loads a refresh coordinator's state; nil when there is none for the session.
    public func loadRefresh(session: [UInt8]) throws -> RefreshCoordinator? {
        try load(file(.refresh, session)) { try RefreshCoordinator(cbor: $0) }
    }

    /// Every share refresh this coordinator runs or ran, in the order of their session ids.
    public func refreshSessions() throws -> [RefreshCoordinator] { try all(.refresh, RefreshCoordinator.init(cbor:)) }

    /// Saves an enrollment coordinator's state.
    public func save(_ coordinator: EnrollmentCoordinator) throws {
        try save(coordinator.cbor, .enrollment, session: coordinator.invite.session)
    }

    /// Loads an enrollment coordinator's state; nil when there is none for the session.
    public func loadEnrollment(session: [UInt8]) throws -> EnrollmentCoordinator? {
        try load(file(.enrollment, session)) { try EnrollmentCoordinator(cbor: $0) }
    }

    /// Every enrollment this coordinator runs or ran, in the order of their session ids.
    public func enrollments() throws -> [EnrollmentCoordinator] {
        try all(.enrollment, EnrollmentCoordinator.init(cbor:))
    }


    /// Starts a share refresh of a group this coordinator keeps; returns the invite to show to every member.
    public func startRefresh(_ invite: RefreshInvite) throws -> RefreshInvite {
        let group = try groups().first { $0.groupKey == invite.groupKey }
        guard let group else {
            throw CeremonyError.wrongGroup(expected: "a group this coordinator keeps", got: shortHex(invite.groupKey))
        }
        if let existing = try loadRefresh(session: invite.session), existing.invite != invite {
            throw CeremonyError.invalidParameters(reason: "another invite already uses this session id")
        }
        try save(try RefreshCoordinator(invite: invite, group: group))
        return invite
    }

    /// Starts an enrollment into a group this coordinator keeps; returns the invite to show.
    public func startEnrollment(_ invite: EnrollmentInvite) throws -> EnrollmentInvite {
        guard let group = try groups().first(where: { $0.groupKey == invite.groupKey }) else {
            throw CeremonyError.wrongGroup(expected: "a group this coordinator keeps", got: shortHex(invite.groupKey))
        }
        if let existing = try loadEnrollment(session: invite.session), existing.invite != invite {
            throw CeremonyError.invalidParameters(reason: "another invite already uses this session id")
        }
        try save(try EnrollmentCoordinator(invite: invite, group: group))
        return invite
    }

    private func load<State>(_ file: String, _ decode: (CBOR) throws -> State) throws -> State? {
        guard let bytes = try AtomicFile.read(file, limit: CoordinatorDirectory.maxFileBytes) else { return nil }
        do {
            return try decode(try CBOR.decode(bytes, limits: CBORLimits(maxDepth: 16)))
        } catch {
            throw CeremonyError.corruptedState(file: file, reason: "\(error)")
        }
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

    // MARK: Preprocessed commitments (issue 16)

    /// The most batches the coordinator keeps per member and group (the device keeps as many).
    static let maxBatches = NonceBatchStore.maxBatchesPerGroup

    private func batchFile(_ groupKey: [UInt8], member: Int) -> String {
        path + "/batches/" + Base16.encode(groupKey) + String(format: "-%02d.cbor", member)
    }

    /// A member's batches for a group: each batch envelope and the indices already used.
    ///
    /// CDDL: `member-batches = { 0: 1, 1: [* { 1: envelope, 2: [* uint] (used) }] }`
    func memberBatches(_ group: GroupRecord, member: Int) throws -> [(envelope: DeviceEnvelope, used: Set<Int>)] {
        try load(batchFile(group.groupKey, member: member)) { cbor in
            let fields = try MessageFields(cbor, message: "member batches", allowed: [0, 1])
            try fields.version()
            return try fields.array(1, "batches", count: 0...CoordinatorDirectory.maxBatches).map { item in
                let entry = try MessageFields(item, message: "member batches", allowed: [1, 2])
                let envelope = try DeviceEnvelope(cbor: try entry.value(1, "batch"))
                let used = try entry.array(2, "used", count: 0...NonceBatchPayload.maxCount).map {
                    guard let value = $0.unsignedValue, value < UInt64(NonceBatchPayload.maxCount) else {
                        throw CeremonyError.wrongType(message: "member batches", field: "used", expected: "an index")
                    }
                    return Int(value)
                }
                return (envelope, Set(used))
            }
        } ?? []
    }

    private func saveBatches(_ batches: [(envelope: DeviceEnvelope, used: Set<Int>)], group: GroupRecord, member: Int)
        throws
    {
        let items: [CBOR] = batches.map {
            .map(CBORMap([(1, $0.envelope.cbor), (2, .array($0.used.sorted().map { .unsigned(UInt64($0)) }))]))
        }
        try AtomicFile.write(
            CBOR.map(CBORMap([(0, .unsigned(CeremonyProtocol.version)), (1, .array(items))])).encoded,
            to: batchFile(group.groupKey, member: member), file: "coordinator-batches", hook: hook)
    }

    /// Keeps a member's batch of preprocessed commitments (checked: signed by the member, for this group, each
    /// commitment signed and valid); returns how many unused commitments the coordinator now holds for it. A batch
    /// it holds already changes nothing; at the limit the oldest batch goes, as the device drops its oldest.
    @discardableResult
    public func keepBatch(_ envelope: DeviceEnvelope, group: GroupRecord) throws -> Int {
        let batch = try NonceBatchPayload.checked(envelope, group: group)
        var batches = try memberBatches(group, member: envelope.sender)
        if !batches.contains(where: { $0.envelope.session == envelope.session }) {
            batches.append((envelope, []))
            // Oldest first, by the time each device says it issued the batch.
            batches.sort { Self.issuedAt($0.envelope) < Self.issuedAt($1.envelope) }
            batches.removeAll { Self.issuedAt($0.envelope) &+ NonceBatchStore.maxAge < batch.issuedAt }
            if batches.count > CoordinatorDirectory.maxBatches {
                batches.removeFirst(batches.count - CoordinatorDirectory.maxBatches)
            }
            try saveBatches(batches, group: group, member: envelope.sender)
        }
        return try availableCommitments(group, member: envelope.sender)
    }

    private static func issuedAt(_ envelope: DeviceEnvelope) -> UInt64 {
        (try? NonceBatchPayload(payload: envelope.payload))?.issuedAt ?? 0
    }

    /// The free commitments of each of a member's batches still usable when a request expiring at `expiry` is
    /// answered (a device refuses batches older than `NonceBatchStore.maxAge`), oldest batch first.
    private static func freeCommitments(_ batches: [(envelope: DeviceEnvelope, used: Set<Int>)], usableAt expiry: UInt64)
        -> [(position: Int, payload: NonceBatchPayload, free: [Int])]
    {
        batches.enumerated().compactMap { position, entry in
            guard let payload = try? NonceBatchPayload(payload: entry.envelope.payload),
                expiry <= payload.issuedAt &+ NonceBatchStore.maxAge
            else { return nil }
            return (position, payload, payload.commitments.indices.filter { !entry.used.contains($0) })
        }
    }

    /// How many unused preprocessed commitments of `member` the coordinator holds for the group.
    public func availableCommitments(_ group: GroupRecord, member: Int) throws -> Int {
        try memberBatches(group, member: member).reduce(0) { total, entry in
            total + ((try? NonceBatchPayload(payload: entry.envelope.payload).commitments.count) ?? 0) - entry.used.count
        }
    }

    /// When a member has fewer unused commitments than this, the coordinator asks for a top-up.
    public static let topUpBelow = 4

    /// Starts a one-round signing session (issue 16): takes, for each signer, as many unused preprocessed
    /// commitments as the request signs items (from one batch, lowest indices first), durably marks them used here
    /// first (so the coordinator never offers a commitment twice), stores the session and returns the package to
    /// show. Throws `notEnoughCommitments` when a signer has too few.
    public func startOneRoundSigning(_ request: SignRequest, group: GroupRecord) throws -> SignOneRound {
        if let existing = try loadSigning(session: request.session) {
            guard existing.request == request else {
                throw CeremonyError.invalidParameters(reason: "another request already uses this session id")
            }
            guard let package = existing.oneRound else {
                throw CeremonyError.invalidParameters(reason: "this request is already being signed in two rounds")
            }
            return package
        }
        let count = try SigningCoordinator(request: request, group: group).itemCount
        var picks: [(member: Int, batches: [(envelope: DeviceEnvelope, used: Set<Int>)], entry: OneRoundEntry)] = []
        for member in request.signers {
            // One batch serves all of a signer's items (the entry names one batch).
            var batches = try memberBatches(group, member: member)
            let candidates = Self.freeCommitments(batches, usableAt: request.expiry)
            guard let pick = candidates.first(where: { $0.free.count >= count }) else {
                throw CeremonyError.notEnoughCommitments(
                    signer: group.roster[member - 1].rosterName,
                    available: candidates.map(\.free.count).max() ?? 0, needed: count)
            }
            let indices = Array(pick.free.prefix(count))
            let chosen = OneRoundEntry(
                sender: member, batch: batches[pick.position].envelope.session, indices: indices,
                commitments: indices.map { pick.payload.commitments[$0] },
                signatures: indices.map { pick.payload.signatures[$0] })
            batches[pick.position].used.formUnion(indices)
            picks.append((member, batches, chosen))
        }
        let package = SignOneRound(request: request, entries: picks.map(\.entry))
        let coordinator = try SigningCoordinator(request: request, group: group, oneRound: package)
        for pick in picks { try saveBatches(pick.batches, group: group, member: pick.member) }
        try save(coordinator)
        return package
    }

    /// Whether every signer of `request` has enough unused preprocessed commitments for a one-round session.
    public func canSignInOneRound(_ request: SignRequest, group: GroupRecord) throws -> Bool {
        let count = try SigningCoordinator(request: request, group: group).itemCount
        return try request.signers.allSatisfy { member in
            Self.freeCommitments(try memberBatches(group, member: member), usableAt: request.expiry)
                .contains { $0.free.count >= count }
        }
    }

    /// Lines naming the members of `group` with fewer than `topUpBelow` unused commitments (ask them for a top-up).
    public func topUpLines(_ group: GroupRecord, members: [Int]) throws -> [String] {
        try members.compactMap { member in
            let available = try availableCommitments(group, member: member)
            guard available < CoordinatorDirectory.topUpBelow else { return nil }
            return "\(group.roster[member - 1].rosterName) has \(available) preprocessed commitment"
                + "\(available == 1 ? "" : "s") left: ask it for a top-up (heliograph sign preprocess)."
        }
    }

    // MARK: Roster and groups

    /// Adds an identity to the roster; false when it was there already. Another identity with the same host key or
    /// label is refused (`rosterClash`).
    @discardableResult
    public func add(_ identity: Identity) throws -> Bool {
        let known = try identities()
        if known.contains(identity) { return false }
        if let clash = known.first(where: { $0.signingKey == identity.signingKey || $0.label == identity.label }) {
            throw CeremonyError.rosterClash(new: identity.rosterName, existing: clash.rosterName)
        }
        let name = String(format: "%02d-", known.count + 1) + Base16.encode(Array(identity.hash.prefix(8))) + ".ur"
        try writeText(identity.ur.string, to: path + "/identities/" + name, file: "roster")
        return true
    }

    /// The roster gathered so far, in the order added.
    public func identities() throws -> [Identity] {
        try urs(in: "identities").map(Identity.init(ur:))
    }

    /// The public records of the groups this coordinator finished or was shown, in the order of their keys.
    public func groups() throws -> [GroupRecord] {
        try urs(in: "groups").map(GroupRecord.init(ur:))
    }

    /// The group whose key (hex) starts with `prefix`, or the only group when `prefix` is nil. Throws
    /// `groupNotFound` for none or several.
    public func group(matching prefix: String?) throws -> GroupRecord {
        let all = try groups()
        let matches = all.filter { Base16.encode($0.groupKey).hasPrefix((prefix ?? "").lowercased()) }
        guard matches.count == 1, let group = matches.first else {
            throw CeremonyError.groupNotFound(prefix: prefix, matches: matches.count, path: path)
        }
        return group
    }

    /// Keeps a group's public record (from the coordinator's own certificate, or scanned from a device); it was
    /// checked when it was made or decoded. A record of an earlier epoch than the one kept is ignored: returns false.
    @discardableResult
    public func keep(_ record: GroupRecord) throws -> Bool {
        if let kept = try groups().first(where: { $0.groupKey == record.groupKey }), kept.epoch > record.epoch {
            return false
        }
        try writeText(
            try record.ur.string, to: path + "/groups/" + Base16.encode(record.groupKey) + ".ur", file: "group")
        return true
    }

    private func writeText(_ text: String, to file: String, file name: String) throws {
        try AtomicFile.write(Array((text + "\n").utf8), to: file, file: name, hook: hook)
    }

    private func urs(in folder: String) throws -> [UR] {
        try AtomicFile.list(path + "/" + folder).filter { $0.hasSuffix(".ur") }.map { name in
            let file = path + "/" + folder + "/" + name
            guard let bytes = try AtomicFile.read(file, limit: CoordinatorDirectory.maxFileBytes),
                let text = String(validating: bytes, as: UTF8.self)
            else { throw CeremonyError.corruptedState(file: file, reason: "it is not UR text") }
            do {
                return try UR(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines))
            } catch {
                throw CeremonyError.corruptedState(file: file, reason: "\(error)")
            }
        }
    }

    // MARK: Routing

    /// Takes one scanned message: an identity joins the roster, a group record is kept, a device message goes to
    /// the session it names (which is saved before this returns). Returns what happened and, when the message
    /// completed a round, the message to show next. Messages for a device are refused (`unexpectedMessage`).
    public func receive(_ message: AnyCeremonyMessage) throws -> CoordinatorReceipt {
        switch message {
        case .identity(let identity):
            let added = try add(identity)
            return CoordinatorReceipt(event: .identity(identity, added: added), next: nil)
        case .groupRecord(let record):
            try keep(record)
            return CoordinatorReceipt(event: .groupKept(record), next: nil)
        case .device(let envelope):
            switch envelope.round {
            case .dkgContribution, .dkgTranscriptSignature, .dkgComplaint:
                guard let coordinator = try loadDKG(session: envelope.session) else {
                    throw CeremonyError.wrongSession(
                        expected: "a key generation this coordinator runs", got: shortHex(envelope.session))
                }
                let repeated = [coordinator.contributions, coordinator.transcriptSignatures].contains {
                    $0[envelope.sender] == envelope
                }
                let transition = try coordinator.handle(envelope)
                try save(transition.coordinator)
                let state = transition.coordinator
                return CoordinatorReceipt(
                    event: .dkgMessage(
                        round: envelope.round, sender: envelope.sender, repeated: repeated, state: state),
                    next: transition.outgoing.last.map { .dkg($0, state) })
            case .nonceBatch:
                let groups = try groups().filter { $0.groupKey == envelope.parametersHash }
                guard let group = groups.first else {
                    throw CeremonyError.wrongGroup(
                        expected: "a group this coordinator keeps", got: shortHex(envelope.parametersHash))
                }
                let available = try keepBatch(envelope, group: group)
                return CoordinatorReceipt(
                    event: .nonceBatch(sender: envelope.sender, group: group, available: available), next: nil)
            case .refreshContribution, .refreshTranscriptSignature:
                guard let coordinator = try loadRefresh(session: envelope.session) else {
                    throw CeremonyError.wrongSession(
                        expected: "a share refresh this coordinator runs", got: shortHex(envelope.session))
                }
                let repeated = [coordinator.contributions, coordinator.transcriptSignatures].contains {
                    $0[envelope.sender] == envelope
                }
                let transition = try coordinator.handle(envelope)
                try save(transition.coordinator)
                let state = transition.coordinator
                // The certificate completes the refresh: the group's record moves to the new epoch.
                if let record = state.record { try keep(record) }
                return CoordinatorReceipt(
                    event: .refreshMessage(
                        round: envelope.round, sender: envelope.sender, repeated: repeated, state: state),
                    next: transition.outgoing.last.map { .refresh($0, state) })
            case .enrollDeltas, .enrollSigma, .enrollTranscriptSignature:
                guard let coordinator = try loadEnrollment(session: envelope.session) else {
                    throw CeremonyError.wrongSession(
                        expected: "an enrollment this coordinator runs", got: shortHex(envelope.session))
                }
                let repeated = [coordinator.deltas, coordinator.sigmas, coordinator.transcriptSignatures].contains {
                    $0[envelope.sender] == envelope
                }
                let transition = try coordinator.handle(envelope)
                try save(transition.coordinator)
                let state = transition.coordinator
                if let record = state.record { try keep(record) }
                return CoordinatorReceipt(
                    event: .enrollmentMessage(
                        round: envelope.round, sender: envelope.sender, repeated: repeated, state: state),
                    next: transition.outgoing.last.map { .enrollment($0, state) })
            case .signCommitment, .signShare:
                guard let coordinator = try loadSigning(session: envelope.session) else {
                    throw CeremonyError.wrongSession(
                        expected: "a signing session this coordinator runs", got: shortHex(envelope.session))
                }
                let repeated = [coordinator.commitments, coordinator.shares].contains {
                    $0[envelope.sender] == envelope
                }
                let transition = try coordinator.handle(envelope)
                try save(transition.coordinator)
                let state = transition.coordinator
                return CoordinatorReceipt(
                    event: .signingMessage(
                        round: envelope.round, sender: envelope.sender, repeated: repeated, state: state),
                    next: transition.outgoing.last.map { .signing($0, state) })
            }
        default:
            throw CeremonyError.unexpectedMessage(
                state: "at the coordinator (it is for a device)", message: message.urType)
        }
    }

    /// What `coordinator status` shows: the roster, every key generation, group and signing session.
    public func statusLines() throws -> [String] {
        var lines = ["Roster gathered: " + (try identities().map(\.rosterName).joined(separator: ", "))]
        for state in try keyGenerations() {
            let n = state.invite.participantCount
            lines.append(
                "Key generation \"\(state.invite.groupLabel)\" \(state.invite.threshold) of \(n) "
                    + "(session \(shortHex(state.invite.session))): contributions \(state.contributions.count)/\(n), "
                    + "transcript signatures \(state.transcriptSignatures.count)/\(n)"
                    + (state.certificate != nil ? ", complete" : ""))
        }
        for state in try refreshSessions() {
            let n = state.group.participantCount
            lines.append(
                "Share refresh of \"\(state.group.invite.groupLabel)\" to epoch \(state.invite.epoch) "
                    + "(session \(shortHex(state.invite.session))): contributions \(state.contributions.count)/\(n), "
                    + "transcript signatures \(state.transcriptSignatures.count)/\(n)"
                    + (state.certificate != nil ? ", complete" : ""))
        }
        for state in try enrollments() {
            let h = state.invite.helpers.count
            lines.append(
                "Enrollment of \(state.invite.newcomer.rosterName) as member \(state.invite.member) of "
                    + "\"\(state.group.invite.groupLabel)\" (session \(shortHex(state.invite.session))): deltas "
                    + "\(state.deltas.count)/\(h), sigmas \(state.sigmas.count)/\(h), transcript signatures "
                    + "\(state.transcriptSignatures.count)/\(state.newRoster.count)"
                    + (state.certificate != nil ? ", complete" : ""))
        }
        for group in try groups() {
            lines.append(
                "Group \"\(group.invite.groupLabel)\": key \(Base16.encode(group.groupKey)), epoch \(group.epoch)"
                    + (group.epoch > 0 ? " (shares refreshed \(group.epoch) times)" : ""))
            lines += group.walletLines
            let counts = try (1...group.participantCount).map {
                "\(group.roster[$0 - 1].label) \(try availableCommitments(group, member: $0))"
            }
            lines.append("  Preprocessed commitments (one-round signing): " + counts.joined(separator: ", "))
        }
        for state in try signingSessions() {
            let roster = state.group.roster
            let t = state.request.signers.count
            let names = state.request.signers.map { roster.indices.contains($0 - 1) ? roster[$0 - 1].label : "\($0)" }
            var line = "Signing \"\(state.request.summary)\" (session \(shortHex(state.request.session)), signers "
                + names.joined(separator: ", ") + "): commitments \(state.oneRound != nil ? t : state.commitments.count)/\(t), shares "
                + "\(state.shares.count)/\(t)" + (state.oneRound != nil ? " (one round)" : "")
            if let result = state.result {
                line += result.signatures.count == 1
                    ? ", signature \(Base16.encode(result.signature))"
                    : ", \(result.signatures.count) signatures (one per group input): "
                        + result.signatures.map(Base16.encode).joined(separator: ", ")
            }
            lines.append(line)
        }
        return lines
    }
}
