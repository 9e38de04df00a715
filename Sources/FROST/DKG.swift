/// Distributed key generation: FROST KeyGen (Komlo and Goldberg, "FROST", 2020, Figure 1), a Pedersen DKG in which
/// every participant runs Feldman VSS as a dealer and proves knowledge of its constant term with a Schnorr signature.
/// The math is that of ZF frost-core `keys::dkg` (part1, part2, part3), so both produce the same keys from the same
/// coefficients.
///
/// These are pure functions: they neither encrypt nor send anything. Round-1 packages must reach every participant
/// over a broadcast channel (everyone must see the same commitments); round-2 packages are secret and must travel
/// over a confidential, authenticated channel. Both are the Ceremony layer's job.
public enum DKG<C: Ciphersuite> {
    /// The largest group ZF frost-core supports (its identifiers and counts are `u16`).
    public static var maxParticipants: Int { 65535 }

    /// What a participant keeps between part 1 and part 2: its secret polynomial f_i and commitment. Never sent.
    /// The coefficients are wiped when the last copy is released and print as `<redacted>`.
    public struct Round1SecretPackage: Sendable, CustomStringConvertible {
        /// The participant's identifier i.
        public let identifier: Identifier<C>
        /// The secret polynomial f_i, whose constant term a_i0 is the participant's contribution to the group key.
        let polynomial: SecretPolynomial<C>
        /// The participant's VSS commitment C_i = ([a_i0]B, ..., [a_i(t-1)]B).
        public let commitment: VerifiableSecretSharingCommitment<C>
        /// The threshold t.
        public let minSigners: Int
        /// The number of participants n.
        public let maxSigners: Int

        /// Rebuilds a secret package from stored coefficients (constant term first), e.g. after the Ceremony layer
        /// decrypted its saved state. Checks the threshold and that the commitment matches the coefficients.
        public init(identifier: Identifier<C>, coefficients: [SecretScalar<C>], minSigners: Int, maxSigners: Int)
            throws
        {
            try DKG.validate(minSigners: minSigners, maxSigners: maxSigners)
            guard coefficients.count == minSigners else {
                throw DKGError.wrongCount(what: "coefficients", expected: minSigners, actual: coefficients.count)
            }
            self.identifier = identifier
            self.polynomial = try DKG.wrappingFROSTErrors { try SecretPolynomial(coefficients: coefficients) }
            self.commitment = polynomial.commitment()
            self.minSigners = minSigners
            self.maxSigners = maxSigners
        }

        /// The secret coefficients (constant term first), for saving encrypted state; the caller must wipe them.
        public func exposeSecretCoefficients() -> [[UInt8]] {
            polynomial.coefficients.map { $0.serializeSecret() }
        }

        /// Identifier and threshold; the coefficients print as `<redacted>`.
        public var description: String {
            "DKG.Round1SecretPackage(identifier: \(identifier), \(minSigners) of \(maxSigners), coefficients: "
                + "<redacted>)"
        }
    }

    /// What a participant broadcasts after part 1: its VSS commitment and its proof of knowledge of a_i0.
    public struct Round1Package: Sendable, Hashable {
        /// The commitment C_i = ([a_i0]B, ..., [a_i(t-1)]B).
        public let commitment: VerifiableSecretSharingCommitment<C>
        /// sigma_i = (R_i, mu_i), a Schnorr signature proving knowledge of a_i0.
        public let proofOfKnowledge: Signature<C>

        /// Bundles a commitment and a proof (not yet verified: part 2 verifies them).
        public init(commitment: VerifiableSecretSharingCommitment<C>, proofOfKnowledge: Signature<C>) {
            self.commitment = commitment
            self.proofOfKnowledge = proofOfKnowledge
        }

        /// Decodes a received package: each coefficient commitment must be a valid non-identity element, the proof
        /// R || mu a valid signature encoding, and there may be at most 65535 coefficients.
        public init(commitment: [[UInt8]], proofOfKnowledge: [UInt8]) throws {
            guard !commitment.isEmpty else {
                throw DKGError.wrongCount(what: "coefficient commitments", expected: 1, actual: 0)
            }
            // A threshold above the largest group is impossible; refuse before decoding every element.
            guard commitment.count <= DKG.maxParticipants else {
                throw DKGError.wrongCount(
                    what: "coefficient commitments", expected: DKG.maxParticipants, actual: commitment.count)
            }
            self.commitment = try DKG.wrappingFROSTErrors {
                try VerifiableSecretSharingCommitment(deserializing: commitment)
            }
            self.proofOfKnowledge = try DKG.wrappingFROSTErrors { try Signature(deserializing: proofOfKnowledge) }
        }
    }

    /// What a participant keeps between part 2 and part 3: its own share f_i(i) and commitment. Never sent.
    public struct Round2SecretPackage: Sendable, CustomStringConvertible {
        /// The participant's identifier i.
        public let identifier: Identifier<C>
        /// The participant's own commitment C_i.
        public let commitment: VerifiableSecretSharingCommitment<C>
        /// f_i(i), the share the participant deals to itself.
        let ownShare: SecretScalar<C>
        /// The threshold t.
        public let minSigners: Int
        /// The number of participants n.
        public let maxSigners: Int

        /// Rebuilds a secret package from stored state (ZF frost-core `round2::SecretPackage::new`).
        public init(identifier: Identifier<C>, commitment: VerifiableSecretSharingCommitment<C>,
                    ownShare: SecretScalar<C>, minSigners: Int, maxSigners: Int) throws {
            try DKG.validate(minSigners: minSigners, maxSigners: maxSigners)
            guard commitment.coefficients.count == minSigners else {
                throw DKGError.wrongCommitmentLength(culprits: [identifier.description], expected: minSigners)
            }
            self.identifier = identifier
            self.commitment = commitment
            self.ownShare = ownShare
            self.minSigners = minSigners
            self.maxSigners = maxSigners
        }

        /// f_i(i), for saving encrypted state; the caller must wipe the copy.
        public func exposeSecretOwnShare() -> [UInt8] { ownShare.serializeSecret() }

        /// Identifier and threshold; the share prints as `<redacted>`.
        public var description: String {
            "DKG.Round2SecretPackage(identifier: \(identifier), \(minSigners) of \(maxSigners), share: <redacted>)"
        }
    }

    /// What participant i sends participant l after part 2: the secret share f_i(l). Confidential.
    public struct Round2Package: Sendable, CustomStringConvertible {
        /// f_i(l).
        public let signingShare: SigningShare<C>

        /// Wraps a share.
        public init(signingShare: SigningShare<C>) { self.signingShare = signingShare }

        /// Decodes a received share; throws on a wrong length or non-canonical scalar. The caller wipes `bytes`.
        public init(deserializingSecret bytes: [UInt8]) throws {
            signingShare = try DKG.wrappingFROSTErrors { try SigningShare(deserializingSecret: bytes) }
        }

        /// Always `DKG.Round2Package(<redacted>)`: the share never reaches a log.
        public var description: String { "DKG.Round2Package(<redacted>)" }
    }

    // MARK: Part 1

    /// FROST KeyGen round 1 (ZF `dkg::part1`): samples a random polynomial of degree minSigners - 1, commits to it
    /// and proves knowledge of its constant term. Throws `invalidThreshold` unless 2 <= minSigners <= maxSigners.
    public static func part1(identifier: Identifier<C>, maxSigners: Int, minSigners: Int) throws
        -> (secretPackage: Round1SecretPackage, package: Round1Package)
    {
        try validate(minSigners: minSigners, maxSigners: maxSigners)
        return try part1(
            identifier: identifier, maxSigners: maxSigners, minSigners: minSigners, secret: .random(),
            coefficients: (1..<minSigners).map { _ in SecretScalar.random() }, proofNonce: .random())
    }

    /// Round 1 with explicit randomness, to reproduce test vectors: `secret` is a_i0, `coefficients` are
    /// a_i1 ... a_i(t-1), `proofNonce` is the Schnorr nonce k. Never reuse a proof nonce.
    public static func part1(identifier: Identifier<C>, maxSigners: Int, minSigners: Int, secret: SigningKey<C>,
                             coefficients: [SecretScalar<C>], proofNonce: SecretScalar<C>) throws
        -> (secretPackage: Round1SecretPackage, package: Round1Package)
    {
        try validate(minSigners: minSigners, maxSigners: maxSigners)
        guard coefficients.count == minSigners - 1 else {
            throw DKGError.wrongCount(what: "coefficients", expected: minSigners - 1, actual: coefficients.count)
        }
        let secretPackage = try Round1SecretPackage(
            identifier: identifier, coefficients: [secret.secret] + coefficients, minSigners: minSigners,
            maxSigners: maxSigners)
        let proof = try proofOfKnowledge(
            identifier: identifier, constantTerm: secret.secret, commitment: secretPackage.commitment,
            nonce: proofNonce)
        return (secretPackage, Round1Package(commitment: secretPackage.commitment, proofOfKnowledge: proof))
    }

    /// The proof-of-knowledge challenge c = HDKG(SerializeScalar(i) || SerializeElement([a_i0]B) ||
    /// SerializeElement(R)) (ZF `dkg::challenge`; the paper's context string Phi is the suite's in HDKG).
    public static func challenge(identifier: Identifier<C>, verifyingKey: Element<C>, R: Element<C>) -> Scalar<C> {
        C.HDKG(identifier.serialize() + verifyingKey.serialize() + R.serialize())
    }

    /// Round 1 step 2: sigma_i = (R_i, mu_i) with R_i = [k]B, mu_i = k + a_i0 * c_i.
    static func proofOfKnowledge(identifier: Identifier<C>, constantTerm: SecretScalar<C>,
                                 commitment: VerifiableSecretSharingCommitment<C>, nonce: SecretScalar<C>) throws
        -> Signature<C>
    {
        guard !nonce.isZero else { throw DKGError.frost(.zeroScalar(what: "proof-of-knowledge nonce")) }
        let R = nonce.publicElement()
        let c = challenge(identifier: identifier, verifyingKey: commitment.verifyingKey.element, R: R)
        let mu = nonce.withScalar { k in
            constantTerm.withScalar { a0 in
                var product = a0 * c
                defer { product.zeroize() }
                return k + product
            }
        }
        return Signature(R: R, z: mu)
    }

    /// Round 1 step 5 (ZF `verify_proof_of_knowledge`): R_l == [mu_l]B - [c_l]phi_l0. A proof with R the identity
    /// is rejected, as ZF rejects it when serializing R for the challenge.
    public static func verifyProofOfKnowledge(identifier: Identifier<C>,
                                              commitment: VerifiableSecretSharingCommitment<C>,
                                              proof: Signature<C>) -> Bool {
        guard let phi0 = commitment.coefficients.first, !phi0.isIdentity, !proof.R.isIdentity else { return false }
        let c = challenge(identifier: identifier, verifyingKey: phi0, R: proof.R)
        return proof.R == C.multiplyGenerator(by: proof.z) - c * phi0
    }

    // MARK: Part 2

    /// FROST KeyGen round 1 step 5 and round 2 step 1 (ZF `dkg::part2`): checks every other participant's round-1
    /// package (commitment length t, no identity element, valid proof of knowledge), then computes the share
    /// f_i(l) for each of them and keeps f_i(i).
    ///
    /// `round1Packages` maps each other participant's identifier to the package it broadcast; the identifiers must
    /// come from the authenticated channel, not from the package. Throws `wrongCount`, `ownIdentifierReceived`,
    /// `wrongCommitmentLength`, `identityCommitment` or `invalidProofOfKnowledge`, naming every culprit.
    public static func part2(_ secretPackage: Round1SecretPackage, round1Packages: [Identifier<C>: Round1Package])
        throws -> (secretPackage: Round2SecretPackage, packages: [Identifier<C>: Round2Package])
    {
        let senders = try checkRound1Packages(
            round1Packages, receiver: secretPackage.identifier, minSigners: secretPackage.minSigners,
            maxSigners: secretPackage.maxSigners)
        let forged = senders.filter { sender in
            guard let package = round1Packages[sender] else { return true }
            return !verifyProofOfKnowledge(
                identifier: sender, commitment: package.commitment, proof: package.proofOfKnowledge)
        }
        guard forged.isEmpty else { throw DKGError.invalidProofOfKnowledge(culprits: forged.map(\.description)) }

        var packages: [Identifier<C>: Round2Package] = [:]
        for recipient in senders {
            packages[recipient] = Round2Package(
                signingShare: SigningShare(secretPackage.polynomial.evaluate(at: recipient)))
        }
        let round2Secret = try Round2SecretPackage(
            identifier: secretPackage.identifier, commitment: secretPackage.commitment,
            ownShare: secretPackage.polynomial.evaluate(at: secretPackage.identifier),
            minSigners: secretPackage.minSigners, maxSigners: secretPackage.maxSigners)
        return (round2Secret, packages)
    }

    // MARK: Part 3

    /// FROST KeyGen round 2 steps 2-4 (ZF `dkg::part3`): verifies each received share against its sender's
    /// commitment ([f_l(i)]B == sum_k [i^k] phi_lk), sums them with f_i(i) into the long-lived signing share s_i,
    /// and derives every participant's verifying share and the group key from the summed commitments.
    ///
    /// `round1Packages` must be the map given to part 2; `round2Packages` maps each other participant to the share
    /// it sent. Throws `wrongCount`, `ownIdentifierReceived`, `missingPackage`, `unexpectedPackage`,
    /// `invalidSecretShare` (naming every sender whose share fails) or `identityGroupKey`.
    public static func part3(_ secretPackage: Round2SecretPackage, round1Packages: [Identifier<C>: Round1Package],
                             round2Packages: [Identifier<C>: Round2Package]) throws
        -> (keyPackage: KeyPackage<C>, publicKeyPackage: PublicKeyPackage<C>)
    {
        let me = secretPackage.identifier
        let senders = try checkRound1Packages(
            round1Packages, receiver: me, minSigners: secretPackage.minSigners, maxSigners: secretPackage.maxSigners)
        if round2Packages[me] != nil { throw DKGError.ownIdentifierReceived(me.description) }
        if let stranger = round2Packages.keys.sorted().first(where: { round1Packages[$0] == nil }) {
            throw DKGError.unexpectedPackage(from: stranger.description)
        }
        if let absent = senders.first(where: { round2Packages[$0] == nil }) {
            throw DKGError.missingPackage(from: absent.description)
        }

        var cheaters: [Identifier<C>] = []
        for sender in senders {
            guard let share = round2Packages[sender], let package = round1Packages[sender] else { continue }
            if share.signingShare.verifyingShare() != package.commitment.verifyingShare(for: me) {
                cheaters.append(sender)
            }
        }
        guard cheaters.isEmpty else { throw DKGError.invalidSecretShare(culprits: cheaters.map(\.description)) }

        let received = senders.compactMap { round2Packages[$0]?.signingShare.secret }
        let signingShare = SigningShare(sumOfSecrets([secretPackage.ownShare] + received))

        var commitments = [secretPackage.commitment]
        for sender in senders {
            if let package = round1Packages[sender] { commitments.append(package.commitment) }
        }
        let publicKeyPackage = try wrappingFROSTErrors {
            try PublicKeyPackage(
                commitment: try VerifiableSecretSharingCommitment.sum(commitments), identifiers: [me] + senders)
        }
        guard !publicKeyPackage.verifyingKey.element.isIdentity else { throw DKGError.identityGroupKey }
        let keyPackage = try wrappingFROSTErrors {
            try KeyPackage(
                identifier: me, signingShare: signingShare, verifyingShare: signingShare.verifyingShare(),
                verifyingKey: publicKeyPackage.verifyingKey, minSigners: secretPackage.minSigners)
        }
        return (keyPackage, publicKeyPackage)
    }

    // MARK: Checks shared by the parts

    /// 2 <= minSigners <= maxSigners <= 65535 (ZF `validate_num_of_signers`, with its `u16` bound made explicit).
    static func validate(minSigners: Int, maxSigners: Int) throws {
        guard minSigners >= 2, minSigners <= maxSigners, maxSigners <= maxParticipants else {
            throw DKGError.invalidThreshold(minSigners: minSigners, maxSigners: maxSigners)
        }
    }

    /// The structural checks on the round-1 packages a participant received: n - 1 of them, none under the
    /// receiver's own identifier, every commitment t long and free of the identity. Returns the senders, sorted.
    static func checkRound1Packages(_ packages: [Identifier<C>: Round1Package], receiver: Identifier<C>,
                                    minSigners: Int, maxSigners: Int) throws -> [Identifier<C>] {
        try validate(minSigners: minSigners, maxSigners: maxSigners)
        if packages[receiver] != nil { throw DKGError.ownIdentifierReceived(receiver.description) }
        guard packages.count == maxSigners - 1 else {
            throw DKGError.wrongCount(what: "round-1 packages", expected: maxSigners - 1, actual: packages.count)
        }
        let senders = packages.keys.sorted()
        let misshapen = senders.filter { packages[$0]?.commitment.coefficients.count != minSigners }
        guard misshapen.isEmpty else {
            throw DKGError.wrongCommitmentLength(culprits: misshapen.map(\.description), expected: minSigners)
        }
        let degenerate = senders.filter { packages[$0]?.commitment.coefficients.contains(where: \.isIdentity) ?? true }
        guard degenerate.isEmpty else { throw DKGError.identityCommitment(culprits: degenerate.map(\.description)) }
        return senders
    }

    /// The sum of secret scalars, every intermediate wiped.
    static func sumOfSecrets(_ values: [SecretScalar<C>]) -> SecretScalar<C> {
        var total = Scalar<C>.zero
        for value in values {
            let next = value.withScalar { total + $0 }
            total.zeroize()
            total = next
        }
        return SecretScalar(consuming: &total)
    }

    /// Runs `body`, reporting a lower-level `FROSTError` as `DKGError.frost` so the DKG throws one error type.
    static func wrappingFROSTErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as FROSTError {
            throw DKGError.frost(error)
        }
    }
}
