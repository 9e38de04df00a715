import Bitcoin
import DeterministicCBOR
import FROST
import UniformResources

/// Signing request (coordinator → the chosen signers): what to sign, by which group, with whom, until when. Each
/// signer shows the summary and the message and refuses another group, an expired request, or one it is not in.
///
/// A request for a secp256k1 group may carry a PSBT (issue 13) instead of a message: then every device parses it
/// against its own group's wallet (`PSBTSigningPlan`), shows the transaction, applies the refusals, and computes
/// every BIP 341 sighash itself; the session signs each of the group's inputs (one nonce pair and one share per
/// input and signer). The coordinator never sends a sighash.
///
/// CDDL: `sign-request = { 0: 1, 1: session: bstr .size 32, 2: suite: 1 / 2 / 3, 3: group-key: bstr .size 32 (x-only for 3),
///                         4: message: bstr .size (0..65536), 5: summary: tstr .size (0..1024),
///                         6: signers: [2*64 uint] (ascending), 7: expiry: uint,
///                         ? 8: psbt: bstr .size (1..65536), ? 9: epoch: uint (1 ... 16) }` (with 8, suite 3 and an
/// empty message; 9 absent at epoch 0)
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
    /// The PSBT to sign (BIP 174 / 370 binary), parsed; nil for a message request.
    public let psbt: PSBT?
    /// The PSBT's bytes as the request carries them.
    public let psbtBytes: [UInt8]?
    /// The group's epoch whose shares sign (`GroupRecord.epoch`: the number of refreshes); a member holding another
    /// epoch refuses with `wrongEpoch` instead of making a share that cannot combine.
    public let epoch: Int

    /// The largest message (or PSBT) a request carries.
    public static let maxMessageBytes = 65536
    /// The most inputs of the group one PSBT session signs (each adds a nonce pair and a share per signer).
    public static let maxSigningInputs = 32

    /// Builds a request; signers must be distinct, ascending and at least two.
    public init(
        session: [UInt8], suite: CeremonySuite, groupKey: [UInt8], message: [UInt8], summary: String,
        signers: [Int], expiry: UInt64, psbt psbtBytes: [UInt8]? = nil, epoch: Int = 0
    ) throws {
        guard (0...GroupRecord.maxRefreshes).contains(epoch) else {
            throw CeremonyError.invalidParameters(reason: "epoch \(epoch) is not in 0...\(GroupRecord.maxRefreshes)")
        }
        self.epoch = epoch
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
        if let psbtBytes {
            guard suite == .secp256k1, message.isEmpty else {
                throw CeremonyError.invalidParameters(reason: "only a secp256k1 request with no message carries a PSBT")
            }
            guard (1...SignRequest.maxMessageBytes).contains(psbtBytes.count) else {
                throw CeremonyError.invalidParameters(reason: "the PSBT is over \(SignRequest.maxMessageBytes) bytes")
            }
            do {
                psbt = try PSBT(parsing: psbtBytes)
            } catch let error as BitcoinError {
                throw CeremonyError.bitcoin(error)
            }
        } else {
            psbt = nil
        }
        self.psbtBytes = psbtBytes
    }

    /// The message as dCBOR (layout in the CDDL above).
    public var cbor: CBOR {
        var map = CBORMap([
            (0, .unsigned(CeremonyProtocol.version)), (1, .bytes(session)), (2, .unsigned(suite.rawValue)),
            (3, .bytes(groupKey)), (4, .bytes(message)), (5, .text(summary)),
            (6, .array(signers.map { .unsigned(UInt64($0)) })), (7, .unsigned(expiry)),
        ])
        if let psbtBytes { map[8] = .bytes(psbtBytes) }
        if epoch > 0 { map[9] = .unsigned(UInt64(epoch)) }
        return .map(map)
    }

    /// Strict decoding: unknown keys, wrong types and wrong sizes throw `CeremonyError`.
    public init(cbor: CBOR) throws {
        let name = SignRequest.urType
        let fields = try MessageFields(cbor, message: name, allowed: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
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
                expiry: try fields.unsigned(7, "expiry"),
                psbt: fields.has(8) ? try fields.bytes(8, "psbt", maxCount: SignRequest.maxMessageBytes) : nil,
                epoch: fields.has(9) ? try fields.int(9, "epoch", range: 1...GroupRecord.maxRefreshes) : 0)
        } catch CeremonyError.invalidParameters(let reason) {
            throw CeremonyError.malformedMessage(message: name, reason: reason)
        }
    }

    /// The SHA-256 digest of what is signed (the PSBT's bytes, or `message`), which the device and the signing sheet
    /// show as `messageDigestWords`.
    public var messageDigest: [UInt8] { SHA256.hash(psbtBytes ?? message) }

    /// The request's PSBT checked against `wallet`: every refusal of `PSBTSigningPlan` as `CeremonyError.bitcoin`,
    /// a PSBT with none of the group's inputs or more than `maxSigningInputs` of them as `invalidParameters`. Nil for
    /// a message request.
    public func signingPlan(wallet: TaprootWallet?) throws -> PSBTSigningPlan? {
        guard let psbt else { return nil }
        guard let wallet else {
            throw CeremonyError.invalidParameters(
                reason: "the request carries a PSBT but the group has no Bitcoin wallet")
        }
        let plan: PSBTSigningPlan
        do {
            plan = try PSBTSigningPlan(psbt: psbt, wallet: wallet)
        } catch let error as BitcoinError {
            throw CeremonyError.bitcoin(error)
        }
        guard !plan.groupInputs.isEmpty else {
            throw CeremonyError.invalidParameters(reason: "the PSBT has no input of this group's wallet")
        }
        guard plan.groupInputs.count <= SignRequest.maxSigningInputs else {
            throw CeremonyError.invalidParameters(
                reason: "the PSBT has \(plan.groupInputs.count) of the group's inputs; one session signs at most "
                    + "\(SignRequest.maxSigningInputs)")
        }
        return plan
    }

    /// For a PSBT request: the PSBT with each group input's signature of `result` written as PSBT_IN_TAP_KEY_SIG,
    /// checked with libsecp256k1 against the input's sighash and output key, and the input finalized
    /// (`PSBTSigningPlan.applying`); inputs that are not the group's are left as they are. Nil for a message request.
    public func signedPSBT(result: SignResult, group: GroupRecord) throws -> PSBT? {
        guard let plan = try signingPlan(wallet: group.wallet) else { return nil }
        guard result.session == session, result.signatures.count == plan.groupInputs.count else {
            throw CeremonyError.invalidParameters(
                reason: "the result has \(result.signatures.count) signatures for \(plan.groupInputs.count) inputs")
        }
        var byInput: [Int: [UInt8]] = [:]
        for (input, signature) in zip(plan.groupInputs, result.signatures) { byInput[input.index] = signature }
        do {
            return try plan.applying(signatures: byInput)
        } catch let error as BitcoinError {
            throw CeremonyError.bitcoin(error)
        }
    }

    /// What the session signs, one entry per nonce pair and share: the message with no tweaks, or each group input's
    /// BIP 341 sighash (computed here from the PSBT) with its BIP 32 and Taproot tweaks.
    func signingItems(group: GroupRecord) throws -> [(message: [UInt8], tweaks: [SigningTweak])] {
        guard let plan = try signingPlan(wallet: group.wallet) else { return [(message, [])] }
        return plan.groupInputs.map { ($0.sighash, $0.tweaks) }
    }

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
        var lines: [String] = []
        if let psbtBytes {
            lines.append("What is signed: a PSBT of \(psbtBytes.count) bytes, SHA-256 digest \(messageDigestWords)")
            if let group {
                do {
                    if let plan = try signingPlan(wallet: group.wallet) { lines += plan.summary.displayLines }
                } catch {
                    lines.append("REFUSED: \(error)")
                }
            } else {
                lines.append("(The transaction is shown by a device that holds the group.)")
            }
        } else {
            lines.append("What is signed: \(message.count) bytes, SHA-256 digest \(messageDigestWords)")
            if message.isEmpty {
                lines.append("Message: (empty)")
            } else if let text = DisplayText.readableLines(message) {
                lines.append("Message (text, \(text.count) line\(text.count == 1 ? "" : "s")):")
                lines += text.map { "  | " + $0 }
            } else {
                lines.append("Message (hex): \(Base16.encode(message))")
            }
        }
        let roster = group?.roster ?? []
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

/// Signing round 1 payload (`heliograph-sign-commitment`): the signer's nonce commitments (RFC 9591 §5.1), one
/// pair per item signed (a message: one; a PSBT: one per group input, in input order).
///
/// CDDL: `sign-commitment = { 1: hiding: element, 2: binding: element } / { 3: [2*32 commitment] }` with
/// `commitment = bstr .size 66` (for secp256k1 BIP 445's public nonce R1 || R2, each 33 bytes compressed): the
/// first form for one pair, the list for two or more.
struct SignCommitmentPayload: Hashable {
    /// Each pair as hiding || binding (two serialized elements of equal size).
    let pairs: [[UInt8]]
    var payload: CBOR {
        if pairs.count == 1, let pair = pairs.first {
            let half = pair.count / 2
            return .map(CBORMap([(1, .bytes(Array(pair.prefix(half)))), (2, .bytes(Array(pair.dropFirst(half))))]))
        }
        return .map(CBORMap([(3, .array(pairs.map { .bytes($0) }))]))
    }
    init(pairs: [[UInt8]]) { self.pairs = pairs }
    /// One pair.
    init(hiding: [UInt8], binding: [UInt8]) { pairs = [hiding + binding] }
    /// The first pair's hiding commitment (R1 for BIP 445).
    var hiding: [UInt8] { pairs.first.map { Array($0.prefix($0.count / 2)) } ?? [] }
    /// The first pair's binding commitment (R2 for BIP 445).
    var binding: [UInt8] { pairs.first.map { Array($0.dropFirst($0.count / 2)) } ?? [] }
    /// The pairs of one stored commitment (the concatenation of `count` pairs).
    init(stored: [UInt8], count: Int) {
        let size = stored.count / max(count, 1)
        pairs = (0..<count).map { Array(stored[($0 * size)..<($0 * size + size)]) }
    }
    init(payload: CBOR) throws {
        let name = Round.signCommitment.urType
        let fields = try MessageFields(payload, message: name, allowed: [1, 2, 3])
        if fields.has(3) {
            guard !fields.has(1), !fields.has(2) else {
                throw CeremonyError.malformedMessage(message: name, reason: "both a single pair and a list")
            }
            pairs = try fields.array(3, "commitments", count: 2...SignRequest.maxSigningInputs).map {
                try MessageFields.bytes($0, message: name, field: "commitment", count: 66)
            }
            return
        }
        let hiding = try MessageFields.bytes(
            try fields.value(1, "hiding commitment"), message: name, field: "hiding commitment",
            sizes: MessageFields.elementSizes)
        let binding = try MessageFields.bytes(
            try fields.value(2, "binding commitment"), message: name, field: "binding commitment",
            sizes: MessageFields.elementSizes)
        guard hiding.count == binding.count else {
            throw CeremonyError.malformedMessage(message: name, reason: "the two commitments differ in size")
        }
        pairs = [hiding + binding]
    }
    /// The pairs as commitments of suite `C`; throws unless there are `count` pairs of two valid elements.
    func commitments<C: Ciphersuite>(_: C.Type, count: Int) throws -> [SigningCommitments<C>] {
        guard pairs.count == count else {
            throw CeremonyError.malformedMessage(
                message: Round.signCommitment.urType, reason: "\(pairs.count) nonce pairs where \(count) were due")
        }
        return try pairs.map {
            let half = $0.count / 2
            return try SigningCommitments<C>(
                deserializingHiding: Array($0.prefix(half)), binding: Array($0.dropFirst(half)))
        }
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

    /// The package's commitments, checked: same session and parameters as `request`, exactly its signers in order,
    /// each envelope signed by its sender, each commitment two valid elements of the suite (blaming the signer
    /// otherwise). Returned in signer order.
    func checkedCommitments<C: Ciphersuite>(
        request: SignRequest, roster: [Identity], _: C.Type, count: Int = 1
    ) throws -> [(sender: Int, commitments: [SigningCommitments<C>])] {
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
        var entries: [(sender: Int, commitments: [SigningCommitments<C>])] = []
        for envelope in commitments {
            try envelope.check(
                session: session, parametersHash: parametersHash, round: .signCommitment, roster: roster,
                forwarded: true)
            let culprit = Culprit.device(index: envelope.sender, label: roster[envelope.sender - 1].label)
            guard
                let commitment = try? SignCommitmentPayload(payload: envelope.payload).commitments(C.self, count: count)
            else {
                throw CeremonyError.blame(culprit: culprit, reason: "it signed an invalid commitment")
            }
            entries.append((envelope.sender, commitment))
        }
        return entries
    }

}

/// Signing round 2 payload (`heliograph-sign-share`): the signer's signature shares, one per item signed, and the
/// hash of the package they answer.
///
/// CDDL: `sign-share = { 1: share: bstr .size 32, 2: package-hash: bstr .size 32 }
///                   / { 3: [2*32 share: bstr .size 32], 2: package-hash: bstr .size 32 }` (the list for two or more)
struct SignSharePayload: Hashable {
    let shares: [[UInt8]]
    let packageHash: [UInt8]
    var payload: CBOR {
        if shares.count == 1, let share = shares.first {
            return .map(CBORMap([(1, .bytes(share)), (2, .bytes(packageHash))]))
        }
        return .map(CBORMap([(2, .bytes(packageHash)), (3, .array(shares.map { .bytes($0) }))]))
    }
    init(shares: [[UInt8]], packageHash: [UInt8]) {
        self.shares = shares
        self.packageHash = packageHash
    }
    /// One share.
    init(share: [UInt8], packageHash: [UInt8]) { self.init(shares: [share], packageHash: packageHash) }
    /// The first share.
    var share: [UInt8] { shares.first ?? [] }
    /// The shares of one stored share record (their concatenation, 32 bytes each).
    init(stored: [UInt8], packageHash: [UInt8]) {
        shares = stride(from: 0, to: stored.count, by: 32).map { Array(stored[$0..<min($0 + 32, stored.count)]) }
        self.packageHash = packageHash
    }
    init(payload: CBOR) throws {
        let name = Round.signShare.urType
        let fields = try MessageFields(payload, message: name, allowed: [1, 2, 3])
        guard fields.has(1) != fields.has(3) else {
            throw CeremonyError.malformedMessage(message: name, reason: "not exactly one of a share and a share list")
        }
        if fields.has(3) {
            shares = try fields.array(3, "shares", count: 2...SignRequest.maxSigningInputs).map {
                try MessageFields.bytes($0, message: name, field: "share", count: 32)
            }
        } else {
            shares = [try fields.bytes(1, "share", count: 32)]
        }
        packageHash = try fields.bytes(2, "package hash", count: 32)
    }
    /// The shares concatenated, as the nonce store records them.
    var stored: [UInt8] { shares.flatMap { $0 } }
}

/// Signing result (coordinator → everyone): the aggregated group signature (RFC 9591 §5.3), R || z; for a PSBT
/// request, one BIP 340 signature per group input in input order.
///
/// CDDL: `sign-result = { 0: 1, 1: session: bstr .size 32, 2: params: bstr .size 32,
///                        (3: signature: bstr .size 64 // 4: signatures: [2*32 bstr .size 64]) }`
public struct SignResult: CeremonyMessage, Hashable {
    /// The UR type of this message (Vectors/ceremony/REGISTRY.md).
    public static let urType = "heliograph-sign-result"
    /// The session the message belongs to.
    public let session: [UInt8]
    /// The hash of the session's parameters (invite or request) the message is bound to.
    public let parametersHash: [UInt8]
    /// The group signatures, one per item signed; for the Ed25519 suite plain RFC 8032 signatures.
    public let signatures: [[UInt8]]

    /// The (first) group signature.
    public var signature: [UInt8] { signatures.first ?? [] }

    init(session: [UInt8], parametersHash: [UInt8], signatures: [[UInt8]]) {
        self.session = session
        self.parametersHash = parametersHash
        self.signatures = signatures
    }

    init(session: [UInt8], parametersHash: [UInt8], signature: [UInt8]) {
        self.init(session: session, parametersHash: parametersHash, signatures: [signature])
    }

    /// The message as dCBOR (layout in the CDDL above).
    public var cbor: CBOR {
        var map = CBORMap([(0, .unsigned(CeremonyProtocol.version)), (1, .bytes(session)), (2, .bytes(parametersHash))])
        if signatures.count == 1 { map[3] = .bytes(signature) } else { map[4] = .array(signatures.map { .bytes($0) }) }
        return .map(map)
    }

    /// Strict decoding: unknown keys, wrong types and wrong sizes throw `CeremonyError`.
    public init(cbor: CBOR) throws {
        let name = SignResult.urType
        let fields = try MessageFields(cbor, message: name, allowed: [0, 1, 2, 3, 4])
        try fields.version()
        session = try fields.bytes(1, "session", count: 32)
        parametersHash = try fields.bytes(2, "parameters hash", count: 32)
        guard fields.has(3) != fields.has(4) else {
            throw CeremonyError.malformedMessage(message: name, reason: "not exactly one of a signature and a list")
        }
        if fields.has(4) {
            signatures = try fields.array(4, "signatures", count: 2...SignRequest.maxSigningInputs).map {
                try MessageFields.bytes($0, message: name, field: "signature", count: 64)
            }
        } else {
            signatures = [try fields.bytes(3, "signature", count: 64)]
        }
    }
}
