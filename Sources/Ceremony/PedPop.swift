import DeterministicCBOR
import FROST

/// The math of the DKG, in the shape of ChillDKG's EncPedPop (BlockstreamResearch/bip-frost-dkg) with the
/// ZF frost-core DKG's proof of knowledge, for suite `C`:
///
/// - Each device i derives, from its host seed, fresh device randomness and the session, a polynomial f_i of
///   degree t−1, a proof-of-knowledge nonce and an ephemeral X25519 key e_i (E_i = e_i·B).
/// - Its commitment and proof of knowledge of a_i0 are frost-b's `DKG.part1` (ZF frost-core `dkg::part1`:
///   R = k·G, c = H_DKG(id_i || C_i0 || R), μ = k + a_i0·c), verified with `DKG.verifyProofOfKnowledge`.
/// - Its share for device j is f_i(j) + pad_ij mod ℓ, with pad_ij = BLAKE2b-512(key: X25519(e_i, X_j),
///   personal "HGDKG-Pad-----v1", session || params || E_i || X_j || i || j) reduced mod ℓ. Device j computes
///   the same pad as X25519(x_j, E_i) from its host key alone, which is what makes recovery from the host seed
///   plus the public transcript possible (as ChillDKG derives its pads from the host secret key).
/// - The coordinator sums the padded shares per recipient; device j removes the n pads and obtains
///   s_j = Σ_i f_i(j) directly, checked against the summed commitment.
enum PedPop<C: Ciphersuite> {
    static func identifier(_ index: Int) throws -> Identifier<C> { try Identifier<C>(UInt64(index)) }

    /// A scalar from 64 bytes of hash output, reduced mod the suite's group order in its byte order.
    static func scalar(wide: [UInt8]) throws -> Scalar<C> {
        C.scalar(reducingWide: wide)
    }

    static func pad(shared: [UInt8], invite: DKGInvite, sender: Int, recipient: Int) throws -> Scalar<C> {
        let context =
            invite.session + invite.parametersHash + [UInt8(sender >> 8), UInt8(sender & 0xff)]
            + [UInt8(recipient >> 8), UInt8(recipient & 0xff)] + invite.roster[recipient - 1].agreementKey
        var wide = Sodium.blake2bPersonal(
            context, key: shared, personal: Array("HGDKG-Pad-----v1".utf8), outputCount: 64)
        defer { wipe(&wide) }
        return try scalar(wide: wide)
    }

    /// DKG step 1 for device `sender`: commitment, proof of knowledge, ephemeral key and padded shares, all derived
    /// from the host seed and `randomness` (fresh per session, from the device's CSPRNG; fixed only in vectors).
    static func contribute(host: HostKey, invite: DKGInvite, sender: Int, randomness: [UInt8]) throws -> DKGContribution
    {
        var sessionSeed = host.derive(
            personal: "HGDKG-Session-v1", context: randomness + invite.session + invite.parametersHash)
        defer { wipe(&sessionSeed) }
        func derivedScalar(_ label: UInt8) throws -> SecretScalar<C> {
            var wide = Sodium.blake2bPersonal(
                [label], key: sessionSeed, personal: Array("HGDKG-Coeff---v1".utf8),
                outputCount: 64)
            defer { wipe(&wide) }
            var value = try scalar(wide: wide)
            guard !value.isZero else { throw CeremonyError.frost("a derived scalar was zero") }
            return SecretScalar(consuming: &value)
        }
        let coefficients = try (0..<invite.threshold).map { try derivedScalar(UInt8($0)) }
        let polynomial = try SecretPolynomial<C>(coefficients: coefficients)
        // Commitment and proof of knowledge of a_i0: frost-b's ZF-identical DKG part 1, with derived randomness.
        let round1: DKG<C>.Round1Package
        do {
            round1 = try DKG<C>.part1(
                identifier: try identifier(sender), maxSigners: invite.participantCount, minSigners: invite.threshold,
                secret: SigningKey(coefficients[0]), coefficients: Array(coefficients.dropFirst()),
                proofNonce: try derivedScalar(0xff)
            ).package
        } catch {
            throw CeremonyError.frost("\(error)")
        }
        let commitment = round1.commitment.coefficients
        let proof = round1.proofOfKnowledge.serialize()
        // The ephemeral X25519 key of this session.
        var ephemeralSecret = Sodium.blake2bPersonal([], key: sessionSeed, personal: Array("HGDKG-Ephemer-v1".utf8))
        defer { wipe(&ephemeralSecret) }
        let ephemeralKey = Sodium.x25519Base(ephemeralSecret)
        var encrypted: [[UInt8]] = []
        for recipient in 1...invite.participantCount {
            guard var shared = Sodium.x25519(ephemeralSecret, invite.roster[recipient - 1].agreementKey) else {
                throw CeremonyError.invalidParameters(reason: "device \(recipient)'s X25519 key has low order")
            }
            defer { wipe(&shared) }
            var padValue = try pad(shared: shared, invite: invite, sender: sender, recipient: recipient)
            defer { padValue.zeroize() }
            let share = polynomial.evaluate(at: try identifier(recipient))
            var padded = share.withScalar { $0 + padValue }
            encrypted.append(padded.serialize())
            padded.zeroize()
        }
        let c0 = commitment[0].serialize()
        let signature = host.sign(
            ContributionCore.signedBytes(
                session: invite.session, parametersHash: invite.parametersHash, sender: sender, constantCommitment: c0,
                proofOfKnowledge: proof, ephemeralKey: ephemeralKey))
        return DKGContribution(
            core: ContributionCore(
                constantCommitment: c0, proofOfKnowledge: proof, ephemeralKey: ephemeralKey, signature: signature),
            higherCommitments: commitment.dropFirst().map { $0.serialize() }, encryptedShares: encrypted)
    }

    /// Checks a forwarded core: the device's signature (else the coordinator altered it) and then its proof of
    /// knowledge (else the device is to blame). Returns C_i0.
    static func checkCore(
        _ core: ContributionCore, invite: DKGInvite, sender: Int, forwarded: Bool
    ) throws
        -> Element<C>
    {
        guard core.verifies(invite: invite, sender: sender) else {
            throw CeremonyError.invalidSignature(
                culprit: forwarded ? .coordinator : invite.culprit(sender),
                what: "the contribution core of device \(sender)")
        }
        let blame = { (reason: String) in CeremonyError.blame(culprit: invite.culprit(sender), reason: reason) }
        guard let c0 = try? Element<C>(deserializing: core.constantCommitment) else {
            throw blame("its constant-term commitment is not a valid group element")
        }
        guard let proof = try? Signature<C>(deserializing: core.proofOfKnowledge),
            let commitment = try? VerifiableSecretSharingCommitment<C>(deserializing: [core.constantCommitment])
        else { throw blame("its proof of knowledge is not well formed") }
        guard DKG<C>.verifyProofOfKnowledge(identifier: try identifier(sender), commitment: commitment, proof: proof)
        else { throw blame("its proof of knowledge does not verify") }
        return c0
    }

    /// The group's summed commitment (Σ C_i0, then the summed higher coefficients) from a bundle whose cores were
    /// checked. An invalid summed element is the coordinator's fault.
    static func summedCommitment(
        bundle: DKGBundle, constants: [Element<C>]
    ) throws
        -> VerifiableSecretSharingCommitment<C>
    {
        let constant = constants.dropFirst().reduce(constants[0], +)
        let higher: [Element<C>]
        do {
            higher = try bundle.summedHigherCommitments.map { try Element<C>(deserializing: $0) }
        } catch {
            throw CeremonyError.blame(culprit: .coordinator, reason: "a summed commitment is not a group element")
        }
        return try VerifiableSecretSharingCommitment<C>(
            deserializing: [constant.serialize()] + higher.map { $0.serialize() })
    }

    /// The pad device `recipient` removes for `sender`'s share, from its own host key and E_sender.
    static func recipientPad(
        host: HostKey, invite: DKGInvite, sender: Int, recipient: Int, ephemeralKey: [UInt8]
    )
        throws -> Scalar<C>
    {
        guard var shared = host.agree(with: ephemeralKey) else {
            throw CeremonyError.blame(culprit: invite.culprit(sender), reason: "its ephemeral key has low order")
        }
        defer { wipe(&shared) }
        return try pad(shared: shared, invite: invite, sender: sender, recipient: recipient)
    }

    /// Device `recipient`'s signing share s_j = Σ summed padded share − Σ_i pad_ij. Not yet verified.
    static func unpaddedShare(host: HostKey, invite: DKGInvite, bundle: DKGBundle, recipient: Int) throws -> Scalar<C> {
        guard var total = try? Scalar<C>(deserializing: bundle.summedShares[recipient - 1]) else {
            throw CeremonyError.blame(culprit: .coordinator, reason: "a summed share is not a canonical scalar")
        }
        for sender in 1...invite.participantCount {
            // Each pad, and each partial difference (it is the share once the last pad is gone), is wiped.
            var pad = try recipientPad(
                host: host, invite: invite, sender: sender, recipient: recipient,
                ephemeralKey: bundle.cores[sender - 1].ephemeralKey)
            let next = total - pad
            pad.zeroize()
            total.zeroize()
            total = next
        }
        return total
    }
}

/// The public outcome of a DKG as every device computes it: the group key and each device's verifying share.
public struct DKGPublicResult: Sendable, Hashable {
    /// The group verifying key (the FROST group public key), serialized.
    public let groupKey: [UInt8]
    /// Device i's verifying share, in roster order.
    public let verifyingShares: [[UInt8]]
    /// t.
    public let threshold: Int
}
