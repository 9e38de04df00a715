/// The Repairable Threshold Scheme (Laing and Stinson, "A survey and refinement of repairable threshold schemes",
/// eprint 2017/1155) as ZF frost-core `keys::repairable` runs it: at least t helpers let a participant who lost its
/// signing share recompute it, without any of them learning it or revealing their own.
///
/// 1. Each helper i splits zeta_i * s_i (zeta_i its Lagrange coefficient for the lost participant's point) into
///    random deltas, one per helper (`part1`), and sends each to its helper over a confidential channel.
/// 2. Each helper j sums the deltas it received into sigma_j (`part2`) and sends it to the participant.
/// 3. The participant sums the sigmas into its share and rebuilds its key package (`part3`).
public enum RepairShare<C: Ciphersuite> {
    /// A delta: one random part of a helper's weighted share, sent to one helper. Secret.
    public struct Delta: Sendable, CustomStringConvertible {
        /// The scalar value.
        public let value: SecretScalar<C>

        /// Wraps a scalar.
        public init(_ value: SecretScalar<C>) { self.value = value }

        /// Always `RepairShare.Delta(<redacted>)`: the delta never reaches a log.
        public var description: String { "RepairShare.Delta(<redacted>)" }
    }

    /// A sigma: the sum of the deltas one helper received, sent to the participant being repaired. Secret.
    public struct Sigma: Sendable, CustomStringConvertible {
        /// The scalar value.
        public let value: SecretScalar<C>

        /// Wraps a scalar.
        public init(_ value: SecretScalar<C>) { self.value = value }

        /// Always `RepairShare.Sigma(<redacted>)`: the sigma never reaches a log.
        public var description: String { "RepairShare.Sigma(<redacted>)" }
    }

    /// Step 1 (ZF `repair_share_part1`): the helper holding `keyPackage` splits zeta_i * s_i into one delta per
    /// helper, the first |helpers| - 1 (in identifier order) uniformly random and the last making the sum exact.
    ///
    /// Throws `wrongCount` with fewer than t helpers, `duplicateIdentifier`, or `invalidRepairHelpers` when the
    /// helper is not in `helpers` or the participant to repair is.
    public static func part1(helpers: [Identifier<C>], keyPackage: KeyPackage<C>, participant: Identifier<C>)
        throws -> [Identifier<C>: Delta]
    {
        let randomCount = max(helpers.count - 1, 0)
        return try part1(
            helpers: helpers, keyPackage: keyPackage, participant: participant,
            randomValues: (0..<randomCount).map { _ in SecretScalar.random() })
    }

    /// Step 1 with explicit random values (|helpers| - 1 of them, given to the helpers in identifier order), to
    /// reproduce test vectors.
    public static func part1(helpers: [Identifier<C>], keyPackage: KeyPackage<C>, participant: Identifier<C>,
                             randomValues: [SecretScalar<C>]) throws -> [Identifier<C>: Delta] {
        guard helpers.count >= keyPackage.minSigners else {
            throw DKGError.wrongCount(what: "helpers", expected: keyPackage.minSigners, actual: helpers.count)
        }
        do {
            try [Identifier<C>].checkNoDuplicates(helpers)
        } catch FROSTError.duplicateIdentifier(let identifier) {
            throw DKGError.duplicateIdentifier(identifier)
        }
        guard helpers.contains(keyPackage.identifier) else {
            throw DKGError.invalidRepairHelpers("helper \(keyPackage.identifier) is not in the helper list")
        }
        guard !helpers.contains(participant) else {
            throw DKGError.invalidRepairHelpers("participant \(participant) cannot help repair its own share")
        }
        guard randomValues.count == helpers.count - 1 else {
            throw DKGError.wrongCount(what: "random values", expected: helpers.count - 1, actual: randomValues.count)
        }

        let sorted = helpers.sorted()
        let zeta = lagrangeCoefficient(for: keyPackage.identifier, in: sorted, at: participant.scalar)
        var deltas: [Identifier<C>: Delta] = [:]
        var randomSum = Scalar<C>.zero
        for (helper, value) in zip(sorted, randomValues) {
            deltas[helper] = Delta(value)
            let next = value.withScalar { randomSum + $0 }
            randomSum.zeroize()
            randomSum = next
        }
        var last = keyPackage.signingShare.secret.withScalar { share in
            var weighted = zeta * share
            defer { weighted.zeroize() }
            return weighted - randomSum
        }
        randomSum.zeroize()
        if let lastHelper = sorted.last { deltas[lastHelper] = Delta(SecretScalar(consuming: &last)) }
        return deltas
    }

    /// Step 2 (ZF `repair_share_part2`): sigma_j, the sum of the deltas helper j received from every helper.
    public static func part2(deltas: [Delta]) -> Sigma {
        Sigma(DKG<C>.sumOfSecrets(deltas.map(\.value)))
    }

    /// Step 3, the arithmetic (ZF `repair_share_part3`): the repaired signing share, the sum of the sigmas.
    public static func recoverSigningShare(sigmas: [Sigma]) -> SigningShare<C> {
        SigningShare(DKG<C>.sumOfSecrets(sigmas.map(\.value)))
    }

    /// Step 3 (ZF `repair_share_part3`): the participant sums the sigmas into its signing share and rebuilds its key
    /// package from the group's public key package. Unlike ZF, it also checks the repaired share against the
    /// verifying share the package publishes for `identifier`, so a wrong sigma cannot go unnoticed.
    ///
    /// Throws `missingMinSigners`, `wrongCount` with fewer sigmas than the threshold, `unknownParticipant` if the
    /// package has no verifying share for `identifier`, or `repairedShareMismatch`.
    public static func part3(sigmas: [Sigma], identifier: Identifier<C>, publicKeyPackage: PublicKeyPackage<C>)
        throws -> KeyPackage<C>
    {
        guard let minSigners = publicKeyPackage.minSigners else { throw DKGError.missingMinSigners }
        guard sigmas.count >= minSigners else {
            throw DKGError.wrongCount(what: "sigmas", expected: minSigners, actual: sigmas.count)
        }
        guard let published = publicKeyPackage.verifyingShares[identifier] else {
            throw DKGError.unknownParticipant(identifier.description)
        }
        let signingShare = recoverSigningShare(sigmas: sigmas)
        let verifyingShare = signingShare.verifyingShare()
        guard verifyingShare == published else {
            throw DKGError.repairedShareMismatch(identifier: identifier.description)
        }
        return try DKG<C>.wrappingFROSTErrors {
            try KeyPackage(
                identifier: identifier, signingShare: signingShare, verifyingShare: verifyingShare,
                verifyingKey: publicKeyPackage.verifyingKey, minSigners: minSigners)
        }
    }

    // MARK: Verifiable repair

    // ZF's scheme trusts the helpers: a wrong delta or sigma only shows as a repaired share that does not match
    // (`repairedShareMismatch`), with no one to blame. Publishing [delta_ij]B beside every delta makes each step
    // checkable by whoever receives it, so a cheating helper is named: the commitments of helper i's deltas must sum
    // to [zeta_i]Y_i (public: Y_i is its verifying share), helper j checks each delta it receives against its
    // commitment, and the participant checks sigma_j against the sum of the commitments of the deltas sent to j.

    /// The public commitments [delta_ij]B to helper i's deltas, published with them.
    public static func commitments(_ deltas: [Identifier<C>: Delta]) -> [Identifier<C>: Element<C>] {
        deltas.mapValues { $0.value.publicElement() }
    }

    /// Anyone: helper `helper`'s delta commitments cover every helper and sum to [zeta_i]Y_i, its weighted verifying
    /// share for `participant`. Throws `invalidRepairValue` naming the helper, or `unknownParticipant`.
    public static func verifyCommitments(
        _ commitments: [Identifier<C>: Element<C>], of helper: Identifier<C>, helpers: [Identifier<C>],
        participant: Identifier<C>, publicKeyPackage: PublicKeyPackage<C>
    ) throws {
        guard let verifyingShare = publicKeyPackage.verifyingShares[helper] else {
            throw DKGError.unknownParticipant(helper.description)
        }
        let zeta = lagrangeCoefficient(for: helper, in: helpers.sorted(), at: participant.scalar)
        let sum = helpers.sorted().reduce(Element<C>.identity) { $0 + (commitments[$1] ?? Element<C>.identity) }
        guard Set(commitments.keys) == Set(helpers), sum == zeta * verifyingShare.element else {
            throw DKGError.invalidRepairValue(culprits: [helper.description])
        }
    }

    /// Helper j: the deltas it received, each against its sender's commitment for j. Throws `invalidRepairValue`
    /// naming every sender whose delta does not match (or who sent no commitment for j).
    public static func verifyDeltas(
        _ deltas: [Identifier<C>: Delta], to receiver: Identifier<C>,
        commitments: [Identifier<C>: [Identifier<C>: Element<C>]]
    ) throws {
        let cheaters = deltas.keys.sorted().filter { sender in
            deltas[sender]?.value.publicElement() != commitments[sender]?[receiver]
        }
        guard cheaters.isEmpty else { throw DKGError.invalidRepairValue(culprits: cheaters.map(\.description)) }
    }

    /// The participant: each sigma_j against the sum of the commitments of the deltas sent to helper j. Throws
    /// `invalidRepairValue` naming every helper whose sigma does not match.
    public static func verifySigmas(
        _ sigmas: [Identifier<C>: Sigma], commitments: [Identifier<C>: [Identifier<C>: Element<C>]]
    ) throws {
        let senders = commitments.keys.sorted()
        let cheaters = sigmas.keys.sorted().filter { helper in
            let expected = senders.reduce(Element<C>.identity) { $0 + (commitments[$1]?[helper] ?? Element<C>.identity) }
            return sigmas[helper]?.value.publicElement() != expected
        }
        guard cheaters.isEmpty else { throw DKGError.invalidRepairValue(culprits: cheaters.map(\.description)) }
    }

    /// The Lagrange coefficient of `xi` over `set`, evaluated at `x` (ZF `compute_lagrange_coefficient` with
    /// `Some(x)`): prod_{j != i} (x - x_j) / (x_i - x_j). The identifiers are distinct, so no denominator is zero.
    static func lagrangeCoefficient(for xi: Identifier<C>, in set: [Identifier<C>], at x: Scalar<C>) -> Scalar<C> {
        var numerator = Scalar<C>.one
        var denominator = Scalar<C>.one
        for xj in set where xj != xi {
            numerator = numerator * (x - xj.scalar)
            denominator = denominator * (xi.scalar - xj.scalar)
        }
        // Distinct identifiers make every factor of the denominator nonzero.
        return numerator * ((try? denominator.inverse()) ?? .zero)
    }
}
