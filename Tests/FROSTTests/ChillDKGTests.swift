import Foundation
import Testing
@testable import FROST

/// A whole ChillDKG session in memory: n host keys, every participant's and the coordinator's steps, in order.
struct ChillDKGSession {
    let hostSecretKeys: [SecretBytes]
    let params: ChillDKG.SessionParams
    var participantMessages1: [[UInt8]] = []
    var states1: [ChillDKG.ParticipantState1] = []

    init(participants n: Int, threshold t: Int) throws {
        hostSecretKeys = (0..<n).map { _ in SecretBytes(randomCount: 32) }
        params = ChillDKG.SessionParams(
            hostPublicKeys: try hostSecretKeys.map { try ChillDKG.hostPublicKey(hostSecretKey: $0) }, threshold: t)
        for key in hostSecretKeys {
            let (state, message) = try ChillDKG.participantStep1(hostSecretKey: key, params: params,
                                                                 random: SecretBytes(randomCount: 32))
            states1.append(state)
            participantMessages1.append(message)
        }
    }

    static func auxRand() -> [UInt8] { SecretBytes(randomCount: 32).exposeSecretBytes() }

    /// Rounds 2 and 3; returns the participants' and coordinator's outputs and recovery data.
    func finish() throws -> (participants: [(ChillDKG.Output, [UInt8])], coordinator: (ChillDKG.Output, [UInt8])) {
        let (coordinatorState, cmsg1) = try ChillDKG.coordinatorStep1(participantMessages1: participantMessages1,
                                                                       params: params)
        var states2: [ChillDKG.ParticipantState2] = []
        var signatures: [[UInt8]] = []
        for (key, state) in zip(hostSecretKeys, states1) {
            let (state2, signature) = try ChillDKG.participantStep2(hostSecretKey: key, state: state,
                                                                    coordinatorMessage1: cmsg1, auxRand: Self.auxRand())
            states2.append(state2)
            signatures.append(signature)
        }
        let final = try ChillDKG.coordinatorFinalize(state: coordinatorState, participantMessages2: signatures)
        let participants = try states2.map { try ChillDKG.participantFinalize(state: $0, coordinatorMessage2: final.0) }
        return (participants, (final.output, final.recoveryData))
    }
}

extension BIP445Group {
    /// The BIP 445 group of a ChillDKG session's outputs, through `BIP445ThresholdInfo(chillDKGOutput:threshold:)`.
    init(chillDKGOutputs outputs: [ChillDKG.Output], threshold: Int) throws {
        let first = try #require(outputs.first)
        info = BIP445ThresholdInfo(chillDKGOutput: first, threshold: threshold)
        var shares: [Int: SecretScalar<C>] = [:]
        for (id, output) in outputs.enumerated() {
            let share: SecretScalar<C> = try #require(output.secretShare)
            shares[id] = share
        }
        self.shares = shares
        groupSecret = nil
    }
}

struct ChillDKGTests {
    typealias C = Secp256k1Sha256

    /// Every party ends with the same threshold key, public shares and recovery data; each secret share matches its
    /// public share; recovery reproduces the outputs; and the group signs a BIP 340 signature libsecp256k1 accepts.
    @Test(arguments: [(1, 1), (1, 2), (2, 3), (3, 5), (4, 4)] + (0..<3).map { _ -> (Int, Int) in
        let n = Int.random(in: 2...8)
        return (Int.random(in: 1...n), n)
    })
    func sessionAgreesRecoversAndSigns(t: Int, n: Int) throws {
        let session = try ChillDKGSession(participants: n, threshold: t)
        let (participants, coordinator) = try session.finish()
        for (id, (output, recoveryData)) in participants.enumerated() {
            #expect(output.thresholdPublicKey == coordinator.0.thresholdPublicKey)
            #expect(output.publicShares == coordinator.0.publicShares)
            #expect(recoveryData == coordinator.1)
            let share = try #require(output.secretShare)
            #expect(share.publicElement().serialize() == output.publicShares[id])
            let (recovered, params) = try ChillDKG.participantRecover(hostSecretKey: session.hostSecretKeys[id],
                                                                      recoveryData: recoveryData)
            #expect(params == session.params)
            #expect(try #require(recovered.secretShare).constantTimeEquals(share))
            #expect(recovered.publicShares == output.publicShares)
        }
        let (coordinatorRecovered, _) = try ChillDKG.coordinatorRecover(recoveryData: coordinator.1)
        #expect(coordinatorRecovered.secretShare == nil)
        #expect(coordinatorRecovered.thresholdPublicKey == coordinator.0.thresholdPublicKey)

        let group = try BIP445Group(chillDKGOutputs: participants.map(\.0), threshold: t)
        try group.info.validate()
        let signers = randomSubset(Array(0..<n), count: t)
        let message = Array("chilldkg \(t)-of-\(n)".utf8)
        let (signature, xOnlyKey) = try group.sign(message: message, signers: signers)
        #expect(xOnlyKey == Array(coordinator.0.thresholdPublicKey[1...]))
        #expect(libsecp256k1Verifies(signature: signature, message: message, xOnlyPublicKey: xOnlyKey))
    }

    /// The threshold key commits to an unspendable script path: it is the summed commitment plus
    /// hash_TapTweak(x(summed commitment))·G, which is the first 33 bytes after t in the recovery data.
    @Test func thresholdKeyCarriesTheTaprootTweak() throws {
        let (_, coordinator) = try ChillDKGSession(participants: 3, threshold: 2).finish()
        let untweaked = try Element<C>(deserializing: Array(coordinator.1[4..<37]))
        let tweak = try Scalar<C>(deserializing: BIP445.taprootTweak(internalKey: Array(untweaked.serialize()[1...]),
                                                                     merkleRoot: nil))
        #expect((untweaked + C.multiplyGenerator(by: tweak)).serialize() == coordinator.0.thresholdPublicKey)
    }

    /// A participant that sends a bad encrypted share makes its recipient ask for an investigation, and the
    /// investigation names that sender; the other recipients finish step 2.
    @Test func investigationBlamesTheSenderOfABadShare() throws {
        var session = try ChillDKGSession(participants: 3, threshold: 2)
        // Participant 1's encrypted share for participant 0, plus one.
        let offset = 33 * 2 + 97
        let share = try Scalar<C>(deserializing: Array(session.participantMessages1[1][offset..<(offset + 32)]))
        session.participantMessages1[1].replaceSubrange(offset..<(offset + 32), with: (share + .one).serialize())
        let (_, cmsg1) = try ChillDKG.coordinatorStep1(participantMessages1: session.participantMessages1,
                                                       params: session.params)
        var data: ChillDKGInvestigationData?
        do {
            _ = try ChillDKG.participantStep2(hostSecretKey: session.hostSecretKeys[0], state: session.states1[0],
                                              coordinatorMessage1: cmsg1, auxRand: ChillDKGSession.auxRand())
        } catch let ChillDKGError.unknownFaultyParticipantOrCoordinator(investigation) {
            data = investigation
        }
        let investigation = try #require(data)
        #expect(!"\(investigation)".contains(hexString(investigation.secretShare.serializeSecret())))
        for id in 1...2 {
            _ = try ChillDKG.participantStep2(hostSecretKey: session.hostSecretKeys[id], state: session.states1[id],
                                              coordinatorMessage1: cmsg1, auxRand: ChillDKGSession.auxRand())
        }
        let messages = try ChillDKG.coordinatorInvestigate(participantMessages1: session.participantMessages1,
                                                           params: session.params)
        do {
            try ChillDKG.participantInvestigate(data: investigation, investigationMessage: messages[0])
        } catch let error as ChillDKGError {
            #expect(error.referenceName == "FaultyParticipantOrCoordinatorError")
            #expect(error.blamedParticipant == 1)
        }
    }

    /// The coordinator blames the participant whose certificate signature does not verify.
    @Test func coordinatorBlamesAnInvalidCertificateSignature() throws {
        let session = try ChillDKGSession(participants: 3, threshold: 2)
        let (state, cmsg1) = try ChillDKG.coordinatorStep1(participantMessages1: session.participantMessages1,
                                                           params: session.params)
        var signatures = try (0..<3).map { id in
            try ChillDKG.participantStep2(hostSecretKey: session.hostSecretKeys[id], state: session.states1[id],
                                          coordinatorMessage1: cmsg1, auxRand: ChillDKGSession.auxRand()).1
        }
        signatures[2] = signatures[1]
        do {
            _ = try ChillDKG.coordinatorFinalize(state: state, participantMessages2: signatures)
            Issue.record("an invalid certificate signature was accepted")
        } catch let error as ChillDKGError {
            #expect(error.referenceName == "FaultyParticipantError")
            #expect(error.blamedParticipant == 2)
        }
    }

    /// Hostile inputs get typed errors, never a crash.
    @Test func hostileInputsGetTypedErrors() throws {
        let session = try ChillDKGSession(participants: 3, threshold: 2)
        let keys = session.params.hostPublicKeys
        let offCurve: [UInt8] = [0x02] + [UInt8](repeating: 0, count: 31) + [7]
        func name(_ body: () throws -> Void) -> String? {
            do {
                try body()
                return nil
            } catch {
                return (error as? ChillDKGError)?.referenceName ?? "\(error)"
            }
        }
        #expect(name { _ = try ChillDKG.SessionParams(hostPublicKeys: keys, threshold: 4).hash() }
            == "ThresholdOrCountError")
        #expect(name { _ = try ChillDKG.SessionParams(hostPublicKeys: [keys[0], offCurve], threshold: 1).hash() }
            == "InvalidHostPubkeyError")
        #expect(name { _ = try ChillDKG.hostPublicKey(hostSecretKey: SecretBytes([UInt8](repeating: 0xff, count: 32))) }
            == "HostSeckeyError")
        #expect(name {
            _ = try ChillDKG.participantStep1(hostSecretKey: session.hostSecretKeys[0], params: session.params,
                                              random: SecretBytes([UInt8](repeating: 0, count: 32)))
        } == "RandomnessError")
        let (_, cmsg1) = try ChillDKG.coordinatorStep1(participantMessages1: session.participantMessages1,
                                                       params: session.params)
        #expect(name {
            _ = try ChillDKG.participantStep2(hostSecretKey: session.hostSecretKeys[0], state: session.states1[0],
                                              coordinatorMessage1: Array(cmsg1.dropLast()),
                                              auxRand: ChillDKGSession.auxRand())
        } == "ValueError")
        // A scalar ≥ n where an encrypted share belongs blames its sender at the coordinator.
        var messages = session.participantMessages1
        messages[2].replaceSubrange((messages[2].count - 32)..., with: [UInt8](repeating: 0xff, count: 32))
        let error = try #require(throws: ChillDKGError.self) {
            try ChillDKG.coordinatorStep1(participantMessages1: messages, params: session.params)
        }
        #expect(error.referenceName == "FaultyParticipantError" && error.blamedParticipant == 2)
        let negative = ChillDKG.SessionParams(hostPublicKeys: keys, threshold: -1)
        #expect(name { _ = try ChillDKG.coordinatorInvestigate(participantMessages1: [], params: negative) }
            == "ThresholdOrCountError")
        for garbage in [[], [0, 0, 0, 1], [UInt8](repeating: 0xff, count: 300)] as [[UInt8]] {
            #expect(name { _ = try ChillDKG.coordinatorRecover(recoveryData: garbage) } == "RecoveryDataError")
        }
    }

    /// Every participant acknowledges the recovery data; a swapped acknowledgment is blamed on its position, and
    /// data from another session is refused.
    @Test func recoveryAcknowledgmentsVerifyAndBlame() throws {
        let session = try ChillDKGSession(participants: 3, threshold: 2)
        let (_, coordinator) = try session.finish()
        var acknowledgments = try session.hostSecretKeys.map {
            try ChillDKG.recoveryAcknowledgment(hostSecretKey: $0, recoveryData: coordinator.1, params: session.params,
                                                auxRand: ChillDKGSession.auxRand())
        }
        try ChillDKG.verifyRecoveryAcknowledgments(acknowledgments, recoveryData: coordinator.1, params: session.params)
        acknowledgments[1] = acknowledgments[0]
        let error = try #require(throws: ChillDKGError.self) {
            try ChillDKG.verifyRecoveryAcknowledgments(acknowledgments, recoveryData: coordinator.1,
                                                       params: session.params)
        }
        #expect(error.referenceName == "InvalidRecoveryAckError" && error.blamedParticipant == 1)
        let other = try ChillDKGSession(participants: 3, threshold: 2)
        #expect(throws: ChillDKGError.self) {
            try ChillDKG.recoveryAcknowledgment(hostSecretKey: other.hostSecretKeys[0], recoveryData: coordinator.1,
                                                params: other.params, auxRand: ChillDKGSession.auxRand())
        }
    }

    /// Outputs print their secret share redacted.
    @Test func outputsDoNotPrintSecrets() throws {
        let (participants, _) = try ChillDKGSession(participants: 2, threshold: 2).finish()
        let output = participants[0].0
        let share = try #require(output.secretShare).serializeSecret()
        #expect(!"\(output)".contains(hexString(share)))
        #expect(!String(reflecting: output).contains(hexString(share)))
    }
}
