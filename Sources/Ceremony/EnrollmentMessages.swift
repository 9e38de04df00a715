import DeterministicCBOR
import FROST
import UniformResources

// Enrollment (issue 15): a new device takes a member's place (repair of a lost device) or joins as a new member at
// the same threshold, with a share for its identifier rebuilt by t helpers through the untrusted coordinator. It is
// FROST's verifiable repairable threshold scheme (`RepairShare`, ZF frost `repairable` with published commitments):
//
//   coordinator: enrollment invite ──► each helper i: its weighted share ζ_i·s_i split into deltas, one per helper,
//   each padded to that helper, with the deltas' commitments [δ_ij]B (signed) ──► coordinator: the deltas ──► each
//   helper j checks every delta it got against its commitment (a bad one names its sender), sums them into σ_j and
//   pads σ_j to the newcomer ──► coordinator: the bundle (every message of both steps) ──► every member of the new
//   roster checks the commitments (each helper's sum to ζ_i·Y_i); the newcomer checks each σ_j against Σ_i [δ_ij]B
//   (a bad one names helper j) and its share against the member's verifying share; all sign the transcript ──►
//   coordinator: certificate ──► every member moves the group record to the new roster.
//
// The record keeps the invite, for each helper j the sum Σ_i [δ_ij]B, its ephemeral key and its padded σ_j, and the
// certificate: the newcomer's host seed removes the pads, so its share comes back from the seed and the record.

/// Which kind of event a group record entry is.
public enum GroupEvent: Sendable, Hashable {
    /// A share refresh.
    case refresh(RefreshRecord)
    /// An enrollment (repair or a new member).
    case enrollment(EnrollmentRecord)

    static let refreshKind: UInt64 = 1
    static let enrollmentKind: UInt64 = 2

    /// The hash every member signed.
    public var transcriptHash: [UInt8] {
        switch self {
        case .refresh(let record): return record.transcriptHash
        case .enrollment(let record): return record.transcriptHash
        }
    }

    var cbor: CBOR {
        switch self {
        case .refresh(let record): return record.cbor
        case .enrollment(let record): return record.cbor
        }
    }

    /// Strict reading of an entry of a group of threshold `t` and `n` members before it.
    init(cbor: CBOR, t: Int, n: Int) throws {
        let kind = try MessageFields(cbor, message: "group event", allowed: [0, 1, 2, 3]).unsigned(0, "kind")
        switch kind {
        case GroupEvent.refreshKind: self = .refresh(try RefreshRecord(cbor: cbor, t: t, n: n))
        case GroupEvent.enrollmentKind: self = .enrollment(try EnrollmentRecord(cbor: cbor, n: n))
        default:
            throw CeremonyError.valueOutOfRange(message: "group event", field: "kind", reason: "unknown kind \(kind)")
        }
    }

    /// The session that made the event.
    public var session: [UInt8] {
        switch self {
        case .refresh(let record): return record.invite.session
        case .enrollment(let record): return record.invite.session
        }
    }

    /// The roster after this event, given the one before it.
    func roster(after roster: [Identity]) -> [Identity] {
        guard case .enrollment(let record) = self else { return roster }
        return record.invite.roster(after: roster)
    }
}

/// The coordinator's invitation to enroll a new device as member `member` of a group: in place of a lost device
/// (`member` ≤ n) or as a new member (`member` = n + 1), its share rebuilt by `helpers`.
///
/// CDDL: `enroll-invite = { 0: 1, 1: session: bstr .size 32, 2: suite: 1 / 2 / 3, 3: group-key: bstr .size 32,
///                          4: epoch: uint (1 ... 16), 5: history: bstr .size 32, 6: expiry: uint,
///                          7: member: uint (1 ... 64), 8: newcomer: identity, 9: helpers: [2*63 uint] }`
public struct EnrollmentInvite: CeremonyMessage, Hashable {
    /// The UR type of this message (Vectors/ceremony/REGISTRY.md).
    public static let urType = "heliograph-enroll-invite"
    /// Fresh randomness naming the session.
    public let session: [UInt8]
    /// The group's suite.
    public let suite: CeremonySuite
    /// The group key as shown; it does not change.
    public let groupKey: [UInt8]
    /// The epoch the enrollment makes.
    public let epoch: Int
    /// `GroupRecord.historyDigest` of the epoch before.
    public let history: [UInt8]
    /// Unix time after which devices refuse the invite.
    public let expiry: UInt64
    /// The roster index the newcomer takes: a lost member's, or n + 1 for a new member.
    public let member: Int
    /// The new device's identity.
    public let newcomer: Identity
    /// The members who rebuild the share (exactly t, ascending, not `member`).
    public let helpers: [Int]

    /// An invite to enroll `newcomer` as member `member` of `group`, helped by `helpers` (exactly t of the other
    /// members). Throws `invalidParameters` naming what does not fit.
    public init(
        session: [UInt8], group: GroupRecord, member: Int, newcomer: Identity, helpers: [Int], expiry: UInt64
    ) throws {
        try self.init(
            session: session, suite: group.invite.suite, groupKey: group.groupKey, epoch: group.epoch + 1,
            history: group.historyDigest, expiry: expiry, member: member, newcomer: newcomer, helpers: helpers)
        try check(against: group)
    }

    init(
        session: [UInt8], suite: CeremonySuite, groupKey: [UInt8], epoch: Int, history: [UInt8], expiry: UInt64,
        member: Int, newcomer: Identity, helpers: [Int]
    ) throws {
        guard session.count == 32, groupKey.count == 32, history.count == 32 else {
            throw CeremonyError.invalidParameters(reason: "session, group key and history are 32 bytes each")
        }
        guard (1...GroupRecord.maxRefreshes).contains(epoch) else {
            throw CeremonyError.invalidParameters(
                reason: "a group record holds at most \(GroupRecord.maxRefreshes) events; epoch \(epoch) is not in "
                    + "1...\(GroupRecord.maxRefreshes)")
        }
        guard (1...CeremonyProtocol.maxParticipants).contains(member) else {
            throw CeremonyError.invalidParameters(reason: "member \(member) is not in 1...\(CeremonyProtocol.maxParticipants)")
        }
        guard helpers.count >= 2, zip(helpers, helpers.dropFirst()).allSatisfy({ $0 < $1 }),
            (helpers.first ?? 0) >= 1, !helpers.contains(member)
        else {
            throw CeremonyError.invalidParameters(
                reason: "the helpers must be ascending distinct members other than the one enrolled")
        }
        self.session = session
        self.suite = suite
        self.groupKey = groupKey
        self.epoch = epoch
        self.history = history
        self.expiry = expiry
        self.member = member
        self.newcomer = newcomer
        self.helpers = helpers
    }

    /// Checks the invite against the group it enrolls into (the record at `epoch - 1`): the next epoch and history,
    /// `member` a member or the next index, exactly t helpers among the other members, a newcomer whose keys are
    /// nobody's in the roster.
    func check(against group: GroupRecord) throws {
        try group.checkNext(suite: suite, groupKey: groupKey, epoch: epoch, history: history)
        let n = group.participantCount
        guard member <= n + 1, member <= CeremonyProtocol.maxParticipants else {
            throw CeremonyError.invalidParameters(reason: "member \(member) is neither a member nor the next (\(n + 1))")
        }
        guard helpers.count == group.invite.threshold, helpers.allSatisfy({ $0 <= n }) else {
            throw CeremonyError.invalidParameters(
                reason: "exactly t = \(group.invite.threshold) helpers are needed, all of them members (1...\(n))")
        }
        guard
            !group.roster.contains(where: {
                $0.signingKey == newcomer.signingKey || $0.agreementKey == newcomer.agreementKey
            })
        else { throw CeremonyError.invalidParameters(reason: "the newcomer's host key is already in the roster") }
    }

    /// The roster after the enrollment.
    public func roster(after roster: [Identity]) -> [Identity] {
        var next = roster
        if member <= next.count { next[member - 1] = newcomer } else { next.append(newcomer) }
        return next
    }

    /// The message as dCBOR (layout in the CDDL above).
    public var cbor: CBOR {
        .map(
            CBORMap([
                (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(session)), (2, .unsigned(suite.rawValue)),
                (3, .bytes(groupKey)), (4, .unsigned(UInt64(epoch))), (5, .bytes(history)), (6, .unsigned(expiry)),
                (7, .unsigned(UInt64(member))), (8, newcomer.cbor), (9, .array(helpers.map { .unsigned(UInt64($0)) })),
            ]))
    }

    /// Strict decoding: unknown keys, wrong types and wrong sizes throw `CeremonyError`.
    public init(cbor: CBOR) throws {
        let name = EnrollmentInvite.urType
        let fields = try MessageFields(cbor, message: name, allowed: Set(0...9))
        try fields.version()
        guard let suite = CeremonySuite(rawValue: try fields.unsigned(2, "suite")) else {
            throw CeremonyError.valueOutOfRange(message: name, field: "suite", reason: "unknown suite")
        }
        let helpers = try fields.array(9, "helpers", count: 2...(CeremonyProtocol.maxParticipants - 1)).enumerated()
            .map {
                guard let value = $1.unsignedValue, (1...UInt64(CeremonyProtocol.maxParticipants)).contains(value) else {
                    throw CeremonyError.wrongType(message: name, field: "helpers[\($0)]", expected: "a roster index")
                }
                return Int(value)
            }
        do {
            try self.init(
                session: try fields.bytes(1, "session", count: 32), suite: suite,
                groupKey: try fields.bytes(3, "group key", count: 32),
                epoch: try fields.int(4, "epoch", range: 1...GroupRecord.maxRefreshes),
                history: try fields.bytes(5, "history", count: 32), expiry: try fields.unsigned(6, "expiry"),
                member: try fields.int(7, "member", range: 1...CeremonyProtocol.maxParticipants),
                newcomer: try Identity(cbor: try fields.value(8, "newcomer")), helpers: helpers)
        } catch CeremonyError.invalidParameters(let reason) {
            throw CeremonyError.malformedMessage(message: name, reason: reason)
        }
    }

    /// BLAKE2b-256 (personal "HGEnroll-Param-1") of the encoding.
    public var parametersHash: [UInt8] { CeremonyProtocol.hash("HGEnroll-Param-1", encoded) }

    /// The parameters hash as eight Bytewords.
    public var parametersWords: String { ceremonyWords(parametersHash, count: 8) }

    /// What a device shows before it takes part, with the group's names when it holds the group.
    public func displayLines(group: GroupRecord?) -> [String] {
        let roster = group?.roster ?? []
        let name = { (index: Int) in roster.indices.contains(index - 1) ? "\(index). \(roster[index - 1].label)" : "\(index)" }
        let what =
            member <= roster.count
            ? "Repair: a new device takes the place of member \(name(member)), whose share is rebuilt"
            : "New member \(member): the group grows to \(max(roster.count + 1, member)) members at the same threshold"
        return [
            "Enrollment into group " + (group.map { "\"\($0.invite.groupLabel)\", " } ?? "") + "\(suite)",
            "  \(what)",
            "  New device: \(newcomer.label) [\(newcomer.longFingerprint)]",
            "  Helpers: " + helpers.map(name).joined(separator: ", "),
            "  Group key fingerprint: \(DisplayText.fingerprint(groupKey)) (the key does not change); new epoch \(epoch)",
            "Expires: \(DisplayText.utc(expiry))", "Compare with the coordinator: \(parametersWords)",
        ]
    }
}

/// Helper i's step-1 payload: for each helper j (in `helpers` order) the commitment [δ_ij]B and δ_ij padded to j.
///
/// CDDL: `enroll-deltas-payload = { 1: ephemeral-key: bstr .size 32, 2: [* element] (h), 3: [* bstr .size 32] (h) }`
struct EnrollmentDeltas: Hashable {
    let ephemeralKey: [UInt8]
    let commitments: [[UInt8]]
    let paddedDeltas: [[UInt8]]

    var payload: CBOR {
        .map(
            CBORMap([
                (1, .bytes(ephemeralKey)), (2, .array(commitments.map(CBOR.bytes))),
                (3, .array(paddedDeltas.map(CBOR.bytes))),
            ]))
    }

    init(ephemeralKey: [UInt8], commitments: [[UInt8]], paddedDeltas: [[UInt8]]) {
        self.ephemeralKey = ephemeralKey
        self.commitments = commitments
        self.paddedDeltas = paddedDeltas
    }

    init(payload: CBOR, helpers h: Int) throws {
        let fields = try MessageFields(payload, message: Round.enrollDeltas.urType, allowed: [1, 2, 3])
        ephemeralKey = try fields.bytes(1, "ephemeral key", count: 32)
        commitments = try fields.elementStrings(2, "commitments", count: h...h)
        paddedDeltas = try fields.byteStrings(3, "padded deltas", each: 32, count: h...h)
    }
}

/// Helper j's step-2 payload: σ_j padded to the newcomer under a fresh ephemeral key, and the hash of the deltas it
/// summed (`EnrollmentBundle.deltasHash`), so that a sigma is only ever checked against those deltas.
///
/// CDDL: `enroll-sigma-payload = { 1: ephemeral-key: bstr .size 32, 2: padded-sigma: bstr .size 32,
///                                 3: deltas-hash: bstr .size 32 }`
struct EnrollmentSigma: Hashable {
    let ephemeralKey: [UInt8]
    let paddedSigma: [UInt8]
    let deltasHash: [UInt8]

    var payload: CBOR {
        .map(CBORMap([(1, .bytes(ephemeralKey)), (2, .bytes(paddedSigma)), (3, .bytes(deltasHash))]))
    }

    init(ephemeralKey: [UInt8], paddedSigma: [UInt8], deltasHash: [UInt8]) {
        self.ephemeralKey = ephemeralKey
        self.paddedSigma = paddedSigma
        self.deltasHash = deltasHash
    }

    init(payload: CBOR) throws {
        let fields = try MessageFields(payload, message: Round.enrollSigma.urType, allowed: [1, 2, 3])
        ephemeralKey = try fields.bytes(1, "ephemeral key", count: 32)
        paddedSigma = try fields.bytes(2, "padded sigma", count: 32)
        deltasHash = try fields.bytes(3, "deltas hash", count: 32)
    }
}

/// The coordinator's messages of an enrollment after the invite: step 1's deltas to the helpers (`sigmas` empty), then
/// every message of both steps to every member of the new roster.
///
/// CDDL: `enroll-bundle = { 0: 1, 1: session: bstr .size 32, 2: params: bstr .size 32, 3: [2*63 envelope] (deltas),
///                          ? 4: [2*63 envelope] (sigmas) }`
public struct EnrollmentBundle: CeremonyMessage, Hashable {
    /// The UR type of this message (Vectors/ceremony/REGISTRY.md).
    public static let urType = "heliograph-enroll-bundle"
    /// The session.
    public let session: [UInt8]
    /// The invite's parameters hash.
    public let parametersHash: [UInt8]
    /// Every helper's step-1 message, in helper order.
    public let deltas: [DeviceEnvelope]
    /// Every helper's step-2 message, in helper order; empty in the first bundle.
    public let sigmas: [DeviceEnvelope]

    init(session: [UInt8], parametersHash: [UInt8], deltas: [DeviceEnvelope], sigmas: [DeviceEnvelope]) {
        self.session = session
        self.parametersHash = parametersHash
        self.deltas = deltas
        self.sigmas = sigmas
    }

    /// What a helper's sigma names: BLAKE2b-256 (personal "HGEnroll-Delta-1") of the deltas' list as dCBOR.
    static func deltasHash(_ deltas: [DeviceEnvelope]) -> [UInt8] {
        CeremonyProtocol.hash("HGEnroll-Delta-1", CBOR.array(deltas.map(\.cbor)).encoded)
    }

    /// The message as dCBOR (layout in the CDDL above).
    public var cbor: CBOR {
        var map = CBORMap([
            (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(session)), (2, .bytes(parametersHash)),
            (3, .array(deltas.map(\.cbor))),
        ])
        if !sigmas.isEmpty { map[4] = .array(sigmas.map(\.cbor)) }
        return .map(map)
    }

    /// Strict decoding: unknown keys, wrong types and wrong sizes throw `CeremonyError`.
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: EnrollmentBundle.urType, allowed: [0, 1, 2, 3, 4])
        try fields.version()
        session = try fields.bytes(1, "session", count: 32)
        parametersHash = try fields.bytes(2, "parameters hash", count: 32)
        let limit = 2...(CeremonyProtocol.maxParticipants - 1)
        deltas = try fields.array(3, "deltas", count: limit).map(DeviceEnvelope.init(cbor:))
        sigmas = fields.has(4) ? try fields.array(4, "sigmas", count: limit).map(DeviceEnvelope.init(cbor:)) : []
    }
}

/// The coordinator's last message of an enrollment: the signature of every member of the new roster.
public typealias EnrollmentCertificate = TranscriptCertificate<EnrollmentTranscript>

/// What the members sign and the group keeps of an enrollment: for each helper j (helper order) the sum of the
/// commitments of the deltas it received (= [σ_j]B), the ephemeral key of its step-2 message and its padded σ_j.
///
/// CDDL: `enroll-sums = { 1: [* element] (h), 2: [* bstr .size 32] (h), 3: [* bstr .size 32] (h) }`
public struct EnrollmentSums: Sendable, Hashable {
    /// Σ_i [δ_ij]B for each helper j.
    public let sigmaCommitments: [[UInt8]]
    /// Each helper's step-2 ephemeral key.
    public let ephemeralKeys: [[UInt8]]
    /// Each helper's σ_j padded to the newcomer.
    public let paddedSigmas: [[UInt8]]

    var cbor: CBOR {
        .map(
            CBORMap([
                (1, .array(sigmaCommitments.map(CBOR.bytes))), (2, .array(ephemeralKeys.map(CBOR.bytes))),
                (3, .array(paddedSigmas.map(CBOR.bytes))),
            ]))
    }

    init(sigmaCommitments: [[UInt8]], ephemeralKeys: [[UInt8]], paddedSigmas: [[UInt8]]) {
        self.sigmaCommitments = sigmaCommitments
        self.ephemeralKeys = ephemeralKeys
        self.paddedSigmas = paddedSigmas
    }

    init(cbor: CBOR, helpers h: Int) throws {
        let fields = try MessageFields(cbor, message: "enrollment sums", allowed: [1, 2, 3])
        sigmaCommitments = try fields.elementStrings(1, "sigma commitments", count: h...h)
        ephemeralKeys = try fields.byteStrings(2, "ephemeral keys", each: 32, count: h...h)
        paddedSigmas = try fields.byteStrings(3, "padded sigmas", each: 32, count: h...h)
    }
}

/// A finished enrollment as the group record keeps it.
///
/// CDDL: `enrollment-record = { 0: 2 (an enrollment), 1: enroll-invite, 2: enroll-sums, 3: [2*64 bstr .size 64] }`
public struct EnrollmentRecord: Sendable, Hashable {
    /// The invite.
    public let invite: EnrollmentInvite
    /// The sums every member signed.
    public let sums: EnrollmentSums
    /// The signatures of the new roster.
    public let signatures: [[UInt8]]

    init(invite: EnrollmentInvite, sums: EnrollmentSums, signatures: [[UInt8]]) {
        self.invite = invite
        self.sums = sums
        self.signatures = signatures
    }

    var cbor: CBOR {
        .map(
            CBORMap([
                (0, .unsigned(GroupEvent.enrollmentKind)), (1, invite.cbor), (2, sums.cbor),
                (3, .array(signatures.map(CBOR.bytes))),
            ]))
    }

    /// Strict reading; `n` is the roster size before the enrollment.
    init(cbor: CBOR, n: Int) throws {
        let fields = try MessageFields(cbor, message: "enrollment record", allowed: [0, 1, 2, 3])
        _ = try fields.unsigned(0, "kind", range: GroupEvent.enrollmentKind...GroupEvent.enrollmentKind)
        invite = try EnrollmentInvite(cbor: try fields.value(1, "invite"))
        sums = try EnrollmentSums(cbor: try fields.value(2, "sums"), helpers: invite.helpers.count)
        let after = invite.member > n ? n + 1 : n
        signatures = try fields.byteStrings(3, "signatures", each: 64, count: after...after)
    }

    /// BLAKE2b-256 (personal "HGEnroll-Trans-1") of the invite's and the sums' encodings.
    public var transcriptHash: [UInt8] { EnrollmentRecord.transcriptHash(invite: invite, sums: sums) }

    static func transcriptHash(invite: EnrollmentInvite, sums: EnrollmentSums) -> [UInt8] {
        CeremonyProtocol.hash("HGEnroll-Trans-1", invite.encoded + sums.cbor.encoded)
    }
}

extension GroupRecord {
    /// The record with one more enrollment, checked: the group's next epoch and history, a valid invite for this
    /// roster, every member of the new roster's signature of the transcript, and (for a new member) its verifying
    /// share from the sums. Throws `wrongGroup`, `invalidParameters` or `certificateInvalid`.
    public func appending(_ enrollment: EnrollmentRecord) throws -> GroupRecord {
        let invite = enrollment.invite
        try invite.check(against: self)
        let next = invite.roster(after: roster)
        try verifyTranscriptSignatures(
            enrollment.signatures, round: .enrollTranscriptSignature, session: invite.session,
            parametersHash: invite.parametersHash, roster: next, transcriptHash: enrollment.transcriptHash)
        func result<C: Ciphersuite>(_: C.Type) throws -> DKGPublicResult {
            let target = try EnrollMath<C>.target(enrollment.sums)
            if invite.member <= participantCount {
                guard target.serialize() == publicResult.verifyingShares[invite.member - 1] else {
                    throw CeremonyError.invalidParameters(
                        reason: "the enrollment's sigmas do not add up to member \(invite.member)'s verifying share")
                }
                return publicResult
            }
            return DKGPublicResult(
                groupKey: publicResult.groupKey, verifyingShares: publicResult.verifyingShares + [target.serialize()],
                threshold: publicResult.threshold)
        }
        return GroupRecord(
            self, index: index, events: events + [.enrollment(enrollment)], roster: next,
            result: try result(self.invite.suite.ciphersuite))
    }
}

/// The enrollment arithmetic for suite `C`.
enum EnrollMath<C: Ciphersuite> {
    static func identifiers(_ indices: [Int]) throws -> [Identifier<C>] { try indices.map(PedPop<C>.identifier) }

    /// pad = BLAKE2b-512(key: X25519, personal "HGEnroll-Pad--v1", session ‖ params ‖ kind ‖ sender ‖ recipient ‖
    /// recipient's X25519 key) mod ℓ; kind 1 pads a delta (helper to helper), kind 2 a sigma (helper to newcomer).
    static func pad(
        shared: [UInt8], invite: EnrollmentInvite, kind: UInt8, sender: Int, recipient: Int, recipientKey: [UInt8]
    ) -> Scalar<C> {
        let context =
            invite.session + invite.parametersHash + [kind, UInt8(sender >> 8), UInt8(sender & 0xff)]
            + [UInt8(recipient >> 8), UInt8(recipient & 0xff)] + recipientKey
        var wide = Sodium.blake2bPersonal(
            context, key: shared, personal: Array("HGEnroll-Pad--v1".utf8), outputCount: 64)
        defer { wipe(&wide) }
        return C.scalar(reducingWide: wide)
    }

    /// Pads `values` (one per recipient) under a fresh ephemeral key; returns the key and the padded values.
    static func padded(
        _ values: [SecretScalar<C>], to recipients: [(index: Int, identity: Identity)], invite: EnrollmentInvite,
        kind: UInt8, sender: Int
    ) throws -> (ephemeralKey: [UInt8], padded: [[UInt8]]) {
        var secret = Sodium.random(32)
        defer { wipe(&secret) }
        var out: [[UInt8]] = []
        for (value, recipient) in zip(values, recipients) {
            guard var shared = Sodium.x25519(secret, recipient.identity.agreementKey) else {
                throw CeremonyError.smallOrderAgreementKey(label: recipient.identity.label)
            }
            defer { wipe(&shared) }
            var padValue = pad(
                shared: shared, invite: invite, kind: kind, sender: sender, recipient: recipient.index,
                recipientKey: recipient.identity.agreementKey)
            var sum = value.withScalar { $0 + padValue }
            padValue.zeroize()
            out.append(sum.serialize())
            sum.zeroize()
        }
        return (Sodium.x25519Base(secret), out)
    }

    /// Removes the pad a `sender` put on a value for this host (`recipient`, its index).
    static func unpadded(
        _ padded: [UInt8], ephemeralKey: [UInt8], host: HostKey, invite: EnrollmentInvite, kind: UInt8, sender: Int,
        recipient: Int, culprit: Culprit
    ) throws -> Scalar<C> {
        guard var value = try? Scalar<C>(deserializing: padded) else {
            throw CeremonyError.blame(culprit: culprit, reason: "a padded value is not a canonical scalar")
        }
        guard var shared = host.agree(with: ephemeralKey) else {
            throw CeremonyError.blame(culprit: culprit, reason: "its ephemeral key has low order")
        }
        defer { wipe(&shared) }
        var padValue = pad(
            shared: shared, invite: invite, kind: kind, sender: sender, recipient: recipient,
            recipientKey: host.identity.agreementKey)
        let result = value - padValue
        padValue.zeroize()
        value.zeroize()
        return result
    }

    /// The public key package of the group before the enrollment.
    static func publicKeyPackage(_ group: GroupRecord) throws -> PublicKeyPackage<C> {
        let ids = try identifiers(Array(1...group.participantCount))
        let shares = try group.publicResult.verifyingShares.map { try VerifyingShare<C>(deserializing: $0) }
        return PublicKeyPackage(
            verifyingShares: Dictionary(uniqueKeysWithValues: zip(ids, shares)),
            verifyingKey: try VerifyingKey<C>(deserializing: group.publicResult.groupKey),
            minSigners: group.invite.threshold)
    }

    /// Helper `sender`'s step 1: its weighted share split into deltas (`RepairShare.part1`), each padded to its helper.
    static func deltas(invite: EnrollmentInvite, group: GroupRecord, host: HostKey, sender: Int) throws
        -> EnrollmentDeltas
    {
        let keyPackage = try group.keyMaterial(host: host, as: C.self).keyPackage
        let helpers = try identifiers(invite.helpers)
        let deltas: [Identifier<C>: RepairShare<C>.Delta]
        do {
            deltas = try RepairShare<C>.part1(
                helpers: helpers, keyPackage: keyPackage, participant: try PedPop<C>.identifier(invite.member))
        } catch {
            throw CeremonyError.frost("\(error)")
        }
        let ordered = try helpers.map { helper -> RepairShare<C>.Delta in
            guard let delta = deltas[helper] else { throw CeremonyError.frost("no delta for helper \(helper)") }
            return delta
        }
        let (key, padded) = try padded(
            ordered.map(\.value), to: invite.helpers.map { ($0, group.roster[$0 - 1]) }, invite: invite, kind: 1,
            sender: sender)
        return EnrollmentDeltas(
            ephemeralKey: key, commitments: ordered.map { $0.value.publicElement().serialize() }, paddedDeltas: padded)
    }

    /// Everyone's check of step 1: each helper's commitments are elements of the suite and sum to its weighted
    /// verifying share ζ_i·Y_i (`RepairShare.verifyCommitments`). Returns them, by helper and recipient. A bad set
    /// names its helper.
    static func commitments(_ steps: [EnrollmentDeltas], invite: EnrollmentInvite, group: GroupRecord) throws
        -> [Identifier<C>: [Identifier<C>: Element<C>]]
    {
        let helpers = try identifiers(invite.helpers)
        var all: [Identifier<C>: [Identifier<C>: Element<C>]] = [:]
        for (position, step) in steps.enumerated() {
            all[helpers[position]] = try commitments(step, position: position, invite: invite, group: group)
        }
        return all
    }

    /// One helper's (at `position` in the helper list) commitments, checked, by recipient.
    static func commitments(_ step: EnrollmentDeltas, position: Int, invite: EnrollmentInvite, group: GroupRecord)
        throws -> [Identifier<C>: Element<C>]
    {
        let helpers = try identifiers(invite.helpers)
        let culprit = rosterCulprit(group.roster, invite.helpers[position])
        guard let elements = try? step.commitments.map({ try Element<C>(deserializing: $0) }) else {
            throw CeremonyError.blame(culprit: culprit, reason: "a delta commitment is not a valid group element")
        }
        let byRecipient = Dictionary(uniqueKeysWithValues: zip(helpers, elements))
        do {
            try RepairShare<C>.verifyCommitments(
                byRecipient, of: helpers[position], helpers: helpers, participant: try PedPop<C>.identifier(invite.member),
                publicKeyPackage: try publicKeyPackage(group))
        } catch {
            throw CeremonyError.blame(
                culprit: culprit, reason: "its delta commitments do not add up to its weighted verifying share")
        }
        return byRecipient
    }

    /// Helper `me`'s step 2: every delta it received checked against its commitment (a bad one names its sender),
    /// summed into σ (`RepairShare.part2`), padded to the newcomer.
    static func sigma(
        _ steps: [EnrollmentDeltas], deltasHash: [UInt8], invite: EnrollmentInvite, group: GroupRecord, host: HostKey,
        me: Int
    ) throws -> EnrollmentSigma {
        let all = try commitments(steps, invite: invite, group: group)
        let helpers = try identifiers(invite.helpers)
        guard let position = invite.helpers.firstIndex(of: me) else {
            throw CeremonyError.invalidParameters(reason: "this device is not a helper of the enrollment")
        }
        var received: [RepairShare<C>.Delta] = []
        for (sender, step) in steps.enumerated() {
            let culprit = rosterCulprit(group.roster, invite.helpers[sender])
            var value = try unpadded(
                step.paddedDeltas[position], ephemeralKey: step.ephemeralKey, host: host, invite: invite, kind: 1,
                sender: invite.helpers[sender], recipient: me, culprit: culprit)
            let delta = RepairShare<C>.Delta(SecretScalar(consuming: &value))
            do {
                try RepairShare<C>.verifyDeltas(
                    [helpers[sender]: delta], to: helpers[position], commitments: all)
            } catch {
                throw CeremonyError.blame(
                    culprit: culprit, reason: "the delta it sent to device \(me) does not match its commitment")
            }
            received.append(delta)
        }
        let sigma = RepairShare<C>.part2(deltas: received)
        let (key, padded) = try padded(
            [sigma.value], to: [(invite.member, invite.newcomer)], invite: invite, kind: 2, sender: me)
        return EnrollmentSigma(ephemeralKey: key, paddedSigma: padded[0], deltasHash: deltasHash)
    }

    /// The sums every member signs: Σ_i [δ_ij]B, the step-2 ephemeral keys and padded sigmas, in helper order.
    static func sums(_ steps: [EnrollmentDeltas], sigmas: [EnrollmentSigma], invite: EnrollmentInvite, group: GroupRecord)
        throws -> EnrollmentSums
    {
        let all = try commitments(steps, invite: invite, group: group)
        let helpers = try identifiers(invite.helpers)
        let senders = helpers.sorted()
        let columns = helpers.map { j in
            senders.reduce(C.identity) { $0 + (all[$1]?[j] ?? C.identity) }.serialize()
        }
        return EnrollmentSums(
            sigmaCommitments: columns, ephemeralKeys: sigmas.map(\.ephemeralKey),
            paddedSigmas: sigmas.map(\.paddedSigma))
    }

    /// The newcomer's verifying share: Σ_j [σ_j]B.
    static func target(_ sums: EnrollmentSums) throws -> Element<C> {
        do {
            return try sums.sigmaCommitments.reduce(C.identity) { $0 + (try Element<C>(deserializing: $1)) }
        } catch {
            throw CeremonyError.keyNotUsable(reason: "an enrollment's sigma commitment is not a group element")
        }
    }

    /// The newcomer's share from a record's sums and its host seed: each σ_j unpadded and checked against
    /// Σ_i [δ_ij]B (a bad one names helper j), summed. `roster` is the roster before the enrollment.
    static func newcomerShare(_ record: EnrollmentRecord, roster: [Identity], host: HostKey) throws -> Scalar<C> {
        let invite = record.invite
        guard invite.newcomer == host.identity else {
            throw CeremonyError.keyNotUsable(reason: "the enrollment is for another device's host key")
        }
        var total = Scalar<C>.zero
        defer { total.zeroize() }
        for (position, helper) in invite.helpers.enumerated() {
            let culprit = rosterCulprit(roster, helper)
            var sigma = try unpadded(
                record.sums.paddedSigmas[position], ephemeralKey: record.sums.ephemeralKeys[position], host: host,
                invite: invite, kind: 2, sender: helper, recipient: invite.member, culprit: culprit)
            defer { sigma.zeroize() }
            guard C.multiplyGenerator(by: sigma).serialize() == record.sums.sigmaCommitments[position] else {
                throw CeremonyError.blame(
                    culprit: culprit, reason: "the sigma it sent to the new device does not match its deltas")
            }
            let next = total + sigma
            total.zeroize()
            total = next
        }
        return total + Scalar<C>.zero  // a copy: `total` itself is wiped on the way out
    }
}
