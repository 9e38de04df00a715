/// Everything that can go wrong in BIP 445 signing (version 0.12.1). Positions (`index`) are zero-based places in
/// the list the caller passed (the signer list, the public share list); identifiers are BIP 445's 0..n−1.
public enum BIP445Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// The party that sent a value BIP 445 blames when that value is invalid (InvalidContributionError).
    public enum Contribution: String, Sendable {
        /// A signer's public nonce (NonceAgg, PartialSigVerify).
        case pubnonce
        /// The aggregate nonce the coordinator sent (GetSessionValues).
        case aggnonce
        /// The aggregate of the other signers' nonces the coordinator sent (DeterministicSign).
        case aggothernonce
        /// A signer's partial signature (PartialSigAgg).
        case psig
    }

    /// An encoding had the wrong number of bytes.
    case wrongLength(what: String, expected: Int, actual: Int)
    /// An invalid contribution, blaming the signer at `signerIndex` (nil: the coordinator).
    case invalidContribution(signerIndex: Int?, contribution: Contribution)
    /// The threshold t is not in 1...n.
    case thresholdOutOfRange(t: Int, n: Int)
    /// More than 128 participants.
    case tooManyParticipants(n: Int)
    /// The number of signers u is not in t...n.
    case signerCountOutOfRange(u: Int, t: Int, n: Int)
    /// The identifier at position `index` is not in 0...n−1.
    case identifierOutOfRange(index: Int, identifier: Int)
    /// An identifier appears twice among the signers.
    case duplicateIdentifiers
    /// PartialSigVerify was asked about a signer position outside the signer list.
    case signerIndexOutOfRange(index: Int, count: Int)
    /// Two lists that must have one entry per signer differ in length.
    case countMismatch(what: String, expected: Int, actual: Int)
    /// The threshold public key is not a valid compressed point.
    case invalidThresholdPublicKey
    /// An x-only public key is not the x-coordinate of a curve point (x not below p, or x³ + 7 has no square root).
    case invalidXOnlyPublicKey
    /// The public share at position `index` is not a valid compressed point.
    case invalidPublicShare(index: Int)
    /// Fewer than t public shares are present in a Threshold Info.
    case tooFewPublicShares(present: Int, t: Int)
    /// The public shares beyond the first t do not lie on the polynomial the first t define.
    case publicSharesNotOnOnePolynomial
    /// The public shares interpolate to the point at infinity.
    case thresholdPublicKeyIsInfinity
    /// The public shares do not interpolate to the threshold public key.
    case publicSharesDoNotMatchThresholdPublicKey
    /// The secret share is zero or not below the group order.
    case secretShareOutOfRange
    /// Half 1 or 2 of the secret nonce is zero (as after use) or not below the group order.
    case secretNonceOutOfRange(half: Int)
    /// The signer's identifier is not among the signers.
    case signerNotInSignerSet(identifier: Int)
    /// The signer's public share, [secshare]G, differs from its entry in the public share list.
    case publicShareMismatch(identifier: Int)
    /// A tweak is not below the group order.
    case tweakOutOfRange
    /// Applying a tweak gave the point at infinity.
    case tweakGivesInfinity
    /// DeterministicSign got an aggothernonce with a sole signer.
    case aggOtherNonceWithSoleSigner
    /// DeterministicSign got no aggothernonce although there are other signers.
    case aggOtherNonceMissing
    /// A derived nonce was zero (probability negligible; BIP 445 fails rather than continue).
    case zeroNonce
    /// The partial signature just made does not verify: a computation error, so it is withheld.
    case ownPartialSignatureInvalid

    /// One sentence a person can act on.
    public var description: String {
        switch self {
        case let .wrongLength(what, expected, actual):
            return "The \(what) is \(actual) bytes long; it must be \(expected) bytes."
        case let .invalidContribution(signerIndex, contribution):
            guard let signerIndex else { return "The coordinator sent an invalid \(contribution.rawValue)." }
            return "The signer at position \(signerIndex) sent an invalid \(contribution.rawValue)."
        case let .thresholdOutOfRange(t, n):
            return "A threshold of \(t) with \(n) participants is invalid; it needs 1 <= t <= n."
        case let .tooManyParticipants(n):
            return "There are \(n) participants; BIP 445 allows at most 128."
        case let .signerCountOutOfRange(u, t, n):
            return "There are \(u) signers; a \(t)-of-\(n) group needs between \(t) and \(n)."
        case let .identifierOutOfRange(index, identifier):
            return "The identifier \(identifier) at position \(index) is outside 0...n-1."
        case .duplicateIdentifiers:
            return "The signer list names a participant more than once."
        case let .signerIndexOutOfRange(index, count):
            return "There is no signer at position \(index) in a list of \(count) signers."
        case let .countMismatch(what, expected, actual):
            return "Expected \(expected) \(what) (one per signer) but got \(actual)."
        case .invalidThresholdPublicKey:
            return "The threshold public key is not a valid compressed secp256k1 point."
        case .invalidXOnlyPublicKey:
            return "The x-only public key is not the x-coordinate of a secp256k1 point."
        case let .invalidPublicShare(index):
            return "The public share at position \(index) is not a valid compressed secp256k1 point."
        case let .tooFewPublicShares(present, t):
            return "Only \(present) public shares are present; at least \(t) are needed."
        case .publicSharesNotOnOnePolynomial:
            return "The public shares do not lie on a single polynomial of degree t-1."
        case .thresholdPublicKeyIsInfinity:
            return "The public shares interpolate to the point at infinity."
        case .publicSharesDoNotMatchThresholdPublicKey:
            return "The public shares do not match the threshold public key."
        case .secretShareOutOfRange:
            return "The secret share is zero or not below the group order."
        case let .secretNonceOutOfRange(half):
            return "Half \(half) of the secret nonce is zero or not below the group order (a used nonce is zero)."
        case let .signerNotInSignerSet(identifier):
            return "Participant \(identifier) is not among the signers of this session."
        case let .publicShareMismatch(identifier):
            return "The secret share of participant \(identifier) does not match its listed public share."
        case .tweakOutOfRange:
            return "A tweak is not below the group order."
        case .tweakGivesInfinity:
            return "Applying the tweak gives the point at infinity."
        case .aggOtherNonceWithSoleSigner:
            return "A sole signer must not be given an aggregate of other signers' nonces."
        case .aggOtherNonceMissing:
            return "The aggregate of the other signers' nonces is missing although there are other signers."
        case .zeroNonce:
            return "A derived nonce is zero; sign again with fresh randomness."
        case .ownPartialSignatureInvalid:
            return "The partial signature just computed does not verify; it was withheld."
        }
    }
}
