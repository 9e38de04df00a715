/// ChillDKG, version 0.3.0 (BlockstreamResearch/bip-frost-dkg, "ChillDKG: Distributed Key Generation for FROST"):
/// distributed key generation for FROST on secp256k1 whose threshold public key is usable as a BIP 340 / BIP 341
/// key. It is EncPedPop (SimplPedPop with encrypted shares) plus the equality check CertEq, run through an untrusted
/// coordinator: participant_step1 → coordinator_step1 → participant_step2 → coordinator_finalize →
/// participant_finalize, with investigation of invalid shares and recovery from the recovery data.
///
/// The functions are pure computations (sans I/O): all randomness comes in as arguments, so a run is reproducible
/// from its inputs, as the reference's test vectors require. Participant identifiers are 0..n−1, positions in the
/// session's host public keys (BIP 445's identifiers; `BIP445ThresholdInfo(chillDKGOutput:threshold:)` adapts the
/// output). Secrets (host secret key, randomness, polynomial, shares, pads) live in `SecretBytes`/`SecretScalar`.
public enum ChillDKG {
    /// The version of the ChillDKG draft implemented here (its vectors are `Vectors/frost/chilldkg/`).
    public static let version = "0.3.0"

    /// SessionParams (ChillDKG §"SessionParams Tuples"): the participants' host public keys (33-byte compressed, in the
    /// order every party uses) and the threshold t.
    public struct SessionParams: Sendable, Hashable {
        /// The host public keys; participant i is the owner of entry i.
        public let hostPublicKeys: [[UInt8]]
        /// The threshold t: the number of participants needed to sign.
        public let threshold: Int

        /// Holds the values as given; `validate()` checks them.
        public init(hostPublicKeys: [[UInt8]], threshold: Int) {
            self.hostPublicKeys = hostPublicKeys
            self.threshold = threshold
        }

        /// n, the number of participants.
        public var participantCount: Int { hostPublicKeys.count }

        /// params_validate: `1 <= t <= n <= 2^32 − 1` (`thresholdOrCount`), every host public key a valid
        /// compressed point (`invalidHostPublicKey`), no key twice (`duplicateHostPublicKey`, naming the first
        /// occurrence and the repeat).
        public func validate() throws {
            let n = hostPublicKeys.count, t = threshold
            guard 1 <= t, t <= n, n <= 0xFFFF_FFFF else { throw ChillDKGError.thresholdOrCount(t: t, n: n) }
            for (i, key) in hostPublicKeys.enumerated() where BIP445.cpoint(key) == nil {
                throw ChillDKGError.invalidHostPublicKey(participant: i)
            }
            var firstOccurrence: [[UInt8]: Int] = [:]
            for (i, key) in hostPublicKeys.enumerated() {
                if let first = firstOccurrence[key] {
                    throw ChillDKGError.duplicateHostPublicKey(participant1: first, participant2: i)
                }
                firstOccurrence[key] = i
            }
        }

        /// params_hash: hash_{BIP DKG/params_hash}(bytes(4, t) || host public keys), 32 bytes, for comparing the
        /// parameters out of band. Throws what `validate()` throws.
        public func hash() throws -> [UInt8] {
            try validate()
            return dkgHash("params_hash", [bytes4(threshold)] + hostPublicKeys)
        }
    }

    /// DKGOutput (ChillDKG §"DKGOutput Tuples", §"DKG Outputs"): this participant's secret share (nil for the
    /// coordinator), the threshold public key and every participant's public share, all after the BIP 341
    /// unspendable-script-path tweak.
    public struct Output: Sendable {
        /// secshare: the participant's secret share (nil for the coordinator).
        public let secretShare: SecretScalar<Secp256k1Sha256>?
        /// thresh_pk, 33 bytes compressed.
        public let thresholdPublicKey: [UInt8]
        /// pubshares: 33 bytes compressed each, participant i's at position i.
        public let publicShares: [[UInt8]]
    }

    /// ParticipantState1: what participant_step2 needs from participant_step1. It holds no secret; it must be
    /// used for one participant_step2 only.
    public struct ParticipantState1: Sendable {
        /// The session parameters.
        public let params: SessionParams
        /// This participant's identifier.
        public let participantID: Int
        let commitmentToSecret: Element<Secp256k1Sha256>
        let pubnonce: [UInt8]
    }

    /// ParticipantState2: the certified transcript (eq_input) and the output awaiting the certificate.
    public struct ParticipantState2: Sendable {
        /// The session parameters.
        public let params: SessionParams
        let eqInput: [UInt8]
        let output: Output
    }

    /// CoordinatorState: the transcript (eq_input) and the coordinator's output awaiting the signatures.
    public struct CoordinatorState: Sendable {
        /// The session parameters.
        public let params: SessionParams
        let eqInput: [UInt8]
        let output: Output
    }

    // MARK: Host keys

    /// The secret scalar of a host secret key: 32 bytes (`wrongLength`), 1 <= d < n (`invalidHostSecretKey`).
    static func hostSecretScalar(_ hostSecretKey: SecretBytes) throws -> SecretScalar<K> {
        guard hostSecretKey.count == 32 else {
            throw ChillDKGError.wrongLength(what: "host secret key", expected: 32, actual: hostSecretKey.count)
        }
        var bytes = hostSecretKey.exposeSecretBytes()
        defer { wipe(&bytes) }
        guard let scalar = try? SecretScalar<K>(deserializingSecret: bytes), !scalar.isZero else {
            throw ChillDKGError.invalidHostSecretKey
        }
        return scalar
    }

    /// hostpubkey_gen (ChillDKG §"hostpubkey_gen"): the 33-byte compressed public key of a 32-byte host secret key
    /// (BIP 327's IndividualPubkey). Throws `wrongLength` or `invalidHostSecretKey`.
    public static func hostPublicKey(hostSecretKey: SecretBytes) throws -> [UInt8] {
        try hostSecretScalar(hostSecretKey).publicElement().serialize()
    }

    // MARK: Message layouts

    /// Round 1 participant message length: 33·t + 32·n + 97.
    public static func participantMessage1Length(t: Int, n: Int) -> Int { encParticipantMessageLength(t: t, n: n) }
    /// Round 1 coordinator message length: 162·n + 33·(t − 1).
    public static func coordinatorMessage1Length(t: Int, n: Int) -> Int {
        simplCoordinatorMessageLength(t: t, n: n) + 33 * n + 32 * n
    }
    /// Investigation message length: 65·n.
    public static func investigationMessageLength(n: Int) -> Int { 65 * n }

    /// eq_input: bytes(4, t) || summed commitment || host public keys || pubnonces || summed encrypted shares.
    static func eqInput(t: Int, sumCommitment: VSSCommitment, params: SessionParams, pubnonces: [[UInt8]],
                        encryptedShares: [Scalar<K>]) -> [UInt8] {
        bytes4(t) + sumCommitment.serialize() + params.hostPublicKeys.flatMap { $0 } + pubnonces.flatMap { $0 }
            + encryptedShares.flatMap { $0.serialize() }
    }

    /// The public part of a DKG output from the untweaked summed commitment.
    static func publicOutput(_ sumCommitment: VSSCommitment, n: Int) throws
        -> (thresholdPublicKey: [UInt8], publicShares: [[UInt8]], tweak: Scalar<K>) {
        let tweaked = try sumCommitment.taprootTweaked()
        let shares = (0..<n).map { tweaked.commitment.publicShare($0).serialize() }
        return (tweaked.commitment.points[0].serialize(), shares, tweaked.tweak)
    }

    // MARK: Participant

    /// participant_step1 (ChillDKG §"participant_step1"): derives the encryption nonce and the SimplPedPop seed from
    /// the host secret key, `random` and the session, and returns the state and the first message to the coordinator
    /// (33·t + 32·n + 97 bytes). Throws `wrongLength` (host key or randomness not 32 bytes), `invalidHostSecretKey`,
    /// what `SessionParams.validate()` throws, `hostSecretKeyNotInSession`, or `zeroRandomness`.
    public static func participantStep1(hostSecretKey: SecretBytes, params: SessionParams,
                                        random: SecretBytes) throws -> (ParticipantState1, [UInt8]) {
        let hostPublicKey = try hostPublicKey(hostSecretKey: hostSecretKey)
        try params.validate()
        guard let participantID = params.hostPublicKeys.firstIndex(of: hostPublicKey) else {
            throw ChillDKGError.hostSecretKeyNotInSession
        }
        guard random.count == 32 else {
            throw ChillDKGError.wrongLength(what: "randomness", expected: 32, actual: random.count)
        }
        guard random.withUnsafeBytes({ $0.reduce(UInt8(0)) { $0 | $1 } }) != 0 else {
            throw ChillDKGError.zeroRandomness
        }
        let t = params.threshold, n = params.participantCount
        let context = encryptionContext(t: t, hostPublicKeys: params.hostPublicKeys)
        // The host secret key serves as EncPedPop's seed (it only enters hashes) and as its decryption key.
        let simplSeed = secretDKGHash("encpedpop seed", secrets: [hostSecretKey, random], [context])
        let simplAux = secretDKGHash("simplpedpop aux", secrets: [simplSeed])
        let secretNonce = secretDKGHash("encpedpop secnonce", secrets: [simplSeed])
        var nonceBytes = secretNonce.exposeSecretBytes()
        let nonceScalar = try? SecretScalar<K>(deserializingSecret: nonceBytes)
        wipe(&nonceBytes)
        guard let nonceScalar, !nonceScalar.isZero else { throw ChillDKGError.negligibleHashOutOfRange }
        let pubnonce = nonceScalar.publicElement().serialize()

        let simpl = try simplParticipantStep1(seed: simplSeed, t: t, n: n, participantID: participantID,
                                              auxRand: simplAux)
        let pads = try encapsulate(secretNonce: secretNonce, pubnonce: pubnonce, hostSecretKey: hostSecretKey,
                                   hostPublicKeys: params.hostPublicKeys, context: context,
                                   participantID: participantID)
        // Encrypted shares are public: share + pad.
        let encrypted = zip(simpl.shares, pads).map { share, pad in
            share.withScalar { s in pad.withScalar { s + $0 } }
        }
        let message = simpl.message + pubnonce + encrypted.flatMap { $0.serialize() }
        let state = ParticipantState1(params: params, participantID: participantID,
                                      commitmentToSecret: simpl.commitment.points[0], pubnonce: pubnonce)
        return (state, message)
    }

    /// participant_step2 (ChillDKG §"participant_step2"): checks the coordinator's first message, decrypts and checks
    /// this participant's share, and signs the transcript for CertEq. Returns the state and the 64-byte second
    /// message. Throws `wrongLength` (host key, aux randomness or message), `invalidHostSecretKey`,
    /// `hostSecretKeyChanged`, `faultyCoordinator`, `faultyParticipantOrCoordinator` (with the suspect), or
    /// `unknownFaultyParticipantOrCoordinator` (run `participantInvestigate` with its data).
    public static func participantStep2(hostSecretKey: SecretBytes, state: ParticipantState1,
                                        coordinatorMessage1: [UInt8],
                                        auxRand: [UInt8]) throws -> (ParticipantState2, [UInt8]) {
        let hostScalar = try hostSecretScalar(hostSecretKey)
        let hostPublicKey = hostScalar.publicElement().serialize()
        guard auxRand.count == 32 else {
            throw ChillDKGError.wrongLength(what: "aux randomness", expected: 32, actual: auxRand.count)
        }
        let params = state.params, id = state.participantID
        guard hostPublicKey == params.hostPublicKeys[id] else { throw ChillDKGError.hostSecretKeyChanged }
        let t = params.threshold, n = params.participantCount
        let length = coordinatorMessage1Length(t: t, n: n)
        guard coordinatorMessage1.count == length else {
            throw ChillDKGError.wrongLength(what: "coordinator's first message", expected: length,
                                            actual: coordinatorMessage1.count)
        }
        let simplLength = simplCoordinatorMessageLength(t: t, n: n)
        let simpl = try SimplCoordinatorMessage.parse(coordinatorMessage1[0..<simplLength], t: t, n: n)
        let pubnonces = (0..<n).map { i in
            Array(coordinatorMessage1[(simplLength + 33 * i)..<(simplLength + 33 * i + 33)])
        }
        let sharesStart = simplLength + 33 * n
        var encryptedShares: [Scalar<K>] = []
        for i in 0..<n {
            let start = sharesStart + 32 * i
            guard let share = BIP445.scalarChecked(Array(coordinatorMessage1[start..<(start + 32)])) else {
                throw ChillDKGError.faultyCoordinator(reason: "invalid encrypted secret shares")
            }
            encryptedShares.append(share)
        }

        // EncPedPop participant_step2.
        guard pubnonces[id] == state.pubnonce else {
            throw ChillDKGError.faultyCoordinator(reason: "Coordinator replied with wrong pubnonce")
        }
        let context = encryptionContext(t: t, hostPublicKeys: params.hostPublicKeys)
        let pads = try decapsulate(hostSecretKey: hostSecretKey, hostPublicKey: hostPublicKey, pubnonces: pubnonces,
                                   context: context, participantID: id)
        let secretShare = decryptSum(encryptedShares[id], pads: pads)

        // SimplPedPop participant_step2.
        try simplCheckContributions(simpl, participantID: id, commitmentToSecret: state.commitmentToSecret)
        let sumCommitment = simpl.sumCommitment()
        let tweaked = try sumCommitment.taprootTweaked()
        let tweakedPublicShare = tweaked.commitment.publicShare(id)
        var tweakedShare = secretShare.withScalar { $0 + tweaked.tweak }
        let tweakedSecret = SecretScalar<K>(consuming: &tweakedShare)
        guard tweakedSecret.publicElement() == tweakedPublicShare else {
            throw ChillDKGError.unknownFaultyParticipantOrCoordinator(ChillDKGInvestigationData(
                participantCount: n, participantID: id, secretShare: secretShare,
                publicShare: tweakedPublicShare - tweaked.publicTweak, encryptedSecretShare: encryptedShares[id],
                pads: pads))
        }
        let publicShares = (0..<n).map {
            $0 == id ? tweakedPublicShare.serialize() : tweaked.commitment.publicShare($0).serialize()
        }
        let output = Output(secretShare: tweakedSecret, thresholdPublicKey: tweaked.commitment.points[0].serialize(),
                            publicShares: publicShares)
        let eq = eqInput(t: t, sumCommitment: sumCommitment, params: params, pubnonces: pubnonces,
                         encryptedShares: encryptedShares)
        let signature = try certEqSign(hostSecretKey: hostScalar, participantID: id, x: eq, auxRand: auxRand)
        return (ParticipantState2(params: params, eqInput: eq, output: output), signature)
    }

    /// participant_finalize (ChillDKG §"participant_finalize"): verifies the certificate (64·n bytes) and returns the
    /// output and the recovery data (eq_input || certificate). Throws `wrongLength` or `faultyCoordinator`. A throw
    /// does not mean the session failed for others: keep the host secret key (see the specification's warning).
    public static func participantFinalize(state: ParticipantState2,
                                           coordinatorMessage2: [UInt8]) throws -> (Output, recoveryData: [UInt8]) {
        let n = state.params.participantCount
        guard coordinatorMessage2.count == 64 * n else {
            throw ChillDKGError.wrongLength(what: "certificate", expected: 64 * n, actual: coordinatorMessage2.count)
        }
        if certEqFirstInvalidSignature(hostPublicKeys: state.params.hostPublicKeys, x: state.eqInput,
                                       certificate: coordinatorMessage2) != nil {
            throw ChillDKGError.faultyCoordinator(
                reason: "Coordinator has provided a certificate with an invalid signature")
        }
        return (state.output, state.eqInput + coordinatorMessage2)
    }

    /// participant_investigate (ChillDKG §"participant_investigate", §"Blaming Faulty Parties"): after
    /// participant_step2 threw `unknownFaultyParticipantOrCoordinator(data)`, checks the coordinator's investigation
    /// message for this participant (65·n bytes) and always throws: `faultyParticipantOrCoordinator` naming the sender
    /// of an invalid partial share, or `faultyCoordinator`. `wrongLength` for a message of the wrong size.
    public static func participantInvestigate(data: ChillDKGInvestigationData,
                                              investigationMessage: [UInt8]) throws -> Never {
        let n = data.participantCount
        guard investigationMessage.count == investigationMessageLength(n: n) else {
            throw ChillDKGError.wrongLength(what: "investigation message", expected: investigationMessageLength(n: n),
                                            actual: investigationMessage.count)
        }
        var encryptedPartialShares: [Scalar<K>] = []
        var partialPublicShares: [Element<K>] = []
        for i in 0..<n {
            guard let share = BIP445.scalarChecked(Array(investigationMessage[(32 * i)..<(32 * i + 32)])) else {
                throw ChillDKGError.faultyCoordinator(reason: "invalid encrypted partial secshare")
            }
            encryptedPartialShares.append(share)
        }
        for i in 0..<n {
            let start = 32 * n + 33 * i
            guard let point = BIP445.cpointExt(Array(investigationMessage[start..<(start + 33)])) else {
                throw ChillDKGError.faultyCoordinator(reason: "invalid partial pubshare")
            }
            partialPublicShares.append(point)
        }
        let partialShares = zip(encryptedPartialShares, data.pads).map { encrypted, pad in
            var plain = pad.withScalar { encrypted - $0 }
            return SecretScalar<K>(consuming: &plain)
        }
        let publicSum = Element<K>(canonical: LibSecp256k1.sum(partialPublicShares.map { $0.serialize() }))
        guard publicSum == data.publicShare else {
            throw ChillDKGError.faultyCoordinator(reason: "Sum of partial pubshares not equal to pubshare")
        }
        guard sum(partialShares).constantTimeEquals(data.secretShare) else {
            // The encryption is additively homomorphic: the coordinator summed the encrypted shares wrongly.
            throw ChillDKGError.faultyCoordinator(
                reason: "Sum of encrypted partial secshares not equal to encrypted secshare")
        }
        for i in 0..<n where partialShares[i].publicElement() != partialPublicShares[i] {
            if i == data.participantID {
                throw ChillDKGError.faultyCoordinator(reason: "Coordinator fiddled with the share from me to myself")
            }
            throw ChillDKGError.faultyParticipantOrCoordinator(participant: i,
                                                               reason: "Participant sent invalid partial secshare")
        }
        throw ChillDKGError.investigationFoundNoFault
    }

    // MARK: Coordinator

    /// Parses the n first-round messages (`wrongLength` for a list or message of the wrong size,
    /// `faultyParticipant` for an invalid point or share).
    static func parseParticipantMessages1(_ messages: [[UInt8]], t: Int, n: Int) throws -> [EncParticipantMessage] {
        guard messages.count == n else {
            throw ChillDKGError.wrongLength(what: "list of first participant messages", expected: n,
                                            actual: messages.count)
        }
        return try messages.enumerated().map { i, message in
            try EncParticipantMessage.parse(message, t: t, n: n, sender: i)
        }
    }

    /// coordinator_step1 (ChillDKG §"coordinator_step1"): aggregates the participants' first messages (in the order
    /// of the host public keys) into the first coordinator message (162·n + 33·(t − 1) bytes) and the state.
    /// Throws what `SessionParams.validate()` throws, `wrongLength`, or `faultyParticipant`.
    public static func coordinatorStep1(participantMessages1: [[UInt8]],
                                        params: SessionParams) throws -> (CoordinatorState, [UInt8]) {
        try params.validate()
        let t = params.threshold, n = params.participantCount
        let parsed = try parseParticipantMessages1(participantMessages1, t: t, n: n)
        let simpl = simplAggregate(parsed.map { ($0.commitment, $0.pop) }, t: t)
        let pubnonces = parsed.map(\.pubnonce)
        let encryptedShares = (0..<n).map { i in
            parsed.reduce(Scalar<K>.zero) { $0 + $1.encryptedShares[i] }
        }
        let sumCommitment = simpl.sumCommitment()
        let outputValues = try publicOutput(sumCommitment, n: n)
        let output = Output(secretShare: nil, thresholdPublicKey: outputValues.thresholdPublicKey,
                            publicShares: outputValues.publicShares)
        let eq = eqInput(t: t, sumCommitment: sumCommitment, params: params, pubnonces: pubnonces,
                         encryptedShares: encryptedShares)
        let message = simpl.serialize() + pubnonces.flatMap { $0 } + encryptedShares.flatMap { $0.serialize() }
        return (CoordinatorState(params: params, eqInput: eq, output: output), message)
    }

    /// coordinator_finalize (ChillDKG §"coordinator_finalize"): joins the participants' signatures (64 bytes each, in
    /// order) into the certificate, verifies it, and returns the second coordinator message (the certificate,
    /// 64·n bytes), the output and the recovery data. Throws `wrongLength` or `faultyParticipant`.
    public static func coordinatorFinalize(state: CoordinatorState, participantMessages2: [[UInt8]]) throws
        -> (message: [UInt8], output: Output, recoveryData: [UInt8]) {
        let n = state.params.participantCount
        guard participantMessages2.count == n else {
            throw ChillDKGError.wrongLength(what: "list of second participant messages", expected: n,
                                            actual: participantMessages2.count)
        }
        for (i, message) in participantMessages2.enumerated() where message.count != 64 {
            throw ChillDKGError.wrongLength(what: "participant \(i)'s signature", expected: 64, actual: message.count)
        }
        let certificate = participantMessages2.flatMap { $0 }
        if let invalid = certEqFirstInvalidSignature(hostPublicKeys: state.params.hostPublicKeys, x: state.eqInput,
                                                     certificate: certificate) {
            throw ChillDKGError.faultyParticipant(
                participant: invalid, reason: "Participant has provided an invalid signature for the certificate")
        }
        return (certificate, state.output, state.eqInput + certificate)
    }

    /// coordinator_investigate (ChillDKG §"coordinator_investigate"): for each participant i, the encrypted partial
    /// shares every sender made for i (32 bytes each) and the partial public shares of i under every sender's
    /// commitment (33 bytes each, infinity as zeros), 65·n bytes. Throws what `SessionParams.validate()` throws
    /// (the reference does not validate here, but a threshold outside 1...n makes the layout meaningless),
    /// `wrongLength`, or `faultyParticipant`.
    public static func coordinatorInvestigate(participantMessages1: [[UInt8]],
                                              params: SessionParams) throws -> [[UInt8]] {
        try params.validate()
        let n = participantMessages1.count
        let parsed = try parseParticipantMessages1(participantMessages1, t: params.threshold, n: n)
        return (0..<n).map { i in
            parsed.flatMap { $0.encryptedShares[i].serialize() }
                + parsed.flatMap { $0.commitment.publicShare(i).serialize() }
        }
    }

    // MARK: Recovery

    /// The fields of recovery data (deserialize_recovery_data); nil when it does not parse.
    static func parseRecoveryData(_ data: [UInt8]) -> (t: Int, sumCommitment: VSSCommitment,
                                                        hostPublicKeys: [[UInt8]], pubnonces: [[UInt8]],
                                                        encryptedShares: [Scalar<K>], certificate: [UInt8])? {
        guard data.count >= 4 else { return nil }
        let t = data[0..<4].reduce(0) { $0 << 8 | Int($1) }
        guard data.count - 4 >= 33 * t, let sum = VSSCommitment.parse(data[4...], t: t) else { return nil }
        let rest = data.count - 4 - 33 * t
        guard rest % 162 == 0 else { return nil }
        let n = rest / 162
        let keysStart = 4 + 33 * t, noncesStart = keysStart + 33 * n, sharesStart = noncesStart + 33 * n
        let certificateStart = sharesStart + 32 * n
        let keys = (0..<n).map { Array(data[(keysStart + 33 * $0)..<(keysStart + 33 * $0 + 33)]) }
        let nonces = (0..<n).map { Array(data[(noncesStart + 33 * $0)..<(noncesStart + 33 * $0 + 33)]) }
        var shares: [Scalar<K>] = []
        for i in 0..<n {
            guard let share = BIP445.scalarChecked(Array(data[(sharesStart + 32 * i)..<(sharesStart + 32 * i + 32)]))
            else { return nil }
            shares.append(share)
        }
        return (t, sum, keys, nonces, shares, Array(data[certificateStart...]))
    }

    /// recover: the output and session parameters from recovery data, as a participant when a host secret key is
    /// given, else as the coordinator.
    static func recover(hostSecretKey: SecretBytes?, recoveryData: [UInt8]) throws -> (Output, SessionParams) {
        guard let fields = parseRecoveryData(recoveryData) else {
            throw ChillDKGError.invalidRecoveryData(reason: "Failed to deserialize recovery data")
        }
        let params = SessionParams(hostPublicKeys: fields.hostPublicKeys, threshold: fields.t)
        do {
            try params.validate()
        } catch {
            throw ChillDKGError.invalidRecoveryData(reason: "Invalid session parameters in recovery data")
        }
        let n = params.participantCount
        let eq = Array(recoveryData[0..<(recoveryData.count - 64 * n)])
        if certEqFirstInvalidSignature(hostPublicKeys: params.hostPublicKeys, x: eq,
                                       certificate: fields.certificate) != nil {
            throw ChillDKGError.invalidRecoveryData(reason: "Invalid certificate in recovery data")
        }
        let values = try publicOutput(fields.sumCommitment, n: n)
        guard let hostSecretKey else {
            return (Output(secretShare: nil, thresholdPublicKey: values.thresholdPublicKey,
                           publicShares: values.publicShares), params)
        }
        let hostPublicKey = try hostPublicKey(hostSecretKey: hostSecretKey)
        guard let id = params.hostPublicKeys.firstIndex(of: hostPublicKey) else {
            throw ChillDKGError.hostSecretKeyNotInRecoveryData
        }
        let context = encryptionContext(t: fields.t, hostPublicKeys: params.hostPublicKeys)
        let pads = try decapsulate(hostSecretKey: hostSecretKey, hostPublicKey: hostPublicKey,
                                   pubnonces: fields.pubnonces, context: context, participantID: id)
        var share = decryptSum(fields.encryptedShares[id], pads: pads).withScalar { $0 + values.tweak }
        let secretShare = SecretScalar<K>(consuming: &share)
        guard secretShare.publicElement().serialize() == values.publicShares[id] else {
            throw ChillDKGError.invalidRecoveryData(reason: "Decrypted secret share does not match its public share")
        }
        return (Output(secretShare: secretShare, thresholdPublicKey: values.thresholdPublicKey,
                       publicShares: values.publicShares), params)
    }

    /// participant_recover (ChillDKG §"participant_recover", §"Backup and Recovery"): the participant's output and the
    /// session parameters from the host secret key and recovery data (from its own backup, another participant or the
    /// coordinator). Throws `invalidRecoveryData` (unparsable, invalid parameters, invalid certificate), `wrongLength`,
    /// `invalidHostSecretKey`, or `hostSecretKeyNotInRecoveryData`.
    public static func participantRecover(hostSecretKey: SecretBytes,
                                          recoveryData: [UInt8]) throws -> (Output, SessionParams) {
        try recover(hostSecretKey: hostSecretKey, recoveryData: recoveryData)
    }

    /// coordinator_recover (ChillDKG §"coordinator_recover"): the coordinator's output (no secret share) and the
    /// session parameters from recovery data. Throws `invalidRecoveryData`.
    public static func coordinatorRecover(recoveryData: [UInt8]) throws -> (Output, SessionParams) {
        try recover(hostSecretKey: nil, recoveryData: recoveryData)
    }
}

extension ChillDKG {
    /// recovery_ack_message(x, i): "BIP DKG/recovery acknowledgment" padded with zeros to 33 bytes, the 4-byte
    /// identifier, then the recovery data.
    static func recoveryAcknowledgmentMessage(_ recoveryData: [UInt8], participantID: Int) -> [UInt8] {
        var prefix = Array("BIP DKG/recovery acknowledgment".utf8)
        prefix += [UInt8](repeating: 0, count: 33 - prefix.count)
        return prefix + bytes4(participantID) + recoveryData
    }

    /// Checks that recovery data parses and belongs to `params` (t and the host public keys).
    static func checkRecoveryData(_ recoveryData: [UInt8], matches params: SessionParams) throws {
        guard let fields = parseRecoveryData(recoveryData) else {
            throw ChillDKGError.invalidRecoveryData(reason: "Failed to deserialize recovery data")
        }
        guard fields.t == params.threshold, fields.hostPublicKeys == params.hostPublicKeys else {
            throw ChillDKGError.invalidRecoveryData(
                reason: "Recovery data does not match the provided session parameters")
        }
    }

    /// participant_recovery_ack_sign (ChillDKG §"participant_recovery_ack_sign"): the participant's 64-byte BIP 340
    /// signature with its host key acknowledging that it holds the recovery data, for an optional round that makes
    /// sure every participant has a copy before the threshold key is used. Throws `wrongLength`,
    /// `invalidHostSecretKey`, what `SessionParams.validate()` throws, `hostSecretKeyNotInSession`, or
    /// `invalidRecoveryData` (unparsable, or not of this session).
    public static func recoveryAcknowledgment(hostSecretKey: SecretBytes, recoveryData: [UInt8],
                                              params: SessionParams, auxRand: [UInt8]) throws -> [UInt8] {
        let hostScalar = try hostSecretScalar(hostSecretKey)
        try params.validate()
        guard let id = params.hostPublicKeys.firstIndex(of: hostScalar.publicElement().serialize()) else {
            throw ChillDKGError.hostSecretKeyNotInSession
        }
        guard auxRand.count == 32 else {
            throw ChillDKGError.wrongLength(what: "aux randomness", expected: 32, actual: auxRand.count)
        }
        try checkRecoveryData(recoveryData, matches: params)
        return try schnorrSign(message: recoveryAcknowledgmentMessage(recoveryData, participantID: id),
                               secretKey: hostScalar, auxRand: auxRand)
    }

    /// participant_recovery_acks_verify (ChillDKG §"participant_recovery_acks_verify"): checks every participant's
    /// acknowledgment (64 bytes each, in the order of the host public keys). Throws what `SessionParams.validate()`
    /// throws, `wrongLength`, `invalidRecoveryData`, or `invalidRecoveryAcknowledgment` naming the first participant
    /// whose signature fails (which does not undo the session's success).
    public static func verifyRecoveryAcknowledgments(_ acknowledgments: [[UInt8]], recoveryData: [UInt8],
                                                     params: SessionParams) throws {
        try params.validate()
        guard acknowledgments.count == params.participantCount else {
            throw ChillDKGError.wrongLength(what: "list of recovery acknowledgments", expected: params.participantCount,
                                            actual: acknowledgments.count)
        }
        try checkRecoveryData(recoveryData, matches: params)
        for (i, acknowledgment) in acknowledgments.enumerated() {
            guard acknowledgment.count == 64 else {
                throw ChillDKGError.wrongLength(what: "participant \(i)'s recovery acknowledgment", expected: 64,
                                                actual: acknowledgment.count)
            }
            let valid = LibSecp256k1.verifySchnorr(
                signature: acknowledgment, message: recoveryAcknowledgmentMessage(recoveryData, participantID: i),
                xOnlyPublicKey: Array(params.hostPublicKeys[i][1..<33]))
            guard valid else { throw ChillDKGError.invalidRecoveryAcknowledgment(participant: i) }
        }
    }
}

extension BIP445ThresholdInfo {
    /// The BIP 445 Threshold Info of a ChillDKG 0.3.0 output: ChillDKG's participant i is BIP 445's identifier i,
    /// and the output's thresh_pk and pubshares are BIP 445's as they are (both 33-byte compressed). ChillDKG's
    /// DKGOutput does not carry t, so the caller passes the session's threshold (`SessionParams.threshold`, also
    /// returned by recovery); the open upstream change that aligns the two drafts adds it to the output. BIP 445
    /// allows at most 128 participants where ChillDKG allows 2^32 − 1: `validate()` reports a larger group.
    public init(chillDKGOutput output: ChillDKG.Output, threshold: Int) {
        self.init(threshold: threshold, thresholdPublicKey: output.thresholdPublicKey,
                  publicShares: output.publicShares.map { Optional($0) })
    }
}

extension ChillDKG {
    /// Checks one participant's first message as coordinator_step1 parses it (ParticipantMsg1.from_bytes) and, beyond
    /// what coordinator_step1 does, as participant_step2 checks every other participant's contribution (a commitment
    /// to the secret that is not infinity, with a valid proof of possession), so that a coordinator relaying
    /// messages one at a time blames a bad one when it arrives: `wrongLength`, or `faultyParticipant`. Throws what
    /// `SessionParams.validate()` throws.
    public static func checkParticipantMessage1(_ message: [UInt8], params: SessionParams,
                                                participantID: Int) throws {
        try params.validate()
        let parsed = try EncParticipantMessage.parse(message, t: params.threshold, n: params.participantCount,
                                                     sender: participantID)
        let secret = parsed.commitment.points[0]
        guard !secret.isIdentity else {
            throw ChillDKGError.faultyParticipant(participant: participantID, reason: "Participant sent invalid commitment")
        }
        guard schnorrVerify(message: bytes4(participantID), xOnlyPublicKey: BIP445.xbytes(secret),
                            signature: parsed.pop, tagPrefix: popTagPrefix)
        else {
            throw ChillDKGError.faultyParticipant(participant: participantID,
                                                  reason: "Participant sent invalid proof-of-knowledge")
        }
    }

    /// eq_input, the transcript CertEq signs, from the session parameters and the coordinator's first message:
    /// bytes(4, t), the summed commitment (from the message's commitments), the host public keys, then the message's
    /// pubnonces and encrypted shares, as participant_step2 and coordinator_step1 form it. Throws what
    /// `SessionParams.validate()` throws, `wrongLength`, or `faultyCoordinator` for a message that does not parse.
    public static func eqInput(params: SessionParams, coordinatorMessage1: [UInt8]) throws -> [UInt8] {
        try params.validate()
        let t = params.threshold, n = params.participantCount
        guard coordinatorMessage1.count == coordinatorMessage1Length(t: t, n: n) else {
            throw ChillDKGError.wrongLength(what: "coordinator's first message",
                                            expected: coordinatorMessage1Length(t: t, n: n),
                                            actual: coordinatorMessage1.count)
        }
        let simplLength = simplCoordinatorMessageLength(t: t, n: n)
        let simpl = try SimplCoordinatorMessage.parse(coordinatorMessage1[0..<simplLength], t: t, n: n)
        return bytes4(t) + simpl.sumCommitment().serialize() + params.hostPublicKeys.flatMap { $0 }
            + Array(coordinatorMessage1[simplLength...])
    }

    /// The recovery data (eq_input || certificate) of a finished session from its public messages, the same value
    /// participant_finalize and coordinator_finalize return. Throws what `eqInput` throws, or `wrongLength` for a
    /// certificate that is not 64·n bytes. The certificate is not checked here: recovery checks it.
    public static func recoveryData(params: SessionParams, coordinatorMessage1: [UInt8],
                                    certificate: [UInt8]) throws -> [UInt8] {
        let eq = try eqInput(params: params, coordinatorMessage1: coordinatorMessage1)
        guard certificate.count == 64 * params.participantCount else {
            throw ChillDKGError.wrongLength(what: "certificate", expected: 64 * params.participantCount,
                                            actual: certificate.count)
        }
        return eq + certificate
    }

    /// Whether `signature` (a participant's second message) is participant `participantID`'s valid CertEq signature
    /// (certeq_verify's check for one signer) of `eqInput`, so a coordinator collecting signatures one at a time can
    /// blame a bad one on arrival. False for an identifier outside 0..n−1, a key or signature of the wrong length.
    public static func certEqSignatureVerifies(params: SessionParams, eqInput: [UInt8], participantID: Int,
                                               signature: [UInt8]) -> Bool {
        guard params.hostPublicKeys.indices.contains(participantID), signature.count == 64,
              params.hostPublicKeys[participantID].count == 33
        else { return false }
        return LibSecp256k1.verifySchnorr(
            signature: signature, message: certEqMessage(eqInput, participantID: participantID),
            xOnlyPublicKey: Array(params.hostPublicKeys[participantID][1..<33]))
    }
}

extension ChillDKG.ParticipantState2 {
    /// The threshold public key (33 bytes compressed) participant_step2 computed, to show before the certificate.
    public var thresholdPublicKey: [UInt8] { output.thresholdPublicKey }
}
