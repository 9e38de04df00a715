import Bitcoin
import DeterministicCBOR
import Foundation
import FROST

/// What a device keeps for a finished DKG: the public transcript (invite and bundle), the certificate, and its
/// own roster index. It holds nothing secret: the device's signing share is re-derived from its host seed and
/// this record whenever it is needed, so the host seed plus this record restore the share (ChillDKG "recovery
/// data"). Anyone can check the record: every device signed its transcript hash.
///
/// Later events of the group's life (issue 15) follow, oldest first, each certified by every member: share refreshes
/// and enrollments (a member's share rebuilt for a new device, or a new member). Their number is the record's epoch.
/// A member's share is then its base share (the key generation's, or its enrollment's) plus the delta of every
/// refresh after that base, all re-derived from the host seed and this public record.
///
/// CDDL: `group-record = { 0: 1, 1: invite: dkg-invite, 2: bundle: dkg-bundle, 3: certificate: dkg-certificate,
///                         4: index: uint, ? 5: [1*16 (refresh-record / enrollment-record)] }`
public struct GroupRecord: CeremonyMessage, Hashable {
    /// The UR type of this message (Vectors/ceremony/REGISTRY.md).
    public static let urType = "heliograph-dkg-recovery"
    /// The DKG's invite (its parameters).
    public let invite: DKGInvite
    /// The bundle every device verified.
    public let bundle: DKGBundle
    /// The n transcript signatures.
    public let certificate: DKGCertificate
    /// The device's 1-based roster index (its FROST identifier).
    public let index: Int
    /// The group's events after its key generation, oldest first.
    public let events: [GroupEvent]
    /// The roster now: the key generation's, with each enrollment's newcomer in its place (or added at the end).
    public let roster: [Identity]
    /// The group's public result as the key generation made it, recomputed from the bundle once, when the record was
    /// made or decoded.
    public let keyGenerationResult: DKGPublicResult
    /// The group's public result now: the group key and every device's verifying share (RFC 9591 §5, `PK_i`), in
    /// roster order, after every refresh.
    public let publicResult: DKGPublicResult

    /// The most events (refreshes and enrollments) one record holds (a refresh is about 11 KB at n = 64).
    public static let maxRefreshes = 16

    /// The group's refreshes, oldest first.
    public var refreshes: [RefreshRecord] {
        events.compactMap { if case .refresh(let record) = $0 { record } else { nil } }
    }

    /// A record checked once, here: the pieces belong to one session and parameters, every device signed this
    /// transcript (ChillDKG §"Certifying"), and the bundle gives a group key. Throws `wrongSession`,
    /// `wrongParameters`, `certificateInvalid` or what checking the bundle throws.
    init(invite: DKGInvite, bundle: DKGBundle, certificate: DKGCertificate, index: Int) throws {
        guard bundle.session == invite.session, certificate.session == invite.session else {
            throw CeremonyError.wrongSession(
                expected: shortHex(invite.session),
                got: shortHex(bundle.session == invite.session ? certificate.session : bundle.session))
        }
        guard certificate.parametersHash == invite.parametersHash else {
            throw CeremonyError.wrongParameters(
                expected: shortHex(invite.parametersHash), got: shortHex(certificate.parametersHash))
        }
        self.init(
            invite: invite, bundle: bundle, certificate: certificate, index: index,
            checked: try invite.suite.keyGeneration.publicResult(
                invite: invite, bundle: bundle, certificate: certificate))
    }

    /// A record whose `publicResult` was already checked (for the other devices' records of one transcript; tests
    /// that need only a record's shape).
    init(invite: DKGInvite, bundle: DKGBundle, certificate: DKGCertificate, index: Int, checked: DKGPublicResult) {
        self.invite = invite
        self.bundle = bundle
        self.certificate = certificate
        self.index = index
        events = []
        roster = invite.roster
        keyGenerationResult = checked
        publicResult = checked
    }

    /// The same group seen by another member, or at another epoch: nothing is checked again.
    init(_ record: GroupRecord, index: Int, events: [GroupEvent], roster: [Identity], result: DKGPublicResult) {
        invite = record.invite
        bundle = record.bundle
        certificate = record.certificate
        self.index = index
        self.events = events
        self.roster = roster
        keyGenerationResult = record.keyGenerationResult
        publicResult = result
    }

    /// This group's record for member `index` (public data only; the same checked results).
    func forMember(_ index: Int) -> GroupRecord {
        GroupRecord(self, index: index, events: events, roster: roster, result: publicResult)
    }

    /// The record with one more event, checked (`appending(_: RefreshRecord)`, `appending(_: EnrollmentRecord)`).
    public func appending(_ event: GroupEvent) throws -> GroupRecord {
        switch event {
        case .refresh(let record): return try appending(record)
        case .enrollment(let record): return try appending(record)
        }
    }

    /// Checks that an event's invite is for this group's next epoch and history.
    func checkNext(suite: CeremonySuite, groupKey: [UInt8], epoch: Int, history: [UInt8]) throws {
        guard suite == invite.suite, groupKey == self.groupKey else {
            throw CeremonyError.wrongGroup(expected: shortHex(self.groupKey), got: shortHex(groupKey))
        }
        guard epoch == self.epoch + 1, history == historyDigest else {
            throw CeremonyError.invalidParameters(
                reason: "the event of epoch \(epoch) does not follow this record (epoch \(self.epoch))")
        }
    }

    /// The record with one more refresh, checked: the refresh is this group's next epoch, starts from this record's
    /// history, carries every member's signature of its transcript, and its sums give valid verifying shares. Throws
    /// `wrongGroup`, `invalidParameters` or `certificateInvalid`.
    public func appending(_ refresh: RefreshRecord) throws -> GroupRecord {
        let invite = refresh.invite
        try checkNext(suite: invite.suite, groupKey: invite.groupKey, epoch: invite.epoch, history: invite.history)
        guard refresh.sums.higherCommitments.count == self.invite.threshold - 1,
            refresh.sums.paddedShares.count == participantCount, refresh.sums.ephemeralKeys.count == participantCount
        else { throw CeremonyError.invalidParameters(reason: "the refresh's sums do not fit the group") }
        try verifyTranscriptSignatures(
            refresh.signatures, round: .refreshTranscriptSignature, session: invite.session,
            parametersHash: invite.parametersHash, roster: roster, transcriptHash: refresh.transcriptHash)
        func moved<C: Ciphersuite>(_: C.Type) throws -> DKGPublicResult {
            try RefreshMath<C>.refreshed(publicResult, sums: refresh.sums)
        }
        return GroupRecord(
            self, index: index, events: events + [.refresh(refresh)], roster: roster,
            result: try moved(self.invite.suite.ciphersuite))
    }

    /// The record as it stood at `epoch` (0 is the key generation), or nil past this record's epoch. Its index is
    /// this record's (a newcomer's index names another member before its enrollment).
    public func atEpoch(_ epoch: Int) throws -> GroupRecord? {
        guard (0...self.epoch).contains(epoch) else { return nil }
        var record = GroupRecord(self, index: index, events: [], roster: invite.roster, result: keyGenerationResult)
        for event in events.prefix(epoch) { record = try record.appending(event) }
        return record.index <= record.participantCount ? record : record.forMember(1)
    }

    /// The roster at each epoch, 0 (the key generation's) to `epoch` (`roster`): public arithmetic over the events,
    /// which were checked when the record was made or decoded.
    var rosterHistory: [[Identity]] {
        events.reduce(into: [invite.roster]) { rosters, event in rosters.append(event.roster(after: rosters[rosters.count - 1])) }
    }

    /// The number of events after the key generation (0: the shares are the key generation's).
    public var epoch: Int { events.count }

    /// n, the members now.
    public var participantCount: Int { roster.count }

    /// What names this record's shares: BLAKE2b-256 (personal "HGGroup-History1") of the key generation's transcript
    /// hash and each event's. An event's invite carries it, so every member starts from the same shares.
    public var historyDigest: [UInt8] {
        CeremonyProtocol.hash("HGGroup-History1", transcriptHash + events.flatMap(\.transcriptHash))
    }

    /// The message of the test signature that ends a refresh or an enrollment (`refreshTestPrefix`, the group key,
    /// the epoch as 8 bytes big-endian, the event's transcript hash); nil at epoch 0. Each member keeps its previous
    /// record until it sees a valid group signature of this message, which only the new shares can have made: members
    /// sign it only at the epoch it names.
    public var refreshTestMessage: [UInt8]? {
        guard let last = events.last else { return nil }
        let epochBytes = (0..<8).reversed().map { UInt8(truncatingIfNeeded: UInt64(epoch) >> (8 * $0)) }
        return GroupRecord.refreshTestPrefix + groupKey + epochBytes + last.transcriptHash
    }

    /// The first bytes of every refresh test message.
    public static let refreshTestPrefix = Array("heliograph/refresh-test/v1".utf8)

    /// The message as dCBOR (layout in the CDDL above).
    public var cbor: CBOR {
        var map = CBORMap([
            (0, .unsigned(CeremonyProtocol.version)), (1, invite.cbor), (2, bundle.cbor), (3, certificate.cbor),
            (4, .unsigned(UInt64(index))),
        ])
        if !events.isEmpty { map[5] = .array(events.map(\.cbor)) }
        return .map(map)
    }

    /// Strict decoding: unknown keys, wrong types and wrong sizes throw `CeremonyError`, and so does a record that
    /// does not check out (see `init(invite:bundle:certificate:index:)`).
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: GroupRecord.urType, allowed: [0, 1, 2, 3, 4, 5])
        try fields.version()
        let invite = try DKGInvite(cbor: try fields.value(1, "invite"))
        var record = try GroupRecord(
            invite: invite, bundle: try DKGBundle(cbor: try fields.value(2, "bundle")),
            certificate: try DKGCertificate(cbor: try fields.value(3, "certificate")), index: 1)
        if fields.has(5) {
            for item in try fields.array(5, "events", count: 1...GroupRecord.maxRefreshes) {
                record = try record.appending(
                    try GroupEvent(cbor: item, t: invite.threshold, n: record.participantCount))
            }
        }
        self = record.forMember(try fields.int(4, "index", range: 1...record.participantCount))
    }

    /// The public recovery record of every device of a finished DKG, in roster order (element i - 1 is device
    /// i's): what the coordinator prints on the result sheet so that a device left with only its host seed can
    /// re-derive its share (`recover(host:)`, `DeviceDirectory.restore`). The records hold nothing secret.
    /// Throws `CeremonyError.wrongSession` / `.wrongParameters` when the pieces belong to different sessions and
    /// `.certificateInvalid` when some device did not sign this transcript (ChillDKG §"Certifying"). Also throws
    /// what checking the bundle throws, so a record that passes can always give its group key.
    public static func recoveryRecords(
        invite: DKGInvite, bundle: DKGBundle, certificate: DKGCertificate
    ) throws -> [GroupRecord] {
        let first = try GroupRecord(invite: invite, bundle: bundle, certificate: certificate, index: 1)
        return first.recoveryRecords
    }

    /// Every member's record of this group at this epoch, in roster order: what the result sheet prints.
    public var recoveryRecords: [GroupRecord] { (1...participantCount).map(forMember) }

    /// The roster index of a member a person named by number or label (any case). Throws `invalidSigners`.
    public func memberIndex(_ name: String) throws -> Int {
        let name = name.trimmingCharacters(in: .whitespaces)
        let index = Int(name) ?? roster.firstIndex(where: { $0.label.lowercased() == name.lowercased() }).map { $0 + 1 }
        guard let index, roster.indices.contains(index - 1) else {
            let names = roster.enumerated().map { "\($0 + 1). \($1.label)" }.joined(separator: ", ")
            throw CeremonyError.invalidSigners(reason: "\(name) is not in the roster (\(names))")
        }
        return index
    }

    /// Checks a signer set a person chose, given as roster numbers or labels (any case): each names a member, none
    /// twice, and there are at least t of them. Returns the roster indices, ascending. Throws `invalidSigners`, whose
    /// reason says which member is unknown or named twice, or how many are missing.
    public func signerSet(_ members: [String]) throws -> [Int] {
        let roster = self.roster
        var indices: [Int] = []
        for member in members.map({ $0.trimmingCharacters(in: .whitespaces) }) where !member.isEmpty {
            let index =
                Int(member)
                ?? roster.firstIndex(where: { $0.label.lowercased() == member.lowercased() }).map { $0 + 1 }
            guard let index, roster.indices.contains(index - 1) else {
                let names = roster.enumerated().map { "\($0 + 1). \($1.label)" }.joined(separator: ", ")
                throw CeremonyError.invalidSigners(reason: "\(member) is not in the roster (\(names))")
            }
            guard !indices.contains(index) else {
                throw CeremonyError.invalidSigners(reason: "\(roster[index - 1].label) is named twice")
            }
            indices.append(index)
        }
        guard indices.count >= invite.threshold else {
            throw CeremonyError.invalidSigners(
                reason: "fewer signers than the threshold (\(invite.threshold)): \(indices.count) named")
        }
        return indices.sorted()
    }

    /// The transcript hash all n devices signed.
    public var transcriptHash: [UInt8] { dkgTranscriptHash(invite: invite, bundle: bundle) }

    /// The group key as the suite shows it (`CeremonySuite.shownGroupKey`): the serialized FROST group public key, or
    /// for secp256k1 its 32-byte BIP 340 x-only key. Requests, sheets and verifiers use this form.
    public var groupKey: [UInt8] { invite.suite.shownGroupKey(element: publicResult.groupKey) }

    /// The group's watch-only Taproot wallet (issue 13, docs/BITCOIN.md): the 33-byte group key with the BIP 328
    /// chain code on the invite's network. Nil for a group without a network (every non-secp256k1 group).
    public var wallet: TaprootWallet? {
        guard let network = invite.network, invite.suite == .secp256k1 else { return nil }
        return try? TaprootWallet(groupKey: publicResult.groupKey, network: network)
    }

    /// What the devices and the coordinator show of the wallet: its network, the BIP 389 descriptor and the first
    /// receive address, to compare with the result sheet and with the watch-only wallet that imports it. Empty
    /// without a wallet.
    public var walletLines: [String] {
        guard let wallet else { return [] }
        let first = (try? wallet.address(change: false, index: 0).address) ?? "(none)"
        return [
            "  Bitcoin \(wallet.network.rawValue) Taproot wallet:",
            "    \(wallet.descriptor.multipath)",
            "    First receive address: \(first)",
        ]
    }

    /// Checks the record against a host key: the certificate, then the share derived from the host seed.
    /// Returns the key package (secret share inside) and the public key package.
    func keyMaterial<C: Ciphersuite>(
        host: HostKey, as suite: C.Type
    ) throws
        -> (keyPackage: KeyPackage<C>, publicKeyPackage: PublicKeyPackage<C>)
    {
        guard roster[index - 1] == host.identity else {
            throw CeremonyError.keyNotUsable(reason: "the record is for another device's host key")
        }
        // The transcript and every event were checked when this record was made or decoded, and `publicResult` holds
        // what they give; what is left is the device's own share, checked against its verifying share.
        // (Re-checking every core on each signing step cost n signature and proof checks.)
        let identifiers = try (1...participantCount).map { try PedPop<C>.identifier($0) }
        let verifyingShares = try publicResult.verifyingShares.map { try VerifyingShare<C>(deserializing: $0) }
        let verifyingKey = try VerifyingKey<C>(deserializing: publicResult.groupKey)
        var share: Scalar<C> = try memberShare(host: host)
        defer { share.zeroize() }
        guard C.multiplyGenerator(by: share) == verifyingShares[index - 1].element else {
            throw CeremonyError.keyNotUsable(
                reason: "the share derived from the host seed does not match the transcript")
        }
        let publicKeyPackage = PublicKeyPackage<C>(
            verifyingShares: Dictionary(uniqueKeysWithValues: zip(identifiers, verifyingShares)),
            verifyingKey: verifyingKey, minSigners: invite.threshold)
        do {
            let keyPackage = try KeyPackage<C>(
                identifier: identifiers[index - 1], signingShare: SigningShare(SecretScalar(consuming: &share)),
                verifyingShare: verifyingShares[index - 1], verifyingKey: verifyingKey, minSigners: invite.threshold)
            return (keyPackage, publicKeyPackage)
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }

    /// This member's share, not yet checked: its base share (the last enrollment that made it, else the key
    /// generation's from the suite's scheme) plus the delta of every later refresh, each re-derived from the host
    /// seed. The caller checks it against the verifying share and wipes it.
    func memberShare<C: Ciphersuite>(host: HostKey) throws -> Scalar<C> {
        let rosters = rosterHistory
        let base = events.lastIndex {
            if case .enrollment(let record) = $0 { record.invite.member == index } else { false }
        }
        var share: Scalar<C>
        if let base, case .enrollment(let record) = events[base] {
            share = try EnrollMath<C>.newcomerShare(record, roster: rosters[base], host: host)
        } else {
            guard invite.roster.indices.contains(index - 1), invite.roster[index - 1] == host.identity else {
                throw CeremonyError.keyNotUsable(reason: "the record is for another device's host key")
            }
            var bytes = try invite.suite.keyGeneration.keyGenerationShare(self, host: host)
            defer { wipe(&bytes) }
            share = try Scalar<C>(deserializing: bytes)
        }
        for position in ((base ?? -1) + 1)..<events.count {
            guard case .refresh(let refresh) = events[position] else { continue }
            var delta: Scalar<C>
            do {
                delta = try RefreshMath<C>.delta(refresh, roster: rosters[position], host: host, index: index)
            } catch {
                share.zeroize()
                throw error
            }
            let next = share + delta
            delta.zeroize()
            share.zeroize()
            share = next
        }
        return share
    }

    /// Recovery: a device wiped except its host seed re-derives its share from this public record and checks it
    /// against the record's verifying share (the key generation's part for secp256k1 groups by ChillDKG's
    /// participant_recover on `chillDKGRecoveryData`). Returns the group key it belongs to, as shown.
    public func recover(host: HostKey) throws -> [UInt8] {
        func check<C: Ciphersuite>(_: C.Type) throws -> [UInt8] {
            try keyMaterial(host: host, as: C.self).publicKeyPackage.verifyingKey.serialize()
        }
        return invite.suite.shownGroupKey(element: try check(invite.suite.ciphersuite))
    }

    /// ChillDKG's recovery data (eq_input ‖ certificate) of a secp256k1 group, from the bundle's coordinator message
    /// and the certificate; `ChillDKG.participantRecover` with the device's ChillDKG host secret key restores its
    /// share from it. Throws `CeremonyError.invalidParameters` for a group of another key generation.
    public func chillDKGRecoveryData() throws -> [UInt8] {
        guard let message = bundle.coordinatorMessage else {
            throw CeremonyError.invalidParameters(reason: "the group was not made by ChillDKG")
        }
        do {
            return try ChillDKG.recoveryData(
                params: ChillDKGKeyGeneration.params(invite), coordinatorMessage1: message,
                certificate: certificate.signatures.flatMap { $0 })
        } catch {
            throw CeremonyError.frost("ChillDKG recovery data: \(error)")
        }
    }
}

/// Verification steps shared by device and recovery.
enum DKGVerification<C: Ciphersuite> {
    /// Checks the bundle's shape and every forwarded core (signature, then proof of knowledge); returns the C_i0.
    static func checkBundle(invite: DKGInvite, bundle: DKGBundle) throws -> [Element<C>] {
        guard bundle.session == invite.session else {
            throw CeremonyError.wrongSession(expected: shortHex(invite.session), got: shortHex(bundle.session))
        }
        guard bundle.parametersHash == invite.parametersHash else {
            throw CeremonyError.wrongParameters(
                expected: shortHex(invite.parametersHash), got: shortHex(bundle.parametersHash))
        }
        let n = invite.participantCount
        guard bundle.cores.count == n, bundle.summedShares.count == n,
            bundle.summedHigherCommitments.count == invite.threshold - 1
        else { throw CeremonyError.blame(culprit: .coordinator, reason: "the bundle has the wrong number of entries") }
        return try (1...n).map {
            try PedPop<C>.checkCore(bundle.cores[$0 - 1], invite: invite, sender: $0, forwarded: true)
        }
    }

    static func publicResult(invite: DKGInvite, bundle: DKGBundle) throws -> DKGPublicResult {
        let commitment = try PedPop<C>.summedCommitment(
            bundle: bundle, constants: try checkBundle(invite: invite, bundle: bundle))
        return DKGPublicResult(
            groupKey: commitment.verifyingKey.serialize(),
            verifyingShares: try (1...invite.participantCount).map {
                commitment.verifyingShare(for: try PedPop<C>.identifier($0)).serialize()
            },
            threshold: invite.threshold)
    }

    /// Derives device `index`'s share and checks it against the summed commitment. Returns nil when the share
    /// does not verify (the device must complain), else the key packages.
    static func tryKeyMaterial(
        host: HostKey, invite: DKGInvite, bundle: DKGBundle, index: Int
    ) throws
        -> (keyPackage: KeyPackage<C>, publicKeyPackage: PublicKeyPackage<C>)?
    {
        let commitment = try PedPop<C>.summedCommitment(
            bundle: bundle, constants: try checkBundle(invite: invite, bundle: bundle))
        var share = try PedPop<C>.unpaddedShare(host: host, invite: invite, bundle: bundle, recipient: index)
        defer { share.zeroize() }
        let identifier = try PedPop<C>.identifier(index)
        let verifyingShare = commitment.verifyingShare(for: identifier)
        guard C.multiplyGenerator(by: share) == verifyingShare.element else { return nil }
        let identifiers = try (1...invite.participantCount).map { try PedPop<C>.identifier($0) }
        let publicKeyPackage = try PublicKeyPackage<C>(commitment: commitment, identifiers: identifiers)
        do {
            let keyPackage = try KeyPackage<C>(
                identifier: identifier, signingShare: SigningShare(SecretScalar(consuming: &share)),
                verifyingShare: verifyingShare, verifyingKey: commitment.verifyingKey, minSigners: invite.threshold)
            return (keyPackage, publicKeyPackage)
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }

    /// Investigation (failure path): with every step-1 envelope, decrypt each share addressed to `recipient`
    /// alone and name who sent a bad one, or the coordinator if the envelopes do not add up to the bundle.
    static func investigate(
        host: HostKey, invite: DKGInvite, bundle: DKGBundle, recipient: Int,
        contributions: [DeviceEnvelope]
    ) throws -> (culprit: Culprit, reason: String) {
        let n = invite.participantCount
        guard contributions.count == n else {
            return (.coordinator, "the investigation lacks contributions")
        }
        let identifier = try PedPop<C>.identifier(recipient)
        var shareSum = Scalar<C>.zero
        var higherSums: [Element<C>?] = Array(repeating: nil, count: invite.threshold - 1)
        for sender in 1...n {
            let envelope = contributions[sender - 1]
            guard envelope.sender == sender else { return (.coordinator, "the contributions are out of order") }
            do {
                try envelope.check(
                    session: invite.session, parametersHash: invite.parametersHash, round: .dkgContribution,
                    roster: invite.roster, forwarded: true)
            } catch {
                return (.coordinator, "it forwarded a contribution that device \(sender) did not sign")
            }
            let culprit = invite.culprit(sender)
            guard let contribution = try? DKGContribution(payload: envelope.payload, invite: invite) else {
                return (culprit, "it signed a malformed contribution")
            }
            guard contribution.core == bundle.cores[sender - 1] else {
                return (.coordinator, "the bundle does not carry device \(sender)'s contribution core unchanged")
            }
            guard let c0 = try? Element<C>(deserializing: contribution.core.constantCommitment),
                let higher = try? contribution.higherCommitments.map({ try Element<C>(deserializing: $0) }),
                let padded = try? Scalar<C>(deserializing: contribution.encryptedShares[recipient - 1])
            else { return (culprit, "its contribution holds an invalid element or scalar") }
            let commitment = try VerifiableSecretSharingCommitment<C>(
                deserializing: [c0.serialize()] + higher.map { $0.serialize() })
            var pad = try PedPop<C>.recipientPad(
                host: host, invite: invite, sender: sender, recipient: recipient,
                ephemeralKey: contribution.core.ephemeralKey)
            var share = padded - pad
            pad.zeroize()
            defer { share.zeroize() }
            guard C.multiplyGenerator(by: share) == commitment.verifyingShare(for: identifier).element else {
                return (culprit, "the share it encrypted to device \(recipient) does not match its commitment")
            }
            shareSum = shareSum + padded
            for k in higher.indices { higherSums[k] = higherSums[k].map { $0 + higher[k] } ?? higher[k] }
        }
        let summedShare = try? Scalar<C>(deserializing: bundle.summedShares[recipient - 1])
        guard summedShare == shareSum,
            higherSums.map({ $0?.serialize() ?? [] }) == bundle.summedHigherCommitments
        else { return (.coordinator, "the bundle's sums differ from the contributions") }
        return (.coordinator, "every contribution is valid, so the complaint came from a bundle it altered")
    }
}
