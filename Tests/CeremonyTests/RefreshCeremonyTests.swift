import DeterministicCBOR
import FROST
import Foundation
import Testing

@testable import Ceremony

/// An in-memory share refresh over a finished DKG: the members' records, a coordinator, and the messages between.
struct RefreshHarness {
    let hosts: [HostKey]
    let records: [GroupRecord]
    let invite: RefreshInvite
    var devices: [RefreshDevice] = []
    var coordinator: RefreshCoordinator

    init(hosts: [HostKey], records: [GroupRecord], session: UInt8 = 0x7e) throws {
        self.hosts = hosts
        self.records = records.sorted { $0.index < $1.index }
        invite = try RefreshInvite(
            session: [UInt8](repeating: session, count: 32), group: self.records[0], expiry: DKGHarness.now + 3600)
        coordinator = try RefreshCoordinator(invite: invite, group: self.records[0])
    }

    mutating func contribute() throws -> [DeviceEnvelope] {
        devices = []
        var envelopes: [DeviceEnvelope] = []
        for (offset, host) in hosts.enumerated() {
            let transition = try RefreshDevice.accept(
                invite: invite, group: records[offset], host: host, now: DKGHarness.now)
            devices.append(transition.device)
            envelopes += transition.outgoing
        }
        return envelopes
    }

    mutating func coordinate(_ envelopes: [DeviceEnvelope]) throws -> [RefreshOutput] {
        var outputs: [RefreshOutput] = []
        for envelope in envelopes {
            let transition = try coordinator.handle(envelope)
            coordinator = transition.coordinator
            outputs += transition.outgoing
        }
        return outputs
    }

    mutating func deliver(_ message: RefreshDevice.Incoming) throws -> (replies: [DeviceEnvelope], events: [RefreshEvent])
    {
        var replies: [DeviceEnvelope] = []
        var events: [RefreshEvent] = []
        for index in devices.indices {
            let transition = try devices[index].handle(message, group: records[index], host: hosts[index])
            devices[index] = transition.device
            replies += transition.outgoing
            events += transition.events
        }
        return (replies, events)
    }

    /// A whole honest refresh; returns every member's record at the new epoch.
    mutating func run() throws -> [GroupRecord] {
        guard case .bundle(let bundle)? = try coordinate(try contribute()).last else {
            throw HarnessError.missing("bundle")
        }
        let signed = try deliver(.bundle(bundle))
        guard case .certificate(let certificate)? = try coordinate(signed.replies).last else {
            throw HarnessError.missing("certificate")
        }
        return try deliver(.certificate(certificate)).events.compactMap { event -> GroupRecord? in
            if case .refreshed(let record) = event { return record }
            return nil
        }
    }
}

private func keyGeneration(_ suite: CeremonySuite, t: Int, n: Int) throws -> (DKGHarness, [GroupRecord]) {
    var dkg = try DKGHarness(suite: suite, threshold: t, count: n)
    let records = try dkg.run()
    return (dkg, records)
}

@Test(arguments: CeremonySuite.allCases)
func aRefreshKeepsTheGroupKeyChangesEveryShareAndAnyTNewSharesSign(suite: CeremonySuite) throws {
    for (t, n) in [(2, 3), (3, 5)] {
        let (dkg, old) = try keyGeneration(suite, t: t, n: n)
        var refresh = try RefreshHarness(hosts: dkg.hosts, records: old)
        let new = try refresh.run()
        #expect(new.count == n)
        #expect(Set(new.map(\.groupKey)) == [old[0].groupKey])
        #expect(new.allSatisfy { $0.epoch == 1 && $0.publicResult == new[0].publicResult })
        // Every verifying share moved, and each member's share from its host seed and the record matches its own.
        for index in 0..<n {
            #expect(new[0].publicResult.verifyingShares[index] != old[0].publicResult.verifyingShares[index])
            #expect(try new[index].recover(host: dkg.hosts[index]) == old[0].groupKey)
        }
        // The record survives its encoding, and is what the device would restore from.
        #expect(try GroupRecord(cbor: new[1].cbor) == new[1])
        // Any t of the new shares sign; the signature verifies under the unchanged key with the suite's verifier.
        let signing = try SigningHarness(dkg: dkg, records: new, directory: temporaryDirectory() + "/\(t)")
        for chosen in [Array(1...t), Array((n - t + 1)...n)] {
            let message = Array("after refresh \(chosen)".utf8)
            let request = try signing.request(signers: chosen, message: message, session: UInt8(chosen[0]))
            #expect(request.epoch == 1)
            let signature = try signing.sign(request).signature
            #expect(suite.verify(signature: signature, message: message, groupKey: old[0].groupKey))
        }
        // An old share among new ones does not combine: the coordinator (at the new epoch) refuses its share.
        var mixed = new
        mixed[1] = old.sorted { $0.index < $1.index }[1]
        let mixing = try SigningHarness(dkg: dkg, records: mixed, directory: temporaryDirectory() + "/mixed\(t)")
        let request = try mixing.request(signers: Array(1...t), message: Array("mixed".utf8), session: 0x55)
        #expect(throws: (any Error).self) { _ = try mixing.sign(request) }
    }
}

@Test(arguments: CeremonySuite.allCases)
func twoRefreshesChainAndTheSeedPlusTheRecordStillRestoreTheShare(suite: CeremonySuite) throws {
    let (dkg, old) = try keyGeneration(suite, t: 2, n: 3)
    var first = try RefreshHarness(hosts: dkg.hosts, records: old)
    let once = try first.run()
    var second = try RefreshHarness(hosts: dkg.hosts, records: once, session: 0x7f)
    let twice = try second.run()
    #expect(twice[0].epoch == 2 && twice[0].refreshes.count == 2)
    #expect(twice[0].historyDigest != once[0].historyDigest)
    #expect(try twice[0].atEpoch(1) == once[0])
    #expect(try twice[0].atEpoch(0)?.publicResult == old[0].publicResult)
    let decoded = try GroupRecord(cbor: twice[2].cbor)
    #expect(try decoded.recover(host: dkg.hosts[2]) == old[0].groupKey)
    // Another member's host key gets no share from this record.
    #expect(throws: CeremonyError.self) { _ = try decoded.recover(host: dkg.hosts[1]) }
    // A refresh invite for an epoch the members are not at is refused before anything is dealt.
    let stale = try RefreshInvite(session: [UInt8](repeating: 1, count: 32), group: once[0], expiry: DKGHarness.now + 60)
    #expect(throws: CeremonyError.self) {
        _ = try RefreshDevice.accept(invite: stale, group: twice[0], host: dkg.hosts[0], now: DKGHarness.now)
    }
    #expect(throws: CeremonyError.self) { _ = try twice[0].appending(once[0].refreshes[0]) }
    let signing = try SigningHarness(dkg: dkg, records: twice)
    let message = Array("twice refreshed".utf8)
    let signature = try signing.sign(try signing.request(signers: [1, 3], message: message)).signature
    #expect(suite.verify(signature: signature, message: message, groupKey: old[0].groupKey))
}

@Test func aDealerWhoseZeroShareIsWrongIsNamedByItsRecipientAndTheCoordinatorIsNamedForATamperedBundle() throws {
    let (dkg, old) = try keyGeneration(.ed25519, t: 2, n: 3)
    var refresh = try RefreshHarness(hosts: dkg.hosts, records: old)
    var contributions = try refresh.contribute()
    // Dealer 2 signs a contribution whose zero-share to member 3 is off by one.
    let honest = try RefreshContribution(payload: contributions[1].payload, t: 2, n: 3)
    var shares = honest.paddedShares
    shares[2] = (try Scalar<Ed25519Sha512>(deserializing: shares[2]) + Scalar(1)).serialize()
    let bad = RefreshContribution(
        higherCommitments: honest.higherCommitments, ephemeralKey: honest.ephemeralKey, paddedShares: shares)
    contributions[1] = DeviceEnvelope(
        round: .refreshContribution, session: refresh.invite.session, parametersHash: refresh.invite.parametersHash,
        sender: 2, payload: bad.payload, host: dkg.hosts[1])
    guard case .bundle(let bundle)? = try refresh.coordinate(contributions).last else {
        Issue.record("no bundle")
        return
    }
    // Member 1 gets valid shares and signs; member 3 names device 2 (device 2 itself is the cheat).
    _ = try refresh.devices[0].handle(.bundle(bundle), group: refresh.records[0], host: dkg.hosts[0])
    let blamed = try refresh.devices[2].handle(.bundle(bundle), group: refresh.records[2], host: dkg.hosts[2])
    #expect(blamed.outgoing.isEmpty)
    guard case .culpritFound(.device(2, _), _)? = blamed.events.first, case .failed = blamed.device.phase else {
        Issue.record("device 3 did not name device 2: \(blamed.events)")
        return
    }
    // The failure is stored and final: the same bundle again is refused, and the device signs nothing.
    #expect(try RefreshDevice(cbor: blamed.device.cbor, t: 2, n: 3) == blamed.device)
    #expect(throws: CeremonyError.self) {
        _ = try blamed.device.handle(.bundle(bundle), group: refresh.records[2], host: dkg.hosts[2])
    }
    // A coordinator that alters a forwarded contribution is named by every member.
    var altered = bundle.contributions
    altered[0] = DeviceEnvelope(
        round: altered[0].round, session: altered[0].session, parametersHash: altered[0].parametersHash, sender: 1,
        payload: altered[2].payload, signature: altered[0].signature)
    let tampered = RefreshBundle(session: bundle.session, parametersHash: bundle.parametersHash, contributions: altered)
    #expect {
        _ = try refresh.devices[2].handle(.bundle(tampered), group: refresh.records[2], host: dkg.hosts[2])
    } throws: { error in
        guard case CeremonyError.invalidSignature(.coordinator, _) = error else { return false }
        return true
    }
    // A degenerate commitment (an identity element) is its dealer's fault, caught by the coordinator on arrival.
    var fresh = try RefreshHarness(hosts: dkg.hosts, records: old, session: 0x11)
    let envelopes = try fresh.contribute()
    let parsed = try RefreshContribution(payload: envelopes[0].payload, t: 2, n: 3)
    let identity = [1] + [UInt8](repeating: 0, count: 31)
    let degenerate = RefreshContribution(
        higherCommitments: [identity], ephemeralKey: parsed.ephemeralKey, paddedShares: parsed.paddedShares)
    let signed = DeviceEnvelope(
        round: .refreshContribution, session: fresh.invite.session, parametersHash: fresh.invite.parametersHash,
        sender: 1, payload: degenerate.payload, host: dkg.hosts[0])
    #expect {
        _ = try fresh.coordinator.handle(signed)
    } throws: { error in
        guard case CeremonyError.blame(.device(1, _), _) = error else { return false }
        return true
    }
}

@Test func everyTamperingOfARefreshMessageIsATypedErrorOrChangesNothing() throws {
    let (dkg, old) = try keyGeneration(.ristretto255, t: 2, n: 3)
    var refresh = try RefreshHarness(hosts: dkg.hosts, records: old)
    guard case .bundle(let bundle)? = try refresh.coordinate(try refresh.contribute()).last else {
        Issue.record("no bundle")
        return
    }
    let signed = try refresh.deliver(.bundle(bundle))
    guard case .certificate(let certificate)? = try refresh.coordinate(signed.replies).last else {
        Issue.record("no certificate")
        return
    }
    let messages: [(CBOR, (CBOR) throws -> Void)] = [
        (refresh.invite.cbor, { _ = try RefreshInvite(cbor: $0) }),
        (bundle.cbor, { _ = try RefreshBundle(cbor: $0) }),
        (certificate.cbor, { _ = try RefreshCertificate(cbor: $0) }),
    ]
    for (item, decode) in messages {
        for (description, mutated) in mutations(of: item) {
            do {
                try decode(mutated)
            } catch is CeremonyError {
                continue
            } catch {
                Issue.record("\(description): \(error) is not a CeremonyError")
            }
        }
    }
    // Every tampering of a bundle that still decodes is refused by a member before it signs, or changes nothing.
    var refused = 0
    for (_, mutated) in mutations(of: bundle.cbor) {
        guard let decoded = try? RefreshBundle(cbor: mutated), decoded != bundle else { continue }
        #expect(throws: CeremonyError.self) {
            _ = try refresh.devices[0].handle(.bundle(decoded), group: refresh.records[0], host: dkg.hosts[0])
        }
        refused += 1
    }
    #expect(refused > 10)
    // A group record whose refresh was tampered with does not decode.
    let new = try refresh.deliver(.certificate(certificate)).events.compactMap { event -> GroupRecord? in
        if case .refreshed(let record) = event { return record }
        return nil
    }
    var rejected = 0
    for (_, mutated) in mutations(of: new[0].cbor) {
        guard case .map(let map) = mutated, map[5] != new[0].cbor.mapValue?[5] else { continue }
        do {
            let decoded = try GroupRecord(cbor: mutated)
            #expect(decoded.publicResult == new[0].publicResult || decoded.epoch == 0)
        } catch is CeremonyError {
            rejected += 1
        }
    }
    #expect(rejected > 10)
}

@Test func aMemberThatSignedIsNeverFailedByALaterBundleOnlyTheCoordinatorIsNamed() throws {
    let (dkg, old) = try keyGeneration(.ed25519, t: 2, n: 3)
    var refresh = try RefreshHarness(hosts: dkg.hosts, records: old)
    let contributions = try refresh.contribute()
    guard case .bundle(let bundle)? = try refresh.coordinate(contributions).last else {
        Issue.record("no bundle")
        return
    }
    let signed = try refresh.devices[0].handle(.bundle(bundle), group: refresh.records[0], host: dkg.hosts[0]).device
    // Member 2 signs a second contribution whose zero-share to member 1 is wrong; the coordinator shows it afterwards.
    let honest = try RefreshContribution(payload: contributions[1].payload, t: 2, n: 3)
    var shares = honest.paddedShares
    shares[0] = (try Scalar<Ed25519Sha512>(deserializing: shares[0]) + Scalar(1)).serialize()
    var second = bundle.contributions
    second[1] = DeviceEnvelope(
        round: .refreshContribution, session: refresh.invite.session, parametersHash: refresh.invite.parametersHash,
        sender: 2,
        payload: RefreshContribution(
            higherCommitments: honest.higherCommitments, ephemeralKey: honest.ephemeralKey, paddedShares: shares
        ).payload, host: dkg.hosts[1])
    let other = RefreshBundle(session: bundle.session, parametersHash: bundle.parametersHash, contributions: second)
    #expect {
        _ = try signed.handle(.bundle(other), group: refresh.records[0], host: dkg.hosts[0])
    } throws: { error in
        guard case CeremonyError.blame(.coordinator, _) = error else { return false }
        return true
    }
    #expect(signed.hasSigned)
    // The first bundle again gives the same signature.
    let again = try signed.handle(.bundle(bundle), group: refresh.records[0], host: dkg.hosts[0])
    #expect(again.device == signed && again.outgoing == signed.lastOutgoing)
}
