/// Everything that can go wrong in distributed key generation (ZF frost-core `keys::dkg`) and in repairing a lost
/// share (ZF frost-core `keys::repairable`).
///
/// Participants are named by their identifier's label (`Identifier.description`: the integer for small identifiers,
/// hex otherwise). Where a check fails because of what another participant sent, the error names that participant
/// (the culprit), and only the participants whose packages failed, so the ceremony can exclude exactly them.
public enum DKGError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The threshold does not satisfy 2 <= minSigners <= maxSigners <= 65535 (ZF `validate_num_of_signers`).
    case invalidThreshold(minSigners: Int, maxSigners: Int)
    /// A list (packages, coefficients, helpers, sigmas) had the wrong number of entries.
    case wrongCount(what: String, expected: Int, actual: Int)
    /// A package map contained the receiving participant's own identifier, which no one else may use.
    case ownIdentifierReceived(String)
    /// An identifier appeared twice in a list that must hold distinct participants.
    case duplicateIdentifier(String)
    /// A package was expected from this participant but is missing.
    case missingPackage(from: String)
    /// A package came from a participant that was not part of the previous round.
    case unexpectedPackage(from: String)
    /// These participants' VSS commitments do not have minSigners coefficients.
    case wrongCommitmentLength(culprits: [String], expected: Int)
    /// These participants' VSS commitments contain the identity element.
    case identityCommitment(culprits: [String])
    /// These participants' Schnorr proofs of knowledge of their constant term do not verify
    /// (FROST KeyGen round 1 step 5).
    case invalidProofOfKnowledge(culprits: [String])
    /// The round-2 shares these participants sent do not match their VSS commitments (FROST KeyGen round 2 step 2).
    case invalidSecretShare(culprits: [String])
    /// The group public key came out as the identity element (only possible if participants' constant terms cancel).
    case identityGroupKey
    /// The participant is not in the group's public key package.
    case unknownParticipant(String)
    /// The participant to repair is also listed as a helper, or the helper is not in the helper list.
    case invalidRepairHelpers(String)
    /// The public key package does not carry the threshold needed to rebuild a key package.
    case missingMinSigners
    /// The repaired share's verifying share does not match the one in the public key package.
    case repairedShareMismatch(identifier: String)
    /// Refresh dealings whose commitment's constant term is not the identity: not a sharing of zero, so they would
    /// move the group key.
    case nonzeroRefresh(culprits: [String])
    /// Repair helpers whose values do not match what they committed to (their deltas' commitments do not sum to
    /// their weighted verifying share, a delta or a sigma does not match its commitment).
    case invalidRepairValue(culprits: [String])
    /// A lower-level FROST failure (decoding a scalar or element, a zero identifier).
    case frost(FROSTError)

    /// One sentence a person can act on, naming the culprits and values involved.
    public var description: String {
        switch self {
        case let .invalidThreshold(minSigners, maxSigners):
            return "A threshold of \(minSigners) of \(maxSigners) is invalid; it needs 2 <= threshold <= participants "
                + "<= 65535."
        case let .wrongCount(what, expected, actual):
            return "Expected \(expected) \(what) but got \(actual)."
        case let .ownIdentifierReceived(identifier):
            return "A package claims to come from participant \(identifier), which is the receiving participant itself."
        case let .duplicateIdentifier(identifier):
            return "The identifier \(identifier) appears more than once."
        case let .missingPackage(from):
            return "No package arrived from participant \(from)."
        case let .unexpectedPackage(from):
            return "A package arrived from participant \(from), who took no part in the previous round."
        case let .wrongCommitmentLength(culprits, expected):
            return "The commitment of participant(s) \(culprits.joined(separator: ", ")) does not have \(expected) "
                + "coefficients."
        case let .identityCommitment(culprits):
            return "The commitment of participant(s) \(culprits.joined(separator: ", ")) contains the identity element."
        case let .invalidProofOfKnowledge(culprits):
            return "The proof of knowledge of participant(s) \(culprits.joined(separator: ", ")) does not verify."
        case let .invalidSecretShare(culprits):
            return "The share sent by participant(s) \(culprits.joined(separator: ", ")) does not match their "
                + "commitment."
        case .identityGroupKey:
            return "The group public key is the identity element; the key generation must be run again."
        case let .unknownParticipant(identifier):
            return "Participant \(identifier) is not in the group's public key package."
        case let .invalidRepairHelpers(detail):
            return "The repair helpers are invalid: \(detail)."
        case .missingMinSigners:
            return "The public key package does not record the threshold, so the key package cannot be rebuilt."
        case let .repairedShareMismatch(identifier):
            return "The repaired share of participant \(identifier) does not match its published verifying share."
        case let .nonzeroRefresh(culprits):
            return "Refresh dealings of \(culprits.joined(separator: ", ")) do not share zero: they would change the group key."
        case let .invalidRepairValue(culprits):
            return "Repair values of helper(s) \(culprits.joined(separator: ", ")) do not match their commitments."
        case let .frost(error):
            return error.description
        }
    }
}
