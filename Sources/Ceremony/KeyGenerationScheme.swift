import DeterministicCBOR
import FROST

/// What a device answers to the bundle: its transcript-signature payload (and the group element it computed), or a
/// complaint because its share does not verify.
enum BundleAnswer {
    case sign(payload: CBOR, groupElement: [UInt8])
    case complain
}

/// How a suite's groups generate their key, as the few operations `DKGDevice`, `DKGCoordinator` and `GroupRecord`
/// need; `CeremonySuite` names one per suite (as it names a `SigningScheme`). Both schemes use the same messages,
/// envelopes, state machines and durable state: invite → contribution → bundle → transcript signature (or complaint
/// → investigation → blame) → certificate. What travels inside differs:
/// - `PedPopKeyGeneration` (Ed25519, ristretto255): the ceremony's own EncPedPop-shaped DKG (`PedPop`).
/// - `ChillDKGKeyGeneration` (secp256k1): ChillDKG 0.3.0 itself; its participant and coordinator messages are the
///   payloads, the certificate is ChillDKG's, and the record yields ChillDKG's recovery data.
protocol KeyGenerationScheme {
    /// Whether the device keeps its 32 bytes of device randomness (in the encrypted state) until the DKG ends,
    /// because later steps recompute its secret state from them.
    static var keepsRandomness: Bool { get }

    /// Checks a roster beyond what every invite checks (throws `CeremonyError.invalidParameters`).
    static func checkRoster(_ roster: [Identity], threshold: Int) throws

    // MARK: Device

    /// The contribution payload of device `index`.
    static func contribution(host: HostKey, invite: DKGInvite, index: Int, randomness: [UInt8]) throws -> CBOR

    /// The device's answer to `bundle`, given its own contribution; throws a blame for a provably bad bundle.
    static func answer(
        bundle: DKGBundle, invite: DKGInvite, index: Int, host: HostKey, contribution: DeviceEnvelope,
        randomness: [UInt8]?
    ) throws -> BundleAnswer

    /// The finding of an investigation the device asked for with a complaint.
    static func investigate(
        _ investigation: DKGInvestigation, bundle: DKGBundle, invite: DKGInvite, index: Int, host: HostKey,
        randomness: [UInt8]?
    ) throws -> (culprit: Culprit, reason: String)

    /// Finalizes the device's key from the checked record; throws when the share is not usable.
    static func finalize(record: GroupRecord, host: HostKey, randomness: [UInt8]?) throws

    // MARK: Coordinator

    /// Checks one contribution payload on arrival (throws a blame naming its sender).
    static func checkContribution(_ payload: CBOR, invite: DKGInvite, sender: Int) throws

    /// The bundle from all n contributions, in roster order.
    static func bundle(invite: DKGInvite, contributions: [DeviceEnvelope]) throws -> DKGBundle

    /// Checks one transcript signature on arrival (throws a blame naming its sender).
    static func checkTranscriptSignature(_ envelope: DeviceEnvelope, invite: DKGInvite, bundle: DKGBundle) throws

    /// The certificate from all n transcript signatures, in roster order.
    static func certificate(invite: DKGInvite, signatures: [DeviceEnvelope]) throws -> DKGCertificate

    /// The answer to device `recipient`'s complaint.
    static func investigation(
        invite: DKGInvite, contributions: [DeviceEnvelope], recipient: Int
    ) throws -> DKGInvestigation

    // MARK: Record

    /// Checks that every device certified this transcript (`CeremonyError.certificateInvalid` naming the first
    /// signature that fails).
    static func verifyCertificate(invite: DKGInvite, bundle: DKGBundle, certificate: DKGCertificate) throws

    /// The group key and every device's public share, after checking that every device certified this transcript.
    static func publicResult(invite: DKGInvite, bundle: DKGBundle, certificate: DKGCertificate) throws
        -> DKGPublicResult

    /// The device's key-generation share (serialized scalar; the caller wipes it), re-derived from its host seed and
    /// the record, not yet checked against a verifying share (`GroupRecord.keyMaterial` does).
    static func keyGenerationShare(_ record: GroupRecord, host: HostKey) throws -> [UInt8]
}

// MARK: - The ceremony's PedPop DKG

/// The ceremony's own DKG (`PedPop`, `DKGVerification`) for suite `C`.
enum PedPopKeyGeneration<C: Ciphersuite>: KeyGenerationScheme {
    static var keepsRandomness: Bool { false }

    static func checkRoster(_ roster: [Identity], threshold: Int) throws {}

    static func contribution(host: HostKey, invite: DKGInvite, index: Int, randomness: [UInt8]) throws -> CBOR {
        try PedPop<C>.contribute(host: host, invite: invite, sender: index, randomness: randomness).payload
    }

    static func answer(
        bundle: DKGBundle, invite: DKGInvite, index: Int, host: HostKey, contribution: DeviceEnvelope,
        randomness: [UInt8]?
    ) throws -> BundleAnswer {
        let own = try DKGContribution(payload: contribution.payload, invite: invite)
        guard bundle.cores.count == invite.participantCount, bundle.cores[index - 1] == own.core else {
            throw CeremonyError.blame(
                culprit: .coordinator, reason: "the bundle does not carry this device's contribution")
        }
        guard
            let material = try DKGVerification<C>.tryKeyMaterial(
                host: host, invite: invite, bundle: bundle, index: index)
        else { return .complain }
        return .sign(
            payload: DKGTranscriptPayload(transcriptHash: dkgTranscriptHash(invite: invite, bundle: bundle)).payload,
            groupElement: material.publicKeyPackage.verifyingKey.serialize())
    }

    static func investigate(
        _ investigation: DKGInvestigation, bundle: DKGBundle, invite: DKGInvite, index: Int, host: HostKey,
        randomness: [UInt8]?
    ) throws -> (culprit: Culprit, reason: String) {
        try DKGVerification<C>.investigate(
            host: host, invite: invite, bundle: bundle, recipient: index, contributions: investigation.contributions)
    }

    static func finalize(record: GroupRecord, host: HostKey, randomness: [UInt8]?) throws {
        _ = try record.recover(host: host)
    }

    static func checkContribution(_ payload: CBOR, invite: DKGInvite, sender: Int) throws {
        let blame = { (reason: String) in CeremonyError.blame(culprit: invite.culprit(sender), reason: reason) }
        let contribution: DKGContribution
        do {
            contribution = try DKGContribution(payload: payload, invite: invite)
        } catch {
            throw blame("its contribution is malformed: \(error)")
        }
        _ = try PedPop<C>.checkCore(contribution.core, invite: invite, sender: sender, forwarded: false)
        for commitment in contribution.higherCommitments where (try? Element<C>(deserializing: commitment)) == nil {
            throw blame("a coefficient commitment is not a group element")
        }
        for share in contribution.encryptedShares where (try? Scalar<C>(deserializing: share)) == nil {
            throw blame("an encrypted share is not a canonical scalar")
        }
    }

    static func bundle(invite: DKGInvite, contributions: [DeviceEnvelope]) throws -> DKGBundle {
        let parts = try contributions.map { try DKGContribution(payload: $0.payload, invite: invite) }
        var higher: [Element<C>] = try parts[0].higherCommitments.map { try Element<C>(deserializing: $0) }
        var shares: [Scalar<C>] = try parts[0].encryptedShares.map { try Scalar<C>(deserializing: $0) }
        for part in parts.dropFirst() {
            for k in higher.indices {
                higher[k] = higher[k] + (try Element<C>(deserializing: part.higherCommitments[k]))
            }
            for j in shares.indices { shares[j] = shares[j] + (try Scalar<C>(deserializing: part.encryptedShares[j])) }
        }
        return DKGBundle(
            session: invite.session, parametersHash: invite.parametersHash, cores: parts.map(\.core),
            summedHigherCommitments: higher.map { $0.serialize() }, summedShares: shares.map { $0.serialize() })
    }

    static func checkTranscriptSignature(_ envelope: DeviceEnvelope, invite: DKGInvite, bundle: DKGBundle) throws {
        let culprit = invite.culprit(envelope.sender)
        let payload: DKGTranscriptPayload
        do {
            payload = try DKGTranscriptPayload(payload: envelope.payload)
        } catch {
            throw CeremonyError.blame(culprit: culprit, reason: "its transcript signature is malformed")
        }
        guard payload.transcriptHash == dkgTranscriptHash(invite: invite, bundle: bundle) else {
            throw CeremonyError.blame(culprit: culprit, reason: "it signed a different transcript")
        }
    }

    static func certificate(invite: DKGInvite, signatures: [DeviceEnvelope]) throws -> DKGCertificate {
        DKGCertificate(
            session: invite.session, parametersHash: invite.parametersHash, signatures: signatures.map(\.signature))
    }

    static func investigation(
        invite: DKGInvite, contributions: [DeviceEnvelope], recipient: Int
    ) throws -> DKGInvestigation {
        DKGInvestigation(
            session: invite.session, parametersHash: invite.parametersHash, recipient: recipient,
            contributions: contributions)
    }

    static func publicResult(invite: DKGInvite, bundle: DKGBundle, certificate: DKGCertificate) throws
        -> DKGPublicResult
    {
        guard bundle.coordinatorMessage == nil else {
            throw CeremonyError.blame(culprit: .coordinator, reason: "the bundle is not of this suite's DKG")
        }
        try verifyCertificate(invite: invite, bundle: bundle, certificate: certificate)
        return try DKGVerification<C>.publicResult(invite: invite, bundle: bundle)
    }

    static func verifyCertificate(invite: DKGInvite, bundle: DKGBundle, certificate: DKGCertificate) throws {
        try certificate.verify(invite: invite, transcriptHash: dkgTranscriptHash(invite: invite, bundle: bundle))
    }

    static func keyGenerationShare(_ record: GroupRecord, host: HostKey) throws -> [UInt8] {
        guard record.bundle.coordinatorMessage == nil, record.bundle.cores.count == record.invite.participantCount else {
            throw CeremonyError.keyNotUsable(reason: "the group's key was not made by the ceremony's PedPop DKG")
        }
        var share = try PedPop<C>.unpaddedShare(
            host: host, invite: record.invite, bundle: record.bundle, recipient: record.index)
        defer { share.zeroize() }
        return share.serialize()
    }
}

// MARK: - ChillDKG 0.3.0

/// ChillDKG 0.3.0 (`FROST.ChillDKG`) as the secp256k1 suite's key generation:
/// - session parameters: the roster's ChillDKG host public keys (identity key 4) in roster order and t; ChillDKG
///   participant i is roster index i + 1 (BIP 445's identifier i, `BIP445Signing.signerID(rosterIndex:)`);
/// - contribution payload `{4: participant_step1's message}`; the device's ChillDKG `random` is BLAKE2b(key: host
///   seed, personal "HGChillDKG-Rand1", device randomness ‖ session ‖ parameters hash), its CertEq aux randomness
///   BLAKE2b(key: host seed, personal "HGChillDKG-Aux-1", the same input);
/// - bundle `{6: coordinator_step1's message}`; transcript signature payload `{2: participant_step2's message}` (the
///   CertEq signature); certificate: the n signatures, whose concatenation is ChillDKG's certificate;
/// - complaint as for every suite; investigation `{5: coordinator_investigate's message for the recipient}`,
///   which participant_investigate turns into a culprit;
/// - the record's recovery data is ChillDKG's (`ChillDKG.recoveryData`), and participant_recover restores the
///   share from it and the host seed.
/// The participant states are never stored: the device keeps its device randomness in its encrypted state and
/// recomputes participant_step1 and participant_step2 (deterministic given the same inputs) when it needs them.
enum ChillDKGKeyGeneration: KeyGenerationScheme {
    static var keepsRandomness: Bool { true }

    /// ChillDKG's identifier of roster index `index` (1-based): index − 1, as BIP 445's.
    static func participantID(rosterIndex index: Int) -> Int { BIP445Signing.signerID(rosterIndex: index) }

    static func params(_ invite: DKGInvite) -> ChillDKG.SessionParams {
        ChillDKG.SessionParams(
            hostPublicKeys: invite.roster.map { $0.chillDKGHostKey ?? [] }, threshold: invite.threshold)
    }

    static func checkRoster(_ roster: [Identity], threshold: Int) throws {
        for identity in roster where identity.chillDKGHostKey == nil {
            throw CeremonyError.invalidParameters(
                reason: "\(identity) is a version-1 identity without a ChillDKG host key; export it again from its device")
        }
        do {
            try ChillDKG.SessionParams(
                hostPublicKeys: roster.map { $0.chillDKGHostKey ?? [] }, threshold: threshold
            ).validate()
        } catch {
            throw CeremonyError.invalidParameters(reason: "the ChillDKG session parameters are invalid: \(error)")
        }
    }

    /// A ChillDKG error as the ceremony's: a participant the coordinator proved faulty is blamed by roster index (its
    /// contribution is signed by its host key), the coordinator by name.
    static func ceremonyError(_ error: Error, invite: DKGInvite) -> Error {
        switch error {
        case ChillDKGError.faultyParticipant(let participant, let reason)
        where invite.roster.indices.contains(participant):
            return CeremonyError.blame(culprit: invite.culprit(participant + 1), reason: reason)
        case ChillDKGError.faultyParticipantOrCoordinator(let participant, let reason):
            // participant_step2 found a bad contribution in the bundle. The coordinator checked each contribution,
            // signed by its device, before aggregating (`checkContribution`), so an honest one never forwards it.
            return CeremonyError.blame(
                culprit: .coordinator,
                reason: "\(reason) (participant \(participant + 1)); the coordinator checks every contribution before "
                    + "it aggregates, so it forwarded or altered this one")
        case ChillDKGError.faultyCoordinator(let reason):
            return CeremonyError.blame(culprit: .coordinator, reason: reason)
        case let error as CeremonyError:
            return error
        default:
            return CeremonyError.frost("ChillDKG: \(error)")
        }
    }

    static func chill<T>(_ invite: DKGInvite, _ work: () throws -> T) throws -> T {
        do {
            return try work()
        } catch {
            throw ceremonyError(error, invite: invite)
        }
    }

    /// ChillDKG's `random` or CertEq aux randomness of this device and session.
    static func derived(_ personal: String, host: HostKey, invite: DKGInvite, randomness: [UInt8]?) throws
        -> SecretBytes
    {
        guard let randomness, randomness.count == 32 else {
            throw CeremonyError.keyNotUsable(reason: "the device randomness of this key generation was not kept")
        }
        var bytes = host.derive(personal: personal, context: randomness + invite.session + invite.parametersHash)
        defer { wipe(&bytes) }
        return SecretBytes(bytes)
    }

    /// participant_step1, recomputed from the kept randomness (the same message every time).
    static func step1(host: HostKey, invite: DKGInvite, randomness: [UInt8]?) throws
        -> (state: ChillDKG.ParticipantState1, message: [UInt8])
    {
        let random = try derived("HGChillDKG-Rand1", host: host, invite: invite, randomness: randomness)
        return try chill(invite) {
            try ChillDKG.participantStep1(
                hostSecretKey: host.chillDKGSecretKey, params: params(invite), random: random)
        }
    }

    /// participant_step2 on the bundle's coordinator message, recomputed the same way. Throws ChillDKG's errors as
    /// they are (callers catch `unknownFaultyParticipantOrCoordinator`).
    static func step2(host: HostKey, invite: DKGInvite, bundle: DKGBundle, randomness: [UInt8]?) throws
        -> (state: ChillDKG.ParticipantState2, message: [UInt8])
    {
        guard let message = bundle.coordinatorMessage else {
            throw CeremonyError.blame(culprit: .coordinator, reason: "the bundle carries no ChillDKG message")
        }
        let state1 = try step1(host: host, invite: invite, randomness: randomness).state
        let aux = try derived("HGChillDKG-Aux-1", host: host, invite: invite, randomness: randomness)
        var auxBytes = aux.exposeSecretBytes()
        defer { wipe(&auxBytes) }
        return try ChillDKG.participantStep2(
            hostSecretKey: host.chillDKGSecretKey, state: state1, coordinatorMessage1: message, auxRand: auxBytes)
    }

    static func contribution(host: HostKey, invite: DKGInvite, index: Int, randomness: [UInt8]) throws -> CBOR {
        .map(CBORMap([(4, .bytes(try step1(host: host, invite: invite, randomness: randomness).message))]))
    }

    /// The participant message 1 in a contribution payload.
    static func participantMessage1(_ payload: CBOR, invite: DKGInvite) throws -> [UInt8] {
        let fields = try MessageFields(payload, message: Round.dkgContribution.urType, allowed: [4])
        return try fields.bytes(
            4, "ChillDKG participant message",
            count: ChillDKG.participantMessage1Length(t: invite.threshold, n: invite.participantCount))
    }

    static func answer(
        bundle: DKGBundle, invite: DKGInvite, index: Int, host: HostKey, contribution: DeviceEnvelope,
        randomness: [UInt8]?
    ) throws -> BundleAnswer {
        do {
            let (state, message) = try step2(host: host, invite: invite, bundle: bundle, randomness: randomness)
            return .sign(payload: .map(CBORMap([(2, .bytes(message))])), groupElement: state.thresholdPublicKey)
        } catch ChillDKGError.unknownFaultyParticipantOrCoordinator {
            return .complain
        } catch {
            throw ceremonyError(error, invite: invite)
        }
    }

    static func investigate(
        _ investigation: DKGInvestigation, bundle: DKGBundle, invite: DKGInvite, index: Int, host: HostKey,
        randomness: [UInt8]?
    ) throws -> (culprit: Culprit, reason: String) {
        guard let message = investigation.investigationMessage else {
            return (.coordinator, "the investigation carries no ChillDKG investigation message")
        }
        let data: ChillDKGInvestigationData
        do {
            _ = try step2(host: host, invite: invite, bundle: bundle, randomness: randomness)
            return (.coordinator, "it sent an investigation although this device's share verifies")
        } catch ChillDKGError.unknownFaultyParticipantOrCoordinator(let found) {
            data = found
        } catch {
            throw ceremonyError(error, invite: invite)
        }
        do {
            try ChillDKG.participantInvestigate(data: data, investigationMessage: message)
        } catch ChillDKGError.faultyParticipantOrCoordinator(let participant, let reason)
            where invite.roster.indices.contains(participant)
        {
            // As ChillDKG specifies: this participant, unless the coordinator forged the investigation message.
            return (invite.culprit(participant + 1), "\(reason) (ChillDKG: or the coordinator forged the investigation)")
        } catch ChillDKGError.faultyCoordinator(let reason) {
            return (.coordinator, reason)
        } catch ChillDKGError.wrongLength {
            return (.coordinator, "its investigation message has the wrong length")
        } catch {
            return (.coordinator, "the investigation found no fault to blame: \(error)")
        }
    }

    static func finalize(record: GroupRecord, host: HostKey, randomness: [UInt8]?) throws {
        let state = try chill(record.invite) {
            try step2(host: host, invite: record.invite, bundle: record.bundle, randomness: randomness).state
        }
        let certificate = record.certificate.signatures.flatMap { $0 }
        let (_, recoveryData) = try chill(record.invite) {
            try ChillDKG.participantFinalize(state: state, coordinatorMessage2: certificate)
        }
        guard recoveryData == (try record.chillDKGRecoveryData()) else {
            throw CeremonyError.keyNotUsable(reason: "ChillDKG's recovery data differs from the record's")
        }
        _ = try record.recover(host: host)
    }

    static func checkContribution(_ payload: CBOR, invite: DKGInvite, sender: Int) throws {
        let message: [UInt8]
        do {
            message = try participantMessage1(payload, invite: invite)
        } catch {
            throw CeremonyError.blame(
                culprit: invite.culprit(sender), reason: "its contribution is malformed: \(error)")
        }
        try chill(invite) {
            try ChillDKG.checkParticipantMessage1(
                message, params: params(invite), participantID: participantID(rosterIndex: sender))
        }
    }

    /// coordinator_step1 over the n contributions.
    static func coordinatorStep1(invite: DKGInvite, contributions: [DeviceEnvelope]) throws
        -> (state: ChillDKG.CoordinatorState, message: [UInt8])
    {
        let messages = try contributions.map { try participantMessage1($0.payload, invite: invite) }
        return try chill(invite) { try ChillDKG.coordinatorStep1(participantMessages1: messages, params: params(invite)) }
    }

    static func bundle(invite: DKGInvite, contributions: [DeviceEnvelope]) throws -> DKGBundle {
        DKGBundle(
            session: invite.session, parametersHash: invite.parametersHash,
            coordinatorMessage: try coordinatorStep1(invite: invite, contributions: contributions).message)
    }

    /// The CertEq signature in a transcript-signature payload.
    static func certEqSignature(_ payload: CBOR) throws -> [UInt8] {
        let fields = try MessageFields(payload, message: Round.dkgTranscriptSignature.urType, allowed: [2])
        return try fields.bytes(2, "CertEq signature", count: 64)
    }

    static func checkTranscriptSignature(_ envelope: DeviceEnvelope, invite: DKGInvite, bundle: DKGBundle) throws {
        let culprit = invite.culprit(envelope.sender)
        guard let signature = try? certEqSignature(envelope.payload) else {
            throw CeremonyError.blame(culprit: culprit, reason: "its transcript signature is malformed")
        }
        guard let message = bundle.coordinatorMessage else {
            throw CeremonyError.invalidParameters(reason: "the bundle carries no ChillDKG message")
        }
        // eq_input, which the CertEq signature signs, from the public bundle (the coordinator keeps no ChillDKG state).
        let eqInput = try chill(invite) { try ChillDKG.eqInput(params: params(invite), coordinatorMessage1: message) }
        guard
            ChillDKG.certEqSignatureVerifies(
                params: params(invite), eqInput: eqInput,
                participantID: participantID(rosterIndex: envelope.sender), signature: signature)
        else {
            throw CeremonyError.blame(
                culprit: culprit, reason: "its CertEq signature does not verify over this transcript")
        }
    }

    static func certificate(invite: DKGInvite, signatures: [DeviceEnvelope]) throws -> DKGCertificate {
        DKGCertificate(
            session: invite.session, parametersHash: invite.parametersHash,
            signatures: try signatures.map { try certEqSignature($0.payload) })
    }

    static func investigation(
        invite: DKGInvite, contributions: [DeviceEnvelope], recipient: Int
    ) throws -> DKGInvestigation {
        let messages = try contributions.map { try participantMessage1($0.payload, invite: invite) }
        let all = try chill(invite) {
            try ChillDKG.coordinatorInvestigate(participantMessages1: messages, params: params(invite))
        }
        return DKGInvestigation(
            session: invite.session, parametersHash: invite.parametersHash, recipient: recipient,
            investigationMessage: all[participantID(rosterIndex: recipient)])
    }

    static func publicResult(invite: DKGInvite, bundle: DKGBundle, certificate: DKGCertificate) throws
        -> DKGPublicResult
    {
        guard let message = bundle.coordinatorMessage else {
            throw CeremonyError.blame(culprit: .coordinator, reason: "the bundle carries no ChillDKG message")
        }
        try verifyCertificate(invite: invite, bundle: bundle, certificate: certificate)
        let recoveryData = try chill(invite) {
            try ChillDKG.recoveryData(
                params: params(invite), coordinatorMessage1: message, certificate: certificate.signatures.flatMap { $0 })
        }
        let output: ChillDKG.Output
        do {
            output = try ChillDKG.coordinatorRecover(recoveryData: recoveryData).0
        } catch ChillDKGError.invalidRecoveryData {
            throw CeremonyError.certificateInvalid(signer: nil)
        } catch {
            throw ceremonyError(error, invite: invite)
        }
        return DKGPublicResult(
            groupKey: output.thresholdPublicKey, verifyingShares: output.publicShares, threshold: invite.threshold)
    }

    /// certeq_verify, signer by signer, over eq_input recomputed from the bundle.
    static func verifyCertificate(invite: DKGInvite, bundle: DKGBundle, certificate: DKGCertificate) throws {
        guard let message = bundle.coordinatorMessage else {
            throw CeremonyError.blame(culprit: .coordinator, reason: "the bundle carries no ChillDKG message")
        }
        guard certificate.signatures.count == invite.participantCount else {
            throw CeremonyError.certificateInvalid(signer: nil)
        }
        let params = params(invite)
        let eqInput = try chill(invite) { try ChillDKG.eqInput(params: params, coordinatorMessage1: message) }
        for (offset, signature) in certificate.signatures.enumerated()
        where !ChillDKG.certEqSignatureVerifies(
            params: params, eqInput: eqInput, participantID: offset, signature: signature)
        {
            throw CeremonyError.certificateInvalid(signer: offset + 1)
        }
    }

    /// The key-generation share by participant_recover from the host seed and the record's recovery data, checked
    /// against the key generation's public shares.
    static func keyGenerationShare(_ record: GroupRecord, host: HostKey) throws -> [UInt8] {
        let output: ChillDKG.Output
        do {
            output = try ChillDKG.participantRecover(
                hostSecretKey: host.chillDKGSecretKey, recoveryData: try record.chillDKGRecoveryData()).0
        } catch let error as CeremonyError {
            throw error
        } catch {
            throw CeremonyError.keyNotUsable(reason: "ChillDKG recovery failed: \(error)")
        }
        guard let share = output.secretShare, output.thresholdPublicKey == record.keyGenerationResult.groupKey,
            output.publicShares == record.keyGenerationResult.verifyingShares
        else {
            throw CeremonyError.keyNotUsable(
                reason: "the share derived from the host seed does not match the transcript")
        }
        return share.withScalar { $0.serialize() }
    }

    /// The device's BIP 445 secret share now (`GroupRecord.keyMaterial`: the key generation's or its enrollment's
    /// share plus every later refresh's delta), checked against the record's public share.
    static func secretShare(_ record: GroupRecord, host: HostKey) throws -> SecretScalar<Secp256k1Sha256> {
        try record.keyMaterial(host: host, as: Secp256k1Sha256.self).keyPackage.signingShare.secret
    }
}
