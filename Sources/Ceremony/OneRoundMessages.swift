import DeterministicCBOR
import FROST
import UniformResources

/// The commitments of a signing session's signers, whichever way they reached the signers: the two-round
/// `SignPackage` (each signer's signed commitment envelope) or the one-round `SignOneRound` (preprocessed
/// commitments, each signed in its batch). The signing schemes read commitments only through this.
protocol SigningCommitmentList: Sendable {
    /// The hash a signature share is bound to (`SignSharePayload.packageHash`).
    var hash: [UInt8] { get }

    /// The commitments, checked against `request` and the roster: exactly the request's signers in order, each
    /// commitment authentic (else the coordinator forged it) and `count` pairs of valid elements of `C` (else its
    /// signer is blamed).
    func checkedCommitments<C: Ciphersuite>(
        request: SignRequest, roster: [Identity], _: C.Type, count: Int
    ) throws -> [(sender: Int, commitments: [SigningCommitments<C>])]
}

extension SigningCommitmentList {
    /// The RFC 9591 signing package of the checked commitments and the request's message (one item).
    func signingPackage<C: Ciphersuite>(request: SignRequest, roster: [Identity], _: C.Type) throws
        -> SigningPackage<C>
    {
        let entries = try checkedCommitments(request: request, roster: roster, C.self, count: 1).map {
            (try PedPop<C>.identifier($0.sender), $0.commitments[0])
        }
        do {
            return try SigningPackage<C>(commitmentList: entries, message: request.message)
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }
}

extension SignPackage: SigningCommitmentList {}

/// A batch of preprocessed nonce commitments (issue 16): the payload of a `.nonceBatch` device envelope, whose
/// session is the batch id (32 random bytes) and whose parameters hash is the group key the batch is for.
///
/// Each commitment is signed on its own by the device's host key, so that a one-round package can carry one
/// commitment with its signature instead of the whole batch, and every signer can still check that the coordinator
/// did not make it up:
/// signed bytes `"heliograph/ceremony/v1/nonce-commitment" || dCBOR([batch, group-key, sender, index, commitment])`.
///
/// CDDL: `nonce-batch = { 1: [1*64 commitment], 2: [1*64 signature: bstr .size 64], 3: issued: uint }` (equal
/// lengths), with `commitment = bstr .size 64 / 66`: two elements of the group's suite (hiding || binding; BIP 445's
/// R1 || R2), and `issued` the device's Unix time when it made them (the batch is used for `NonceBatchStore.maxAge`).
struct NonceBatchPayload: Hashable {
    /// The commitments, by index.
    let commitments: [[UInt8]]
    /// Each commitment's host-key signature.
    let signatures: [[UInt8]]
    /// When the device issued the batch (Unix time).
    let issuedAt: UInt64

    /// The most commitments one batch holds.
    static let maxCount = 64

    static let domain = Array("heliograph/ceremony/v1/nonce-commitment".utf8)

    /// The bytes a device signs for commitment `index` of `batch`.
    static func signedBytes(batch: [UInt8], groupKey: [UInt8], sender: Int, index: Int, commitment: [UInt8])
        -> [UInt8]
    {
        domain
            + CBOR.array([
                .bytes(batch), .bytes(groupKey), .unsigned(UInt64(sender)), .unsigned(UInt64(index)),
                .bytes(commitment),
            ]).encoded
    }

    init(commitments: [[UInt8]], signatures: [[UInt8]], issuedAt: UInt64) {
        self.commitments = commitments
        self.signatures = signatures
        self.issuedAt = issuedAt
    }

    /// Commitments signed by `host` for device `sender`.
    init(commitments: [[UInt8]], batch: [UInt8], groupKey: [UInt8], sender: Int, issuedAt: UInt64, host: HostKey) {
        self.commitments = commitments
        self.issuedAt = issuedAt
        signatures = commitments.enumerated().map {
            host.sign(
                NonceBatchPayload.signedBytes(
                    batch: batch, groupKey: groupKey, sender: sender, index: $0, commitment: $1))
        }
    }

    var payload: CBOR {
        .map(
            CBORMap([
                (1, .array(commitments.map { .bytes($0) })), (2, .array(signatures.map { .bytes($0) })),
                (3, .unsigned(issuedAt)),
            ]))
    }

    init(payload: CBOR) throws {
        let name = Round.nonceBatch.urType
        let fields = try MessageFields(payload, message: name, allowed: [1, 2, 3])
        issuedAt = try fields.unsigned(3, "issue time")
        commitments = try fields.array(1, "commitments", count: 1...NonceBatchPayload.maxCount).map {
            try MessageFields.bytes($0, message: name, field: "commitment", sizes: 64...66)
        }
        signatures = try fields.array(2, "signatures", count: 1...NonceBatchPayload.maxCount).map {
            try MessageFields.bytes($0, message: name, field: "signature", count: 64)
        }
        guard commitments.count == signatures.count else {
            throw CeremonyError.malformedMessage(message: name, reason: "not one signature per commitment")
        }
        guard Set(commitments.map(\.count)).count == 1, commitments[0].count != 65 else {
            throw CeremonyError.malformedMessage(message: name, reason: "the commitments are not two elements each")
        }
    }

    /// Checks a batch envelope from a roster member of `group`: signed by the sender (`check`), for this group, each
    /// commitment signed and two valid elements of the group's suite. Returns the payload.
    static func checked(_ envelope: DeviceEnvelope, group: GroupRecord) throws -> NonceBatchPayload {
        try envelope.check(
            session: envelope.session, parametersHash: group.groupKey, round: .nonceBatch, roster: group.roster)
        let batch = try NonceBatchPayload(payload: envelope.payload)
        let culprit = rosterCulprit(group.roster, envelope.sender)
        let signingKey = group.roster[envelope.sender - 1].signingKey
        for (index, (commitment, signature)) in zip(batch.commitments, batch.signatures).enumerated() {
            let bytes = signedBytes(
                batch: envelope.session, groupKey: group.groupKey, sender: envelope.sender, index: index,
                commitment: commitment)
            guard Sodium.verify(signature: signature, message: bytes, publicKey: signingKey) else {
                throw CeremonyError.blame(culprit: culprit, reason: "commitment \(index) of its batch is not signed")
            }
            func parses<C: Ciphersuite>(_: C.Type) -> Bool {
                (try? SignCommitmentPayload(stored: commitment, count: 1).commitments(C.self, count: 1)) != nil
            }
            guard parses(group.invite.suite.ciphersuite) else {
                throw CeremonyError.blame(culprit: culprit, reason: "commitment \(index) of its batch is invalid")
            }
        }
        return batch
    }
}

/// One signer's part of a one-round package: which of its preprocessed commitments the session uses (one per item
/// signed, in item order, all from one batch), each with the signature it carried in its batch.
///
/// CDDL: `one-round-entry = { 1: sender: uint, 2: batch: bstr .size 32, 3: indices: [1*32 uint],
///                            4: commitments: [1*32 commitment], 5: signatures: [1*32 bstr .size 64] }`
public struct OneRoundEntry: Sendable, Hashable {
    /// The signer's roster index.
    public let sender: Int
    /// The id of the batch the commitments come from.
    public let batch: [UInt8]
    /// The commitments' indices in the batch, one per item signed.
    public let indices: [Int]
    /// The commitments (two elements each).
    let commitments: [[UInt8]]
    /// Their signatures from the batch.
    let signatures: [[UInt8]]

    init(sender: Int, batch: [UInt8], indices: [Int], commitments: [[UInt8]], signatures: [[UInt8]]) {
        self.sender = sender
        self.batch = batch
        self.indices = indices
        self.commitments = commitments
        self.signatures = signatures
    }

    var cbor: CBOR {
        .map(
            CBORMap([
                (1, .unsigned(UInt64(sender))), (2, .bytes(batch)), (3, .array(indices.map { .unsigned(UInt64($0)) })),
                (4, .array(commitments.map { .bytes($0) })), (5, .array(signatures.map { .bytes($0) })),
            ]))
    }

    init(cbor: CBOR) throws {
        let name = SignOneRound.urType
        let fields = try MessageFields(cbor, message: name, allowed: [1, 2, 3, 4, 5])
        sender = try fields.int(1, "sender", range: 1...CeremonyProtocol.maxParticipants)
        batch = try fields.bytes(2, "batch", count: 32)
        let count = 1...SignRequest.maxSigningInputs
        indices = try fields.array(3, "indices", count: count).map {
            guard let value = $0.unsignedValue, value < UInt64(NonceBatchPayload.maxCount) else {
                throw CeremonyError.wrongType(message: name, field: "index", expected: "an index below 64")
            }
            return Int(value)
        }
        commitments = try fields.array(4, "commitments", count: count).map {
            try MessageFields.bytes($0, message: name, field: "commitment", sizes: 64...66)
        }
        signatures = try fields.array(5, "signatures", count: count).map {
            try MessageFields.bytes($0, message: name, field: "signature", count: 64)
        }
        guard indices.count == commitments.count, indices.count == signatures.count else {
            throw CeremonyError.malformedMessage(message: name, reason: "an entry's lists differ in length")
        }
        guard Set(indices).count == indices.count else {
            throw CeremonyError.malformedMessage(message: name, reason: "an entry names one commitment twice")
        }
    }
}

/// The one-round signing package (coordinator → the signers, issue 16): the request itself and, for each signer,
/// preprocessed commitments it issued in a batch. Each signer checks the request as it would in round 1, checks
/// that every commitment is signed by its signer, and that its own are unused ones it issued; then it durably marks
/// them used and answers with its share (`heliograph-sign-share`, bound to this message's hash). One optical round
/// trip per signature.
///
/// Concurrent sessions are safe: every signer's binding factor hashes the group key, the message and the whole
/// commitment list (RFC 9591 §4.4, `compute_binding_factors`), so commitments published in advance cannot be
/// combined across concurrent sessions into a forgery (the Drijvers et al. attack on preprocessed two-round Schnorr
/// schemes, which this binding is what defeats in FROST); what must hold is that each nonce pair answers one message
/// only (RFC 9591's security considerations on nonce reuse), which each device enforces durably (`NonceBatchStore`).
///
/// CDDL: `sign-one-round = { 0: 1, 1: sign-request, 2: [2*64 one-round-entry] }` (entries ascending by sender,
/// exactly the request's signers).
public struct SignOneRound: CeremonyMessage, Hashable {
    /// The UR type of this message (Vectors/ceremony/REGISTRY.md).
    public static let urType = "heliograph-sign-one-round"
    /// What is signed, by whom, until when.
    public let request: SignRequest
    /// Each signer's preprocessed commitments, ascending by sender.
    public let entries: [OneRoundEntry]

    init(request: SignRequest, entries: [OneRoundEntry]) {
        self.request = request
        self.entries = entries
    }

    /// The message as dCBOR (layout in the CDDL above).
    public var cbor: CBOR {
        .map(CBORMap([(0, .unsigned(CeremonyProtocol.version)), (1, request.cbor), (2, .array(entries.map(\.cbor)))]))
    }

    /// Strict decoding: unknown keys, wrong types and wrong sizes throw `CeremonyError`.
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: SignOneRound.urType, allowed: [0, 1, 2])
        try fields.version()
        request = try SignRequest(cbor: try fields.value(1, "request"))
        entries = try fields.array(2, "entries", count: 2...CeremonyProtocol.maxParticipants).map(
            OneRoundEntry.init(cbor:))
        guard entries.map(\.sender) == request.signers else {
            throw CeremonyError.malformedMessage(
                message: SignOneRound.urType, reason: "the entries are not the request's signers in order")
        }
    }

    /// The hash a signature share is bound to.
    public var hash: [UInt8] { CeremonyProtocol.hash("HGSign-OneRnd-01", encoded) }

    /// Every signer's commitments checked: for `request` (this message's own), exactly its signers in order, each
    /// commitment signed in its batch by its signer (else the coordinator, who assembled the list, forged it), each
    /// two valid elements of `C` (else the signer signed a bad one), `count` per signer.
    func checkedCommitments<C: Ciphersuite>(
        request: SignRequest, roster: [Identity], _: C.Type, count: Int
    ) throws -> [(sender: Int, commitments: [SigningCommitments<C>])] {
        guard request == self.request else {
            throw CeremonyError.wrongParameters(
                expected: shortHex(request.parametersHash), got: shortHex(self.request.parametersHash))
        }
        guard entries.map(\.sender) == request.signers else {
            throw CeremonyError.blame(
                culprit: .coordinator, reason: "the commitment list is not the request's signer set")
        }
        return try entries.map { entry in
            guard (1...roster.count).contains(entry.sender) else {
                throw CeremonyError.unknownSender(index: entry.sender)
            }
            guard entry.commitments.count == count else {
                throw CeremonyError.blame(
                    culprit: .coordinator,
                    reason: "it gave device \(entry.sender) \(entry.commitments.count) commitments where \(count) "
                        + "were due")
            }
            let identity = roster[entry.sender - 1]
            for (position, index) in entry.indices.enumerated() {
                let bytes = NonceBatchPayload.signedBytes(
                    batch: entry.batch, groupKey: request.groupKey, sender: entry.sender, index: index,
                    commitment: entry.commitments[position])
                guard Sodium.verify(signature: entry.signatures[position], message: bytes, publicKey: identity.signingKey)
                else {
                    throw CeremonyError.invalidSignature(
                        culprit: .coordinator, what: "preprocessed commitment \(index) of device \(entry.sender)")
                }
            }
            let culprit = Culprit.device(index: entry.sender, label: identity.label)
            guard
                let commitments = try? SignCommitmentPayload(pairs: entry.commitments).commitments(
                    C.self, count: count)
            else { throw CeremonyError.blame(culprit: culprit, reason: "it signed an invalid commitment") }
            return (entry.sender, commitments)
        }
    }
}

extension SignOneRound: SigningCommitmentList {}
