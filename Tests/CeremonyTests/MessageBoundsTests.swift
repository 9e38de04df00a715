@testable import Bitcoin
import DeterministicCBOR
import FROST
import Testing
import UniformResources

@testable import Ceremony

/// The CBOR items the dCBOR decoder counts for an item: every head (a map, each key and value, an array and each
/// element).
func itemCount(_ item: CBOR) -> Int {
    switch item {
    case .array(let items): return 1 + items.map(itemCount).reduce(0, +)
    case .map(let map): return 1 + map.entries.map { itemCount($0.key) + itemCount($0.value) }.reduce(0, +)
    case .tagged(_, let inner): return 1 + itemCount(inner)
    default: return 1
    }
}

/// The largest legitimate message of every type at n = t = s = 64: the longest labels, summary and message, every
/// list full, the largest indices. Only the shape matters to the bounds, so the bytes are filler.
enum MaximalMessages {
    static let n = CeremonyProtocol.maxParticipants

    /// A group element's size in the largest suite (secp256k1, compressed), which the bounds allow for.
    static let element = 33

    static func filler(_ byte: Int, _ count: Int) -> [UInt8] {
        [UInt8](repeating: UInt8(truncatingIfNeeded: byte), count: count)
    }

    static func identity(_ index: Int) -> Identity {
        // Distinct 64-byte labels and keys; an X25519 key of 32 equal nonzero bytes is not of small order.
        Identity(
            label: String(format: "%02d", index) + String(repeating: "x", count: 62), signingKey: filler(index, 32),
            agreementKey: filler(index + 100, 32),
            chillDKGHostKey: Secp256k1Sha256.multiplyGenerator(by: Scalar(UInt64(index))).serialize())
    }

    static func invite() throws -> DKGInvite {
        try DKGInvite(
            session: filler(1, 32), suite: .secp256k1, threshold: n, roster: (1...n).map(identity),
            groupLabel: String(repeating: "g", count: 64), expiry: .max, network: .regtest)
    }

    static func envelope(_ round: Round, sender: Int, payload: CBOR) -> DeviceEnvelope {
        DeviceEnvelope(
            round: round, session: filler(1, 32), parametersHash: filler(2, 32), sender: sender, payload: payload,
            signature: filler(3, 64))
    }

    static func core(_ sender: Int) -> ContributionCore {
        ContributionCore(
            constantCommitment: filler(sender, element), proofOfKnowledge: filler(sender, element + 32),
            ephemeralKey: filler(sender, 32), signature: filler(sender, 64))
    }

    static func contribution(sender: Int, t: Int = n) -> DeviceEnvelope {
        let payload = DKGContribution(
            core: core(sender), higherCommitments: (1..<t).map { filler($0, element) },
            encryptedShares: (1...n).map { filler($0, 32) })
        return envelope(.dkgContribution, sender: sender, payload: payload.payload)
    }

    static func investigation(t: Int = n) -> DKGInvestigation {
        DKGInvestigation(
            session: filler(1, 32), parametersHash: filler(2, 32), recipient: n,
            contributions: (1...n).map { contribution(sender: $0, t: t) })
    }

    static func bundle() -> DKGBundle {
        DKGBundle(
            session: filler(1, 32), parametersHash: filler(2, 32), cores: (1...n).map(core),
            summedHigherCommitments: (1..<n).map { filler($0, element) }, summedShares: (1...n).map { filler($0, 32) })
    }

    static func certificate() -> DKGCertificate {
        DKGCertificate(
            session: filler(1, 32), parametersHash: filler(2, 32), signatures: (1...n).map { filler($0, 64) })
    }

    /// A request carrying a PSBT of `SignRequest.maxMessageBytes` bytes (an unsigned transaction and a proprietary
    /// global entry filling the rest), which is 2 bytes and 2 items more than the largest message request.
    static func signRequest() throws -> SignRequest {
        var psbt = try PSBT(
            unsignedTransaction: BitcoinTransaction(
                version: 2, inputs: [TransactionInput(previousTxid: filler(9, 32), previousIndex: 0)],
                outputs: [TransactionOutput(amount: 1000, scriptPubKey: [0x51, 0x20] + filler(3, 32))], lockTime: 0))
        let room = SignRequest.maxMessageBytes - psbt.serialized.count
        // Key: compact size 1 + type 0xfc; value: compact size 3 (0xfd + 2 bytes) + the filler.
        psbt.global.set(PSBTEntry(keyType: 0xfc, keyData: [], value: filler(5, room - 2 - 3)))
        return try SignRequest(
            session: filler(1, 32), suite: .secp256k1, groupKey: filler(4, 32), message: [],
            summary: String(repeating: "s", count: 1024), signers: Array(1...n), expiry: .max,
            psbt: psbt.serialized, epoch: GroupRecord.maxRefreshes)
    }

    static func refreshInvite() throws -> RefreshInvite {
        try RefreshInvite(
            session: filler(1, 32), suite: .secp256k1, groupKey: filler(4, 32), epoch: GroupRecord.maxRefreshes,
            history: filler(5, 32), expiry: .max)
    }

    static func refreshContribution(sender: Int) -> DeviceEnvelope {
        envelope(
            .refreshContribution, sender: sender,
            payload: RefreshContribution(
                higherCommitments: (1..<n).map { filler($0, element) }, ephemeralKey: filler(sender, 32),
                paddedShares: (1...n).map { filler($0, 32) }
            ).payload)
    }

    static let h = MessageBounds.maxHelpers

    static func enrollInvite() throws -> EnrollmentInvite {
        try EnrollmentInvite(
            session: filler(1, 32), suite: .secp256k1, groupKey: filler(4, 32), epoch: GroupRecord.maxRefreshes,
            history: filler(5, 32), expiry: .max, member: n, newcomer: identity(n + 1), helpers: Array(1...h))
    }

    static func enrollDeltas(sender: Int) -> DeviceEnvelope {
        envelope(
            .enrollDeltas, sender: sender,
            payload: EnrollmentDeltas(
                ephemeralKey: filler(sender, 32), commitments: (1...h).map { filler($0, element) },
                paddedDeltas: (1...h).map { filler($0, 32) }
            ).payload)
    }

    static func enrollSigma(sender: Int) -> DeviceEnvelope {
        envelope(
            .enrollSigma, sender: sender,
            payload: EnrollmentSigma(
                ephemeralKey: filler(sender, 32), paddedSigma: filler(sender, 32), deltasHash: filler(5, 32)).payload)
    }

    static func enrollmentRecord() throws -> EnrollmentRecord {
        EnrollmentRecord(
            invite: try enrollInvite(),
            sums: EnrollmentSums(
                sigmaCommitments: (1...h).map { filler($0, element) }, ephemeralKeys: (1...h).map { filler($0, 32) },
                paddedSigmas: (1...h).map { filler($0, 32) }),
            signatures: (1...n).map { filler($0, 64) })
    }

    static func refreshRecord() throws -> RefreshRecord {
        RefreshRecord(
            invite: try refreshInvite(),
            sums: RefreshSums(
                higherCommitments: (1..<n).map { filler($0, element) }, ephemeralKeys: (1...n).map { filler($0, 32) },
                paddedShares: (1...n).map { filler($0, 32) }),
            signatures: (1...n).map { filler($0, 64) })
    }

    /// A commitment of a PSBT session at `SignRequest.maxSigningInputs` inputs.
    static func commitment(sender: Int) -> DeviceEnvelope {
        envelope(
            .signCommitment, sender: sender,
            payload: .map(CBORMap([(3, .array((1...SignRequest.maxSigningInputs).map { .bytes(filler($0, 66)) }))])))
    }

    /// A batch of the most preprocessed commitments (issue 16), each 66 bytes.
    static func nonceBatch() -> DeviceEnvelope {
        let count = NonceBatchPayload.maxCount
        return envelope(
            .nonceBatch, sender: n,
            payload: NonceBatchPayload(
                commitments: (1...count).map { filler($0, 66) }, signatures: (1...count).map { filler($0, 64) },
                issuedAt: .max
            ).payload)
    }

    /// A one-round package for the largest PSBT request: every signer with `maxSigningInputs` commitments at the
    /// largest indices.
    static func signOneRound() throws -> SignOneRound {
        let k = SignRequest.maxSigningInputs
        return SignOneRound(
            request: try signRequest(),
            entries: (1...n).map {
                OneRoundEntry(
                    sender: $0, batch: filler($0, 32), indices: Array((NonceBatchPayload.maxCount - k)..<NonceBatchPayload.maxCount),
                    commitments: (1...k).map { filler($0, 66) }, signatures: (1...k).map { filler($0, 64) })
            })
    }

    static func twoValues(_ count: Int) -> CBOR {
        .map(CBORMap([(1, .bytes(filler(6, count))), (2, .bytes(filler(7, count)))]))
    }

    /// Every message type, by UR type, with its largest encoding.
    static func all() throws -> [(type: String, encoded: [UInt8])] {
        let hash = CBOR.map(CBORMap([(1, .bytes(filler(8, 32)))]))
        let certEq = CBOR.map(CBORMap([(2, .bytes(filler(8, 64)))]))  // ChillDKG's, the larger payload
        return [
            (Identity.urType, identity(n).encoded),
            (DKGInvite.urType, try invite().encoded),
            (Round.dkgContribution.urType, contribution(sender: n).encoded),
            (Round.dkgTranscriptSignature.urType, envelope(.dkgTranscriptSignature, sender: n, payload: certEq).encoded),
            (Round.dkgComplaint.urType, envelope(.dkgComplaint, sender: n, payload: hash).encoded),
            (DKGBundle.urType, bundle().encoded),
            (DKGInvestigation.urType, investigation().encoded),
            (DKGCertificate.urType, certificate().encoded),
            (
                GroupRecord.urType,
                GroupRecord(
                    GroupRecord(
                        invite: try invite(), bundle: bundle(), certificate: certificate(), index: n,
                        checked: DKGPublicResult(groupKey: [], verifyingShares: [], threshold: n)),
                    index: n, events: try (1...GroupRecord.maxRefreshes).map { _ in .enrollment(try enrollmentRecord()) },
                    roster: (1...n).map(identity), result: DKGPublicResult(groupKey: [], verifyingShares: [], threshold: n)
                ).encoded
            ),
            (RefreshInvite.urType, try refreshInvite().encoded),
            (Round.refreshContribution.urType, refreshContribution(sender: n).encoded),
            (
                Round.refreshTranscriptSignature.urType,
                envelope(.refreshTranscriptSignature, sender: n, payload: certEq).encoded
            ),
            (
                RefreshBundle.urType,
                RefreshBundle(
                    session: filler(1, 32), parametersHash: filler(2, 32),
                    contributions: (1...n).map(refreshContribution)
                ).encoded
            ),
            (EnrollmentInvite.urType, try enrollInvite().encoded),
            (Round.enrollDeltas.urType, enrollDeltas(sender: h).encoded),
            (Round.enrollSigma.urType, enrollSigma(sender: h).encoded),
            (
                Round.enrollTranscriptSignature.urType,
                envelope(.enrollTranscriptSignature, sender: n, payload: certEq).encoded
            ),
            (
                EnrollmentBundle.urType,
                EnrollmentBundle(
                    session: filler(1, 32), parametersHash: filler(2, 32), deltas: (1...h).map(enrollDeltas),
                    sigmas: (1...h).map(enrollSigma)
                ).encoded
            ),
            (
                EnrollmentCertificate.urType,
                EnrollmentCertificate(
                    session: filler(1, 32), parametersHash: filler(2, 32), signatures: (1...n).map { filler($0, 64) }
                ).encoded
            ),
            (
                RefreshCertificate.urType,
                RefreshCertificate(
                    session: filler(1, 32), parametersHash: filler(2, 32), signatures: (1...n).map { filler($0, 64) }
                ).encoded
            ),
            (SignRequest.urType, try signRequest().encoded),
            (Round.nonceBatch.urType, nonceBatch().encoded),
            (SignOneRound.urType, try signOneRound().encoded),
            (Round.signCommitment.urType, commitment(sender: n).encoded),
            (
                Round.signShare.urType,
                envelope(
                    .signShare, sender: n,
                    payload: .map(
                        CBORMap([
                            (2, .bytes(filler(8, 32))),
                            (3, .array((1...SignRequest.maxSigningInputs).map { .bytes(filler($0, 32)) })),
                        ]))
                ).encoded
            ),
            (
                SignPackage.urType,
                SignPackage(session: filler(1, 32), parametersHash: filler(2, 32), commitments: (1...n).map(commitment))
                    .encoded
            ),
            (
                SignResult.urType,
                SignResult(
                    session: filler(1, 32), parametersHash: filler(2, 32),
                    signatures: (1...SignRequest.maxSigningInputs).map { filler($0, 64) }
                ).encoded
            ),
        ]
    }
}

/// Issue 11 item 6: the largest legitimate message of every type at n = t = 64 decodes (through the UR a device
/// scans), and its bounds are tight: exactly its item count, and its size up to one byte per index below 24.
@Test func theLargestMessageOfEveryTypeDecodesWithinItsBounds() throws {
    let messages = try MaximalMessages.all()
    let types = Set(CeremonyProtocol.messageTypes).subtracting([CeremonyProtocol.envelopeName])
    #expect(Set(messages.map(\.type)) == types)
    for (type, encoded) in messages {
        let bounds = CeremonyProtocol.bounds(of: type)
        let items = itemCount(try CBOR.decode(encoded))
        #expect(items == bounds.maxItems, "\(type): \(items) items, bound \(bounds)")
        // Lists of signers or senders 1...64 hold 23 one-byte indices; the bound gives every index two bytes.
        // A one-round package has two such lists: the request's signers and its entries' senders.
        let slack =
            type == GroupRecord.urType
            ? 23 * GroupRecord.maxRefreshes  // each enrollment invite's helper list
            : [SignOneRound.urType, EnrollmentBundle.urType].contains(type)
            ? 46
            : [
                DKGInvestigation.urType, SignRequest.urType, SignPackage.urType, RefreshBundle.urType,
                EnrollmentInvite.urType,
            ].contains(type)
                ? 23 : 0
        #expect(encoded.count == bounds.maxBytes - slack, "\(type): \(encoded.count) bytes, bound \(bounds)")
        if type == GroupRecord.urType {
            // A record checks itself when decoded (sessions, parameters, certificate), which a filler transcript
            // cannot pass: it must get that far, past the bounds and the strict field checks.
            do {
                _ = try AnyCeremonyMessage(ur: UR(type: type, cbor: encoded))
                Issue.record("a filler group record checked out")
            } catch let error as CeremonyError {
                switch error {
                case .wrongParameters, .wrongSession, .certificateInvalid: break
                default: Issue.record("\(type): \(error)")
                }
            }
        } else {
            #expect(throws: Never.self, "\(type) decodes") {
                _ = try AnyCeremonyMessage(ur: UR(type: type, cbor: encoded))
            }
        }
    }
    // The device envelope of a round not yet known gets the largest round's bounds.
    #expect(CeremonyProtocol.bounds(of: CeremonyProtocol.envelopeName) == .contribution(n: 64, t: 64))
    #expect(CeremonyProtocol.maxMessageBytes == MessageBounds.signOneRound(s: 64).maxBytes)
}

/// The bounds at n = t = 64, written out (Vectors/ceremony/REGISTRY.md, "Message bounds").
@Test func theBoundsAtSixtyFourDevicesAreTheDocumentedNumbers() {
    let table: [(String, Int, Int)] = [
        (Identity.urType, 176, 11), (DKGInvite.urType, 11389, 721), (Round.dkgContribution.urType, 4738, 152),
        (Round.dkgTranscriptSignature.urType, 214, 17), (Round.dkgComplaint.urType, 182, 17),
        (DKGBundle.urType, 17455, 460), (DKGInvestigation.urType, 303_311, 9739), (DKGCertificate.urType, 4300, 73),
        (GroupRecord.urType, 211_747, 7040), (SignRequest.urType, 66790, 85), (Round.signCommitment.urType, 2326, 49),
        (Round.signShare.urType, 1273, 51), (SignPackage.urType, 148_940, 3145), (SignResult.urType, 2188, 41),
        (Round.nonceBatch.urType, 8739, 149), (SignOneRound.urType, 348_397, 6939),
        (RefreshInvite.urType, 122, 15), (Round.refreshContribution.urType, 4569, 148),
        (Round.refreshTranscriptSignature.urType, 214, 17), (RefreshBundle.urType, 292_492, 9481),
        (RefreshCertificate.urType, 4300, 73), (EnrollmentInvite.urType, 431, 94),
        (Round.enrollDeltas.urType, 4535, 147), (Round.enrollSigma.urType, 252, 21),
        (Round.enrollTranscriptSignature.urType, 214, 17), (EnrollmentBundle.urType, 301_660, 10_595),
        (EnrollmentCertificate.urType, 4300, 73),
    ]
    for (type, bytes, items) in table {
        #expect(CeremonyProtocol.bounds(of: type) == MessageBounds(maxBytes: bytes, maxItems: items), "\(type)")
    }
}

/// One item more than a type's bound is refused by the decoder with a typed error, before the fields are read: an
/// array of `maxItems` elements is `maxItems + 1` items, and the last element is the one refused.
@Test(arguments: CeremonyProtocol.messageTypes)
func oneItemOverTheBoundIsRefused(type: String) throws {
    let bounds = CeremonyProtocol.bounds(of: type)
    let input = CBOR.array([CBOR](repeating: 0, count: bounds.maxItems)).encoded
    let head = input.count - bounds.maxItems
    #expect(input.count <= bounds.maxBytes, "the size check is not what refuses it")
    let refusal = CeremonyError.cbor(.itemLimitExceeded(offset: head + bounds.maxItems - 1, limit: bounds.maxItems))
    #expect(throws: refusal) {
        _ = try CeremonyProtocol.decode(input, message: type)
    }
    let tooLong = [UInt8](repeating: 0, count: bounds.maxBytes + 1)
    #expect(throws: CeremonyError.messageTooLarge(message: type, size: tooLong.count, limit: bounds.maxBytes)) {
        _ = try CeremonyProtocol.decode(tooLong, message: type)
    }
}

/// The largest investigation with one more item (a 65th encrypted share in one contribution, one byte) is refused
/// by the item bound through the public decoder; without it, it decodes.
@Test func anInvestigationOneItemOverTheBoundIsRefused() throws {
    var investigation = MaximalMessages.investigation()
    guard case .map(var payload) = investigation.contributions[63].payload,
        var shares = payload[3]?.arrayValue
    else {
        Issue.record("no shares")
        return
    }
    shares.append(0)
    payload[3] = .array(shares)
    var contributions = investigation.contributions
    contributions[63] = MaximalMessages.envelope(.dkgContribution, sender: 64, payload: .map(payload))
    investigation = DKGInvestigation(
        session: investigation.session, parametersHash: investigation.parametersHash, recipient: 64,
        contributions: contributions)
    let bounds = MessageBounds.investigation(n: 64, t: 64)
    #expect(investigation.encoded.count <= bounds.maxBytes)
    #expect(itemCount(investigation.cbor) == bounds.maxItems + 1)
    // The last item, the signature of the last contribution (66 bytes), is the one over the bound.
    let last = investigation.encoded.count - 66
    #expect(throws: CeremonyError.cbor(.itemLimitExceeded(offset: last, limit: bounds.maxItems))) {
        _ = try DKGInvestigation(encoded: investigation.encoded)
    }
    #expect(throws: Never.self) { _ = try DKGInvestigation(encoded: MaximalMessages.investigation().encoded) }
}
