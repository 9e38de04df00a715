import DeterministicCBOR
import FROST
import Foundation
import Testing
import UniformResources

@testable import Ceremony

/// The key lifecycle through the device and coordinator state directories (what the commands call), for what the
/// pure state machines cannot show: one transcript per epoch across sessions, no session of another history, and a
/// state that reopens after a refresh and an enrollment that grew the roster.
@Suite struct LifecycleDirectoryTests {
    static let passphrase = Array("lifecycle".utf8)
    static let now = DKGHarness.now

    /// Devices that hold the group of a finished 2-of-3 DKG, and a coordinator that keeps its record.
    static func group(_ root: String) throws -> (devices: [DeviceDirectory], coordinator: CoordinatorDirectory) {
        var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
        let records = try dkg.run().sorted { $0.index < $1.index }
        let devices = try (0..<3).map { offset in
            try DeviceDirectory.restore(
                DeviceBackup(seed: fixedSeed(1 + UInt8(offset)), label: "device \(offset + 1)", groups: [records[offset]]),
                at: root + "/device\(offset + 1)", passphrase: passphrase, parameters: .testOnly)
        }
        let coordinator = try CoordinatorDirectory(path: root + "/coordinator")
        try coordinator.keep(records[0])
        return (devices, coordinator)
    }

    /// Shows `message` to the devices at `indices`; returns their replies.
    static func show(_ message: any CeremonyMessage, to devices: inout [DeviceDirectory], _ indices: [Int]) throws
        -> [DeviceEnvelope]
    {
        var replies: [DeviceEnvelope] = []
        for index in indices {
            replies += try devices[index].receive(try AnyCeremonyMessage(ur: try message.ur), now: now).outgoing
        }
        return replies
    }

    /// Hands replies to the coordinator; returns the message it shows next.
    static func collect(_ replies: [DeviceEnvelope], _ coordinator: CoordinatorDirectory) throws -> UR? {
        var next: UR?
        for envelope in replies {
            if let message = try coordinator.receive(.device(envelope)).next { next = try message.ur }
        }
        return next
    }

    /// A refresh invite that arrives after a signing request expired drops the request and, once the new state is
    /// saved, its nonce file, as a signing request arriving then would.
    @Test func aRefreshInviteClearsExpiredRequestsWithTheirNonceFiles() throws {
        let root = temporaryDirectory()
        var (devices, coordinator) = try Self.group(root)
        let record = try coordinator.group(matching: nil)
        let request = try SignRequest(
            session: [UInt8](repeating: 9, count: 32), suite: .ed25519, groupKey: record.groupKey, message: [1],
            summary: "expires", signers: [1, 2], expiry: Self.now + 600)
        _ = try devices[0].receive(.signRequest(request), now: Self.now)
        #expect(AtomicFile.list(root + "/device1/nonces").count == 1)
        let invite = try RefreshInvite(session: [UInt8](repeating: 4, count: 32), group: record, expiry: Self.now + 1300)
        let response = try devices[0].receive(.refreshInvite(invite), now: Self.now + 700)
        #expect(response.outgoing.count == 1)
        #expect(devices[0].signRequests.isEmpty && devices[0].finishedRequests.isEmpty)
        #expect(devices[0].refreshSessions[invite.session] != nil)
        #expect(AtomicFile.list(root + "/device1/nonces").isEmpty)
    }

    @Test func oneTranscriptPerEpochNoOtherHistoryAndTheStateReopensAfterTheRosterGrows() throws {
        let root = temporaryDirectory()
        var (devices, coordinator) = try Self.group(root)
        let record = try coordinator.group(matching: nil)
        let everyone = [0, 1, 2]
        // Two refresh sessions for epoch 1: a device signs the transcript of one only.
        let first = try coordinator.startRefresh(
            try RefreshInvite(session: [UInt8](repeating: 1, count: 32), group: record, expiry: Self.now + 600))
        let second = try coordinator.startRefresh(
            try RefreshInvite(session: [UInt8](repeating: 2, count: 32), group: record, expiry: Self.now + 600))
        let firstBundle = try #require(try Self.collect(try Self.show(first, to: &devices, everyone), coordinator))
        let secondBundle = try #require(try Self.collect(try Self.show(second, to: &devices, everyone), coordinator))
        let signatures = try Self.show(try RefreshBundle(ur: firstBundle), to: &devices, everyone)
        #expect {
            _ = try devices[0].receive(try AnyCeremonyMessage(ur: secondBundle), now: Self.now)
        } throws: { error in
            "\(error)".contains("already signed another transcript for epoch 1")
        }
        let certificate = try #require(try Self.collect(signatures, coordinator))
        _ = try Self.show(try RefreshCertificate(ur: certificate), to: &devices, everyone)
        #expect(devices.allSatisfy { $0.groups[record.groupKey]?.epoch == 1 && $0.retiredGroups[record.groupKey] != nil })
        // The same certificate again changes nothing; an invite of the epoch the group has passed is refused.
        let again = try devices[1].receive(try AnyCeremonyMessage(ur: certificate), now: Self.now)
        #expect(again.events.first?.lines.first?.hasPrefix("Already done") == true)
        let stale = try RefreshInvite(session: [UInt8](repeating: 3, count: 32), group: record, expiry: Self.now + 600)
        #expect {
            _ = try devices[2].receive(.refreshInvite(stale), now: Self.now)
        } throws: { error in
            "\(error)".contains("from another history")
        }

        // A fourth member joins (helpers 1 and 3): the roster grows to 4 while the finished refresh session is kept.
        let current = try coordinator.group(matching: nil)
        // (Built in a closure: a second copy of the directory would keep its lock past the reopening below.)
        devices.append(
            try {
                var newcomer = try DeviceDirectory.create(
                    at: root + "/device4", label: "device 4", passphrase: Self.passphrase, parameters: .testOnly)
                _ = try newcomer.receive(.groupRecord(current), now: Self.now)
                return newcomer
            }())
        let enroll = try coordinator.startEnrollment(
            try EnrollmentInvite(
                session: [UInt8](repeating: 4, count: 32), group: current, member: 4,
                newcomer: devices[3].host.identity, helpers: [1, 3], expiry: Self.now + 600))
        let all = [0, 1, 2, 3]
        let deltas = try #require(try Self.collect(try Self.show(enroll, to: &devices, all), coordinator))
        let sigmas = try Self.show(try EnrollmentBundle(ur: deltas), to: &devices, [0, 2])
        let bundle = try #require(try Self.collect(sigmas, coordinator))
        let enrolled = try #require(try Self.collect(try Self.show(try EnrollmentBundle(ur: bundle), to: &devices, all), coordinator))
        _ = try Self.show(try EnrollmentCertificate(ur: enrolled), to: &devices, all)
        #expect(devices.allSatisfy { $0.groups[record.groupKey]?.participantCount == 4 })
        #expect(devices[3].groups[record.groupKey]?.index == 4)

        // Every state opens again, the finished refresh session of three members included.
        let paths = devices.map(\.path)
        devices = []
        for path in paths {
            let reopened = try DeviceDirectory.open(at: path, passphrase: Self.passphrase)
            #expect(reopened.groups[record.groupKey]?.epoch == 2)
            // The finished refresh, and the second session of epoch 1 that never got a signature (kept until it expires).
            #expect(reopened.refreshSessions.count == (path.hasSuffix("device4") ? 0 : 2))
            devices.append(reopened)
        }
        // And the four refresh the shares together.
        let grown = try coordinator.group(matching: nil)
        let third = try coordinator.startRefresh(
            try RefreshInvite(session: [UInt8](repeating: 5, count: 32), group: grown, expiry: Self.now + 600))
        let bundle3 = try #require(try Self.collect(try Self.show(third, to: &devices, all), coordinator))
        let certificate3 = try #require(
            try Self.collect(try Self.show(try RefreshBundle(ur: bundle3), to: &devices, all), coordinator))
        _ = try Self.show(try RefreshCertificate(ur: certificate3), to: &devices, all)
        #expect(devices.allSatisfy { $0.groups[record.groupKey]?.epoch == 3 })
        for (offset, device) in devices.enumerated() {
            let reopened = try DeviceDirectory.open(at: paths[offset], passphrase: Self.passphrase)
            #expect(try reopened.groups[record.groupKey]?.recover(host: device.host) == record.groupKey)
        }
    }

    /// A member that missed the certificate catches up from the group's record: its refreshed share comes back from its
    /// seed; a record of another history is refused.
    @Test func aMemberThatMissedTheCertificateCatchesUpFromTheGroupRecord() throws {
        let root = temporaryDirectory()
        var (devices, coordinator) = try Self.group(root)
        let record = try coordinator.group(matching: nil)
        let invite = try coordinator.startRefresh(
            try RefreshInvite(session: [UInt8](repeating: 6, count: 32), group: record, expiry: Self.now + 600))
        let bundle = try #require(try Self.collect(try Self.show(invite, to: &devices, [0, 1, 2]), coordinator))
        let certificate = try #require(
            try Self.collect(try Self.show(try RefreshBundle(ur: bundle), to: &devices, [0, 1, 2]), coordinator))
        _ = try Self.show(try RefreshCertificate(ur: certificate), to: &devices, [0, 1])
        #expect(devices[2].groups[record.groupKey]?.epoch == 0)
        let current = try coordinator.group(matching: nil)
        let caught = try devices[2].receive(.groupRecord(current), now: Self.now)
        #expect(caught.events.first?.lines.first?.hasPrefix("Caught up: the group is at epoch 1") == true)
        let held = try #require(devices[2].groups[record.groupKey])
        #expect(held.epoch == 1 && held.index == 3 && devices[2].retiredGroups[record.groupKey]?.epoch == 0)
        #expect(try held.recover(host: devices[2].host) == record.groupKey)
        // The same record again changes nothing; a record of another group's history is refused.
        let again = try devices[2].receive(.groupRecord(current), now: Self.now)
        #expect(again.events.first?.lines.first?.contains("nothing changed") == true)
        // A fork: the same key generation (the harness is deterministic) refreshed twice elsewhere, from another
        // refresh at epoch 1. A device at epoch 1 of this history refuses it.
        var dkg = try DKGHarness(suite: .ed25519, threshold: 2, count: 3)
        let same = try dkg.run()
        #expect(same[0].groupKey == record.groupKey)
        var first = try RefreshHarness(hosts: dkg.hosts, records: same, session: 0x90)
        var second = try RefreshHarness(hosts: dkg.hosts, records: try first.run(), session: 0x91)
        let fork = try second.run()[0]
        #expect(fork.epoch == 2)
        #expect {
            _ = try devices[2].receive(.groupRecord(fork), now: Self.now)
        } throws: { error in
            "\(error)".contains("does not continue the history")
        }
        #expect(devices[2].groups[record.groupKey]?.epoch == 1)
    }
}
