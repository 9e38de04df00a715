import Bitcoin
import Ceremony
import FROST
import Foundation
import Optical
import Testing
import UniformResources

@testable import Sheets

/// A finished key generation between in-memory devices (pure `DKGDevice` and `DKGCoordinator` values), whose
/// messages fill the sheets.
struct FinishedDKG {
    let hosts: [HostKey]
    let invite: DKGInvite
    let bundle: DKGBundle
    let certificate: DKGCertificate

    init(
        suite: CeremonySuite = .ed25519, threshold: Int = 2, participants: Int = 3, randomness: UInt8 = 9,
        network: BitcoinNetwork? = nil
    ) throws {
        hosts = try (1...participants).map {
            try HostKey(seed: SecretBytes(Array(repeating: UInt8($0), count: 32)), label: "Device \($0)")
        }
        invite = try DKGInvite(
            session: Array(repeating: 0x5e, count: 32), suite: suite, threshold: threshold,
            roster: hosts.map(\.identity), groupLabel: "Sheets test", expiry: 4_000_000_000, network: network)
        var coordinator = DKGCoordinator(invite: invite)
        var shown: [CoordinatorOutput] = []
        func send(_ envelopes: [DeviceEnvelope]) throws {
            for envelope in envelopes {
                let transition = try coordinator.handle(envelope)
                coordinator = transition.coordinator
                shown += transition.outgoing
            }
        }
        var devices: [DKGDevice] = []
        for (offset, host) in hosts.enumerated() {
            let transition = try DKGDevice.accept(
                invite: invite, host: host, now: 1_800_000_000, randomness: Array(repeating: UInt8(offset) &+ randomness, count: 32))
            devices.append(transition.device)
            try send(transition.outgoing)
        }
        guard case .bundle(let bundle) = shown.last else { throw SheetError.invalidInput("no bundle") }
        for index in devices.indices {
            try send(try devices[index].handle(.bundle(bundle), host: hosts[index]).outgoing)
        }
        guard case .certificate(let certificate) = shown.last else { throw SheetError.invalidInput("no certificate") }
        self.bundle = bundle
        self.certificate = certificate
    }
}

@Suite struct CeremonySheetsTests {
    /// Decodes the parts of one UR, last first (any order must do).
    func decode(_ parts: [String]) throws -> UR? {
        var decoder = URDecoder()
        for part in parts.reversed() { _ = try decoder.receive(part) }
        return decoder.result
    }

    @Test func invitationCarriesTheInvite() throws {
        let dkg = try FinishedDKG()
        let sheet = try CeremonySheets.invitation(dkg.invite)
        #expect(sheet.invitationParts.count > 1, "the invite is a multipart UR")
        #expect(try decode(sheet.invitationParts) == dkg.invite.ur)
        #expect(sheet.roster.map(\.fingerprint) == dkg.invite.roster.map(\.longFingerprint))
        #expect(sheet.parametersHash == dkg.invite.parametersHash)
        #expect(sheet.parametersBytewords == dkg.invite.parametersWords)
        #expect(sheet.threshold == 2 && sheet.participantCount == 3)
        #expect(sheet.groupLabel == "Sheets test")
        #expect(sheet.expiry == "2096-10-02T07:06:40Z")
        let contents = DocumentContents(sheet.document)
        #expect(contents.value("Group") == "Sheets test")
        #expect(contents.value("Expires") == "2096-10-02T07:06:40Z")
    }

    /// Issue 15: the refresh and enrollment invitation sheets carry their invites, the words and LifeHash hash every
    /// device shows, and say what happens; the result sheet at a later epoch says what happened since.
    @Test func lifecycleSheetsCarryTheirInvitesAndTheResultSheetItsHistory() throws {
        let dkg = try FinishedDKG()
        let record = try GroupRecord.recoveryRecords(
            invite: dkg.invite, bundle: dkg.bundle, certificate: dkg.certificate)[0]
        let refresh = try RefreshInvite(session: Array(repeating: 7, count: 32), group: record, expiry: 4_000_000_000)
        let refreshSheet = try CeremonySheets.invitation(refresh, group: record)
        #expect(try decode(refreshSheet.invitationParts) == refresh.ur)
        #expect(refreshSheet.parametersHash == refresh.parametersHash)
        #expect(refreshSheet.parametersBytewords == refresh.parametersWords)
        let refreshContents = DocumentContents(refreshSheet.document)
        #expect(refreshContents.title == "Share refresh invitation")
        #expect(refreshContents.text.contains("New epoch: 1") && refreshContents.text.contains("does not"))
        let newcomer = try HostKey(seed: SecretBytes(Array(repeating: 0xaa, count: 32)), label: "Device 4")
        let enroll = try EnrollmentInvite(
            session: Array(repeating: 8, count: 32), group: record, member: 3, newcomer: newcomer.identity,
            helpers: [1, 2], expiry: 4_000_000_000)
        let enrollSheet = try CeremonySheets.invitation(enroll, group: record)
        #expect(try decode(enrollSheet.invitationParts) == enroll.ur)
        #expect(enrollSheet.roster.map(\.fingerprint)[2] == newcomer.identity.longFingerprint)
        let enrollContents = DocumentContents(enrollSheet.document)
        #expect(enrollContents.title == "Repair invitation")
        #expect(enrollContents.text.contains("takes the place of member 3, Device 3"))
        // At epoch 0 the result sheet has no history section.
        #expect(!DocumentContents(try CeremonySheets.result(record).document).text.contains("Since the key generation"))
    }

    /// Issue 11 item 5: the join screen (`DKGInvite.displayLines`) and the invitation sheet name every member with
    /// the same words, the 64-bit long fingerprint; the 32-bit four-word form is gone from the join screen.
    @Test func deviceAndSheetShowTheSameLongFingerprintForEveryMember() throws {
        let dkg = try FinishedDKG(threshold: 3, participants: 5)
        let contents = DocumentContents(try CeremonySheets.invitation(dkg.invite).document)
        let screen = dkg.invite.displayLines
        for (offset, identity) in dkg.invite.roster.enumerated() {
            let name = "\(offset + 1). \(identity.label)"
            let printed = try #require(contents.value(name), "the sheet lists \(name)")
            #expect(printed == identity.longFingerprint)
            #expect(printed.split(separator: " ").count == 8, "64 bits: eight Bytewords")
            #expect(screen.contains("  \(name) [\(printed)]"), "the device shows \(name) with the sheet's words")
            #expect(!screen.joined(separator: "\n").contains("[\(identity.fingerprint)]"), "no four-word form")
        }
        // The result sheet names the members the same way.
        let result = try CeremonySheets.result(invite: dkg.invite, bundle: dkg.bundle, certificate: dkg.certificate)
        #expect(result.verifyingShares.map(\.participant) == dkg.invite.roster.enumerated().map {
            "\($0 + 1). \($1.label) [\($1.longFingerprint)]"
        })
    }

    @Test(arguments: CeremonySuite.allCases)
    func resultCarriesEveryShareAndRecoveryRecord(suite: CeremonySuite) throws {
        let dkg = try FinishedDKG(suite: suite, threshold: 2, participants: 3)
        let sheet = try CeremonySheets.result(invite: dkg.invite, bundle: dkg.bundle, certificate: dkg.certificate)
        let records = try GroupRecord.recoveryRecords(
            invite: dkg.invite, bundle: dkg.bundle, certificate: dkg.certificate)
        let group = records[0].publicResult
        #expect(sheet.groupPublicKey == records[0].groupKey)
        #expect(records[0].groupKey.count == 32, "the shown key: Ed25519, ristretto255, or secp256k1 x-only")
        #expect(sheet.verifyingShares.map(\.share) == group.verifyingShares.map(SheetText.hex))
        #expect(sheet.devices.count == 3)
        for (offset, device) in sheet.devices.enumerated() {
            let record = try GroupRecord(ur: try #require(try decode(device.parts)))
            #expect(record == records[offset])
            #expect(record.index == offset + 1)
            // The host seed alone re-derives the share from the printed record.
            #expect(try record.recover(host: dkg.hosts[offset]) == record.groupKey)
        }
    }

    /// A secp256k1 group with a network prints its wallet: the multipath descriptor as text and the
    /// `ur:crypto-output` as codes that decode to the wallet's; a group without one prints none.
    @Test func resultPrintsTheWallet() throws {
        let dkg = try FinishedDKG(suite: .secp256k1, network: .regtest)
        let sheet = try CeremonySheets.result(invite: dkg.invite, bundle: dkg.bundle, certificate: dkg.certificate)
        let wallet = try #require(
            try GroupRecord.recoveryRecords(invite: dkg.invite, bundle: dkg.bundle, certificate: dkg.certificate)[0]
                .wallet)
        let printed = try #require(sheet.wallet)
        #expect(printed.network == "regtest" && printed.descriptor == wallet.descriptor.multipath)
        #expect(try decode(printed.parts) == wallet.descriptor.cryptoOutputUR())
        let contents = DocumentContents(sheet.document)
        #expect(contents.value("Descriptor") == wallet.descriptor.multipath)
        let invitation = DocumentContents(try CeremonySheets.invitation(dkg.invite).document)
        #expect(invitation.value("Bitcoin network")?.hasPrefix("regtest") == true)
        #expect(DocumentContents(try CeremonySheets.invitation(FinishedDKG().invite).document)
            .value("Bitcoin network") == nil)
        let plain = try FinishedDKG(suite: .secp256k1)
        #expect(try CeremonySheets.result(invite: plain.invite, bundle: plain.bundle, certificate: plain.certificate)
            .wallet == nil)
    }

    /// Nothing secret is printed: no host seed appears in the sheet's text (as hex) or in any recovery UR.
    @Test func resultHoldsNoHostSeed() throws {
        let dkg = try FinishedDKG()
        let sheet = try CeremonySheets.result(invite: dkg.invite, bundle: dkg.bundle, certificate: dkg.certificate)
        let pages = try SheetRenderer.layout(sheet.document, paper: .a4)
        let text = pages.flatMap(\.textRuns).map(\.text).joined().filter { !$0.isWhitespace }.lowercased()
        let payloads = try sheet.devices.map { try #require(try decode($0.parts)).cbor }
        #expect(payloads.count == dkg.hosts.count)
        for host in dkg.hosts {
            let seed = host.exposeSeed()
            #expect(!text.contains(SheetText.hex(seed)))
            for payload in payloads {
                #expect(!(0...(payload.count - seed.count)).contains { Array(payload[$0..<($0 + seed.count)]) == seed })
            }
        }
    }

    /// A certificate of another key generation (same devices, other randomness) does not certify this transcript.
    @Test func resultRefusesAnotherTranscriptsCertificate() throws {
        let dkg = try FinishedDKG()
        let other = try FinishedDKG(randomness: 100)
        #expect(other.invite == dkg.invite && other.bundle != dkg.bundle)
        #expect(throws: CeremonyError.self) {
            try CeremonySheets.result(invite: dkg.invite, bundle: dkg.bundle, certificate: other.certificate)
        }
    }

    @Test func partsFitTheirVersionAndSmallURsAreOneCode() throws {
        let dkg = try FinishedDKG()
        for part in try CeremonySheets.parts(try dkg.invite.ur) {
            let code = try SheetLayout.encodeQR(part, what: "part")
            #expect(code.size <= 17 + 4 * CeremonySheets.partVersion)
        }
        let small = try UR(type: "bytes", cbor: [0x43, 1, 2, 3])
        #expect(try CeremonySheets.parts(small) == [small.string.uppercased()])
    }

    @Test func signingNamesTheSignersAndDigest() throws {
        let dkg = try FinishedDKG()
        let record = try GroupRecord.recoveryRecords(
            invite: dkg.invite, bundle: dkg.bundle, certificate: dkg.certificate)[0]
        let message = Array("what was signed".utf8)
        let request = try SignRequest(
            session: Array(repeating: 3, count: 32), suite: .ed25519, groupKey: record.groupKey, message: message,
            summary: "A test message", signers: [1, 3], expiry: 4_000_000_000)
        let signature = Array(repeating: UInt8(7), count: 64)
        let sheet = CeremonySheets.signing(request, group: record, signature: signature)
        #expect(sheet.summary == "A test message")
        #expect(sheet.messageDigest == SHA256.hash(message))
        #expect(sheet.signers == [1, 3].map { CeremonySheets.member($0, dkg.invite.roster[$0 - 1]) })
        #expect(sheet.signature == signature)
        #expect(sheet.groupKeyFingerprint == CeremonySheets.fingerprint(record.groupKey))
        #expect(sheet.messageText == "what was signed")
        #expect(DocumentContents(sheet.document).value("Message") == "what was signed")
    }

    @Test(arguments: [
        ([0xff, 0xfe], false), (Array("line one\nline two".utf8), true), (Array("bell\u{07}".utf8), false),
        ([], false), (Array(repeating: UInt8(ascii: "a"), count: 2001), false), (Array("café".utf8), true),
    ] as [([UInt8], Bool)])
    func onlyReadableMessagesArePrintedAsText(message: [UInt8], readable: Bool) {
        #expect((CeremonySheets.readable(message) != nil) == readable)
    }
}
