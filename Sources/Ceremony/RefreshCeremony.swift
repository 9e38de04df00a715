import DeterministicCBOR
import FROST
import UniformResources

/// What happened when a device handled a refresh message, for the person at the device.
public enum RefreshEvent: Sendable, Hashable {
    /// The device accepted the invite and dealt its sharing of zero.
    case contributed(epoch: Int, parametersHash: [UInt8])
    /// Every dealer's zero-share checked out; the device signed the transcript.
    case transcriptSigned(transcriptHash: [UInt8], groupKey: [UInt8])
    /// All n signatures verified and the new share matches the new verifying share. The old epoch's record is kept
    /// until a test signature made with the new shares is shown (`oldShareDestroyed`).
    case refreshed(GroupRecord)
    /// A valid group signature of the refresh test message: the new shares work, so the old record is gone.
    case oldShareDestroyed(groupKey: [UInt8], epoch: Int)
    /// A refresh failed, naming who is to blame.
    case culpritFound(Culprit, reason: String)

    /// What the device tells the person, a line each.
    public var lines: [String] {
        switch self {
        case .contributed(let epoch, let parametersHash):
            return ["Dealt this device's sharing of zero for epoch \(epoch) (parameters \(shortHex(parametersHash)))."]
        case .transcriptSigned(let transcriptHash, let groupKey):
            return [
                "Every member's zero-share to this device checks out; signed refresh transcript "
                    + "\(Base16.encode(transcriptHash)).",
                "  Group key fingerprint (unchanged): \(DisplayText.fingerprint(groupKey))",
            ]
        case .refreshed(let record):
            return [
                "Shares refreshed: all \(record.participantCount) transcript signatures verify; this device's new share "
                    + "matches epoch \(record.epoch).",
                "  Group key fingerprint (unchanged): \(DisplayText.fingerprint(record.groupKey))",
                "  The old share (epoch \(record.epoch - 1)) is kept until a test signature with the new shares is "
                    + "shown to this device.",
            ]
        case .oldShareDestroyed(let groupKey, let epoch):
            return [
                "Test signature verified under group key \(DisplayText.fingerprint(groupKey)): the new shares sign, so "
                    + "the record of epoch \(epoch - 1) is destroyed."
            ]
        case .culpritFound(let culprit, let reason):
            return ["The refresh FAILED: \(culprit) is to blame: \(reason). The old shares stay in use."]
        }
    }
}

/// A device's side of a share refresh as a pure value, in the shape of `DKGDevice`: `handle` takes a coordinator
/// message and the device's record of the group at the epoch being refreshed, and returns the next state, the
/// messages to send back and the events to show. It throws, leaving the state as it was, for a message of another
/// session or group, or when the message blames someone. Handling the same message twice gives the same state and
/// the same reply.
public struct RefreshDevice: Sendable, Hashable {
    /// The invite the device accepted.
    public let invite: RefreshInvite
    /// The device's 1-based roster index.
    public let index: Int
    /// Where the device is in the refresh.
    public private(set) var phase: Phase

    /// The phases of a device's refresh.
    public enum Phase: Sendable, Hashable {
        /// Step 1 sent; awaiting the bundle.
        case contributed(contribution: DeviceEnvelope)
        /// Step 2 sent (these sums signed); awaiting the certificate.
        case signedTranscript(contribution: DeviceEnvelope, sums: RefreshSums, signature: DeviceEnvelope)
        /// The refresh is certified and applied.
        case complete(RefreshRecord)
        /// The refresh failed, blaming a party; the old shares stay in use.
        case failed(Culprit, reason: String)
    }

    /// The result of handling one message.
    public struct Transition: Sendable {
        /// The device's new state (persist it before sending `outgoing`).
        public let device: RefreshDevice
        /// Messages to show to the coordinator.
        public let outgoing: [DeviceEnvelope]
        /// What to tell the person.
        public let events: [RefreshEvent]
    }

    /// The coordinator messages a device handles during a refresh.
    public enum Incoming: Sendable {
        /// The invite again (re-shows the contribution).
        case invite(RefreshInvite)
        /// The bundle (step 2).
        case bundle(RefreshBundle)
        /// The certificate (finalize).
        case certificate(RefreshCertificate)
    }

    /// Checks that `group` is the record the invite refreshes: same group, the epoch before, the same history.
    static func check(_ invite: RefreshInvite, against group: GroupRecord) throws {
        guard invite.groupKey == group.groupKey, invite.suite == group.invite.suite else {
            throw CeremonyError.wrongGroup(expected: shortHex(group.groupKey), got: shortHex(invite.groupKey))
        }
        guard invite.epoch == group.epoch + 1, invite.history == group.historyDigest else {
            throw CeremonyError.invalidParameters(
                reason: "the invite refreshes epoch \(invite.epoch - 1) of another history; this device holds epoch "
                    + "\(group.epoch) (history \(shortHex(group.historyDigest)))")
        }
    }

    /// Accepts an invite: checks its expiry and group, then deals this device's sharing of zero.
    public static func accept(invite: RefreshInvite, group: GroupRecord, host: HostKey, now: UInt64) throws
        -> Transition
    {
        guard now <= invite.expiry else { throw CeremonyError.expired(expiry: invite.expiry, now: now) }
        try check(invite, against: group)
        guard group.roster[group.index - 1] == host.identity else {
            throw CeremonyError.keyNotUsable(reason: "the record is for another device's host key")
        }
        func deal<C: Ciphersuite>(_: C.Type) throws -> RefreshContribution {
            try RefreshMath<C>.contribute(
                invite: invite, roster: group.roster, threshold: group.invite.threshold, sender: group.index)
        }
        let contribution = try deal(invite.suite.ciphersuite)
        let envelope = DeviceEnvelope(
            round: .refreshContribution, session: invite.session, parametersHash: invite.parametersHash,
            sender: group.index, payload: contribution.payload, host: host)
        return Transition(
            device: RefreshDevice(invite: invite, index: group.index, phase: .contributed(contribution: envelope)),
            outgoing: [envelope], events: [.contributed(epoch: invite.epoch, parametersHash: invite.parametersHash)])
    }

    /// Whether the device signed this session's transcript (after which nothing a member sent can fail it).
    public var hasSigned: Bool {
        switch phase {
        case .signedTranscript, .complete: return true
        case .contributed, .failed: return false
        }
    }

    /// The last message this device sent (re-shown when the coordinator asks again).
    public var lastOutgoing: [DeviceEnvelope] {
        switch phase {
        case .contributed(let contribution): return [contribution]
        case .signedTranscript(_, _, let signature): return [signature]
        case .complete, .failed: return []
        }
    }

    /// Handles one coordinator message; `group` is the device's record at epoch `invite.epoch - 1`.
    public func handle(_ message: Incoming, group: GroupRecord, host: HostKey) throws -> Transition {
        guard group.roster[index - 1] == host.identity else {
            throw CeremonyError.invalidParameters(reason: "this state belongs to another host key")
        }
        try RefreshDevice.check(invite, against: group)
        switch message {
        case .invite(let other):
            guard other == invite else {
                throw CeremonyError.blame(
                    culprit: .coordinator, reason: "it sent a second, different refresh invite for this session")
            }
            return Transition(device: self, outgoing: lastOutgoing, events: [])
        case .bundle(let bundle):
            try checkRouting(session: bundle.session, parametersHash: bundle.parametersHash)
            // A member's signed message proves its fault: the refresh fails for good. A fault of the coordinator
            // leaves the state as it was (it may show the right bundle).
            do {
                return try handleBundle(bundle, group: group, host: host)
            } catch CeremonyError.blame(let culprit, let reason) where culprit != .coordinator && !hasSigned {
                var next = self
                next.phase = .failed(culprit, reason: reason)
                return Transition(device: next, outgoing: [], events: [.culpritFound(culprit, reason: reason)])
            }
        case .certificate(let certificate):
            try checkRouting(session: certificate.session, parametersHash: certificate.parametersHash)
            return try handleCertificate(certificate, group: group, host: host)
        }
    }

    private func checkRouting(session: [UInt8], parametersHash: [UInt8]) throws {
        guard session == invite.session else {
            throw CeremonyError.wrongSession(expected: shortHex(invite.session), got: shortHex(session))
        }
        guard parametersHash == invite.parametersHash else {
            throw CeremonyError.wrongParameters(
                expected: shortHex(invite.parametersHash), got: shortHex(parametersHash))
        }
    }

    /// The contributions of a bundle, each checked as forwarded: in roster order, signed by its sender (else the
    /// coordinator altered it), well formed (else its signer is to blame).
    static func contributions(_ bundle: RefreshBundle, invite: RefreshInvite, group: GroupRecord) throws
        -> [RefreshContribution]
    {
        let roster = group.roster
        guard bundle.contributions.count == roster.count else {
            throw CeremonyError.blame(culprit: .coordinator, reason: "the bundle has the wrong number of contributions")
        }
        return try bundle.contributions.enumerated().map { offset, envelope in
            guard envelope.sender == offset + 1 else {
                throw CeremonyError.blame(culprit: .coordinator, reason: "the contributions are out of order")
            }
            try envelope.check(
                session: invite.session, parametersHash: invite.parametersHash, round: .refreshContribution,
                roster: roster, forwarded: true)
            guard
                let contribution = try? RefreshContribution(
                    payload: envelope.payload, t: group.invite.threshold, n: roster.count)
            else {
                throw CeremonyError.blame(
                    culprit: rosterCulprit(roster, offset + 1),
                    reason: "it signed a malformed refresh contribution")
            }
            return contribution
        }
    }

    /// The sums of a bundle's contributions, each checked as forwarded and its commitment checked (what the
    /// coordinator computes once, and a member that signed compares a bundle shown again against).
    static func sums(of bundle: RefreshBundle, invite: RefreshInvite, group: GroupRecord) throws -> RefreshSums {
        let contributions = try RefreshDevice.contributions(bundle, invite: invite, group: group)
        func summed<C: Ciphersuite>(_: C.Type) throws -> RefreshSums {
            try RefreshMath<C>.sums(
                contributions,
                commitments: try contributions.enumerated().map {
                    try RefreshMath<C>.commitment($1, roster: group.roster, sender: $0 + 1)
                })
        }
        return try summed(invite.suite.ciphersuite)
    }

    private func handleBundle(_ bundle: RefreshBundle, group: GroupRecord, host: HostKey) throws -> Transition {
        let contribution: DeviceEnvelope
        switch phase {
        case .contributed(let sent):
            contribution = sent
        case .signedTranscript(_, let sums, _):
            // One transcript per session: signing a second would let an equivocating coordinator certify two. Any
            // other bundle, even one a member's second message spoils, is the coordinator's doing now.
            guard (try? RefreshDevice.sums(of: bundle, invite: invite, group: group)) == sums else {
                throw CeremonyError.blame(culprit: .coordinator, reason: "it sent this device two different bundles")
            }
            return Transition(device: self, outgoing: lastOutgoing, events: [])
        case .complete, .failed:
            throw CeremonyError.unexpectedMessage(state: "the refresh is over", message: RefreshBundle.urType)
        }
        guard bundle.contributions.indices.contains(index - 1), bundle.contributions[index - 1] == contribution else {
            throw CeremonyError.blame(
                culprit: .coordinator, reason: "the bundle does not carry this device's own contribution")
        }
        let contributions = try RefreshDevice.contributions(bundle, invite: invite, group: group)
        func checked<C: Ciphersuite>(_: C.Type) throws -> RefreshSums {
            try RefreshMath<C>.check(
                bundle: contributions, invite: invite, roster: group.roster, host: host, index: index)
        }
        let sums = try checked(invite.suite.ciphersuite)
        let transcriptHash = RefreshRecord.transcriptHash(invite: invite, sums: sums)
        let signature = DeviceEnvelope(
            round: .refreshTranscriptSignature, session: invite.session, parametersHash: invite.parametersHash,
            sender: index, payload: DKGTranscriptPayload(transcriptHash: transcriptHash).payload, host: host)
        var next = self
        next.phase = .signedTranscript(contribution: contribution, sums: sums, signature: signature)
        return Transition(
            device: next, outgoing: [signature],
            events: [.transcriptSigned(transcriptHash: transcriptHash, groupKey: invite.groupKey)])
    }

    private func handleCertificate(_ certificate: RefreshCertificate, group: GroupRecord, host: HostKey) throws
        -> Transition
    {
        switch phase {
        case .signedTranscript(_, let sums, _):
            let record = RefreshRecord(invite: invite, sums: sums, signatures: certificate.signatures)
            let refreshed = try group.appending(record)
            // The new share, re-derived from the host seed as it always will be, must match the new verifying share.
            _ = try refreshed.recover(host: host)
            var next = self
            next.phase = .complete(record)
            return Transition(device: next, outgoing: [], events: [.refreshed(refreshed)])
        case .complete(let record):
            guard record.signatures == certificate.signatures else {
                throw CeremonyError.blame(culprit: .coordinator, reason: "it sent a second, different certificate")
            }
            return Transition(device: self, outgoing: [], events: [])
        default:
            throw CeremonyError.unexpectedMessage(
                state: "the device has not signed a refresh transcript", message: RefreshCertificate.urType)
        }
    }
}

extension RefreshDevice {
    /// The state as dCBOR (public data: the device keeps no secret of a refresh; its delta comes back from the host
    /// seed and the record).
    ///
    /// CDDL: `refresh-device = { 0: 1, 1: refresh-invite, 2: index: uint, 3: phase: 0..3, ? 4: contribution: envelope,
    ///                           ? 5: refresh-sums, ? 6: signature: envelope, ? 7: [* bstr .size 64] (certificate),
    ///                           ? 8: culprit: uint (0 = coordinator), ? 9: reason: tstr, ? 10: label: tstr }`
    public var cbor: CBOR {
        var map = CBORMap([(0, .unsigned(CeremonyProtocol.version)), (1, invite.cbor), (2, .unsigned(UInt64(index)))])
        switch phase {
        case .contributed(let contribution):
            map[3] = 0
            map[4] = contribution.cbor
        case .signedTranscript(let contribution, let sums, let signature):
            map[3] = 1
            map[4] = contribution.cbor
            map[5] = sums.cbor
            map[6] = signature.cbor
        case .complete(let record):
            map[3] = 2
            map[5] = record.sums.cbor
            map[7] = .array(record.signatures.map(CBOR.bytes))
        case .failed(let culprit, let reason):
            map[3] = 3
            culprit.store(in: &map, index: 8, label: 10)
            map[9] = .text(reason)
        }
        return .map(map)
    }

    /// Reads a stored state strictly (`t` and `n` of the group, from the device's record).
    public init(cbor: CBOR, t: Int, n: Int) throws {
        let fields = try MessageFields(cbor, message: "refresh device state", allowed: Set(0...10))
        try fields.version()
        invite = try RefreshInvite(cbor: try fields.value(1, "invite"))
        index = try fields.int(2, "index", range: 1...n)
        let envelope = { (key: UInt64, name: String) in try DeviceEnvelope(cbor: try fields.value(key, name)) }
        switch try fields.unsigned(3, "phase", range: 0...3) {
        case 0:
            phase = .contributed(contribution: try envelope(4, "contribution"))
        case 1:
            phase = .signedTranscript(
                contribution: try envelope(4, "contribution"),
                sums: try RefreshSums(cbor: try fields.value(5, "sums"), t: t, n: n),
                signature: try envelope(6, "signature"))
        case 2:
            phase = .complete(
                RefreshRecord(
                    invite: invite, sums: try RefreshSums(cbor: try fields.value(5, "sums"), t: t, n: n),
                    signatures: try fields.byteStrings(7, "certificate", each: 64, count: n...n)))
        default:
            phase = .failed(
                try Culprit(fields, index: 8, label: 10, n: n), reason: try fields.text(9, "reason", maxBytes: 1024))
        }
    }
}

/// What the coordinator of a refresh or an enrollment shows: its invite, a bundle, its certificate.
public enum EventOutput<Invite: CeremonyMessage & Hashable, Bundle: CeremonyMessage & Hashable, Kind: TranscriptKind>:
    Sendable, Hashable
{
    /// The invite, to every member (and a new device).
    case invite(Invite)
    /// A bundle of the members' messages.
    case bundle(Bundle)
    /// The certificate, to everyone.
    case certificate(TranscriptCertificate<Kind>)

    /// The message as a UR of its type.
    public var ur: UR {
        get throws {
            switch self {
            case .invite(let message): return try message.ur
            case .bundle(let message): return try message.ur
            case .certificate(let message): return try message.ur
            }
        }
    }
}

/// What the refresh coordinator shows: the invite, every contribution, the certificate.
public typealias RefreshOutput = EventOutput<RefreshInvite, RefreshBundle, RefreshTranscript>

/// The untrusted coordinator of a refresh as a pure value, holding public data only: it checks each member's message
/// (signature, shapes, a non-degenerate commitment) so a bad member is named early, forwards the contributions whole,
/// and assembles the certificate. Its `record`, once complete, is the group's next epoch.
public struct RefreshCoordinator: Sendable, Hashable {
    /// The invite.
    public let invite: RefreshInvite
    /// The group at the epoch being refreshed.
    public let group: GroupRecord
    /// Step-1 envelopes received, by sender index.
    public private(set) var contributions: [Int: DeviceEnvelope] = [:]
    /// Step-2 envelopes received, by sender index.
    public private(set) var transcriptSignatures: [Int: DeviceEnvelope] = [:]
    /// The sums every member signs, computed once, when the last contribution arrives.
    public private(set) var sums: RefreshSums?

    /// The result of handling one member message.
    public struct Transition: Sendable {
        /// The coordinator's new state (save it before showing `outgoing`).
        public let coordinator: RefreshCoordinator
        /// Messages to show to every member.
        public let outgoing: [RefreshOutput]
    }

    /// Starts a refresh of `group`; the invite is the first message to show. Throws when the invite is not for the
    /// group's next epoch.
    public init(invite: RefreshInvite, group: GroupRecord) throws {
        try RefreshDevice.check(invite, against: group)
        self.invite = invite
        self.group = group
    }

    private var n: Int { group.participantCount }

    /// The bundle, once every member contributed.
    public var bundle: RefreshBundle? {
        let envelopes = (1...n).compactMap { contributions[$0] }
        guard envelopes.count == n else { return nil }
        return RefreshBundle(session: invite.session, parametersHash: invite.parametersHash, contributions: envelopes)
    }


    /// The certificate, once every member signed the transcript.
    public var certificate: RefreshCertificate? {
        let envelopes = (1...n).compactMap { transcriptSignatures[$0] }
        guard envelopes.count == n else { return nil }
        return RefreshCertificate(
            session: invite.session, parametersHash: invite.parametersHash, signatures: envelopes.map(\.signature))
    }

    /// The group's record at the new epoch, once the certificate is complete.
    public var record: GroupRecord? {
        guard let certificate, let sums else { return nil }
        return try? group.appending(RefreshRecord(invite: invite, sums: sums, signatures: certificate.signatures))
    }

    /// Handles one member message. Throws for another session or round, for a conflicting second message, and with
    /// a culprit for a bad signature or shape.
    public func handle(_ envelope: DeviceEnvelope) throws -> Transition {
        try envelope.check(
            session: invite.session, parametersHash: invite.parametersHash, round: envelope.round,
            roster: group.roster)
        let sender = envelope.sender
        var next = self
        switch envelope.round {
        case .refreshContribution:
            if let previous = contributions[sender] {
                guard previous == envelope else {
                    throw CeremonyError.conflictingMessage(from: sender, reason: "a second, different contribution")
                }
                return Transition(coordinator: self, outgoing: bundle.map { [.bundle($0)] } ?? [])
            }
            let roster = group.roster
            guard
                let contribution = try? RefreshContribution(
                    payload: envelope.payload, t: group.invite.threshold, n: roster.count)
            else {
                throw CeremonyError.blame(
                    culprit: rosterCulprit(roster, sender),
                    reason: "it signed a malformed refresh contribution")
            }
            func check<C: Ciphersuite>(_: C.Type) throws {
                _ = try RefreshMath<C>.commitment(contribution, roster: roster, sender: sender)
            }
            try check(invite.suite.ciphersuite)
            next.contributions[sender] = envelope
            if let bundle = next.bundle { next.sums = try RefreshDevice.sums(of: bundle, invite: invite, group: group) }
            return Transition(coordinator: next, outgoing: next.bundle.map { [.bundle($0)] } ?? [])
        case .refreshTranscriptSignature:
            guard let sums else {
                throw CeremonyError.unexpectedMessage(
                    state: "not every member has contributed", message: Round.refreshTranscriptSignature.urType)
            }
            let payload = try DKGTranscriptPayload(payload: envelope.payload)
            guard payload.transcriptHash == RefreshRecord.transcriptHash(invite: invite, sums: sums) else {
                throw CeremonyError.blame(
                    culprit: rosterCulprit(group.roster, sender),
                    reason: "it signed another refresh transcript")
            }
            if let previous = transcriptSignatures[sender], previous != envelope {
                throw CeremonyError.conflictingMessage(from: sender, reason: "a second, different transcript signature")
            }
            next.transcriptSignatures[sender] = envelope
            return Transition(coordinator: next, outgoing: next.certificate.map { [.certificate($0)] } ?? [])
        default:
            throw CeremonyError.wrongRound(expected: "a refresh round", got: envelope.round.description)
        }
    }
}

extension RefreshCoordinator {
    /// The coordinator's state as dCBOR (public data only).
    ///
    /// CDDL: `refresh-coordinator = { 0: 1, 1: refresh-invite, 2: group-record, 3: [* envelope] (contributions),
    ///                                4: [* envelope] (signatures) }`
    public var cbor: CBOR {
        .map(
            CBORMap([
                (0, .unsigned(CeremonyProtocol.version)), (1, invite.cbor), (2, group.cbor),
                (3, .array((1...n).compactMap { contributions[$0]?.cbor })),
                (4, .array((1...n).compactMap { transcriptSignatures[$0]?.cbor })),
            ]))
    }

    /// Rebuilds the coordinator by replaying the stored messages through `handle`.
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: "refresh coordinator state", allowed: [0, 1, 2, 3, 4])
        try fields.version()
        var coordinator = try RefreshCoordinator(
            invite: try RefreshInvite(cbor: try fields.value(1, "invite")),
            group: try GroupRecord(cbor: try fields.value(2, "group")))
        for key: UInt64 in [3, 4] {
            for item in try fields.array(key, "messages", count: 0...CeremonyProtocol.maxParticipants) {
                coordinator = try coordinator.handle(try DeviceEnvelope(cbor: item)).coordinator
            }
        }
        self = coordinator
    }
}
