import Bitcoin
import DeterministicCBOR
import FROST

/// DKG invite (coordinator → every device): the ceremony's parameters. Its `parametersHash` is printed on the
/// ceremony sheet; each person compares it with what their device shows before the device contributes.
///
/// CDDL: `dkg-invite = { 0: 1, 1: session: bstr .size 32, 2: suite: 1 / 2 / 3, 3: threshold: uint,
///                       4: roster: [2*64 identity], 5: group-label: tstr, 6: expiry: uint,
///                       ? 7: network: 0 / 1 / 2 / 3 }` (mainnet, testnet, signet, regtest; secp256k1 only)
public struct DKGInvite: CeremonyMessage, Hashable {
    /// The UR type of this message (Vectors/ceremony/REGISTRY.md).
    public static let urType = "heliograph-dkg-invite"
    /// Fresh randomness chosen by the coordinator, naming the session.
    public let session: [UInt8]
    /// The FROST ciphersuite of the group key.
    public let suite: CeremonySuite
    /// t: the number of signers needed.
    public let threshold: Int
    /// The ordered roster; device i (1-based) has FROST identifier i.
    public let roster: [Identity]
    /// A person-chosen name for the group.
    public let groupLabel: String
    /// Unix time (seconds) after which devices refuse the invite.
    public let expiry: UInt64
    /// The Bitcoin network of the group's Taproot wallet (docs/BITCOIN.md); only a secp256k1 group has one, and
    /// one without a network has no wallet.
    public let network: BitcoinNetwork?

    /// Builds an invite, checking 2 ≤ t ≤ n ≤ 64, distinct keys in the roster, the label, what the suite's key
    /// generation needs (secp256k1: every member's ChillDKG host key, so no version-1 identity), and that only a
    /// secp256k1 group names a Bitcoin network.
    public init(
        session: [UInt8], suite: CeremonySuite, threshold: Int, roster: [Identity], groupLabel: String,
        expiry: UInt64, network: BitcoinNetwork? = nil
    ) throws {
        guard session.count == 32 else {
            throw CeremonyError.invalidLength(field: "session", expected: 32, got: session.count)
        }
        guard roster.count >= 2, roster.count <= CeremonyProtocol.maxParticipants else {
            throw CeremonyError.invalidParameters(reason: "the roster has \(roster.count) devices, not 2...64")
        }
        guard threshold >= 2, threshold <= roster.count else {
            throw CeremonyError.invalidParameters(reason: "threshold \(threshold) is not in 2...\(roster.count)")
        }
        guard Set(roster.map(\.signingKey)).count == roster.count,
            Set(roster.map(\.agreementKey)).count == roster.count
        else { throw CeremonyError.invalidParameters(reason: "a host key appears twice in the roster") }
        try Identity.checkLabel(groupLabel)
        try suite.keyGeneration.checkRoster(roster, threshold: threshold)
        guard network == nil || suite == .secp256k1 else {
            throw CeremonyError.invalidParameters(reason: "only a secp256k1 group has a Bitcoin network, not \(suite)")
        }
        self.session = session
        self.suite = suite
        self.threshold = threshold
        self.roster = roster
        self.groupLabel = groupLabel
        self.expiry = expiry
        self.network = network
    }

    /// The message as dCBOR (layout in the CDDL above).
    public var cbor: CBOR {
        var entries: [(CBOR, CBOR)] = [
            (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(session)), (2, .unsigned(suite.rawValue)),
            (3, .unsigned(UInt64(threshold))), (4, .array(roster.map(\.cbor))), (5, .text(groupLabel)),
            (6, .unsigned(expiry)),
        ]
        if let network { entries.append((7, .unsigned(network.code))) }
        return .map(CBORMap(entries))
    }

    /// Strict decoding: unknown keys, wrong types and wrong sizes throw `CeremonyError`.
    public init(cbor: CBOR) throws {
        let name = DKGInvite.urType
        let fields = try MessageFields(cbor, message: name, allowed: [0, 1, 2, 3, 4, 5, 6, 7])
        try fields.version()
        guard let suite = CeremonySuite(rawValue: try fields.unsigned(2, "suite")) else {
            throw CeremonyError.valueOutOfRange(message: name, field: "suite", reason: "unknown suite")
        }
        let network = fields.has(7) ? BitcoinNetwork(code: try fields.unsigned(7, "network", range: 0...3)) : nil
        let roster = try fields.array(4, "roster", count: 2...CeremonyProtocol.maxParticipants).map(
            Identity.init(cbor:))
        do {
            try self.init(
                session: try fields.bytes(1, "session", count: 32), suite: suite,
                threshold: try fields.int(3, "threshold", range: 2...CeremonyProtocol.maxParticipants), roster: roster,
                groupLabel: try fields.text(5, "group label", maxBytes: 64), expiry: try fields.unsigned(6, "expiry"),
                network: network)
        } catch CeremonyError.invalidParameters(let reason) {
            throw CeremonyError.malformedMessage(message: name, reason: reason)
        } catch CeremonyError.invalidLabel(let reason) {
            throw CeremonyError.malformedMessage(message: name, reason: "group label: \(reason)")
        }
    }

    /// The parameters hash as eight Bytewords (64 bits), for people to compare with the ceremony sheet.
    public var parametersWords: String { ceremonyWords(parametersHash, count: 8) }

    /// What a device shows before it contributes: the group, t of n, every roster member with its long
    /// fingerprint (the words the invitation sheet prints), the expiry and the words to compare with the sheet.
    public var displayLines: [String] {
        ["Key generation for \"\(groupLabel)\": \(threshold) of \(participantCount), \(suite)"]
            + roster.enumerated().map { "  \($0 + 1). \($1.label) [\($1.longFingerprint)]" }
            + (network.map { ["Bitcoin network: \($0.rawValue) (Taproot wallet of the group key)"] } ?? [])
            + ["Expires: \(DisplayText.utc(expiry))", "Compare with the sheet: \(parametersWords)"]
    }

    /// n, the number of devices.
    public var participantCount: Int { roster.count }

    /// The hash people compare on the ceremony sheet: BLAKE2b-256 (personal "HGDKG-Params--v1") of the encoding.
    public var parametersHash: [UInt8] { CeremonyProtocol.hash("HGDKG-Params--v1", encoded) }

    /// The roster index (1-based) of a host identity, if present.
    public func index(of identity: Identity) -> Int? { roster.firstIndex(of: identity).map { $0 + 1 } }

    func culprit(_ index: Int) -> Culprit { .device(index: index, label: roster[index - 1].label) }
}

/// The part of a device's DKG contribution that the coordinator forwards unchanged to everyone: the commitment
/// to its constant term C_i0, its proof of knowledge of that term, its ephemeral X25519 key, and its host-key
/// signature over these (so a bad proof is provably the device's, and an altered field provably the coordinator's).
///
/// CDDL: `contribution-core = [c0: element, pok: bstr .size (Ne + 32), ephemeral: bstr .size 32, sig: bstr .size 64]`,
/// `element = bstr .size Ne`, Ne = 32 (Ed25519, ristretto255) or 33 (secp256k1, compressed)
public struct ContributionCore: Sendable, Hashable {
    /// C_i0 = a_i0·G, the commitment to the device's secret constant term.
    public let constantCommitment: [UInt8]
    /// Schnorr proof of knowledge (R || μ) of a_i0 (ZF frost-core DKG part 1: c = H_DKG(id || C_i0 || R)).
    public let proofOfKnowledge: [UInt8]
    /// The device's per-session ephemeral X25519 public key E_i (pads for its shares come from it).
    public let ephemeralKey: [UInt8]
    /// Host-key signature over `"heliograph/dkg/v1/core" || dCBOR([session, params, sender, c0, pok, ephemeral])`.
    public let signature: [UInt8]

    static let domain = Array("heliograph/dkg/v1/core".utf8)

    static func signedBytes(
        session: [UInt8], parametersHash: [UInt8], sender: Int, constantCommitment: [UInt8],
        proofOfKnowledge: [UInt8], ephemeralKey: [UInt8]
    ) -> [UInt8] {
        domain
            + CBOR.array([
                .bytes(session), .bytes(parametersHash), .unsigned(UInt64(sender)), .bytes(constantCommitment),
                .bytes(proofOfKnowledge), .bytes(ephemeralKey),
            ]).encoded
    }

    func verifies(invite: DKGInvite, sender: Int) -> Bool {
        Sodium.verify(
            signature: signature,
            message: ContributionCore.signedBytes(
                session: invite.session, parametersHash: invite.parametersHash, sender: sender,
                constantCommitment: constantCommitment, proofOfKnowledge: proofOfKnowledge, ephemeralKey: ephemeralKey),
            publicKey: invite.roster[sender - 1].signingKey)
    }

    var cbor: CBOR {
        .array([.bytes(constantCommitment), .bytes(proofOfKnowledge), .bytes(ephemeralKey), .bytes(signature)])
    }

    init(constantCommitment: [UInt8], proofOfKnowledge: [UInt8], ephemeralKey: [UInt8], signature: [UInt8]) {
        self.constantCommitment = constantCommitment
        self.proofOfKnowledge = proofOfKnowledge
        self.ephemeralKey = ephemeralKey
        self.signature = signature
    }

    init(cbor: CBOR, message: String, field: String) throws {
        let items = try MessageFields.array(cbor, message: message, field: field, count: 4...4)
        let sizes = MessageFields.elementSizes
        constantCommitment = try MessageFields.bytes(items[0], message: message, field: "\(field).c0", sizes: sizes)
        proofOfKnowledge = try MessageFields.bytes(
            items[1], message: message, field: "\(field).pok", sizes: (sizes.lowerBound + 32)...(sizes.upperBound + 32))
        ephemeralKey = try MessageFields.bytes(items[2], message: message, field: "\(field).ephemeral", count: 32)
        signature = try MessageFields.bytes(items[3], message: message, field: "\(field).signature", count: 64)
    }
}

/// DKG step 1 payload (device → coordinator, inside a `heliograph-dkg-contribution` envelope).
///
/// CDDL: `contribution = { 1: core: contribution-core, 2: higher-commitments: [* element] (t−1 items),
///                         3: encrypted-shares: [* bstr .size 32] (n items) }`
/// encrypted-shares[j−1] = f_i(j) + pad_ij mod ℓ, pad_ij from X25519(e_i, X_j) (see `PedPop`).
public struct DKGContribution: Sendable, Hashable {
    /// The forwarded part.
    public let core: ContributionCore
    /// C_i1 ... C_i(t−1), commitments to the higher coefficients.
    public let higherCommitments: [[UInt8]]
    /// One padded share per device, in roster order (including the sender itself).
    public let encryptedShares: [[UInt8]]

    var payload: CBOR {
        .map(
            CBORMap([
                (1, core.cbor), (2, .array(higherCommitments.map(CBOR.bytes))),
                (3, .array(encryptedShares.map(CBOR.bytes))),
            ]))
    }

    init(core: ContributionCore, higherCommitments: [[UInt8]], encryptedShares: [[UInt8]]) {
        self.core = core
        self.higherCommitments = higherCommitments
        self.encryptedShares = encryptedShares
    }

    init(payload: CBOR, invite: DKGInvite) throws {
        let name = Round.dkgContribution.urType
        let fields = try MessageFields(payload, message: name, allowed: [1, 2, 3])
        core = try ContributionCore(cbor: try fields.value(1, "core"), message: name, field: "core")
        let t = invite.threshold
        let n = invite.participantCount
        higherCommitments = try fields.elementStrings(2, "higher commitments", count: (t - 1)...(t - 1))
        encryptedShares = try fields.byteStrings(3, "encrypted shares", each: 32, count: n...n)
    }
}

/// DKG step 2 payload (device → coordinator, `heliograph-dkg-transcript-signature`): the transcript hash. The
/// envelope's signature over it is the device's CertEq signature; n of them form the certificate.
///
/// CDDL: `transcript-signature = { 1: transcript-hash: bstr .size 32 } / { 2: certeq-signature: bstr .size 64 }`
/// (the second for secp256k1: ChillDKG's participant_step2 message, `ChillDKGKeyGeneration`)
struct DKGTranscriptPayload {
    let transcriptHash: [UInt8]
    var payload: CBOR { .map(CBORMap([(1, .bytes(transcriptHash))])) }
    init(transcriptHash: [UInt8]) { self.transcriptHash = transcriptHash }
    init(payload: CBOR) throws {
        let fields = try MessageFields(payload, message: Round.dkgTranscriptSignature.urType, allowed: [1])
        transcriptHash = try fields.bytes(1, "transcript hash", count: 32)
    }
}

/// DKG complaint payload (`heliograph-dkg-complaint`): the device's summed share does not match the summed
/// commitment of the bundle with this hash; it asks for every contribution addressed to it.
///
/// CDDL: `complaint = { 1: bundle-hash: bstr .size 32 }`
struct DKGComplaintPayload {
    let bundleHash: [UInt8]
    var payload: CBOR { .map(CBORMap([(1, .bytes(bundleHash))])) }
    init(bundleHash: [UInt8]) { self.bundleHash = bundleHash }
    init(payload: CBOR) throws {
        let fields = try MessageFields(payload, message: Round.dkgComplaint.urType, allowed: [1])
        bundleHash = try fields.bytes(1, "bundle hash", count: 32)
    }
}

/// DKG coordinator broadcast (coordinator → every device): one bundle, ChillDKG-style aggregated. The coordinator
/// forwards every core, and sums what it may: the higher commitments coefficient-wise and the padded shares per
/// recipient. It learns nothing secret (the pads are unknown to it).
///
/// CDDL: `dkg-bundle = { 0: 1, 1: session: bstr .size 32, 2: params: bstr .size 32,
///                       3: cores: [* contribution-core] (n), 4: summed-higher: [* element] (t−1),
///                       5: summed-shares: [* bstr .size 32] (n) } / chilldkg-bundle`,
///       `chilldkg-bundle = { 0: 1, 1: session, 2: params, 6: coordinator-message-1: bstr }` (secp256k1: ChillDKG's
///       coordinator_step1 message, 162·n + 33·(t − 1) bytes; `cores` and the sums are then empty)
public struct DKGBundle: CeremonyMessage, Hashable {
    /// The UR type of this message (Vectors/ceremony/REGISTRY.md).
    public static let urType = "heliograph-dkg-bundle"
    /// The session the message belongs to.
    public let session: [UInt8]
    /// The hash of the session's parameters (invite or request) the message is bound to.
    public let parametersHash: [UInt8]
    /// Each device's forwarded core, in roster order.
    public let cores: [ContributionCore]
    /// Σ_i C_ik for k = 1 ... t−1.
    public let summedHigherCommitments: [[UInt8]]
    /// Σ_i encrypted share (i → j), for each recipient j in roster order.
    public let summedShares: [[UInt8]]
    /// ChillDKG's first coordinator message (secp256k1 groups), else nil.
    public let coordinatorMessage: [UInt8]?

    init(
        session: [UInt8], parametersHash: [UInt8], cores: [ContributionCore], summedHigherCommitments: [[UInt8]],
        summedShares: [[UInt8]]
    ) {
        self.session = session
        self.parametersHash = parametersHash
        self.cores = cores
        self.summedHigherCommitments = summedHigherCommitments
        self.summedShares = summedShares
        coordinatorMessage = nil
    }

    /// A ChillDKG bundle carrying the coordinator's first message.
    init(session: [UInt8], parametersHash: [UInt8], coordinatorMessage: [UInt8]) {
        self.session = session
        self.parametersHash = parametersHash
        cores = []
        summedHigherCommitments = []
        summedShares = []
        self.coordinatorMessage = coordinatorMessage
    }

    /// The message as dCBOR (layout in the CDDL above).
    public var cbor: CBOR {
        var map = CBORMap([
            (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(session)), (2, .bytes(parametersHash)),
        ])
        if let coordinatorMessage {
            map[6] = .bytes(coordinatorMessage)
        } else {
            map[3] = .array(cores.map(\.cbor))
            map[4] = .array(summedHigherCommitments.map(CBOR.bytes))
            map[5] = .array(summedShares.map(CBOR.bytes))
        }
        return .map(map)
    }

    /// Strict decoding: unknown keys, wrong types and wrong sizes throw `CeremonyError`.
    public init(cbor: CBOR) throws {
        let name = DKGBundle.urType
        let fields = try MessageFields(cbor, message: name, allowed: [0, 1, 2, 3, 4, 5, 6])
        try fields.version()
        let limit = 1...CeremonyProtocol.maxParticipants
        session = try fields.bytes(1, "session", count: 32)
        parametersHash = try fields.bytes(2, "parameters hash", count: 32)
        if fields.has(6) {
            guard !fields.has(3), !fields.has(4), !fields.has(5) else {
                throw CeremonyError.malformedMessage(message: name, reason: "a ChillDKG bundle carries no cores or sums")
            }
            let n = CeremonyProtocol.maxParticipants
            coordinatorMessage = try fields.bytes(
                6, "ChillDKG coordinator message", maxCount: ChillDKG.coordinatorMessage1Length(t: n, n: n))
            cores = []
            summedHigherCommitments = []
            summedShares = []
            return
        }
        coordinatorMessage = nil
        cores = try fields.array(3, "cores", count: limit).enumerated().map {
            try ContributionCore(cbor: $1, message: name, field: "cores[\($0)]")
        }
        summedHigherCommitments = try fields.elementStrings(4, "summed higher commitments", count: 0...63)
        summedShares = try fields.byteStrings(5, "summed shares", each: 32, count: limit)
    }

    /// A hash of the bundle, named in complaints.
    public var hash: [UInt8] { CeremonyProtocol.hash("HGDKG-Bundle--v1", encoded) }
}

/// The transcript every device signs (CertEq, ChillDKG §"Equality check"): BLAKE2b-256 (personal
/// "HGDKG-Transcr-v1") of the invite's and the bundle's encodings. Devices that signed the same hash saw the same
/// parameters and the same bundle.
public func dkgTranscriptHash(invite: DKGInvite, bundle: DKGBundle) -> [UInt8] {
    CeremonyProtocol.hash("HGDKG-Transcr-v1", invite.encoded + bundle.encoded)
}

/// DKG investigation (coordinator → the complaining device): every contribution envelope, so the device can
/// decrypt each share addressed to it alone and name who sent a bad one.
///
/// CDDL: `dkg-investigation = { 0: 1, 1: session: bstr .size 32, 2: params: bstr .size 32, 3: recipient: uint,
///                              4: contributions: [* envelope] (n) } / chilldkg-investigation`,
///       `chilldkg-investigation = { 0: 1, 1: session, 2: params, 3: recipient, 5: investigation-message: bstr }`
///       (secp256k1: coordinator_investigate's 65·n-byte message for the recipient; `contributions` is then empty)
public struct DKGInvestigation: CeremonyMessage, Hashable {
    /// The UR type of this message (Vectors/ceremony/REGISTRY.md).
    public static let urType = "heliograph-dkg-investigation"
    /// The session the message belongs to.
    public let session: [UInt8]
    /// The hash of the session's parameters (invite or request) the message is bound to.
    public let parametersHash: [UInt8]
    /// The 1-based index of the device that complained.
    public let recipient: Int
    /// The n step-1 envelopes, in roster order (empty in a ChillDKG investigation).
    public let contributions: [DeviceEnvelope]
    /// ChillDKG's investigation message for the recipient (secp256k1 groups), else nil.
    public let investigationMessage: [UInt8]?

    init(session: [UInt8], parametersHash: [UInt8], recipient: Int, contributions: [DeviceEnvelope]) {
        self.session = session
        self.parametersHash = parametersHash
        self.recipient = recipient
        self.contributions = contributions
        investigationMessage = nil
    }

    /// A ChillDKG investigation carrying coordinator_investigate's message for `recipient`.
    init(session: [UInt8], parametersHash: [UInt8], recipient: Int, investigationMessage: [UInt8]) {
        self.session = session
        self.parametersHash = parametersHash
        self.recipient = recipient
        contributions = []
        self.investigationMessage = investigationMessage
    }

    /// The message as dCBOR (layout in the CDDL above).
    public var cbor: CBOR {
        var map = CBORMap([
            (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(session)), (2, .bytes(parametersHash)),
            (3, .unsigned(UInt64(recipient))),
        ])
        if let investigationMessage {
            map[5] = .bytes(investigationMessage)
        } else {
            map[4] = .array(contributions.map(\.cbor))
        }
        return .map(map)
    }

    /// Strict decoding: unknown keys, wrong types and wrong sizes throw `CeremonyError`.
    public init(cbor: CBOR) throws {
        let name = DKGInvestigation.urType
        let fields = try MessageFields(cbor, message: name, allowed: [0, 1, 2, 3, 4, 5])
        try fields.version()
        session = try fields.bytes(1, "session", count: 32)
        parametersHash = try fields.bytes(2, "parameters hash", count: 32)
        recipient = try fields.int(3, "recipient", range: 1...CeremonyProtocol.maxParticipants)
        if fields.has(5) {
            guard !fields.has(4) else {
                throw CeremonyError.malformedMessage(message: name, reason: "a ChillDKG investigation carries no envelopes")
            }
            investigationMessage = try fields.bytes(
                5, "ChillDKG investigation message",
                maxCount: ChillDKG.investigationMessageLength(n: CeremonyProtocol.maxParticipants))
            contributions = []
            return
        }
        investigationMessage = nil
        contributions = try fields.array(4, "contributions", count: 1...CeremonyProtocol.maxParticipants)
            .map(DeviceEnvelope.init(cbor:))
    }
}

/// What a certificate certifies: its UR type and the round of the transcript signatures it gathers.
public protocol TranscriptKind: Sendable {
    /// The certificate's UR type.
    static var urType: String { get }
    /// The round of the signatures it holds.
    static var round: Round { get }
}

/// A key generation's transcript.
public enum DKGTranscript: TranscriptKind {
    public static let urType = "heliograph-dkg-certificate"
    public static let round = Round.dkgTranscriptSignature
}

/// A share refresh's transcript.
public enum RefreshTranscript: TranscriptKind {
    public static let urType = "heliograph-refresh-certificate"
    public static let round = Round.refreshTranscriptSignature
}

/// An enrollment's transcript.
public enum EnrollmentTranscript: TranscriptKind {
    public static let urType = "heliograph-enroll-certificate"
    public static let round = Round.enrollTranscriptSignature
}

/// A certificate (coordinator → every device): every member's signature of the transcript, in roster order (CertEq).
/// A device moves on (a key usable, a refresh or enrollment applied) only after all of them verify over its own
/// transcript hash.
///
/// CDDL: `certificate = { 0: 1, 1: session: bstr .size 32, 2: params: bstr .size 32, 3: signatures: [* bstr .size 64] }`
public struct TranscriptCertificate<Kind: TranscriptKind>: CeremonyMessage, Hashable {
    /// The UR type of this message (Vectors/ceremony/REGISTRY.md).
    public static var urType: String { Kind.urType }
    /// The session the message belongs to.
    public let session: [UInt8]
    /// The hash of the session's parameters the message is bound to.
    public let parametersHash: [UInt8]
    /// Each member's signature of its transcript-signature envelope, in roster order.
    public let signatures: [[UInt8]]

    init(session: [UInt8], parametersHash: [UInt8], signatures: [[UInt8]]) {
        self.session = session
        self.parametersHash = parametersHash
        self.signatures = signatures
    }

    /// The message as dCBOR (layout in the CDDL above).
    public var cbor: CBOR {
        .map(
            CBORMap([
                (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(session)), (2, .bytes(parametersHash)),
                (3, .array(signatures.map(CBOR.bytes))),
            ]))
    }

    /// Strict decoding: unknown keys, wrong types and wrong sizes throw `CeremonyError`.
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: Kind.urType, allowed: [0, 1, 2, 3])
        try fields.version()
        session = try fields.bytes(1, "session", count: 32)
        parametersHash = try fields.bytes(2, "parameters hash", count: 32)
        signatures = try fields.byteStrings(3, "signatures", each: 64, count: 1...CeremonyProtocol.maxParticipants)
    }

    /// Checks every signature over the transcript hash, member i's under `roster[i - 1]`; throws `certificateInvalid`
    /// naming the first bad signer.
    func verify(roster: [Identity], transcriptHash: [UInt8]) throws {
        try verifyTranscriptSignatures(
            signatures, round: Kind.round, session: session, parametersHash: parametersHash, roster: roster,
            transcriptHash: transcriptHash)
    }
}

/// The DKG's certificate: the n transcript signatures (for secp256k1, ChillDKG's certificate).
public typealias DKGCertificate = TranscriptCertificate<DKGTranscript>

extension TranscriptCertificate where Kind == DKGTranscript {
    /// Checks every signature over the transcript hash; throws `certificateInvalid` naming the first bad signer.
    func verify(invite: DKGInvite, transcriptHash: [UInt8]) throws {
        guard session == invite.session, parametersHash == invite.parametersHash else {
            throw CeremonyError.certificateInvalid(signer: nil)
        }
        try verify(roster: invite.roster, transcriptHash: transcriptHash)
    }
}
