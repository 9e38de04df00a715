import DeterministicCBOR
import FROST
import UniformResources

/// Signing request (coordinator → the chosen signers): what to sign, by which group, with whom, until when. Each
/// signer shows the summary and the message and refuses another group, an expired request, or one it is not in.
///
/// CDDL: `sign-request = { 0: 1, 1: session: bstr .size 32, 2: suite: 1 / 2 / 3, 3: group-key: bstr .size 32 (x-only for 3),
///                         4: message: bstr .size (0..65536), 5: summary: tstr .size (0..1024),
///                         6: signers: [2*64 uint] (ascending), 7: expiry: uint }`
public struct SignRequest: CeremonyMessage, Hashable {
    /// The UR type of this message (Vectors/ceremony/REGISTRY.md).
    public static let urType = "heliograph-sign-request"
    /// Fresh randomness naming the signing session (and keying the signers' nonce files).
    public let session: [UInt8]
    /// The FROST ciphersuite of the group.
    public let suite: CeremonySuite
    /// The group verifying key that is to sign.
    public let groupKey: [UInt8]
    /// The message (or a digest of it) FROST signs.
    public let message: [UInt8]
    /// What a person sees at the signer: a human-readable account of `message`.
    public let summary: String
    /// The signers' 1-based roster indices, ascending.
    public let signers: [Int]
    /// Unix time (seconds) after which signers refuse.
    public let expiry: UInt64

    /// The largest message a request carries.
    public static let maxMessageBytes = 65536

    /// Builds a request; signers must be distinct, ascending and at least two.
    public init(
        session: [UInt8], suite: CeremonySuite, groupKey: [UInt8], message: [UInt8], summary: String,
        signers: [Int], expiry: UInt64
    ) throws {
        guard session.count == 32 else {
            throw CeremonyError.invalidLength(field: "session", expected: 32, got: session.count)
        }
        guard groupKey.count == 32 else {
            throw CeremonyError.invalidLength(field: "group key", expected: 32, got: groupKey.count)
        }
        guard message.count <= SignRequest.maxMessageBytes, summary.utf8.count <= 1024 else {
            throw CeremonyError.invalidParameters(reason: "the message or summary is too long")
        }
        try DisplayText.check(summary, message: SignRequest.urType, field: "summary")
        guard signers.count >= 2, zip(signers, signers.dropFirst()).allSatisfy({ $0 < $1 }), (signers.first ?? 0) >= 1,
            (signers.last ?? 0) <= CeremonyProtocol.maxParticipants
        else { throw CeremonyError.invalidParameters(reason: "the signer set must be ascending distinct indices") }
        self.session = session
        self.suite = suite
        self.groupKey = groupKey
        self.message = message
        self.summary = summary
        self.signers = signers
        self.expiry = expiry
    }

    /// The message as dCBOR (layout in the CDDL above).
    public var cbor: CBOR {
        .map(
            CBORMap([
                (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(session)), (2, .unsigned(suite.rawValue)),
                (3, .bytes(groupKey)), (4, .bytes(message)), (5, .text(summary)),
                (6, .array(signers.map { .unsigned(UInt64($0)) })), (7, .unsigned(expiry)),
            ]))
    }

    /// Strict decoding: unknown keys, wrong types and wrong sizes throw `CeremonyError`.
    public init(cbor: CBOR) throws {
        let name = SignRequest.urType
        let fields = try MessageFields(cbor, message: name, allowed: [0, 1, 2, 3, 4, 5, 6, 7])
        try fields.version()
        guard let suite = CeremonySuite(rawValue: try fields.unsigned(2, "suite")) else {
            throw CeremonyError.valueOutOfRange(message: name, field: "suite", reason: "unknown suite")
        }
        let signers = try fields.array(6, "signers", count: 2...CeremonyProtocol.maxParticipants).enumerated().map {
            guard let value = $1.unsignedValue, (1...UInt64(CeremonyProtocol.maxParticipants)).contains(value) else {
                throw CeremonyError.wrongType(message: name, field: "signers[\($0)]", expected: "a roster index")
            }
            return Int(value)
        }
        do {
            try self.init(
                session: try fields.bytes(1, "session", count: 32), suite: suite,
                groupKey: try fields.bytes(3, "group key", count: 32),
                message: try fields.bytes(4, "message", maxCount: SignRequest.maxMessageBytes),
                summary: try fields.text(5, "summary", maxBytes: 1024), signers: signers,
                expiry: try fields.unsigned(7, "expiry"))
        } catch CeremonyError.invalidParameters(let reason) {
            throw CeremonyError.malformedMessage(message: name, reason: reason)
        }
    }

    /// The SHA-256 digest of `message`, which the device and the signing sheet show as `messageDigestWords`.
    public var messageDigest: [UInt8] { SHA256.hash(message) }

    /// The message digest as the words a person compares between the device and the signing sheet.
    public var messageDigestWords: String { DisplayText.digestWords(messageDigest) }

    /// What a signer shows before it commits (`displayLines(group:)` without the group's names).
    public var displayLines: [String] { displayLines(group: nil) }

    /// What a signer shows before it commits or signs, in this order: what is signed (its length and digest words,
    /// then the message itself: as text when `DisplayText.readableLines` accepts it, else as hex), the group (its
    /// label and fingerprint when the device holds it), the signers (by name and long fingerprint when the device
    /// holds the group), the expiry (ISO 8601 UTC), and last the summary, labelled as the coordinator's words. Every
    /// text in it passed `DisplayText.check` when decoded; whoever prints the lines escapes them again.
    public func displayLines(group: GroupRecord?) -> [String] {
        var lines = ["What is signed: \(message.count) bytes, SHA-256 digest \(messageDigestWords)"]
        if message.isEmpty {
            lines.append("Message: (empty)")
        } else if let text = DisplayText.readableLines(message) {
            lines.append("Message (text, \(text.count) line\(text.count == 1 ? "" : "s")):")
            lines += text.map { "  | " + $0 }
        } else {
            lines.append("Message (hex): \(Base16.encode(message))")
        }
        let roster = group?.invite.roster ?? []
        let names = signers.map { index in
            roster.indices.contains(index - 1)
                ? "\(index). \(roster[index - 1].label) [\(roster[index - 1].longFingerprint)]" : "\(index)"
        }
        lines.append(
            group.map { "Group \"\($0.invite.groupLabel)\" [\(DisplayText.fingerprint(groupKey))] (\(suite))" }
                ?? "Group key: \(Base16.encode(groupKey)) (\(suite))")
        return lines + [
            "Signers: \(names.joined(separator: ", "))",
            "Expires: \(DisplayText.utc(expiry))",
            "The coordinator's summary (its words, not checked by this device): \(summary)",
        ]
    }

    /// The hash every signer's messages are bound to.
    public var parametersHash: [UInt8] { CeremonyProtocol.hash("HGSign-Request-1", encoded) }
}

/// Signing round 1 payload (`heliograph-sign-commitment`): the signer's nonce commitments (RFC 9591 §5.1).
///
/// CDDL: `sign-commitment = { 1: hiding: element, 2: binding: element }` (for secp256k1 BIP 445's public nonce
/// R1 || R2, each 33 bytes compressed)
struct SignCommitmentPayload: Hashable {
    let hiding: [UInt8]
    let binding: [UInt8]
    var payload: CBOR { .map(CBORMap([(1, .bytes(hiding)), (2, .bytes(binding))])) }
    init(hiding: [UInt8], binding: [UInt8]) {
        self.hiding = hiding
        self.binding = binding
    }
    init(payload: CBOR) throws {
        let fields = try MessageFields(payload, message: Round.signCommitment.urType, allowed: [1, 2])
        hiding = try MessageFields.bytes(
            try fields.value(1, "hiding commitment"), message: fields.message, field: "hiding commitment",
            sizes: MessageFields.elementSizes)
        binding = try MessageFields.bytes(
            try fields.value(2, "binding commitment"), message: fields.message, field: "binding commitment",
            sizes: MessageFields.elementSizes)
    }
    func commitments<C: Ciphersuite>(_: C.Type) throws -> SigningCommitments<C> {
        try SigningCommitments<C>(deserializingHiding: hiding, binding: binding)
    }
}

/// Signing package (coordinator → the signers): every signer's signed commitment envelope, so each signer checks
/// that the commitment list is authentic and contains its own commitment.
///
/// CDDL: `sign-package = { 0: 1, 1: session: bstr .size 32, 2: params: bstr .size 32,
///                         3: commitments: [2*64 envelope] }`
public struct SignPackage: CeremonyMessage, Hashable {
    /// The UR type of this message (Vectors/ceremony/REGISTRY.md).
    public static let urType = "heliograph-sign-package"
    /// The session the message belongs to.
    public let session: [UInt8]
    /// The hash of the session's parameters (invite or request) the message is bound to.
    public let parametersHash: [UInt8]
    /// The signers' commitment envelopes, ascending by sender.
    public let commitments: [DeviceEnvelope]

    init(session: [UInt8], parametersHash: [UInt8], commitments: [DeviceEnvelope]) {
        self.session = session
        self.parametersHash = parametersHash
        self.commitments = commitments
    }

    /// The message as dCBOR (layout in the CDDL above).
    public var cbor: CBOR {
        .map(
            CBORMap([
                (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(session)), (2, .bytes(parametersHash)),
                (3, .array(commitments.map(\.cbor))),
            ]))
    }

    /// Strict decoding: unknown keys, wrong types and wrong sizes throw `CeremonyError`.
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: SignPackage.urType, allowed: [0, 1, 2, 3])
        try fields.version()
        session = try fields.bytes(1, "session", count: 32)
        parametersHash = try fields.bytes(2, "parameters hash", count: 32)
        commitments = try fields.array(3, "commitments", count: 1...CeremonyProtocol.maxParticipants)
            .map(DeviceEnvelope.init(cbor:))
    }

    /// The hash a signature share is bound to.
    public var hash: [UInt8] { CeremonyProtocol.hash("HGSign-Package-1", encoded) }

    /// Checks the package against the request and roster: every envelope authentic (else the coordinator forged
    /// it), for this session, from exactly the request's signers in order. Returns the FROST signing package.
    /// The package's commitments, checked: same session and parameters as `request`, exactly its signers in order,
    /// each envelope signed by its sender, each commitment two valid elements of the suite (blaming the signer
    /// otherwise). Returned in signer order.
    func checkedCommitments<C: Ciphersuite>(
        request: SignRequest, roster: [Identity], _: C.Type
    ) throws -> [(sender: Int, commitments: SigningCommitments<C>)] {
        guard session == request.session else {
            throw CeremonyError.wrongSession(expected: shortHex(request.session), got: shortHex(session))
        }
        guard parametersHash == request.parametersHash else {
            throw CeremonyError.wrongParameters(
                expected: shortHex(request.parametersHash), got: shortHex(parametersHash))
        }
        guard commitments.map(\.sender) == request.signers else {
            throw CeremonyError.blame(
                culprit: .coordinator, reason: "the commitment list is not the request's signer set")
        }
        var entries: [(sender: Int, commitments: SigningCommitments<C>)] = []
        for envelope in commitments {
            try envelope.check(
                session: session, parametersHash: parametersHash, round: .signCommitment, roster: roster,
                forwarded: true)
            let culprit = Culprit.device(index: envelope.sender, label: roster[envelope.sender - 1].label)
            guard let commitment = try? SignCommitmentPayload(payload: envelope.payload).commitments(C.self) else {
                throw CeremonyError.blame(culprit: culprit, reason: "it signed an invalid commitment")
            }
            entries.append((envelope.sender, commitment))
        }
        return entries
    }

    /// The RFC 9591 signing package of the checked commitments (`checkedCommitments`) and the request's message.
    func signingPackage<C: Ciphersuite>(request: SignRequest, roster: [Identity], _: C.Type) throws -> SigningPackage<C>
    {
        let entries = try checkedCommitments(request: request, roster: roster, C.self).map {
            (try PedPop<C>.identifier($0.sender), $0.commitments)
        }
        do {
            return try SigningPackage<C>(commitmentList: entries, message: request.message)
        } catch {
            throw CeremonyError.frost("\(error)")
        }
    }
}

struct SignSharePayload: Hashable {
    let share: [UInt8]
    let packageHash: [UInt8]
    var payload: CBOR { .map(CBORMap([(1, .bytes(share)), (2, .bytes(packageHash))])) }
    init(share: [UInt8], packageHash: [UInt8]) {
        self.share = share
        self.packageHash = packageHash
    }
    init(payload: CBOR) throws {
        let fields = try MessageFields(payload, message: Round.signShare.urType, allowed: [1, 2])
        share = try fields.bytes(1, "share", count: 32)
        packageHash = try fields.bytes(2, "package hash", count: 32)
    }
}

/// Signing result (coordinator → everyone): the aggregated group signature (RFC 9591 §5.3), R || z.
///
/// CDDL: `sign-result = { 0: 1, 1: session: bstr .size 32, 2: params: bstr .size 32, 3: signature: bstr .size 64 }`
public struct SignResult: CeremonyMessage, Hashable {
    /// The UR type of this message (Vectors/ceremony/REGISTRY.md).
    public static let urType = "heliograph-sign-result"
    /// The session the message belongs to.
    public let session: [UInt8]
    /// The hash of the session's parameters (invite or request) the message is bound to.
    public let parametersHash: [UInt8]
    /// The group signature; for the Ed25519 suite a plain RFC 8032 signature.
    public let signature: [UInt8]

    init(session: [UInt8], parametersHash: [UInt8], signature: [UInt8]) {
        self.session = session
        self.parametersHash = parametersHash
        self.signature = signature
    }

    /// The message as dCBOR (layout in the CDDL above).
    public var cbor: CBOR {
        .map(
            CBORMap([
                (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(session)), (2, .bytes(parametersHash)),
                (3, .bytes(signature)),
            ]))
    }

    /// Strict decoding: unknown keys, wrong types and wrong sizes throw `CeremonyError`.
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: SignResult.urType, allowed: [0, 1, 2, 3])
        try fields.version()
        session = try fields.bytes(1, "session", count: 32)
        parametersHash = try fields.bytes(2, "parameters hash", count: 32)
        signature = try fields.bytes(3, "signature", count: 64)
    }
}
