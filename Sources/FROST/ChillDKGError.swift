/// Everything that can go wrong in ChillDKG (version 0.3.0, BlockstreamResearch/bip-frost-dkg). Participant
/// identifiers are ChillDKG's 0..n−1, positions in `SessionParams.hostPublicKeys`. `referenceName` is the name of the
/// exception the reference implementation raises for the same condition, so a vector's `expectedError.type` can be
/// compared directly.
public enum ChillDKGError: Error, Sendable, CustomStringConvertible {
    /// An input or a message had the wrong number of bytes, or a list the wrong number of entries (the reference's
    /// structural `ValueError`).
    case wrongLength(what: String, expected: Int, actual: Int)
    /// The host secret key is zero or not below the group order (§"HostSeckeyError Exception").
    case invalidHostSecretKey
    /// The host secret key's public key is not among the session's host public keys (`HostSeckeyError`).
    case hostSecretKeyNotInSession
    /// recover: the host secret key's public key is not among the recovery data's host public keys
    /// (`HostSeckeyError`).
    case hostSecretKeyNotInRecoveryData
    /// participant_step2 got another host secret key than participant_step1 (`HostSeckeyError`).
    case hostSecretKeyChanged
    /// `1 <= t <= n <= 2^32 − 1` does not hold (§"ThresholdOrCountError Exception").
    case thresholdOrCount(t: Int, n: Int)
    /// The host public key of `participant` is not a valid compressed point (`InvalidHostPubkeyError`).
    case invalidHostPublicKey(participant: Int)
    /// Two participants have the same host public key (`DuplicateHostPubkeyError`).
    case duplicateHostPublicKey(participant1: Int, participant2: Int)
    /// The 32 bytes of randomness are all zero: a broken random number generator (`RandomnessError`).
    case zeroRandomness
    /// The coordinator proved `participant` faulty (`FaultyParticipantError`).
    case faultyParticipant(participant: Int, reason: String)
    /// A participant saw `participant` misbehave, or the coordinator framed it (`FaultyParticipantOrCoordinatorError`).
    case faultyParticipantOrCoordinator(participant: Int, reason: String)
    /// The coordinator is faulty (`FaultyCoordinatorError`).
    case faultyCoordinator(reason: String)
    /// Some participant or the coordinator sent an invalid secret share; `ChillDKG.participantInvestigate` with the
    /// coordinator's investigation message narrows it down (`UnknownFaultyParticipantOrCoordinatorError`).
    case unknownFaultyParticipantOrCoordinator(ChillDKGInvestigationData)
    /// The recovery data cannot be parsed, holds invalid session parameters, or its certificate does not verify
    /// (`RecoveryDataError`).
    case invalidRecoveryData(reason: String)
    /// A participant's recovery acknowledgment does not verify (`InvalidRecoveryAckError`). The session itself
    /// succeeded; only that participant's copy of the recovery data is unconfirmed.
    case invalidRecoveryAcknowledgment(participant: Int)
    /// participant_investigate found every value consistent: the caller passed data from another session
    /// (the reference's `RuntimeError`).
    case investigationFoundNoFault
    /// A value derived by hashing fell outside the scalar range (probability about 2^−128; `ValueError`).
    case negligibleHashOutOfRange

    /// The reference implementation's exception class for this error.
    public var referenceName: String {
        switch self {
        case .wrongLength, .negligibleHashOutOfRange: return "ValueError"
        case .invalidHostSecretKey, .hostSecretKeyNotInSession, .hostSecretKeyNotInRecoveryData, .hostSecretKeyChanged:
            return "HostSeckeyError"
        case .thresholdOrCount: return "ThresholdOrCountError"
        case .invalidHostPublicKey: return "InvalidHostPubkeyError"
        case .duplicateHostPublicKey: return "DuplicateHostPubkeyError"
        case .zeroRandomness: return "RandomnessError"
        case .faultyParticipant: return "FaultyParticipantError"
        case .faultyParticipantOrCoordinator: return "FaultyParticipantOrCoordinatorError"
        case .faultyCoordinator: return "FaultyCoordinatorError"
        case .unknownFaultyParticipantOrCoordinator: return "UnknownFaultyParticipantOrCoordinatorError"
        case .invalidRecoveryData: return "RecoveryDataError"
        case .invalidRecoveryAcknowledgment: return "InvalidRecoveryAckError"
        case .investigationFoundNoFault: return "RuntimeError"
        }
    }

    /// The participant this error blames, if it blames exactly one.
    public var blamedParticipant: Int? {
        switch self {
        case let .invalidHostPublicKey(participant), let .faultyParticipant(participant, _),
             let .faultyParticipantOrCoordinator(participant, _), let .invalidRecoveryAcknowledgment(participant):
            return participant
        default: return nil
        }
    }

    /// One sentence saying what went wrong and whom it blames.
    public var description: String {
        switch self {
        case let .wrongLength(what, expected, actual): return "\(what) has length \(actual), expected \(expected)."
        case .invalidHostSecretKey: return "The host secret key is zero or not below the group order."
        case .hostSecretKeyNotInSession: return "The host secret key does not match any host public key."
        case .hostSecretKeyNotInRecoveryData:
            return "The host secret key does not match any host public key in the recovery data."
        case .hostSecretKeyChanged: return "The host secret key does not match the one used in participant_step1."
        case let .thresholdOrCount(t, n): return "Threshold \(t) and count \(n) violate 1 <= t <= n <= 2^32 - 1."
        case let .invalidHostPublicKey(participant): return "Participant \(participant)'s host public key is invalid."
        case let .duplicateHostPublicKey(first, second):
            return "Participants \(first) and \(second) have the same host public key."
        case .zeroRandomness: return "The randomness is all zeros."
        case let .faultyParticipant(participant, reason): return "Participant \(participant) is faulty: \(reason)."
        case let .faultyParticipantOrCoordinator(participant, reason):
            return "Participant \(participant) or the coordinator is faulty: \(reason)."
        case let .faultyCoordinator(reason): return "The coordinator is faulty: \(reason)."
        case .unknownFaultyParticipantOrCoordinator:
            return "Received an invalid secret share; run participantInvestigate to find the faulty party."
        case let .invalidRecoveryData(reason): return "Invalid recovery data: \(reason)."
        case let .invalidRecoveryAcknowledgment(participant):
            return "Participant \(participant)'s recovery acknowledgment is invalid."
        case .investigationFoundNoFault: return "The investigation found no inconsistency to blame."
        case .negligibleHashOutOfRange: return "A hash fell outside the scalar range."
        }
    }
}

/// What a participant keeps to investigate an invalid secret share (ChillDKG §"Blaming Faulty Parties"; EncPedPop's and
/// SimplPedPop's ParticipantInvestigationData): its decrypted share and public share (before the Taproot tweak), the
/// encrypted share and the n decryption pads. The secret parts wipe themselves and never print.
public struct ChillDKGInvestigationData: Sendable, CustomStringConvertible {
    /// n.
    let participantCount: Int
    /// This participant's identifier.
    let participantID: Int
    /// The decrypted, untweaked secret share.
    let secretShare: SecretScalar<Secp256k1Sha256>
    /// The untweaked public share the summed commitments give this participant.
    let publicShare: Element<Secp256k1Sha256>
    /// The encrypted secret share the coordinator sent.
    let encryptedSecretShare: Scalar<Secp256k1Sha256>
    /// The pad from each sender, in sender order.
    let pads: [SecretScalar<Secp256k1Sha256>]

    /// Redacted: the data holds secrets.
    public var description: String { "ChillDKGInvestigationData(participant \(participantID), <redacted>)" }
}
