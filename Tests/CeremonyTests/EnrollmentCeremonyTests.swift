import DeterministicCBOR
import FROST
import Foundation
import Testing
import UniformResources

@testable import Ceremony

/// An in-memory enrollment: every member that stays and the new device, a coordinator, and the messages between.
struct EnrollmentHarness {
    /// The parties by their index in the new roster: host and the record of the epoch before.
    var parties: [Int: (host: HostKey, group: GroupRecord)] = [:]
    var devices: [Int: EnrollmentDevice] = [:]
    let invite: EnrollmentInvite
    var coordinator: EnrollmentCoordinator

    /// Enrolls `newcomer` as `member` of the group of `records` (one per member), helped by `helpers`.
    init(hosts: [HostKey], records: [GroupRecord], member: Int, newcomer: HostKey, helpers: [Int], session: UInt8 = 0x3e)
        throws
    {
        let sorted = records.sorted { $0.index < $1.index }
        invite = try EnrollmentInvite(
            session: [UInt8](repeating: session, count: 32), group: sorted[0], member: member,
            newcomer: newcomer.identity, helpers: helpers, expiry: DKGHarness.now + 3600)
        coordinator = try EnrollmentCoordinator(invite: invite, group: sorted[0])
        for record in sorted where record.index != member { parties[record.index] = (hosts[record.index - 1], record) }
        parties[member] = (newcomer, sorted[0])
    }

    mutating func send(_ envelopes: [DeviceEnvelope]) throws -> [EnrollmentOutput] {
        var outputs: [EnrollmentOutput] = []
        for envelope in envelopes {
            let transition = try coordinator.handle(envelope)
            coordinator = transition.coordinator
            outputs += transition.outgoing
        }
        return outputs
    }

    mutating func accept() throws -> [DeviceEnvelope] {
        var out: [DeviceEnvelope] = []
        for (index, party) in parties.sorted(by: { $0.key < $1.key }) {
            let transition = try EnrollmentDevice.accept(
                invite: invite, group: party.group, host: party.host, now: DKGHarness.now)
            devices[index] = transition.device
            out += transition.outgoing
        }
        return out
    }

    mutating func deliver(_ message: EnrollmentDevice.Incoming, to indices: [Int]? = nil) throws
        -> (replies: [DeviceEnvelope], events: [EnrollmentEvent])
    {
        var replies: [DeviceEnvelope] = []
        var events: [EnrollmentEvent] = []
        for index in indices ?? parties.keys.sorted() {
            guard let party = parties[index], let device = devices[index] else { continue }
            let transition = try device.handle(message, group: party.group, host: party.host)
            devices[index] = transition.device
            replies += transition.outgoing
            events += transition.events
        }
        return (replies, events)
    }

    /// A whole honest enrollment; returns every member's record at the new epoch, in roster order.
    mutating func run() throws -> [GroupRecord] {
        guard case .bundle(let first)? = try send(try accept()).last else { throw HarnessError.missing("deltas") }
        let sigmas = try deliver(.bundle(first), to: invite.helpers).replies
        guard case .bundle(let bundle)? = try send(sigmas).last else { throw HarnessError.missing("bundle") }
        let signatures = try deliver(.bundle(bundle)).replies
        guard case .certificate(let certificate)? = try send(signatures).last else {
            throw HarnessError.missing("certificate")
        }
        return try deliver(.certificate(certificate)).events.compactMap { event -> GroupRecord? in
            if case .enrolled(let record, _) = event { return record }
            return nil
        }.sorted { $0.index < $1.index }
    }
}

@Test(arguments: CeremonySuite.allCases)
func aLostMembersShareIsRebuiltOnANewDeviceWhichThenSignsWithAnyOthers(suite: CeremonySuite) throws {
    var dkg = try DKGHarness(suite: suite, threshold: 2, count: 3)
    let old = try dkg.run()
    let newcomer = try HostKey(seed: fixedSeed(0xa0), label: "replacement")
    var enrollment = try EnrollmentHarness(
        hosts: dkg.hosts, records: old, member: 2, newcomer: newcomer, helpers: [1, 3])
    let new = try enrollment.run()
    #expect(new.count == 3)
    #expect(new.allSatisfy { $0.epoch == 1 && $0.roster[1] == newcomer.identity && $0.groupKey == old[0].groupKey })
    // The verifying shares are the same: the new device holds the lost member's share.
    #expect(new[0].publicResult == old[0].publicResult)
    #expect(try new[1].recover(host: newcomer) == old[0].groupKey)
    #expect(throws: CeremonyError.self) { _ = try new[1].recover(host: dkg.hosts[1]) }
    // The record survives its encoding and restores the new device from its own seed.
    #expect(try GroupRecord(cbor: new[1].cbor) == new[1])
    // The repaired member signs with either other member; the signature verifies under the unchanged key.
    let hosts = [dkg.hosts[0], newcomer, dkg.hosts[2]]
    for others in [1, 3] {
        let message = Array("repaired with \(others)".utf8)
        let signature = try signWith(hosts: hosts, records: new, signers: [min(2, others), max(2, others)], message: message)
        #expect(suite.verify(signature: signature, message: message, groupKey: old[0].groupKey))
    }
    // A refresh after the repair: the lost device's share no longer combines, the new ones do.
    var refresh = try RefreshHarness(hosts: hosts, records: new)
    let refreshed = try refresh.run()
    let message = Array("after repair and refresh".utf8)
    let signature = try signWith(hosts: hosts, records: refreshed, signers: [2, 3], message: message)
    #expect(suite.verify(signature: signature, message: message, groupKey: old[0].groupKey))
    #expect(try GroupRecord(cbor: refreshed[1].cbor).recover(host: newcomer) == old[0].groupKey)
}

@Test(arguments: CeremonySuite.allCases)
func aNewMemberJoinsAtTheSameThresholdAndSigns(suite: CeremonySuite) throws {
    var dkg = try DKGHarness(suite: suite, threshold: 2, count: 3)
    let old = try dkg.run()
    let newcomer = try HostKey(seed: fixedSeed(0xb0), label: "fourth")
    var enrollment = try EnrollmentHarness(hosts: dkg.hosts, records: old, member: 4, newcomer: newcomer, helpers: [1, 3])
    let new = try enrollment.run()
    #expect(new.count == 4)
    #expect(new.allSatisfy { $0.participantCount == 4 && $0.invite.threshold == 2 })
    #expect(new[0].publicResult.verifyingShares.count == 4)
    #expect(Array(new[0].publicResult.verifyingShares.prefix(3)) == old[0].publicResult.verifyingShares)
    let hosts = dkg.hosts + [newcomer]
    for signers in [[1, 4], [2, 4], [3, 4], [1, 2]] {
        let message = Array("2 of 4: \(signers)".utf8)
        let signature = try signWith(hosts: hosts, records: new, signers: signers, message: message)
        #expect(suite.verify(signature: signature, message: message, groupKey: old[0].groupKey))
    }
    #expect(try GroupRecord(cbor: new[3].cbor).recover(host: newcomer) == old[0].groupKey)
}

@Test func aHelperWhoSendsAWrongDeltaOrSigmaIsNamed() throws {
    var dkg = try DKGHarness(suite: .ristretto255, threshold: 2, count: 3)
    let old = try dkg.run()
    let newcomer = try HostKey(seed: fixedSeed(0xc0), label: "replacement")
    // Helper 3 signs deltas whose commitments do not add up to its weighted share: the coordinator names it.
    var first = try EnrollmentHarness(hosts: dkg.hosts, records: old, member: 2, newcomer: newcomer, helpers: [1, 3])
    let dealt = try first.accept()
    let honest = try EnrollmentDeltas(payload: dealt[1].payload, helpers: 2)
    var commitments = honest.commitments
    commitments.swapAt(0, 1)
    let swapped = EnrollmentDeltas(
        ephemeralKey: honest.ephemeralKey, commitments: [commitments[0], commitments[0]],
        paddedDeltas: honest.paddedDeltas)
    let forged = DeviceEnvelope(
        round: .enrollDeltas, session: first.invite.session, parametersHash: first.invite.parametersHash, sender: 3,
        payload: swapped.payload, host: dkg.hosts[2])
    #expect {
        _ = try first.coordinator.handle(forged)
    } throws: { error in
        guard case CeremonyError.blame(.device(3, _), _) = error else { return false }
        return true
    }
    // Helper 3 pads a wrong delta to helper 1 (its commitments honest): helper 1 names it.
    var second = try EnrollmentHarness(
        hosts: dkg.hosts, records: old, member: 2, newcomer: newcomer, helpers: [1, 3], session: 0x3f)
    var envelopes = try second.accept()
    let parsed = try EnrollmentDeltas(payload: envelopes[1].payload, helpers: 2)
    var padded = parsed.paddedDeltas
    padded[0] = (try Scalar<Ristretto255Sha512>(deserializing: padded[0]) + Scalar(1)).serialize()
    envelopes[1] = DeviceEnvelope(
        round: .enrollDeltas, session: second.invite.session, parametersHash: second.invite.parametersHash, sender: 3,
        payload: EnrollmentDeltas(
            ephemeralKey: parsed.ephemeralKey, commitments: parsed.commitments, paddedDeltas: padded
        ).payload, host: dkg.hosts[2])
    guard case .bundle(let bundle)? = try second.send(envelopes).last else {
        Issue.record("no deltas bundle")
        return
    }
    let named = try second.deliver(.bundle(bundle), to: [1])
    #expect(named.replies.isEmpty)
    guard case .culpritFound(.device(3, _), _)? = named.events.first else {
        Issue.record("helper 1 did not name helper 3: \(named.events)")
        return
    }
    // A helper whose sigma to the new device is wrong is named by the new device.
    var third = try EnrollmentHarness(
        hosts: dkg.hosts, records: old, member: 2, newcomer: newcomer, helpers: [1, 3], session: 0x40)
    guard case .bundle(let deltas)? = try third.send(try third.accept()).last else {
        Issue.record("no deltas bundle")
        return
    }
    var sigmas = try third.deliver(.bundle(deltas), to: [1, 3]).replies
    let sigma = try EnrollmentSigma(payload: sigmas[0].payload)
    let bumped = (try Scalar<Ristretto255Sha512>(deserializing: sigma.paddedSigma) + Scalar(1)).serialize()
    sigmas[0] = DeviceEnvelope(
        round: .enrollSigma, session: third.invite.session, parametersHash: third.invite.parametersHash, sender: 1,
        payload: EnrollmentSigma(ephemeralKey: sigma.ephemeralKey, paddedSigma: bumped, deltasHash: sigma.deltasHash).payload, host: dkg.hosts[0])
    guard case .bundle(let full)? = try third.send(sigmas).last else {
        Issue.record("no bundle")
        return
    }
    // Members 3 (a helper whose own messages are intact) signs; the new device names helper 1.
    _ = try third.deliver(.bundle(full), to: [3])
    let sigmaBlame = try third.deliver(.bundle(full), to: [2])
    #expect(sigmaBlame.replies.isEmpty)
    guard case .culpritFound(.device(1, _), _)? = sigmaBlame.events.first,
        case .failed = third.devices[2]?.phase
    else {
        Issue.record("the new device did not name helper 1: \(sigmaBlame.events)")
        return
    }
    #expect(try EnrollmentDevice(cbor: third.devices[2]!.cbor) == third.devices[2])
    // A sigma that names other deltas than the bundle's (a helper was shown another set) names the coordinator,
    // never the helper that summed what it was shown.
    var fourth = try EnrollmentHarness(
        hosts: dkg.hosts, records: old, member: 2, newcomer: newcomer, helpers: [1, 3], session: 0x41)
    guard case .bundle(let shown)? = try fourth.send(try fourth.accept()).last else {
        Issue.record("no deltas bundle")
        return
    }
    let honestSigmas = try fourth.deliver(.bundle(shown), to: [1, 3]).replies
    guard case .bundle(let whole)? = try fourth.send(honestSigmas).last else {
        Issue.record("no bundle")
        return
    }
    let renamed = try EnrollmentSigma(payload: whole.sigmas[1].payload)
    var relabelled = whole.sigmas
    relabelled[1] = DeviceEnvelope(
        round: .enrollSigma, session: fourth.invite.session, parametersHash: fourth.invite.parametersHash, sender: 3,
        payload: EnrollmentSigma(
            ephemeralKey: renamed.ephemeralKey, paddedSigma: renamed.paddedSigma, deltasHash: [UInt8](repeating: 1, count: 32)
        ).payload, host: dkg.hosts[2])
    let mixed = EnrollmentBundle(
        session: whole.session, parametersHash: whole.parametersHash, deltas: whole.deltas, sigmas: relabelled)
    #expect {
        _ = try fourth.deliver(.bundle(mixed), to: [2])
    } throws: { error in
        guard case CeremonyError.blame(.coordinator, _) = error else { return false }
        return true
    }
    // An invite with too few helpers, the enrolled member among them, or a newcomer already in the roster is refused.
    for (member, helpers, identity) in [(2, [1], newcomer.identity), (2, [1, 2], newcomer.identity),
                                        (2, [1, 3], dkg.hosts[0].identity), (5, [1, 3], newcomer.identity)] {
        #expect(throws: CeremonyError.self) {
            _ = try EnrollmentInvite(
                session: [UInt8](repeating: 9, count: 32), group: old[0], member: member, newcomer: identity,
                helpers: helpers, expiry: DKGHarness.now)
        }
    }
}

@Test func everyTamperingOfAnEnrollmentMessageIsATypedError() throws {
    var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
    let old = try dkg.run()
    let newcomer = try HostKey(seed: fixedSeed(0xd0), label: "replacement")
    var enrollment = try EnrollmentHarness(hosts: dkg.hosts, records: old, member: 4, newcomer: newcomer, helpers: [1, 2])
    let new = try enrollment.run()
    guard let bundle = enrollment.coordinator.bundle, let certificate = enrollment.coordinator.certificate else {
        Issue.record("no bundle")
        return
    }
    let messages: [(CBOR, (CBOR) throws -> Void)] = [
        (enrollment.invite.cbor, { _ = try EnrollmentInvite(cbor: $0) }),
        (bundle.cbor, { _ = try EnrollmentBundle(cbor: $0) }),
        (certificate.cbor, { _ = try EnrollmentCertificate(cbor: $0) }),
        (new[3].cbor, { _ = try GroupRecord(cbor: $0) }),
    ]
    var refused = 0
    for (item, decode) in messages {
        for (description, mutated) in mutations(of: item) {
            do {
                try decode(mutated)
            } catch is CeremonyError {
                refused += 1
            } catch {
                Issue.record("\(description): \(error) is not a CeremonyError")
            }
        }
    }
    #expect(refused > 50)
    // The coordinator's state survives its encoding by replay.
    #expect(try EnrollmentCoordinator(cbor: enrollment.coordinator.cbor) == enrollment.coordinator)
    for device in enrollment.devices.values { #expect(try EnrollmentDevice(cbor: device.cbor) == device) }
}

/// Signs `message` with the members `signers` of a group whose records and hosts are given in roster order.
func signWith(hosts: [HostKey], records: [GroupRecord], signers: [Int], message: [UInt8]) throws -> [UInt8] {
    let vault = try StateVault.create(passphrase: Array("pw".utf8), parameters: .testOnly)
    let directory = temporaryDirectory() + "/" + Base16.encode(Array(message.prefix(8))) + "\(signers)"
    let devices = try hosts.enumerated().map { offset, host in
        SigningDevice(host: host, store: try NonceStore(directory: directory + "/device\(offset + 1)", vault: vault))
    }
    let request = try SignRequest(
        session: Array(CeremonyProtocol.hash("test-session-001", message + signers.map(UInt8.init))),
        suite: records[0].invite.suite, groupKey: records[0].groupKey, message: message, summary: "test",
        signers: signers, expiry: DKGHarness.now + 600, epoch: records[0].epoch)
    var coordinator = try SigningCoordinator(request: request, group: records[0])
    var outputs: [SigningOutput] = []
    for index in signers {
        let transition = try coordinator.handle(
            try devices[index - 1].commit(to: request, group: records[index - 1], now: DKGHarness.now))
        coordinator = transition.coordinator
        outputs += transition.outgoing
    }
    guard case .package(let package)? = outputs.last else { throw HarnessError.missing("package") }
    for index in signers {
        let transition = try coordinator.handle(
            try devices[index - 1].sign(package, request: request, group: records[index - 1], now: DKGHarness.now))
        coordinator = transition.coordinator
        outputs += transition.outgoing
    }
    guard case .result(let result)? = outputs.last else { throw HarnessError.missing("result") }
    return result.signature
}
