import DeterministicCBOR
import FROST

/// What happened when a device handled a message, for the person at the device.
public enum DKGDeviceEvent: Sendable, Hashable {
    /// The device accepted the invite and made its contribution.
    case contributed(session: [UInt8], parametersHash: [UInt8])
    /// The bundle checked out; the device signed the transcript. The group key is shown for comparison.
    case transcriptSigned(transcriptHash: [UInt8], groupKey: [UInt8])
    /// The device's share did not verify; it complained and awaits the investigation.
    case complained
    /// The investigation named who is to blame; the ceremony failed.
    case culpritFound(Culprit, reason: String)
    /// All n signatures of the certificate verified; the key is usable and this is its recovery data.
    case keyReady(GroupRecord)
}

/// A device's side of the DKG as a pure value: `handle` takes a coordinator message and returns the next state,
/// the messages to send back and the events to show. It throws (leaving the state as it was) for a message of
/// another session, round or roster, or when the message blames someone (`CeremonyError.culprit`).
/// Handling the same message twice gives the same state and the same reply.
public struct DKGDevice: Sendable, Hashable {
    /// The invite the device accepted.
    public let invite: DKGInvite
    /// The device's 1-based roster index.
    public let index: Int
    /// Where the device is in the ceremony.
    public private(set) var phase: Phase

    /// The phases of a device's DKG.
    public enum Phase: Sendable, Hashable {
        /// Step 1 sent; awaiting the bundle.
        case contributed(contribution: DeviceEnvelope)
        /// Step 2 sent (this transcript signed); awaiting the certificate.
        case signedTranscript(contribution: DeviceEnvelope, bundle: DKGBundle, signature: DeviceEnvelope)
        /// A complaint sent; awaiting the investigation.
        case complained(contribution: DeviceEnvelope, bundle: DKGBundle, complaint: DeviceEnvelope)
        /// The key is usable.
        case complete(GroupRecord)
        /// The ceremony failed, blaming a party.
        case failed(Culprit, reason: String)
    }

    /// The result of handling one message.
    public struct Transition: Sendable {
        /// The device's new state (persist it before sending `outgoing`).
        public let device: DKGDevice
        /// Messages to show to the coordinator.
        public let outgoing: [DeviceEnvelope]
        /// What to tell the person.
        public let events: [DKGDeviceEvent]
    }

    /// Accepts an invite: checks its expiry and that this host is in the roster, then makes the step-1
    /// contribution from the host seed and `randomness` (32 fresh bytes from the device's CSPRNG).
    public static func accept(invite: DKGInvite, host: HostKey, now: UInt64, randomness: [UInt8]) throws -> Transition {
        guard now <= invite.expiry else { throw CeremonyError.expired(expiry: invite.expiry, now: now) }
        guard let index = invite.index(of: host.identity) else {
            throw CeremonyError.invalidParameters(reason: "this device (\(host.identity)) is not in the roster")
        }
        guard randomness.count == 32 else {
            throw CeremonyError.invalidLength(field: "device randomness", expected: 32, got: randomness.count)
        }
        func contribute<C: Ciphersuite>(_: C.Type) throws -> DKGContribution {
            try PedPop<C>.contribute(host: host, invite: invite, sender: index, randomness: randomness)
        }
        let contribution = try contribute(invite.suite.ciphersuite)
        let envelope = DeviceEnvelope(
            round: .dkgContribution, session: invite.session, parametersHash: invite.parametersHash, sender: index,
            payload: contribution.payload, host: host)
        let device = DKGDevice(invite: invite, index: index, phase: .contributed(contribution: envelope))
        return Transition(
            device: device, outgoing: [envelope],
            events: [.contributed(session: invite.session, parametersHash: invite.parametersHash)])
    }

    /// The coordinator messages a device handles during a DKG.
    public enum Incoming: Sendable {
        /// The invite again (re-shows the contribution).
        case invite(DKGInvite)
        /// The bundle (step 2).
        case bundle(DKGBundle)
        /// The answer to this device's complaint.
        case investigation(DKGInvestigation)
        /// The certificate (finalize).
        case certificate(DKGCertificate)
    }

    /// Handles one coordinator message (see the type's documentation).
    public func handle(_ message: Incoming, host: HostKey) throws -> Transition {
        guard invite.roster[index - 1] == host.identity else {
            throw CeremonyError.invalidParameters(reason: "this state belongs to another host key")
        }
        switch message {
        case .invite(let other):
            guard other == invite else {
                throw CeremonyError.blame(
                    culprit: .coordinator, reason: "it sent a second, different invite for this session")
            }
            return Transition(device: self, outgoing: lastOutgoing, events: [])
        case .bundle(let bundle):
            return try handleBundle(bundle, host: host)
        case .investigation(let investigation):
            return try handleInvestigation(investigation, host: host)
        case .certificate(let certificate):
            return try handleCertificate(certificate, host: host)
        }
    }

    /// The last message this device sent (re-shown when the coordinator asks again).
    public var lastOutgoing: [DeviceEnvelope] {
        switch phase {
        case .contributed(let contribution): return [contribution]
        case .signedTranscript(_, _, let signature): return [signature]
        case .complained(_, _, let complaint): return [complaint]
        case .complete, .failed: return []
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

    private func handleBundle(_ bundle: DKGBundle, host: HostKey) throws -> Transition {
        try checkRouting(session: bundle.session, parametersHash: bundle.parametersHash)
        let contribution: DeviceEnvelope
        switch phase {
        case .contributed(let sent):
            contribution = sent
        case .signedTranscript(_, let seen, _), .complained(_, let seen, _):
            // One bundle per session: signing a second one would let an equivocating coordinator collect
            // signatures on two transcripts.
            guard seen == bundle else {
                throw CeremonyError.blame(culprit: .coordinator, reason: "it sent this device two different bundles")
            }
            return Transition(device: self, outgoing: lastOutgoing, events: [])
        case .complete, .failed:
            throw CeremonyError.unexpectedMessage(state: "the ceremony is over", message: DKGBundle.urType)
        }
        let own = try DKGContribution(payload: contribution.payload, invite: invite)
        guard bundle.cores.count == invite.participantCount, bundle.cores[index - 1] == own.core else {
            throw CeremonyError.blame(
                culprit: .coordinator, reason: "the bundle does not carry this device's contribution")
        }
        func derive<C: Ciphersuite>(_: C.Type) throws -> [UInt8]? {
            try DKGVerification<C>.tryKeyMaterial(host: host, invite: invite, bundle: bundle, index: index)?
                .publicKeyPackage.verifyingKey.serialize()
        }
        let derived = try derive(invite.suite.ciphersuite)
        let material = derived != nil
        let groupKey = derived.map { invite.suite.shownGroupKey(element: $0) } ?? []
        guard material else {
            let complaint = DeviceEnvelope(
                round: .dkgComplaint, session: invite.session, parametersHash: invite.parametersHash, sender: index,
                payload: DKGComplaintPayload(bundleHash: bundle.hash).payload, host: host)
            var next = self
            next.phase = .complained(contribution: contribution, bundle: bundle, complaint: complaint)
            return Transition(device: next, outgoing: [complaint], events: [.complained])
        }
        let transcriptHash = dkgTranscriptHash(invite: invite, bundle: bundle)
        let signature = DeviceEnvelope(
            round: .dkgTranscriptSignature, session: invite.session, parametersHash: invite.parametersHash,
            sender: index, payload: DKGTranscriptPayload(transcriptHash: transcriptHash).payload, host: host)
        var next = self
        next.phase = .signedTranscript(contribution: contribution, bundle: bundle, signature: signature)
        return Transition(
            device: next, outgoing: [signature],
            events: [.transcriptSigned(transcriptHash: transcriptHash, groupKey: groupKey)])
    }

    private func handleInvestigation(_ investigation: DKGInvestigation, host: HostKey) throws -> Transition {
        try checkRouting(session: investigation.session, parametersHash: investigation.parametersHash)
        guard case .complained(_, let bundle, _) = phase else {
            throw CeremonyError.unexpectedMessage(state: "no complaint is open", message: DKGInvestigation.urType)
        }
        guard investigation.recipient == index else {
            throw CeremonyError.wrongParameters(
                expected: "recipient \(index)", got: "recipient \(investigation.recipient)")
        }
        func investigate<C: Ciphersuite>(_: C.Type) throws -> (culprit: Culprit, reason: String) {
            try DKGVerification<C>.investigate(
                host: host, invite: invite, bundle: bundle, recipient: index,
                contributions: investigation.contributions)
        }
        let finding = try investigate(invite.suite.ciphersuite)
        var next = self
        next.phase = .failed(finding.culprit, reason: finding.reason)
        return Transition(device: next, outgoing: [], events: [.culpritFound(finding.culprit, reason: finding.reason)])
    }

    private func handleCertificate(_ certificate: DKGCertificate, host: HostKey) throws -> Transition {
        try checkRouting(session: certificate.session, parametersHash: certificate.parametersHash)
        switch phase {
        case .signedTranscript(_, let bundle, _):
            let record = try GroupRecord(invite: invite, bundle: bundle, certificate: certificate, index: index)
            _ = try record.recover(host: host)
            var next = self
            next.phase = .complete(record)
            return Transition(device: next, outgoing: [], events: [.keyReady(record)])
        case .complete(let record):
            guard record.certificate == certificate else {
                throw CeremonyError.blame(culprit: .coordinator, reason: "it sent a second, different certificate")
            }
            return Transition(device: self, outgoing: [], events: [])
        default:
            throw CeremonyError.unexpectedMessage(
                state: "the device has not signed a transcript", message: DKGCertificate.urType)
        }
    }
}

extension DKGDevice {
    /// The state as dCBOR, for the device's encrypted state file (it holds nothing secret).
    ///
    /// CDDL: `dkg-device = { 0: 1, 1: invite, 2: index: uint, 3: phase: 0..4, ? 4: contribution: envelope,
    ///                       ? 5: bundle, ? 6: reply: envelope, ? 7: group-record,
    ///                       ? 8: culprit: uint (0 = coordinator), ? 9: reason: tstr }`
    public var cbor: CBOR {
        var map = CBORMap([(0, .unsigned(CeremonyProtocol.version)), (1, invite.cbor), (2, .unsigned(UInt64(index)))])
        switch phase {
        case .contributed(let contribution):
            map[3] = 0
            map[4] = contribution.cbor
        case .signedTranscript(let contribution, let bundle, let signature):
            map[3] = 1
            map[4] = contribution.cbor
            map[5] = bundle.cbor
            map[6] = signature.cbor
        case .complained(let contribution, let bundle, let complaint):
            map[3] = 2
            map[4] = contribution.cbor
            map[5] = bundle.cbor
            map[6] = complaint.cbor
        case .complete(let record):
            map[3] = 3
            map[7] = record.cbor
        case .failed(let culprit, let reason):
            map[3] = 4
            if case .device(let index, _) = culprit { map[8] = .unsigned(UInt64(index)) } else { map[8] = 0 }
            map[9] = .text(reason)
        }
        return .map(map)
    }

    /// Reads a stored state strictly.
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: "dkg device state", allowed: Set(0...9))
        try fields.version()
        invite = try DKGInvite(cbor: try fields.value(1, "invite"))
        index = try fields.int(2, "index", range: 1...invite.participantCount)
        let envelope = { (key: UInt64, name: String) in try DeviceEnvelope(cbor: try fields.value(key, name)) }
        switch try fields.unsigned(3, "phase", range: 0...4) {
        case 0:
            phase = .contributed(contribution: try envelope(4, "contribution"))
        case 1:
            phase = .signedTranscript(
                contribution: try envelope(4, "contribution"),
                bundle: try DKGBundle(cbor: try fields.value(5, "bundle")),
                signature: try envelope(6, "signature"))
        case 2:
            phase = .complained(
                contribution: try envelope(4, "contribution"),
                bundle: try DKGBundle(cbor: try fields.value(5, "bundle")),
                complaint: try envelope(6, "complaint"))
        case 3:
            phase = .complete(try GroupRecord(cbor: try fields.value(7, "group record")))
        default:
            let culpritIndex = try fields.int(8, "culprit", range: 0...invite.participantCount)
            phase = .failed(
                culpritIndex == 0 ? .coordinator : invite.culprit(culpritIndex),
                reason: try fields.text(9, "reason", maxBytes: 1024))
        }
    }
}
