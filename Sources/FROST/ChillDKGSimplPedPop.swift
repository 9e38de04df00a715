/// SimplPedPop (ChillDKG §"DKG Protocol SimplPedPop"): Feldman VSS with a polynomial derived from a seed, proofs of
/// possession of the secret, and the coordinator's summing of commitments; plus the BIP 341 "unspendable script path"
/// tweak that ChillDKG applies to the summed commitment.
extension ChillDKG {
    /// A VSS commitment: t points, the commitments to the coefficients (or their sums). The point at infinity is
    /// allowed here (encoded as 33 zero bytes), so that no participant can make the sum of valid commitments invalid.
    struct VSSCommitment: Sendable, Equatable {
        var points: [Element<K>]

        /// VSSCommitment.from_bytes: t compressed points, infinity allowed; nil when a point is invalid.
        static func parse(_ bytes: ArraySlice<UInt8>, t: Int) -> VSSCommitment? {
            var points: [Element<K>] = []
            points.reserveCapacity(t)
            for j in 0..<t {
                let start = bytes.startIndex + 33 * j
                guard let point = BIP445.cpointExt(Array(bytes[start..<(start + 33)])) else { return nil }
                points.append(point)
            }
            return VSSCommitment(points: points)
        }

        /// to_bytes: the points, 33 bytes each, infinity as 33 zero bytes.
        func serialize() -> [UInt8] { points.flatMap { $0.serialize() } }

        /// pubshare(i) = Σ_j (i+1)^j · points[j], the public share of participant i.
        func publicShare(_ participantID: Int) -> Element<K> {
            let x = Scalar<K>(UInt64(participantID + 1))
            var power = Scalar<K>.one
            var coefficients: [Scalar<K>] = []
            for _ in points {
                coefficients.append(power)
                power = power * x
            }
            return BIP445.linearCombination(points, coefficients)
        }

        /// invalid_taproot_commit: adds [tweak]G to the commitment to the secret, where tweak =
        /// hash_TapTweak(xbytes(points[0])) commits to an empty script tree (BIP 341), so no participant can hide a
        /// script path in the threshold key. Returns the tweaked commitment, the tweak (added to every secret share)
        /// and [tweak]G. Throws when the commitment to the secret is infinity (no x-only key) or the hash is ≥ n.
        func taprootTweaked() throws -> (commitment: VSSCommitment, tweak: Scalar<K>, publicTweak: Element<K>) {
            guard let first = points.first, !first.isIdentity else {
                throw ChillDKGError.faultyCoordinator(reason: "Sum of commitments to secrets is infinity")
            }
            guard let tweak = BIP445.scalarChecked(taggedHash("TapTweak", [BIP445.xbytes(first)])) else {
                throw ChillDKGError.negligibleHashOutOfRange
            }
            let publicTweak = K.multiplyGenerator(by: tweak)
            var tweaked = points
            tweaked[0] = first + publicTweak
            return (VSSCommitment(points: tweaked), tweak, publicTweak)
        }
    }

    /// A secret polynomial f of degree t − 1 (VSS.generate): coefficient i is the checked scalar of
    /// hash_{BIP DKG/vss coeffs}(seed || bytes(4, i)). The coefficients wipe themselves.
    struct SecretPolynomial: Sendable {
        let coefficients: [SecretScalar<K>]

        init(seed: SecretBytes, t: Int) throws {
            var coefficients: [SecretScalar<K>] = []
            coefficients.reserveCapacity(t)
            for i in 0..<t {
                var hash = secretDKGHash("vss coeffs", secrets: [seed], [bytes4(i)]).exposeSecretBytes()
                defer { wipe(&hash) }
                guard let coefficient = try? SecretScalar<K>(deserializingSecret: hash) else {
                    throw ChillDKGError.negligibleHashOutOfRange
                }
                coefficients.append(coefficient)
            }
            self.coefficients = coefficients
        }

        /// f(i + 1), participant i's share, by Horner's rule (never f(0), the secret).
        func share(for participantID: Int) -> SecretScalar<K> {
            let x = Scalar<K>(UInt64(participantID + 1))
            var value = Scalar<K>.zero
            for coefficient in coefficients.reversed() {
                var product = value * x
                var next = coefficient.withScalar { product + $0 }
                product.zeroize()
                value.zeroize()
                value = next
                next.zeroize()
            }
            return SecretScalar(consuming: &value)
        }

        /// VSS.commit: [a_j]G for every coefficient, each in constant time.
        func commitment() -> VSSCommitment { VSSCommitment(points: coefficients.map { $0.publicElement() }) }
    }

    /// pop_prove / pop_verify's message and tag: BIP 340 with the tag prefix "BIP DKG/pop message" over the
    /// participant's 4-byte identifier.
    static let popTagPrefix = "BIP DKG/pop message"

    /// SimplPedPop participant message length: 33·t + 64.
    static func simplParticipantMessageLength(t: Int) -> Int { 33 * t + 64 }

    /// SimplPedPop coordinator message length: 33·n (commitments to secrets) + 33·(t − 1) (summed commitments to
    /// the other coefficients) + 64·n (proofs of possession).
    static func simplCoordinatorMessageLength(t: Int, n: Int) -> Int { 97 * n + 33 * (t - 1) }

    /// SimplPedPop participant_step1: the polynomial from `seed`, its commitment and proof of possession (the
    /// message), and the n partial secret shares f(1)..f(n).
    static func simplParticipantStep1(seed: SecretBytes, t: Int, n: Int, participantID: Int,
                                      auxRand: SecretBytes) throws
        -> (commitment: VSSCommitment, message: [UInt8], shares: [SecretScalar<K>]) {
        let polynomial = try SecretPolynomial(seed: seed, t: t)
        let shares = (0..<n).map { polynomial.share(for: $0) }
        var aux = auxRand.exposeSecretBytes()
        defer { wipe(&aux) }
        let pop = try schnorrSign(message: bytes4(participantID), secretKey: polynomial.coefficients[0],
                                  auxRand: aux, tagPrefix: popTagPrefix)
        let commitment = polynomial.commitment()
        return (commitment, commitment.serialize() + pop, shares)
    }

    /// A parsed SimplPedPop participant message: the commitment and the proof of possession. Nil when a point is
    /// invalid (the caller has checked the length).
    static func parseSimplParticipantMessage(_ bytes: ArraySlice<UInt8>, t: Int)
        -> (commitment: VSSCommitment, pop: [UInt8])? {
        guard let commitment = VSSCommitment.parse(bytes, t: t) else { return nil }
        let start = bytes.startIndex + 33 * t
        return (commitment, Array(bytes[start..<(start + 64)]))
    }

    /// A parsed SimplPedPop coordinator message.
    struct SimplCoordinatorMessage {
        var commitmentsToSecrets: [Element<K>]
        var sumCommitmentsToNonconstantTerms: [Element<K>]
        var pops: [[UInt8]]

        func serialize() -> [UInt8] {
            (commitmentsToSecrets + sumCommitmentsToNonconstantTerms).flatMap { $0.serialize() } + pops.flatMap { $0 }
        }

        /// assemble_sum_coms: the sum of the commitments to the secrets, then the summed other coefficients.
        func sumCommitment() -> VSSCommitment {
            let sum = Element<K>(canonical: LibSecp256k1.sum(commitmentsToSecrets.map { $0.serialize() }))
            return VSSCommitment(points: [sum] + sumCommitmentsToNonconstantTerms)
        }

        /// CoordinatorMsg.from_bytes for a slice of the right length; a point that does not parse makes the
        /// coordinator faulty.
        static func parse(_ bytes: ArraySlice<UInt8>, t: Int, n: Int) throws -> SimplCoordinatorMessage {
            guard let secrets = VSSCommitment.parse(bytes, t: n) else {
                throw ChillDKGError.faultyCoordinator(reason: "invalid commitment to secret")
            }
            guard let sums = VSSCommitment.parse(bytes.dropFirst(33 * n), t: t - 1) else {
                throw ChillDKGError.faultyCoordinator(reason: "invalid sum commitment to non-constant term")
            }
            let popStart = bytes.startIndex + 33 * n + 33 * (t - 1)
            let pops = (0..<n).map { Array(bytes[(popStart + 64 * $0)..<(popStart + 64 * $0 + 64)]) }
            return SimplCoordinatorMessage(commitmentsToSecrets: secrets.points,
                                           sumCommitmentsToNonconstantTerms: sums.points, pops: pops)
        }
    }

    /// SimplPedPop coordinator_step's aggregation: each participant's commitment to its secret, the sums of the
    /// commitments to the coefficients 1..t−1, and the proofs of possession.
    static func simplAggregate(_ messages: [(commitment: VSSCommitment, pop: [UInt8])], t: Int)
        -> SimplCoordinatorMessage {
        let sums = (1..<max(t, 1)).map { j in
            Element<K>(canonical: LibSecp256k1.sum(messages.map { $0.commitment.points[j].serialize() }))
        }
        return SimplCoordinatorMessage(commitmentsToSecrets: messages.map { $0.commitment.points[0] },
                                       sumCommitmentsToNonconstantTerms: sums, pops: messages.map(\.pop))
    }

    /// SimplPedPop participant_step2's checks of the other participants' contributions: the coordinator must
    /// relay our own commitment to the secret, every other commitment must be a point with a valid proof of
    /// possession.
    static func simplCheckContributions(_ message: SimplCoordinatorMessage, participantID: Int,
                                        commitmentToSecret: Element<K>) throws {
        guard message.commitmentsToSecrets[participantID] == commitmentToSecret else {
            throw ChillDKGError.faultyCoordinator(
                reason: "Coordinator sent unexpected first group element for local participant id")
        }
        for (i, commitment) in message.commitmentsToSecrets.enumerated() where i != participantID {
            guard !commitment.isIdentity else {
                throw ChillDKGError.faultyParticipantOrCoordinator(participant: i,
                                                                   reason: "Participant sent invalid commitment")
            }
            guard schnorrVerify(message: bytes4(i), xOnlyPublicKey: BIP445.xbytes(commitment),
                                signature: message.pops[i], tagPrefix: popTagPrefix)
            else {
                throw ChillDKGError.faultyParticipantOrCoordinator(
                    participant: i, reason: "Participant sent invalid proof-of-knowledge")
            }
        }
    }
}
