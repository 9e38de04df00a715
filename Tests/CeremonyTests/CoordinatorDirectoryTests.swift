import CSodium
import FROST
import Testing
import UniformResources

@testable import Ceremony

/// The whole ceremony as the CLI runs it: every message crosses as a UR string, every device and the
/// coordinator reopen their state directories for every message (as separate runs of the program would).
@Test func aCeremonyDrivenOnlyThroughURStringsAndStateDirectories() throws {
    let root = temporaryDirectory()
    let passphrase = Array("pw".utf8)
    let count = 3
    let now = DKGHarness.now
    let devicePaths = (1...count).map { root + "/device\($0)" }
    var identities: [Identity] = []
    for (index, path) in devicePaths.enumerated() {
        let device = try DeviceDirectory.create(
            at: path, label: "device \(index + 1)", passphrase: passphrase, parameters: .testOnly)
        // The identity travels as a UR too.
        guard case .identity(let identity) = try AnyCeremonyMessage(ur: UR(parsing: try device.host.identity.ur.string))
        else { throw HarnessError.missing("identity") }
        identities.append(identity)
    }
    let coordinatorPath = root + "/coordinator"
    func coordinator() throws -> CoordinatorDirectory { try CoordinatorDirectory(path: coordinatorPath, hook: .none) }
    func device(_ index: Int) throws -> DeviceDirectory {
        try DeviceDirectory.open(at: devicePaths[index], passphrase: passphrase, hook: .none)
    }
    /// Scans a UR string at device `index`; returns the UR strings it shows.
    func scanAtDevice(_ index: Int, _ text: String) throws -> [String] {
        var directory = try device(index)
        let message = try AnyCeremonyMessage(ur: UR(parsing: text))
        return try directory.receive(message, now: now).outgoing.map { try $0.ur.string }
    }
    /// Scans device UR strings at the coordinator; returns the UR strings it shows.
    func scanAtCoordinator(_ texts: [String]) throws -> [String] {
        var shown: [String] = []
        for text in texts {
            let receipt = try coordinator().receive(try AnyCeremonyMessage(ur: UR(parsing: text)))
            shown += try receipt.next.map { [try $0.ur.string] } ?? []
        }
        return shown
    }

    let invite = try DKGInvite(
        session: Sodium.random(32), suite: .ed25519, threshold: 2, roster: identities, groupLabel: "treasury",
        expiry: now + 3600)
    let inviteText = try coordinator().startDKG(invite).ur.string
    #expect(
        try device(0).preview(AnyCeremonyMessage(ur: UR(parsing: inviteText))).last?.hasSuffix(invite.parametersWords)
            == true)
    let contributions = try (0..<count).flatMap { try scanAtDevice($0, inviteText) }
    // Scanning the invite again shows the same contribution (no new randomness).
    #expect(try scanAtDevice(0, inviteText) == [contributions[0]])
    let bundleTexts = try scanAtCoordinator(contributions)
    #expect(bundleTexts.count == 1 && bundleTexts[0].hasPrefix("ur:heliograph-dkg-bundle/"))
    let signatures = try (0..<count).flatMap { try scanAtDevice($0, bundleTexts[0]) }
    let certificateTexts = try scanAtCoordinator(signatures)
    #expect(certificateTexts.count == 1 && certificateTexts[0].hasPrefix("ur:heliograph-dkg-certificate/"))
    for index in 0..<count { #expect(try scanAtDevice(index, certificateTexts[0]).isEmpty) }
    let groups = try (0..<count).map { try device($0).groups }
    #expect(groups.allSatisfy { $0.count == 1 })
    guard let record = groups[0].values.first else { throw HarnessError.missing("group") }
    let groupKey = record.groupKey

    // Signing by devices 2 and 3.
    let message = Array("release 1 BTC".utf8)
    let request = try coordinator().startSigning(
        SignRequest(
            session: Sodium.random(32), suite: .ed25519, groupKey: groupKey, message: message,
            summary: "release 1 BTC to cold storage", signers: [2, 3], expiry: now + 600),
        group: record)
    let requestText = try request.ur.string
    let commitments = try [1, 2].flatMap { try scanAtDevice($0, requestText) }
    let packageTexts = try scanAtCoordinator(commitments)
    #expect(packageTexts.count == 1)
    let shares = try [1, 2].flatMap { try scanAtDevice($0, packageTexts[0]) }
    // Scanning the package again returns the same share, never a new one.
    #expect(try scanAtDevice(1, packageTexts[0]) == [shares[0]])
    let resultTexts = try scanAtCoordinator(shares)
    guard resultTexts.count == 1, case .signResult(let result) = try AnyCeremonyMessage(ur: UR(parsing: resultTexts[0]))
    else { throw HarnessError.missing("result") }
    #expect(crypto_sign_verify_detached(result.signature, message, UInt64(message.count), groupKey) == 0)
    // Device 1 is not a signer: it refuses the request.
    #expect(throws: CeremonyError.notASigner(index: 1)) { _ = try scanAtDevice(0, requestText) }

    // The roster, groups and status are the library's too.
    let directory = try coordinator()
    for identity in identities { #expect(try directory.add(identity)) }
    #expect(try !directory.add(identities[0]), "the same identity twice is kept once")
    #expect(try directory.identities() == identities)
    let impostor = try HostKey(seed: fixedSeed(0x66), label: identities[1].label).identity
    #expect(throws: CeremonyError.rosterClash(new: impostor.rosterName, existing: identities[1].rosterName)) {
        try directory.add(impostor)
    }
    let kept = try directory.receive(.groupRecord(record))
    #expect(kept.next == nil)
    #expect(try directory.groups() == [record])
    #expect(try directory.group(matching: String(Base16.encode(groupKey).prefix(6))) == record)
    #expect(throws: CeremonyError.groupNotFound(prefix: "zz", matches: 0, path: coordinatorPath)) {
        try directory.group(matching: "zz")
    }
    #expect(throws: CeremonyError.self) { _ = try directory.receive(.signResult(result)) }
    let status = try directory.statusLines()
    #expect(status[0] == "Roster gathered: " + identities.map(\.rosterName).joined(separator: ", "))
    #expect(status.contains { $0.hasPrefix("Key generation \"treasury\" 2 of 3 (session \(shortHex(invite.session))") })
    #expect(
        status.contains {
            $0.hasPrefix("Signing \"release 1 BTC to cold storage\" (session \(shortHex(request.session)), signers ")
                && $0.hasSuffix("shares 2/2, signature \(Base16.encode(result.signature))")
        }, "\(status)")
}
