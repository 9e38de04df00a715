import DeterministicCBOR
import FROST

/// The rounds of the protocol a device speaks in; the round is signed with every message, so a message cannot be
/// replayed as one of another round.
public enum Round: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    /// DKG step 1: VSS commitment, proof of knowledge, encrypted shares.
    case dkgContribution = 1
    /// DKG step 2: the device's signature over the transcript hash (CertEq).
    case dkgTranscriptSignature = 2
    /// DKG failure path: the device's summed share does not verify; it asks the coordinator for the contributions.
    case dkgComplaint = 3
    /// Signing round 1: the signer's nonce commitment.
    case signCommitment = 11
    /// Signing round 2: the signer's signature share.
    case signShare = 12
    /// Preprocessing: a batch of nonce commitments for later one-round signing (issue 16), each signed on its own.
    case nonceBatch = 13
    /// Share refresh step 1 (issue 15): the member's dealing of zero, its zero-shares padded per recipient.
    case refreshContribution = 16
    /// Share refresh step 2: the member's signature over the refresh transcript hash.
    case refreshTranscriptSignature = 17
    /// Enrollment step 1 (issue 15): a helper's weighted share split into deltas, each padded to a helper.
    case enrollDeltas = 18
    /// Enrollment step 2: a helper's sum of the deltas it received, padded to the new device.
    case enrollSigma = 19
    /// Enrollment step 3: a member's signature over the enrollment transcript hash.
    case enrollTranscriptSignature = 20

    /// The UR type of a device message of this round.
    public var urType: String {
        switch self {
        case .dkgContribution: return "heliograph-dkg-contribution"
        case .dkgTranscriptSignature: return "heliograph-dkg-transcript-signature"
        case .dkgComplaint: return "heliograph-dkg-complaint"
        case .signCommitment: return "heliograph-sign-commitment"
        case .signShare: return "heliograph-sign-share"
        case .nonceBatch: return "heliograph-nonce-batch"
        case .refreshContribution: return "heliograph-refresh-contribution"
        case .refreshTranscriptSignature: return "heliograph-refresh-transcript-signature"
        case .enrollDeltas: return "heliograph-enroll-deltas"
        case .enrollSigma: return "heliograph-enroll-sigma"
        case .enrollTranscriptSignature: return "heliograph-enroll-transcript-signature"
        }
    }

    /// The round in a person's words, e.g. `signature share`.
    public var spokenName: String {
        switch self {
        case .dkgContribution: return "contribution"
        case .dkgTranscriptSignature: return "transcript signature"
        case .dkgComplaint: return "complaint"
        case .signCommitment: return "commitment"
        case .signShare: return "signature share"
        case .nonceBatch: return "nonce commitment batch"
        case .refreshContribution: return "refresh contribution"
        case .refreshTranscriptSignature: return "refresh transcript signature"
        case .enrollDeltas: return "repair deltas"
        case .enrollSigma: return "repair sigma"
        case .enrollTranscriptSignature: return "enrollment transcript signature"
        }
    }

    /// The round's UR type, e.g. `heliograph-sign-share`.
    public var description: String { urType }
}

/// A message from a device, signed by its host key (Ed25519) over a domain string, the session id, the
/// parameters hash, the round, the sender and the payload. Anyone holding the roster can check who said what, so
/// a tampering coordinator is caught and blame for a bad payload is provable.
///
/// CDDL: `envelope = { 0: 1, 1: round: uint, 2: session: bstr .size 32, 3: params: bstr .size 32,
///                     4: sender: uint, 5: payload: { * uint => any }, 6: signature: bstr .size 64 }`
/// Signed bytes: `"heliograph/ceremony/v1/envelope" || dCBOR([round, session, params, sender, payload])`.
public struct DeviceEnvelope: Sendable, Hashable {
    /// The round, which also fixes the UR type.
    public let round: Round
    /// The session the message belongs to.
    public let session: [UInt8]
    /// The hash of the session's parameters (the invite or the signing request).
    public let parametersHash: [UInt8]
    /// The sender's 1-based index in the roster (its FROST identifier).
    public let sender: Int
    /// The round's payload, a map with small unsigned keys.
    public let payload: CBOR
    /// The sender's Ed25519 signature.
    public let signature: [UInt8]

    static let domain = Array("heliograph/ceremony/v1/envelope".utf8)

    static func signedBytes(
        round: Round, session: [UInt8], parametersHash: [UInt8], sender: Int, payload: CBOR
    )
        -> [UInt8]
    {
        domain
            + CBOR.array([
                .unsigned(round.rawValue), .bytes(session), .bytes(parametersHash), .unsigned(UInt64(sender)), payload,
            ]).encoded
    }

    /// Signs a payload with the host key.
    init(round: Round, session: [UInt8], parametersHash: [UInt8], sender: Int, payload: CBOR, host: HostKey) {
        self.round = round
        self.session = session
        self.parametersHash = parametersHash
        self.sender = sender
        self.payload = payload
        signature = host.sign(
            DeviceEnvelope.signedBytes(
                round: round, session: session, parametersHash: parametersHash, sender: sender, payload: payload))
    }

    init(round: Round, session: [UInt8], parametersHash: [UInt8], sender: Int, payload: CBOR, signature: [UInt8]) {
        self.round = round
        self.session = session
        self.parametersHash = parametersHash
        self.sender = sender
        self.payload = payload
        self.signature = signature
    }

    /// True when `signature` is the Ed25519 signature of `signingKey` over this envelope.
    public func verifies(signingKey: [UInt8]) -> Bool {
        Sodium.verify(
            signature: signature,
            message: DeviceEnvelope.signedBytes(
                round: round, session: session, parametersHash: parametersHash, sender: sender, payload: payload),
            publicKey: signingKey)
    }

    /// The dCBOR form.
    public var cbor: CBOR {
        .map(
            CBORMap([
                (0, .unsigned(CeremonyProtocol.version)), (1, .unsigned(round.rawValue)), (2, .bytes(session)),
                (3, .bytes(parametersHash)), (4, .unsigned(UInt64(sender))), (5, payload), (6, .bytes(signature)),
            ]))
    }

    /// Strict decoding; the payload must be a map (its fields are checked by the round's own reader).
    public init(cbor: CBOR) throws {
        let fields = try MessageFields(cbor, message: "device message", allowed: [0, 1, 2, 3, 4, 5, 6])
        try fields.version()
        let code = try fields.unsigned(1, "round")
        guard let round = Round(rawValue: code) else {
            throw CeremonyError.valueOutOfRange(
                message: "device message", field: "round", reason: "unknown round \(code)")
        }
        let payload = try fields.value(5, "payload")
        guard payload.mapValue != nil else {
            throw CeremonyError.wrongType(message: "device message", field: "payload", expected: "a map")
        }
        self.init(
            round: round, session: try fields.bytes(2, "session", count: 32),
            parametersHash: try fields.bytes(3, "parameters hash", count: 32),
            sender: try fields.int(4, "sender", range: 1...CeremonyProtocol.maxParticipants), payload: payload,
            signature: try fields.bytes(6, "signature", count: 64))
    }

    /// The deterministic encoding.
    public var encoded: [UInt8] { cbor.encoded }

    /// Decodes a device message of the expected round from bytes, within that round's bounds (size checked first;
    /// the largest round's bounds when no round is expected).
    public init(encoded bytes: [UInt8], expecting round: Round? = nil) throws {
        try self.init(cbor: CeremonyProtocol.decode(bytes, message: round?.urType ?? CeremonyProtocol.envelopeName))
        if let round, round != self.round {
            throw CeremonyError.wrongRound(expected: round.description, got: self.round.description)
        }
    }

    /// Checks that the message is for this session and these parameters, of this round, from a roster member
    /// whose host key signed it. Errors name the reason.
    /// A bad signature on a message the coordinator `forwarded` is the coordinator's fault; on a message received
    /// straight from its sender it names the sender (whose message it claims to be).
    func check(
        session: [UInt8], parametersHash: [UInt8], round: Round, roster: [Identity], forwarded: Bool = false
    )
        throws
    {
        guard self.session == session else {
            throw CeremonyError.wrongSession(expected: shortHex(session), got: shortHex(self.session))
        }
        guard self.parametersHash == parametersHash else {
            throw CeremonyError.wrongParameters(expected: shortHex(parametersHash), got: shortHex(self.parametersHash))
        }
        guard self.round == round else {
            throw CeremonyError.wrongRound(expected: round.description, got: self.round.description)
        }
        guard (1...roster.count).contains(sender) else { throw CeremonyError.unknownSender(index: sender) }
        let identity = roster[sender - 1]
        guard verifies(signingKey: identity.signingKey) else {
            // Forwarded by the coordinator: it altered the message. Shown directly: anyone could have shown it, and a
            // signature that does not verify is no evidence against the device it names.
            let what = "the \(round) message of device \(sender)"
            guard forwarded else { throw CeremonyError.unauthenticated(what: what, sender: sender) }
            throw CeremonyError.invalidSignature(culprit: .coordinator, what: what)
        }
    }
}
