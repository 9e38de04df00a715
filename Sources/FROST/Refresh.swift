/// Proactive share refresh (Herzberg, Jarecki, Krawczyk and Yung, CRYPTO 1995), in the DKG form of ZF frost-core
/// `keys::refresh`: every member deals a Feldman-committed sharing of zero (a random polynomial of degree t − 1 whose
/// constant term is 0) and adds the zero-shares it receives to its signing share.
///
/// The group key does not change (every dealt constant term is zero, which the commitment's first element, the
/// identity, proves publicly); the verifying shares all change, and a set of old and new shares together
/// interpolates to nothing useful: an attacker must gather t shares from the same epoch.
public enum Refresh<C: Ciphersuite> {
    /// One member's dealing: the commitment to its zero polynomial (public, constant term the identity) and the
    /// zero-share of every member (each secret, for its recipient only).
    public struct Dealing: Sendable {
        /// The dealer.
        public let dealer: Identifier<C>
        /// [a_0]B = identity, [a_1]B, ..., [a_{t-1}]B.
        public let commitment: VerifiableSecretSharingCommitment<C>
        /// f(j) for every member j, the dealer's own included.
        public let shares: [Identifier<C>: SecretScalar<C>]
    }

    /// Deals a sharing of zero among `members` at threshold `minSigners`. Throws `invalidThreshold`,
    /// `duplicateIdentifier`, or `unknownParticipant` when the dealer is not a member.
    public static func deal(dealer: Identifier<C>, members: [Identifier<C>], minSigners: Int) throws -> Dealing {
        try DKG<C>.validate(minSigners: minSigners, maxSigners: members.count)
        do {
            try [Identifier<C>].checkNoDuplicates(members)
        } catch FROSTError.duplicateIdentifier(let identifier) {
            throw DKGError.duplicateIdentifier(identifier)
        }
        guard members.contains(dealer) else { throw DKGError.unknownParticipant(dealer.description) }
        var zero = Scalar<C>.zero
        let polynomial = try DKG<C>.wrappingFROSTErrors {
            try SecretPolynomial.random(constantTerm: SecretScalar(consuming: &zero), minSigners: minSigners)
        }
        var shares: [Identifier<C>: SecretScalar<C>] = [:]
        for member in members { shares[member] = polynomial.evaluate(at: member) }
        return Dealing(dealer: dealer, commitment: polynomial.commitment(), shares: shares)
    }

    /// A dealing's commitment from its higher coefficient commitments [a_1]B ... [a_{t-1}]B alone: the constant
    /// term's commitment is the identity by construction, so a message that carries only the higher ones cannot move
    /// the group key. Throws `identityCommitment` when one of them is the identity (a degenerate polynomial).
    public static func commitment(higher: [Element<C>], dealer: Identifier<C>) throws
        -> VerifiableSecretSharingCommitment<C>
    {
        guard !higher.contains(where: \.isIdentity) else {
            throw DKGError.identityCommitment(culprits: [dealer.description])
        }
        return VerifiableSecretSharingCommitment(unchecked: [C.identity] + higher)
    }

    /// Checks every dealing's commitment: t coefficients (`wrongCommitmentLength`), the constant term the identity
    /// (`nonzeroRefresh`: such a dealing would move the group key), every other coefficient not the identity
    /// (`identityCommitment`). Each error names every culprit.
    static func checkCommitments(_ commitments: [Identifier<C>: VerifiableSecretSharingCommitment<C>], minSigners: Int)
        throws
    {
        let dealers = commitments.keys.sorted()
        let wrongLength = dealers.filter { commitments[$0]?.coefficients.count != minSigners }
        guard wrongLength.isEmpty else {
            throw DKGError.wrongCommitmentLength(culprits: wrongLength.map(\.description), expected: minSigners)
        }
        let nonzero = dealers.filter { commitments[$0]?.coefficients.first?.isIdentity != true }
        guard nonzero.isEmpty else { throw DKGError.nonzeroRefresh(culprits: nonzero.map(\.description)) }
        let degenerate = dealers.filter { commitments[$0]?.coefficients.dropFirst().contains { $0.isIdentity } == true }
        guard degenerate.isEmpty else { throw DKGError.identityCommitment(culprits: degenerate.map(\.description)) }
    }

    /// The member's refreshed key package: its signing share plus the zero-share of every dealing, each checked
    /// against its dealer's commitment first. `received` maps each dealer (the member itself included, if it dealt)
    /// to its commitment and this member's zero-share. Throws the commitment errors of `checkCommitments`, or
    /// `invalidSecretShare` naming every dealer whose zero-share does not match its commitment; nothing changes then.
    public static func refresh(
        _ keyPackage: KeyPackage<C>,
        received: [Identifier<C>: (commitment: VerifiableSecretSharingCommitment<C>, share: SecretScalar<C>)]
    ) throws -> KeyPackage<C> {
        guard !received.isEmpty else { throw DKGError.wrongCount(what: "dealings", expected: 1, actual: 0) }
        try checkCommitments(received.mapValues(\.commitment), minSigners: keyPackage.minSigners)
        let me = keyPackage.identifier
        let cheaters = received.keys.sorted().filter { dealer in
            guard let dealing = received[dealer] else { return true }
            return VerifyingShare(element: dealing.share.publicElement()) != dealing.commitment.verifyingShare(for: me)
        }
        guard cheaters.isEmpty else { throw DKGError.invalidSecretShare(culprits: cheaters.map(\.description)) }
        let signingShare = SigningShare(
            DKG<C>.sumOfSecrets([keyPackage.signingShare.secret] + received.keys.sorted().compactMap { received[$0]?.share }))
        return try DKG<C>.wrappingFROSTErrors {
            try KeyPackage(
                identifier: me, signingShare: signingShare, verifyingShare: signingShare.verifyingShare(),
                verifyingKey: keyPackage.verifyingKey, minSigners: keyPackage.minSigners)
        }
    }

    /// The group's refreshed public key package: every verifying share moved by every dealing's commitment
    /// evaluated at it; the group key unchanged. Throws `missingMinSigners` and the errors of `checkCommitments`.
    public static func refresh(
        _ publicKeyPackage: PublicKeyPackage<C>, commitments: [Identifier<C>: VerifiableSecretSharingCommitment<C>]
    ) throws -> PublicKeyPackage<C> {
        guard let minSigners = publicKeyPackage.minSigners else { throw DKGError.missingMinSigners }
        guard !commitments.isEmpty else { throw DKGError.wrongCount(what: "dealings", expected: 1, actual: 0) }
        try checkCommitments(commitments, minSigners: minSigners)
        let sum = try DKG<C>.wrappingFROSTErrors {
            try VerifiableSecretSharingCommitment.sum(commitments.keys.sorted().compactMap { commitments[$0] })
        }
        var shares: [Identifier<C>: VerifyingShare<C>] = [:]
        for (member, share) in publicKeyPackage.verifyingShares {
            shares[member] = VerifyingShare(element: share.element + sum.verifyingShare(for: member).element)
        }
        return PublicKeyPackage(
            verifyingShares: shares, verifyingKey: publicKeyPackage.verifyingKey, minSigners: minSigners)
    }
}
