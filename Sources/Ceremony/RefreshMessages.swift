import DeterministicCBOR
import FROST
import UniformResources

// Share refresh (issue 15): every member deals a sharing of zero (FROST `Refresh`), the shares encrypted to each
// recipient's X25519 host key as the DKG encrypts them, through the untrusted coordinator:
//
//   coordinator: refresh invite ──► every member: contribution (signed) ──► coordinator: bundle (every contribution
//   whole) ──► every member checks each dealer's share on its own (a bad one names its dealer), signs the transcript
//   ──► coordinator: certificate (all n signatures) ──► every member adds the zero-shares to its share.
//
// What the group keeps is compact (`RefreshRecord`): the invite, the sums (summed higher commitments, every dealer's
// ephemeral key, the summed padded share of every member) and the certificate. With its host seed a member removes
// the pads from its summed padded share and gets its refresh delta back, so the host seed and the group record still
// restore the share after any number of refreshes.

/// The coordinator's invitation to refresh the shares of one group.
///
/// CDDL: `refresh-invite = { 0: 1, 1: session: bstr .size 32, 2: suite: 1 / 2 / 3, 3: group-key: bstr .size 32,
///                           4: epoch: uint (1 ... 16), 5: history: bstr .size 32, 6: expiry: uint }`
public struct RefreshInvite: CeremonyMessage, Hashable {
    /// The UR type of this message (Vectors/ceremony/REGISTRY.md).
    public static let urType = "heliograph-refresh-invite"
    /// Fresh randomness naming the session.
    public let session: [UInt8]
    /// The group's suite.
    public let suite: CeremonySuite
    /// The group key as shown (`GroupRecord.groupKey`); the refresh does not change it.
    public let groupKey: [UInt8]
    /// The epoch the refresh makes: the number of refreshes the group will have had (the key generation is epoch 0).
    public let epoch: Int
    /// `GroupRecord.historyDigest` of the epoch being refreshed: every member must start from the same shares.
    public let history: [UInt8]
    /// Unix time after which devices refuse the invite.
    public let expiry: UInt64

    /// An invite to refresh `group` (its next epoch).
    public init(session: [UInt8], group: GroupRecord, expiry: UInt64) throws {
        try self.init(
            session: session, suite: group.invite.suite, groupKey: group.groupKey, epoch: group.epoch + 1,
            history: group.historyDigest, expiry: expiry)
    }

    init(session: [UInt8], suite: CeremonySuite, groupKey: [UInt8], epoch: Int, history: [UInt8], expiry: UInt64)
        throws
    {
        guard session.count == 32, groupKey.count == 32, history.count == 32 else {
            throw CeremonyError.invalidParameters(reason: "session, group key and history are 32 bytes each")
        }
        guard (1...GroupRecord.maxRefreshes).contains(epoch) else {
            throw CeremonyError.invalidParameters(
                reason: "a group record holds at most \(GroupRecord.maxRefreshes) refreshes; epoch \(epoch) is not in "
                    + "1...\(GroupRecord.maxRefreshes)")
        }
        self.session = session
        self.suite = suite
        self.groupKey = groupKey
        self.epoch = epoch
        self.history = history
        self.expiry = expiry
    }

    /// The message as dCBOR (layout in the CDDL above).
    public var cbor: CBOR {
        .map(
            CBORMap([
                (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(session)), (2, .unsigned(suite.rawValue)),
                (3, .bytes(groupKey)), (4, .unsigned(UInt64(epoch))), (5, .bytes(history)), (6, .unsigned(expiry)),
            ]))
    }

    /// Strict decoding: unknown keys, wrong types and wrong sizes throw `CeremonyError`.
    public init(cbor: CBOR) throws {
        let name = RefreshInvite.urType
        let fields = try MessageFields(cbor, message: name, allowed: [0, 1, 2, 3, 4, 5, 6])
        try fields.version()
        guard let suite = CeremonySuite(rawValue: try fields.unsigned(2, "suite")) else {
            throw CeremonyError.valueOutOfRange(message: name, field: "suite", reason: "unknown suite")
        }
        try self.init(
            session: try fields.bytes(1, "session", count: 32), suite: suite,
            groupKey: try fields.bytes(3, "group key", count: 32),
            epoch: try fields.int(4, "epoch", range: 1...GroupRecord.maxRefreshes),
            history: try fields.bytes(5, "history", count: 32), expiry: try fields.unsigned(6, "expiry"))
    }

    /// BLAKE2b-256 (personal "HGRefresh-Param1") of the encoding: every device message of the session is bound to it.
    public var parametersHash: [UInt8] { CeremonyProtocol.hash("HGRefresh-Param1", encoded) }

    /// The parameters hash as eight Bytewords, to compare with the coordinator's screen or sheet.
    public var parametersWords: String { ceremonyWords(parametersHash, count: 8) }

    /// What a device shows before it contributes, with the group's names when the device holds it.
    public func displayLines(group: GroupRecord?) -> [String] {
        let name = group.map { "\"\($0.invite.groupLabel)\", \($0.invite.threshold) of \($0.participantCount), " } ?? ""
        return [
            "Share refresh of group \(name)\(suite)",
            "  Group key fingerprint: \(DisplayText.fingerprint(groupKey)) (the key does not change)",
            "  New epoch: \(epoch) (every member's share changes; the old shares stop working with the new ones)",
            "Expires: \(DisplayText.utc(expiry))", "Compare with the coordinator: \(parametersWords)",
        ]
    }
}

/// One member's step-1 payload: its dealing of zero. The commitment's constant term is the identity by construction
/// (only [a_1]B ... [a_{t-1}]B travel), so no member can move the group key.
///
/// CDDL: `refresh-contribution-payload = { 1: [* element] (t - 1), 2: ephemeral-key: bstr .size 32,
///                                         3: [* bstr .size 32] (n padded zero-shares, roster order) }`
struct RefreshContribution: Hashable {
    let higherCommitments: [[UInt8]]
    let ephemeralKey: [UInt8]
    let paddedShares: [[UInt8]]

    var payload: CBOR {
        .map(
            CBORMap([
                (1, .array(higherCommitments.map(CBOR.bytes))), (2, .bytes(ephemeralKey)),
                (3, .array(paddedShares.map(CBOR.bytes))),
            ]))
    }

    init(higherCommitments: [[UInt8]], ephemeralKey: [UInt8], paddedShares: [[UInt8]]) {
        self.higherCommitments = higherCommitments
        self.ephemeralKey = ephemeralKey
        self.paddedShares = paddedShares
    }

    /// Strict reading for a group of threshold `t` and `n` members.
    init(payload: CBOR, t: Int, n: Int) throws {
        let name = Round.refreshContribution.urType
        let fields = try MessageFields(payload, message: name, allowed: [1, 2, 3])
        higherCommitments = try fields.elementStrings(1, "higher commitments", count: (t - 1)...(t - 1))
        ephemeralKey = try fields.bytes(2, "ephemeral key", count: 32)
        paddedShares = try fields.byteStrings(3, "padded shares", each: 32, count: n...n)
    }
}

/// The coordinator's step-2 message: every member's contribution, whole and signed, in roster order, so that each
/// member checks each dealer on its own and names the one whose share is wrong.
///
/// CDDL: `refresh-bundle = { 0: 1, 1: session: bstr .size 32, 2: params: bstr .size 32, 3: [2*64 envelope] }`
public struct RefreshBundle: CeremonyMessage, Hashable {
    /// The UR type of this message (Vectors/ceremony/REGISTRY.md).
    public static let urType = "heliograph-refresh-bundle"
    /// The session.
    public let session: [UInt8]
    /// The invite's parameters hash.
    public let parametersHash: [UInt8]
    /// The n contributions, in roster order.
    public let contributions: [DeviceEnvelope]

    init(session: [UInt8], parametersHash: [UInt8], contributions: [DeviceEnvelope]) {
        self.session = session
        self.parametersHash = parametersHash
        self.contributions = contributions
    }

    /// The message as dCBOR (layout in the CDDL above).
    public var cbor: CBOR {
        .map(
            CBORMap([
                (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(session)), (2, .bytes(parametersHash)),
                (3, .array(contributions.map(\.cbor))),
            ]))
    }

    /// Strict decoding: unknown keys, wrong types and wrong sizes throw `CeremonyError`.
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: RefreshBundle.urType, allowed: [0, 1, 2, 3])
        try fields.version()
        session = try fields.bytes(1, "session", count: 32)
        parametersHash = try fields.bytes(2, "parameters hash", count: 32)
        contributions = try fields.array(3, "contributions", count: 2...CeremonyProtocol.maxParticipants).map(
            DeviceEnvelope.init(cbor:))
    }
}

/// What the members sign and the group keeps of a refresh: the sums of the contributions. The summed padded share of
/// member j minus the pads of every dealer (each from X25519 of j's host key and the dealer's ephemeral key) is j's
/// refresh delta; the summed higher commitments move every verifying share.
///
/// CDDL: `refresh-sums = { 1: [* element] (t - 1), 2: [* bstr .size 32] (n ephemeral keys),
///                         3: [* bstr .size 32] (n summed padded shares) }`
public struct RefreshSums: Sendable, Hashable {
    /// Σ_i [a_ik]B for k = 1 ... t−1.
    public let higherCommitments: [[UInt8]]
    /// Every dealer's ephemeral X25519 key, in roster order.
    public let ephemeralKeys: [[UInt8]]
    /// Σ_i padded zero-share (i → j) for each member j, in roster order.
    public let paddedShares: [[UInt8]]

    var cbor: CBOR {
        .map(
            CBORMap([
                (1, .array(higherCommitments.map(CBOR.bytes))), (2, .array(ephemeralKeys.map(CBOR.bytes))),
                (3, .array(paddedShares.map(CBOR.bytes))),
            ]))
    }

    init(higherCommitments: [[UInt8]], ephemeralKeys: [[UInt8]], paddedShares: [[UInt8]]) {
        self.higherCommitments = higherCommitments
        self.ephemeralKeys = ephemeralKeys
        self.paddedShares = paddedShares
    }

    init(cbor: CBOR, t: Int, n: Int) throws {
        let fields = try MessageFields(cbor, message: "refresh sums", allowed: [1, 2, 3])
        higherCommitments = try fields.elementStrings(1, "higher commitments", count: (t - 1)...(t - 1))
        ephemeralKeys = try fields.byteStrings(2, "ephemeral keys", each: 32, count: n...n)
        paddedShares = try fields.byteStrings(3, "padded shares", each: 32, count: n...n)
    }
}

/// The coordinator's last message of a refresh: every member's signature over the transcript.
public typealias RefreshCertificate = TranscriptCertificate<RefreshTranscript>

/// A finished refresh as the group record keeps it: invite, sums and certificate. Public; checked when made or
/// decoded against the record it extends (`GroupRecord.appending`).
///
/// CDDL: `refresh-record = { 0: 1 (a refresh), 1: refresh-invite, 2: refresh-sums, 3: [2*64 bstr .size 64] }`
public struct RefreshRecord: Sendable, Hashable {
    /// The invite.
    public let invite: RefreshInvite
    /// The sums every member signed.
    public let sums: RefreshSums
    /// The n transcript signatures.
    public let signatures: [[UInt8]]

    var cbor: CBOR {
        .map(
            CBORMap([
                (0, .unsigned(GroupEvent.refreshKind)), (1, invite.cbor), (2, sums.cbor),
                (3, .array(signatures.map(CBOR.bytes))),
            ]))
    }

    init(invite: RefreshInvite, sums: RefreshSums, signatures: [[UInt8]]) {
        self.invite = invite
        self.sums = sums
        self.signatures = signatures
    }

    init(cbor: CBOR, t: Int, n: Int) throws {
        let fields = try MessageFields(cbor, message: "refresh record", allowed: [0, 1, 2, 3])
        _ = try fields.unsigned(0, "kind", range: GroupEvent.refreshKind...GroupEvent.refreshKind)
        invite = try RefreshInvite(cbor: try fields.value(1, "invite"))
        sums = try RefreshSums(cbor: try fields.value(2, "sums"), t: t, n: n)
        signatures = try fields.byteStrings(3, "signatures", each: 64, count: n...n)
    }

    /// The hash every member signs: BLAKE2b-256 (personal "HGRefresh-Trans1") of the invite's and the sums' encodings.
    public var transcriptHash: [UInt8] { RefreshRecord.transcriptHash(invite: invite, sums: sums) }

    static func transcriptHash(invite: RefreshInvite, sums: RefreshSums) -> [UInt8] {
        CeremonyProtocol.hash("HGRefresh-Trans1", invite.encoded + sums.cbor.encoded)
    }

    /// The certificate this record was made from.
    public var certificate: RefreshCertificate {
        RefreshCertificate(session: invite.session, parametersHash: invite.parametersHash, signatures: signatures)
    }
}

/// Checks n transcript signatures, each the signature of member i's transcript-signature envelope (`round`) over
/// `transcriptHash`; throws `certificateInvalid` naming the first bad signer. The one check behind every certificate.
func verifyTranscriptSignatures(
    _ signatures: [[UInt8]], round: Round, session: [UInt8], parametersHash: [UInt8], roster: [Identity],
    transcriptHash: [UInt8]
) throws {
    guard signatures.count == roster.count else { throw CeremonyError.certificateInvalid(signer: nil) }
    let payload = DKGTranscriptPayload(transcriptHash: transcriptHash).payload
    for (offset, signature) in signatures.enumerated() {
        let envelope = DeviceEnvelope(
            round: round, session: session, parametersHash: parametersHash, sender: offset + 1, payload: payload,
            signature: signature)
        guard envelope.verifies(signingKey: roster[offset].signingKey) else {
            throw CeremonyError.certificateInvalid(signer: offset + 1)
        }
    }
}

extension Culprit {
    /// Stores the culprit in a state map: its roster index under `index` (0: the coordinator) and a device's label
    /// under `label`.
    func store(in map: inout CBORMap, index: UInt64, label: UInt64) {
        guard case .device(let position, let name) = self else {
            map[CBOR.unsigned(index)] = 0
            return
        }
        map[CBOR.unsigned(index)] = .unsigned(UInt64(position))
        map[CBOR.unsigned(label)] = .text(name)
    }

    /// Reads what `store(in:index:label:)` wrote, for a roster of at most `n` members.
    init(_ fields: MessageFields, index: UInt64, label: UInt64, n: Int) throws {
        let position = try fields.int(index, "culprit", range: 0...n)
        self = position == 0 ? .coordinator : .device(index: position, label: try fields.text(label, "label", maxBytes: 64))
    }
}

/// Roster member `index` (1-based) as a culprit.
func rosterCulprit(_ roster: [Identity], _ index: Int) -> Culprit {
    .device(index: index, label: roster[index - 1].label)
}

/// The refresh arithmetic for suite `C`.
enum RefreshMath<C: Ciphersuite> {
    static func culprit(_ roster: [Identity], _ index: Int) -> Culprit { rosterCulprit(roster, index) }

    /// pad_ij = BLAKE2b-512(key: X25519(e_i, X_j), personal "HGRefresh-Pad-v1", session ‖ params ‖ i ‖ j ‖ X_j)
    /// reduced mod ℓ: the DKG's pad with its own domain.
    static func pad(shared: [UInt8], invite: RefreshInvite, sender: Int, recipient: Int, recipientKey: [UInt8])
        -> Scalar<C>
    {
        let context =
            invite.session + invite.parametersHash + [UInt8(sender >> 8), UInt8(sender & 0xff)]
            + [UInt8(recipient >> 8), UInt8(recipient & 0xff)] + recipientKey
        var wide = Sodium.blake2bPersonal(
            context, key: shared, personal: Array("HGRefresh-Pad-v1".utf8), outputCount: 64)
        defer { wipe(&wide) }
        return C.scalar(reducingWide: wide)
    }

    /// Member `sender`'s dealing (`Refresh.deal`), its zero-shares padded to each member's X25519 key under a fresh
    /// ephemeral key. The polynomial and the ephemeral secret are random and never stored: the signed contribution is
    /// what the device keeps.
    static func contribute(invite: RefreshInvite, roster: [Identity], threshold: Int, sender: Int) throws
        -> RefreshContribution
    {
        let members = try (1...roster.count).map { try PedPop<C>.identifier($0) }
        let dealing: Refresh<C>.Dealing
        do {
            dealing = try Refresh<C>.deal(dealer: members[sender - 1], members: members, minSigners: threshold)
        } catch {
            throw CeremonyError.frost("\(error)")
        }
        var ephemeralSecret = Sodium.random(32)
        defer { wipe(&ephemeralSecret) }
        var padded: [[UInt8]] = []
        for recipient in 1...roster.count {
            let key = roster[recipient - 1].agreementKey
            guard var shared = Sodium.x25519(ephemeralSecret, key) else {
                throw CeremonyError.smallOrderAgreementKey(label: roster[recipient - 1].label)
            }
            defer { wipe(&shared) }
            var padValue = pad(shared: shared, invite: invite, sender: sender, recipient: recipient, recipientKey: key)
            defer { padValue.zeroize() }
            guard let share = dealing.shares[members[recipient - 1]] else { throw CeremonyError.frost("no share") }
            var value = share.withScalar { $0 + padValue }
            padded.append(value.serialize())
            value.zeroize()
        }
        return RefreshContribution(
            higherCommitments: dealing.commitment.coefficients.dropFirst().map { $0.serialize() },
            ephemeralKey: Sodium.x25519Base(ephemeralSecret), paddedShares: padded)
    }

    /// A contribution's commitment, checked: elements of the suite, none the identity. A bad one is its dealer's.
    static func commitment(_ contribution: RefreshContribution, roster: [Identity], sender: Int) throws
        -> VerifiableSecretSharingCommitment<C>
    {
        let blame = { (reason: String) in CeremonyError.blame(culprit: culprit(roster, sender), reason: reason) }
        guard let higher = try? contribution.higherCommitments.map({ try Element<C>(deserializing: $0) }) else {
            throw blame("its refresh commitment holds an invalid group element")
        }
        guard let commitment = try? Refresh<C>.commitment(higher: higher, dealer: try PedPop<C>.identifier(sender))
        else { throw blame("its refresh polynomial is degenerate (a coefficient commitment is the identity)") }
        guard contribution.paddedShares.allSatisfy({ (try? Scalar<C>(deserializing: $0)) != nil }) else {
            throw blame("a padded share is not a canonical scalar")
        }
        return commitment
    }

    /// The pad member `recipient` removes for `sender`, from its own host key and the sender's ephemeral key.
    static func recipientPad(
        host: HostKey, invite: RefreshInvite, roster: [Identity], sender: Int, recipient: Int, ephemeralKey: [UInt8]
    ) throws -> Scalar<C> {
        guard var shared = host.agree(with: ephemeralKey) else {
            throw CeremonyError.blame(culprit: culprit(roster, sender), reason: "its ephemeral key has low order")
        }
        defer { wipe(&shared) }
        return pad(
            shared: shared, invite: invite, sender: sender, recipient: recipient,
            recipientKey: roster[recipient - 1].agreementKey)
    }

    /// Member `index` checks every dealer's zero-share to it against the dealer's commitment, naming the first dealer
    /// whose share does not match, and returns the sums the members sign.
    static func check(
        bundle: [RefreshContribution], invite: RefreshInvite, roster: [Identity], host: HostKey, index: Int
    ) throws -> RefreshSums {
        let me = try PedPop<C>.identifier(index)
        var commitments: [VerifiableSecretSharingCommitment<C>] = []
        for (offset, contribution) in bundle.enumerated() {
            let sender = offset + 1
            let commitment = try commitment(contribution, roster: roster, sender: sender)
            var padded = try Scalar<C>(deserializing: contribution.paddedShares[index - 1])
            var pad = try recipientPad(
                host: host, invite: invite, roster: roster, sender: sender, recipient: index,
                ephemeralKey: contribution.ephemeralKey)
            var share = padded - pad
            pad.zeroize()
            padded.zeroize()
            defer { share.zeroize() }
            guard C.multiplyGenerator(by: share) == commitment.verifyingShare(for: me).element else {
                throw CeremonyError.blame(
                    culprit: culprit(roster, sender),
                    reason: "the zero-share it encrypted to device \(index) does not match its commitment")
            }
            commitments.append(commitment)
        }
        return try sums(bundle, commitments: commitments)
    }

    /// The sums of checked contributions (the coordinator's and every member's view).
    static func sums(_ bundle: [RefreshContribution], commitments: [VerifiableSecretSharingCommitment<C>]) throws
        -> RefreshSums
    {
        let summed = try VerifiableSecretSharingCommitment<C>.sum(commitments)
        let n = bundle.count
        let shares = try (0..<n).map { recipient in
            try bundle.reduce(Scalar<C>.zero) { $0 + (try Scalar<C>(deserializing: $1.paddedShares[recipient])) }
                .serialize()
        }
        return RefreshSums(
            higherCommitments: summed.coefficients.dropFirst().map { $0.serialize() },
            ephemeralKeys: bundle.map(\.ephemeralKey), paddedShares: shares)
    }

    /// Member `index`'s refresh delta from a record's sums: its summed padded share minus every dealer's pad.
    static func delta(_ record: RefreshRecord, roster: [Identity], host: HostKey, index: Int) throws -> Scalar<C> {
        guard var total = try? Scalar<C>(deserializing: record.sums.paddedShares[index - 1]) else {
            throw CeremonyError.keyNotUsable(reason: "a refresh's summed share is not a canonical scalar")
        }
        defer { total.zeroize() }
        for (offset, key) in record.sums.ephemeralKeys.enumerated() {
            var pad = try recipientPad(
                host: host, invite: record.invite, roster: roster, sender: offset + 1, recipient: index,
                ephemeralKey: key)
            let next = total - pad
            pad.zeroize()
            total.zeroize()
            total = next
        }
        return total + Scalar<C>.zero  // a copy: `total` itself is wiped on the way out
    }

    /// The verifying shares after a refresh: each moved by the summed zero polynomial's commitment at its identifier.
    static func refreshed(_ result: DKGPublicResult, sums: RefreshSums) throws -> DKGPublicResult {
        let higher: [Element<C>]
        do {
            higher = try sums.higherCommitments.map { try Element<C>(deserializing: $0) }
        } catch {
            throw CeremonyError.keyNotUsable(reason: "a refresh's summed commitment is not a group element")
        }
        // The identity constant term: Σ_k x^k C_k for k ≥ 1 (a sum may be the identity, which is harmless here).
        let verifyingShares = try result.verifyingShares.enumerated().map { offset, bytes in
            let x = try PedPop<C>.identifier(offset + 1).scalar
            var moved = C.identity
            for coefficient in higher.reversed() { moved = x * moved + coefficient }
            moved = x * moved
            return (try Element<C>(deserializing: bytes) + moved).serialize()
        }
        return DKGPublicResult(
            groupKey: result.groupKey, verifyingShares: verifyingShares, threshold: result.threshold)
    }
}
