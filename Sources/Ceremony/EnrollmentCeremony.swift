import DeterministicCBOR
import FROST
import UniformResources

/// What happened when a device handled an enrollment message.
public enum EnrollmentEvent: Sendable, Hashable {
    /// A helper dealt its deltas (step 1).
    case dealt(member: Int)
    /// A helper checked the deltas it got and sent its sum to the new device (step 2).
    case summed(member: Int)
    /// A member that is not a helper, or the new device, accepted the invite and waits for the bundle.
    case waiting(member: Int)
    /// The bundle checked out (for the new device: its share matches the member's verifying share); the device signed.
    case transcriptSigned(transcriptHash: [UInt8], groupKey: [UInt8])
    /// The new roster's signatures verified; the group record moves to the new epoch.
    case enrolled(GroupRecord, newcomer: Bool)
    /// The enrollment failed, naming who is to blame.
    case culpritFound(Culprit, reason: String)

    /// What the device tells the person, a line each.
    public var lines: [String] {
        switch self {
        case .dealt(let member):
            return ["Dealt this device's repair deltas for member \(member) (each padded to its helper)."]
        case .summed(let member):
            return ["Every helper's delta checks out; sent their sum to the device that becomes member \(member)."]
        case .waiting(let member):
            return ["Accepted the enrollment of member \(member); waiting for the helpers' bundle."]
        case .transcriptSigned(let transcriptHash, let groupKey):
            return [
                "The enrollment checks out; signed transcript \(Base16.encode(transcriptHash)).",
                "  Group key fingerprint (unchanged): \(DisplayText.fingerprint(groupKey))",
            ]
        case .enrolled(let record, let newcomer):
            return [
                newcomer
                    ? "Enrolled: this device is member \(record.index) of \"\(record.invite.groupLabel)\"; its share "
                        + "matches the group's verifying share."
                    : "The group's roster changed: \(record.participantCount) members at epoch \(record.epoch).",
                "  Group key fingerprint (unchanged): \(DisplayText.fingerprint(record.groupKey))",
                "  A lost device still holds the share it had: refresh the shares now (group refresh).",
            ]
        case .culpritFound(let culprit, let reason):
            return ["The enrollment FAILED: \(culprit) is to blame: \(reason). The group stays as it was."]
        }
    }
}

/// A device's side of an enrollment, as a helper, a member that is not a helper, or the new device, in the shape
/// of `RefreshDevice`. `group` is the record of the epoch before (for the new device, the group's public record).
public struct EnrollmentDevice: Sendable, Hashable {
    /// The invite the device accepted.
    public let invite: EnrollmentInvite
    /// The device's index in the new roster (the new device's is `invite.member`).
    public let index: Int
    /// Whether this is the new device.
    public let newcomer: Bool
    /// Where the device is.
    public private(set) var phase: Phase

    /// The phases of a device's enrollment.
    public enum Phase: Sendable, Hashable {
        /// A helper sent its deltas; awaiting the first bundle.
        case dealt(deltas: DeviceEnvelope)
        /// A helper sent its sigma; awaiting the bundle.
        case summed(deltas: DeviceEnvelope, sigma: DeviceEnvelope)
        /// Not a helper: awaiting the bundle.
        case waiting
        /// Signed the transcript of these sums; awaiting the certificate.
        case signedTranscript(sums: EnrollmentSums, signature: DeviceEnvelope)
        /// Certified and applied.
        case complete(EnrollmentRecord)
        /// Failed, blaming a party.
        case failed(Culprit, reason: String)
    }

    /// The result of handling one message.
    public struct Transition: Sendable {
        /// The new state (persist it before sending `outgoing`).
        public let device: EnrollmentDevice
        /// Messages to show to the coordinator.
        public let outgoing: [DeviceEnvelope]
        /// What to tell the person.
        public let events: [EnrollmentEvent]
    }

    /// The coordinator messages a device handles during an enrollment.
    public enum Incoming: Sendable {
        /// The invite again.
        case invite(EnrollmentInvite)
        /// A bundle: the helpers' deltas (step 2 for helpers) or every message (the transcript, for everyone).
        case bundle(EnrollmentBundle)
        /// The certificate.
        case certificate(EnrollmentCertificate)
    }

    /// Accepts an invite: checks expiry, group and role; a helper deals its deltas.
    public static func accept(invite: EnrollmentInvite, group: GroupRecord, host: HostKey, now: UInt64) throws
        -> Transition
    {
        guard now <= invite.expiry else { throw CeremonyError.expired(expiry: invite.expiry, now: now) }
        try invite.check(against: group)
        if invite.newcomer == host.identity {
            return Transition(
                device: EnrollmentDevice(invite: invite, index: invite.member, newcomer: true, phase: .waiting),
                outgoing: [], events: [.waiting(member: invite.member)])
        }
        guard let index = group.roster.firstIndex(of: host.identity).map({ $0 + 1 }), index != invite.member else {
            throw CeremonyError.invalidParameters(
                reason: "this device (\(host.identity.label)) is neither a member who stays nor the new device")
        }
        guard invite.helpers.contains(index) else {
            return Transition(
                device: EnrollmentDevice(invite: invite, index: index, newcomer: false, phase: .waiting),
                outgoing: [], events: [.waiting(member: invite.member)])
        }
        func deal<C: Ciphersuite>(_: C.Type) throws -> EnrollmentDeltas {
            try EnrollMath<C>.deltas(invite: invite, group: group, host: host, sender: index)
        }
        let envelope = DeviceEnvelope(
            round: .enrollDeltas, session: invite.session, parametersHash: invite.parametersHash, sender: index,
            payload: try deal(invite.suite.ciphersuite).payload, host: host)
        return Transition(
            device: EnrollmentDevice(invite: invite, index: index, newcomer: false, phase: .dealt(deltas: envelope)),
            outgoing: [envelope], events: [.dealt(member: invite.member)])
    }

    /// Whether the device signed this session's transcript (after which nothing a party sent can fail it).
    public var hasSigned: Bool {
        switch phase {
        case .signedTranscript, .complete: return true
        case .dealt, .summed, .waiting, .failed: return false
        }
    }

    /// The last message this device sent.
    public var lastOutgoing: [DeviceEnvelope] {
        switch phase {
        case .dealt(let deltas): return [deltas]
        case .summed(_, let sigma): return [sigma]
        case .signedTranscript(_, let signature): return [signature]
        case .waiting, .complete, .failed: return []
        }
    }

    /// The steps of a bundle, each checked as forwarded: in helper order, signed by its helper (else the coordinator
    /// altered it), well formed (else its signer is to blame).
    static func steps(_ bundle: EnrollmentBundle, invite: EnrollmentInvite, group: GroupRecord) throws
        -> (deltas: [EnrollmentDeltas], sigmas: [EnrollmentSigma])
    {
        let helpers = invite.helpers
        guard bundle.session == invite.session, bundle.parametersHash == invite.parametersHash else {
            throw CeremonyError.wrongSession(expected: shortHex(invite.session), got: shortHex(bundle.session))
        }
        guard bundle.deltas.count == helpers.count, bundle.sigmas.isEmpty || bundle.sigmas.count == helpers.count else {
            throw CeremonyError.blame(culprit: .coordinator, reason: "the bundle has the wrong number of messages")
        }
        func checked(_ envelope: DeviceEnvelope, _ position: Int, _ round: Round) throws {
            guard envelope.sender == helpers[position] else {
                throw CeremonyError.blame(culprit: .coordinator, reason: "the helpers' messages are out of order")
            }
            try envelope.check(
                session: invite.session, parametersHash: invite.parametersHash, round: round, roster: group.roster,
                forwarded: true)
        }
        let deltas = try bundle.deltas.enumerated().map { position, envelope in
            try checked(envelope, position, .enrollDeltas)
            guard let step = try? EnrollmentDeltas(payload: envelope.payload, helpers: helpers.count) else {
                throw CeremonyError.blame(
                    culprit: rosterCulprit(group.roster, helpers[position]), reason: "it signed malformed deltas")
            }
            return step
        }
        let deltasHash = EnrollmentBundle.deltasHash(bundle.deltas)
        let sigmas = try bundle.sigmas.enumerated().map { position, envelope in
            try checked(envelope, position, .enrollSigma)
            guard let step = try? EnrollmentSigma(payload: envelope.payload) else {
                throw CeremonyError.blame(
                    culprit: rosterCulprit(group.roster, helpers[position]), reason: "it signed a malformed sigma")
            }
            // Each helper's sigma names the deltas it summed: another set means the helpers were shown different
            // deltas (some helper signed two), which no one but the coordinator can have shown.
            guard step.deltasHash == deltasHash else {
                throw CeremonyError.blame(
                    culprit: .coordinator, reason: "helper \(helpers[position]) summed other deltas than this bundle's")
            }
            return step
        }
        return (deltas, sigmas)
    }

    /// The sums of a bundle of every message, each checked as forwarded and each helper's commitments checked (what
    /// the coordinator computes once, and a party that signed compares a bundle shown again against).
    static func sums(of bundle: EnrollmentBundle, invite: EnrollmentInvite, group: GroupRecord) throws
        -> EnrollmentSums
    {
        let steps = try EnrollmentDevice.steps(bundle, invite: invite, group: group)
        func summed<C: Ciphersuite>(_: C.Type) throws -> EnrollmentSums {
            try EnrollMath<C>.sums(steps.deltas, sigmas: steps.sigmas, invite: invite, group: group)
        }
        return try summed(invite.suite.ciphersuite)
    }

    /// Handles one coordinator message; `group` is the record of epoch `invite.epoch - 1`.
    public func handle(_ message: Incoming, group: GroupRecord, host: HostKey) throws -> Transition {
        guard invite.roster(after: group.roster)[index - 1] == host.identity else {
            throw CeremonyError.invalidParameters(reason: "this state belongs to another host key")
        }
        try invite.check(against: group)
        switch message {
        case .invite(let other):
            guard other == invite else {
                throw CeremonyError.blame(
                    culprit: .coordinator, reason: "it sent a second, different enrollment invite for this session")
            }
            return Transition(device: self, outgoing: lastOutgoing, events: [])
        case .bundle(let bundle):
            // A party's signed message proves its fault: the enrollment fails for good. A fault of the coordinator
            // leaves the state as it was (it may show the right bundle).
            do {
                return try handleBundle(bundle, group: group, host: host)
            } catch CeremonyError.blame(let culprit, let reason) where culprit != .coordinator && !hasSigned {
                var next = self
                next.phase = .failed(culprit, reason: reason)
                return Transition(device: next, outgoing: [], events: [.culpritFound(culprit, reason: reason)])
            }
        case .certificate(let certificate):
            guard certificate.session == invite.session, certificate.parametersHash == invite.parametersHash else {
                throw CeremonyError.wrongSession(expected: shortHex(invite.session), got: shortHex(certificate.session))
            }
            return try handleCertificate(certificate, group: group, host: host)
        }
    }

    private func handleBundle(_ bundle: EnrollmentBundle, group: GroupRecord, host: HostKey) throws -> Transition {
        let suite = invite.suite.ciphersuite
        if case .signedTranscript(let signed, _) = phase {
            // One transcript per session. Any other bundle, even one a party's second message spoils, is the
            // coordinator's doing now.
            guard (try? EnrollmentDevice.sums(of: bundle, invite: invite, group: group)) == signed else {
                throw CeremonyError.blame(culprit: .coordinator, reason: "it sent this device two different bundles")
            }
            return Transition(device: self, outgoing: lastOutgoing, events: [])
        }
        let steps = try EnrollmentDevice.steps(bundle, invite: invite, group: group)
        if steps.sigmas.isEmpty {
            // The first bundle: a helper checks the deltas it got and sends their sum to the new device.
            switch phase {
            case .dealt(let deltas):
                guard let position = invite.helpers.firstIndex(of: index), bundle.deltas[position] == deltas else {
                    throw CeremonyError.blame(
                        culprit: .coordinator, reason: "the bundle does not carry this device's own deltas")
                }
                func sum<C: Ciphersuite>(_: C.Type) throws -> EnrollmentSigma {
                    try EnrollMath<C>.sigma(
                        steps.deltas, deltasHash: EnrollmentBundle.deltasHash(bundle.deltas), invite: invite,
                        group: group, host: host, me: index)
                }
                let sigma = DeviceEnvelope(
                    round: .enrollSigma, session: invite.session, parametersHash: invite.parametersHash, sender: index,
                    payload: try sum(suite).payload, host: host)
                var next = self
                next.phase = .summed(deltas: deltas, sigma: sigma)
                return Transition(device: next, outgoing: [sigma], events: [.summed(member: invite.member)])
            case .summed(let deltas, _):
                guard let position = invite.helpers.firstIndex(of: index), bundle.deltas[position] == deltas else {
                    throw CeremonyError.blame(culprit: .coordinator, reason: "it sent this device two different bundles")
                }
                return Transition(device: self, outgoing: lastOutgoing, events: [])
            default:
                throw CeremonyError.unexpectedMessage(
                    state: "only a helper that dealt reads the helpers' deltas", message: EnrollmentBundle.urType)
            }
        }
        func summed<C: Ciphersuite>(_: C.Type) throws -> EnrollmentSums {
            try EnrollMath<C>.sums(steps.deltas, sigmas: steps.sigmas, invite: invite, group: group)
        }
        let sums = try summed(suite)
        switch phase {
        case .summed(let deltas, let sigma):
            guard let position = invite.helpers.firstIndex(of: index), bundle.deltas[position] == deltas,
                bundle.sigmas[position] == sigma
            else {
                throw CeremonyError.blame(
                    culprit: .coordinator, reason: "the bundle does not carry this device's own messages")
            }
        case .waiting:
            break
        default:
            throw CeremonyError.unexpectedMessage(
                state: "this device is not waiting for the enrollment bundle", message: EnrollmentBundle.urType)
        }
        let record = EnrollmentRecord(invite: invite, sums: sums, signatures: [])
        if newcomer {
            // The new device's share: each sigma checked against its helper's deltas, then the whole share against
            // the member's verifying share (for a new member: the one the helpers' commitments give).
            func share<C: Ciphersuite>(_: C.Type) throws {
                var value = try EnrollMath<C>.newcomerShare(record, roster: group.roster, host: host)
                defer { value.zeroize() }
                let target =
                    invite.member <= group.participantCount
                    ? group.publicResult.verifyingShares[invite.member - 1] : try EnrollMath<C>.target(sums).serialize()
                guard C.multiplyGenerator(by: value).serialize() == target else {
                    throw CeremonyError.blame(
                        culprit: .coordinator, reason: "the rebuilt share does not match the member's verifying share")
                }
            }
            try share(suite)
        }
        let transcriptHash = record.transcriptHash
        let signature = DeviceEnvelope(
            round: .enrollTranscriptSignature, session: invite.session, parametersHash: invite.parametersHash,
            sender: index, payload: DKGTranscriptPayload(transcriptHash: transcriptHash).payload, host: host)
        var next = self
        next.phase = .signedTranscript(sums: sums, signature: signature)
        return Transition(
            device: next, outgoing: [signature],
            events: [.transcriptSigned(transcriptHash: transcriptHash, groupKey: invite.groupKey)])
    }

    private func handleCertificate(_ certificate: EnrollmentCertificate, group: GroupRecord, host: HostKey) throws
        -> Transition
    {
        switch phase {
        case .signedTranscript(let sums, _):
            let record = EnrollmentRecord(invite: invite, sums: sums, signatures: certificate.signatures)
            let enrolled = try group.appending(record).forMember(index)
            _ = try enrolled.recover(host: host)
            var next = self
            next.phase = .complete(record)
            return Transition(device: next, outgoing: [], events: [.enrolled(enrolled, newcomer: newcomer)])
        case .complete(let record):
            guard record.signatures == certificate.signatures else {
                throw CeremonyError.blame(culprit: .coordinator, reason: "it sent a second, different certificate")
            }
            return Transition(device: self, outgoing: [], events: [])
        default:
            throw CeremonyError.unexpectedMessage(
                state: "the device has not signed an enrollment transcript", message: EnrollmentCertificate.urType)
        }
    }
}

extension EnrollmentDevice {
    /// The state as dCBOR (public data only).
    ///
    /// CDDL: `enroll-device = { 0: 1, 1: enroll-invite, 2: index: uint, 3: newcomer: bool, 4: phase: 0..5,
    ///                          ? 5: deltas: envelope, ? 6: sigma: envelope, ? 7: enroll-sums, ? 8: signature: envelope,
    ///                          ? 9: [* bstr .size 64], ? 10: culprit: uint (0 = coordinator), ? 11: label: tstr,
    ///                          ? 12: reason: tstr }`
    public var cbor: CBOR {
        var map = CBORMap([
            (0, .unsigned(CeremonyProtocol.version)), (1, invite.cbor), (2, .unsigned(UInt64(index))),
            (3, .simple(newcomer ? .true : .false)),
        ])
        switch phase {
        case .dealt(let deltas):
            map[4] = 0
            map[5] = deltas.cbor
        case .summed(let deltas, let sigma):
            map[4] = 1
            map[5] = deltas.cbor
            map[6] = sigma.cbor
        case .waiting:
            map[4] = 2
        case .signedTranscript(let sums, let signature):
            map[4] = 3
            map[7] = sums.cbor
            map[8] = signature.cbor
        case .complete(let record):
            map[4] = 4
            map[7] = record.sums.cbor
            map[9] = .array(record.signatures.map(CBOR.bytes))
        case .failed(let culprit, let reason):
            map[4] = 5
            culprit.store(in: &map, index: 10, label: 11)
            map[12] = .text(reason)
        }
        return .map(map)
    }

    /// Reads a stored state strictly.
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: "enrollment device state", allowed: Set(0...12))
        try fields.version()
        invite = try EnrollmentInvite(cbor: try fields.value(1, "invite"))
        index = try fields.int(2, "index", range: 1...CeremonyProtocol.maxParticipants)
        guard let flag = try fields.value(3, "newcomer").boolValue else {
            throw CeremonyError.wrongType(message: "enrollment device state", field: "newcomer", expected: "a bool")
        }
        newcomer = flag
        let envelope = { (key: UInt64, name: String) in try DeviceEnvelope(cbor: try fields.value(key, name)) }
        let h = invite.helpers.count
        switch try fields.unsigned(4, "phase", range: 0...5) {
        case 0: phase = .dealt(deltas: try envelope(5, "deltas"))
        case 1: phase = .summed(deltas: try envelope(5, "deltas"), sigma: try envelope(6, "sigma"))
        case 2: phase = .waiting
        case 3:
            phase = .signedTranscript(
                sums: try EnrollmentSums(cbor: try fields.value(7, "sums"), helpers: h),
                signature: try envelope(8, "signature"))
        case 4:
            phase = .complete(
                EnrollmentRecord(
                    invite: invite, sums: try EnrollmentSums(cbor: try fields.value(7, "sums"), helpers: h),
                    signatures: try fields.byteStrings(
                        9, "certificate", each: 64, count: 2...CeremonyProtocol.maxParticipants)))
        default:
            phase = .failed(
                try Culprit(fields, index: 10, label: 11, n: CeremonyProtocol.maxParticipants), reason: try fields.text(12, "reason", maxBytes: 1024))
        }
    }
}

/// What the enrollment coordinator shows: the invite, the helpers' deltas (to the helpers) or every message (to
/// everyone), the certificate.
public typealias EnrollmentOutput = EventOutput<EnrollmentInvite, EnrollmentBundle, EnrollmentTranscript>

/// The untrusted coordinator of an enrollment as a pure value, holding public data only: it checks each message on
/// arrival (signature, shape, the helpers' commitments against their verifying shares) so a bad party is named early,
/// forwards everything, and assembles the certificate. Its `record` is the group at the new epoch.
public struct EnrollmentCoordinator: Sendable, Hashable {
    /// The invite.
    public let invite: EnrollmentInvite
    /// The group at the epoch before.
    public let group: GroupRecord
    /// Step-1 messages by helper index.
    public private(set) var deltas: [Int: DeviceEnvelope] = [:]
    /// Step-2 messages by helper index.
    public private(set) var sigmas: [Int: DeviceEnvelope] = [:]
    /// Transcript signatures by index in the new roster.
    public private(set) var transcriptSignatures: [Int: DeviceEnvelope] = [:]
    /// The sums everyone signs, computed once, when the last sigma arrives.
    public private(set) var sums: EnrollmentSums?

    /// The result of handling one message.
    public struct Transition: Sendable {
        /// The coordinator's new state (save it before showing `outgoing`).
        public let coordinator: EnrollmentCoordinator
        /// Messages to show.
        public let outgoing: [EnrollmentOutput]
    }

    /// Starts an enrollment into `group`; throws when the invite does not fit the group.
    public init(invite: EnrollmentInvite, group: GroupRecord) throws {
        try invite.check(against: group)
        self.invite = invite
        self.group = group
    }

    /// The roster after the enrollment.
    public var newRoster: [Identity] { invite.roster(after: group.roster) }

    /// The first bundle (the helpers' deltas), once every helper dealt.
    public var firstBundle: EnrollmentBundle? {
        let all = invite.helpers.compactMap { deltas[$0] }
        guard all.count == invite.helpers.count else { return nil }
        return EnrollmentBundle(session: invite.session, parametersHash: invite.parametersHash, deltas: all, sigmas: [])
    }

    /// The bundle of every message, once every helper sent its sigma.
    public var bundle: EnrollmentBundle? {
        let all = invite.helpers.compactMap { sigmas[$0] }
        guard let first = firstBundle, all.count == invite.helpers.count else { return nil }
        return EnrollmentBundle(
            session: invite.session, parametersHash: invite.parametersHash, deltas: first.deltas, sigmas: all)
    }


    /// The certificate, once every member of the new roster signed.
    public var certificate: EnrollmentCertificate? {
        let all = (1...newRoster.count).compactMap { transcriptSignatures[$0] }
        guard all.count == newRoster.count else { return nil }
        return EnrollmentCertificate(
            session: invite.session, parametersHash: invite.parametersHash, signatures: all.map(\.signature))
    }

    /// The group at the new epoch, once certified.
    public var record: GroupRecord? {
        guard let certificate, let sums else { return nil }
        return try? group.appending(EnrollmentRecord(invite: invite, sums: sums, signatures: certificate.signatures))
    }

    /// Handles one device message.
    public func handle(_ envelope: DeviceEnvelope) throws -> Transition {
        let roster = envelope.round == .enrollTranscriptSignature ? newRoster : group.roster
        try envelope.check(
            session: invite.session, parametersHash: invite.parametersHash, round: envelope.round, roster: roster)
        let sender = envelope.sender
        let culprit = rosterCulprit(roster, sender)
        var next = self
        switch envelope.round {
        case .enrollDeltas, .enrollSigma:
            guard let position = invite.helpers.firstIndex(of: sender) else {
                throw CeremonyError.blame(culprit: culprit, reason: "it is not a helper of this enrollment")
            }
            let step1 = envelope.round == .enrollDeltas
            if let previous = (step1 ? deltas : sigmas)[sender] {
                guard previous == envelope else {
                    throw CeremonyError.conflictingMessage(from: sender, reason: "a second, different \(envelope.round.spokenName)")
                }
                let output = step1 ? firstBundle : bundle
                return Transition(coordinator: self, outgoing: output.map { [.bundle($0)] } ?? [])
            }
            if step1 {
                guard let parsed = try? EnrollmentDeltas(payload: envelope.payload, helpers: invite.helpers.count) else {
                    throw CeremonyError.blame(culprit: culprit, reason: "it signed malformed deltas")
                }
                func check<C: Ciphersuite>(_: C.Type) throws {
                    _ = try EnrollMath<C>.commitments(parsed, position: position, invite: invite, group: group)
                }
                try check(invite.suite.ciphersuite)
                next.deltas[sender] = envelope
                return Transition(coordinator: next, outgoing: next.firstBundle.map { [.bundle($0)] } ?? [])
            }
            guard firstBundle != nil else {
                throw CeremonyError.unexpectedMessage(
                    state: "not every helper has dealt", message: Round.enrollSigma.urType)
            }
            guard let sigma = try? EnrollmentSigma(payload: envelope.payload) else {
                throw CeremonyError.blame(culprit: culprit, reason: "it signed a malformed sigma")
            }
            guard let first = firstBundle, sigma.deltasHash == EnrollmentBundle.deltasHash(first.deltas) else {
                throw CeremonyError.blame(culprit: culprit, reason: "its sigma names deltas this coordinator never showed")
            }
            next.sigmas[sender] = envelope
            if let bundle = next.bundle { next.sums = try EnrollmentDevice.sums(of: bundle, invite: invite, group: group) }
            return Transition(coordinator: next, outgoing: next.bundle.map { [.bundle($0)] } ?? [])
        case .enrollTranscriptSignature:
            guard let sums else {
                throw CeremonyError.unexpectedMessage(
                    state: "the helpers have not finished", message: Round.enrollTranscriptSignature.urType)
            }
            let payload = try DKGTranscriptPayload(payload: envelope.payload)
            guard payload.transcriptHash == EnrollmentRecord.transcriptHash(invite: invite, sums: sums) else {
                throw CeremonyError.blame(culprit: culprit, reason: "it signed another enrollment transcript")
            }
            if let previous = transcriptSignatures[sender], previous != envelope {
                throw CeremonyError.conflictingMessage(from: sender, reason: "a second, different transcript signature")
            }
            next.transcriptSignatures[sender] = envelope
            return Transition(coordinator: next, outgoing: next.certificate.map { [.certificate($0)] } ?? [])
        default:
            throw CeremonyError.wrongRound(expected: "an enrollment round", got: envelope.round.description)
        }
    }
}

extension EnrollmentCoordinator {
    /// The coordinator's state as dCBOR (public data only).
    ///
    /// CDDL: `enroll-coordinator = { 0: 1, 1: enroll-invite, 2: group-record, 3: [* envelope] (deltas, sigmas and
    ///                               signatures, in the order they are replayed) }`
    public var cbor: CBOR {
        let messages =
            invite.helpers.compactMap { deltas[$0] } + invite.helpers.compactMap { sigmas[$0] }
            + (1...newRoster.count).compactMap { transcriptSignatures[$0] }
        return .map(
            CBORMap([
                (0, .unsigned(CeremonyProtocol.version)), (1, invite.cbor), (2, group.cbor),
                (3, .array(messages.map(\.cbor))),
            ]))
    }

    /// Rebuilds the coordinator by replaying the stored messages through `handle`.
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: "enrollment coordinator state", allowed: [0, 1, 2, 3])
        try fields.version()
        var coordinator = try EnrollmentCoordinator(
            invite: try EnrollmentInvite(cbor: try fields.value(1, "invite")),
            group: try GroupRecord(cbor: try fields.value(2, "group")))
        for item in try fields.array(3, "messages", count: 0...(3 * CeremonyProtocol.maxParticipants)) {
            coordinator = try coordinator.handle(try DeviceEnvelope(cbor: item)).coordinator
        }
        self = coordinator
    }
}
