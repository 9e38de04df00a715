/// Everything that can go wrong in FROST key generation, signing and aggregation.
///
/// Participants are named by their identifier's label (`Identifier.description`: the integer for small
/// identifiers, hex otherwise), so a person can act on the error; `invalidSignatureShares` also carries the
/// serialized identifiers so software can map culprits back to participants.
public enum FROSTError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An encoding had the wrong number of bytes.
    case wrongLength(what: String, expected: Int, actual: Int)
    /// A scalar encoding was not canonical (its value is not below the group order).
    case nonCanonicalScalar(what: String)
    /// A scalar that must be nonzero (a secret key, a share, a nonce) was zero.
    case zeroScalar(what: String)
    /// An element encoding was not canonical, not on the curve, or not in the prime-order subgroup.
    case invalidElement(what: String)
    /// An element was the identity where RFC 9591 forbids it (public keys, commitments).
    case identityElement(what: String)
    /// An identifier was zero (RFC 9591 §3.1: identifiers are nonzero scalars).
    case zeroIdentifier
    /// The same identifier appeared twice.
    case duplicateIdentifier(String)
    /// The threshold does not satisfy 2 <= minSigners <= maxSigners.
    case invalidThreshold(minSigners: Int, maxSigners: Int)
    /// A list had the wrong number of entries (identifiers, coefficients).
    case wrongCount(what: String, expected: Int, actual: Int)
    /// Fewer signers than the threshold took part.
    case tooFewSigners(count: Int, minSigners: Int)
    /// A participant needed in the operation is missing from the signing package.
    case missingCommitment(identifier: String)
    /// The commitment listed under a signer's identifier is not the one its nonces produced.
    case commitmentMismatch(identifier: String)
    /// The commitment list is not sorted by identifier in strictly ascending order.
    case commitmentsNotSorted
    /// A participant is not known (no verifying share, or not among the signers).
    case unknownParticipant(identifier: String)
    /// A signer in the signing package sent no signature share.
    case missingSignatureShare(identifier: String)
    /// These signers' signature shares failed verification (RFC 9591 §5.4): identifiable abort.
    case invalidSignatureShares(culprits: [String], serializedIdentifiers: [[UInt8]])
    /// A secret share does not match the dealer's (or DKG) commitment (RFC 9591 Appendix C.2).
    case invalidSecretShare(identifier: String)
    /// The group commitment was the identity element (RFC 9591 §4.5 forbids serializing it).
    case identityGroupCommitment
    /// The aggregate signature does not verify, yet every signature share did (inconsistent key material).
    case invalidSignature
    /// The key package and the public key package disagree (verifying key or verifying share).
    case inconsistentKeyMaterial(String)

    /// One sentence a person can act on, naming the participant and values involved.
    public var description: String {
        switch self {
        case let .wrongLength(what, expected, actual):
            return "The \(what) is \(actual) bytes long; it must be \(expected) bytes."
        case let .nonCanonicalScalar(what):
            return "The \(what) is not a canonical scalar (it is not below the group order)."
        case let .zeroScalar(what):
            return "The \(what) is zero, which is not allowed."
        case let .invalidElement(what):
            return "The \(what) is not a valid group element (non-canonical, off the curve, or of small order)."
        case let .identityElement(what):
            return "The \(what) is the identity element, which is not allowed."
        case .zeroIdentifier:
            return "An identifier is zero; FROST identifiers must be nonzero."
        case let .duplicateIdentifier(id):
            return "The identifier \(id) appears more than once."
        case let .invalidThreshold(minSigners, maxSigners):
            return "A threshold of \(minSigners) of \(maxSigners) is invalid; it needs 2 <= threshold <= participants."
        case let .wrongCount(what, expected, actual):
            return "Expected \(expected) \(what) but got \(actual)."
        case let .tooFewSigners(count, minSigners):
            return "Only \(count) signers took part; at least \(minSigners) are needed."
        case let .missingCommitment(identifier):
            return "The signing package has no commitment from participant \(identifier)."
        case let .commitmentMismatch(identifier):
            return "The commitment listed for participant \(identifier) is not the one its nonces produced."
        case .commitmentsNotSorted:
            return "The commitment list is not sorted by identifier in strictly ascending order."
        case let .unknownParticipant(identifier):
            return "Participant \(identifier) is not part of this group or signing session."
        case let .missingSignatureShare(identifier):
            return "Participant \(identifier) sent no signature share."
        case let .invalidSignatureShares(culprits, _):
            return "Invalid signature shares from participant(s) \(culprits.joined(separator: ", "))."
        case let .invalidSecretShare(identifier):
            return "The secret share of participant \(identifier) does not match the published commitment."
        case .identityGroupCommitment:
            return "The group commitment is the identity element; signing must restart with fresh nonces."
        case .invalidSignature:
            return "The aggregate signature does not verify although every signature share did."
        case let .inconsistentKeyMaterial(detail):
            return "The key material is inconsistent: \(detail)."
        }
    }
}
