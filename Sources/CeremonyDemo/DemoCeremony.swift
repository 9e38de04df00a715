import Bitcoin
import Ceremony
import FROST
import Foundation
import Optical
import Sheets
import UniformResources

/// A whole ceremony between simulated devices and a coordinator, each with its own state directory, where every
/// message crosses only as QR frames: rendered, photographed by the capture simulator (unless clean), thinned by
/// lost frames, and scanned back with the real scanner (`OpticalTransfer`). What `heliograph demo` runs; a test can
/// run it too.
public struct DemoCeremony {
    /// What the demo runs: where, how many devices, which suite, how the camera behaves, and where its log goes.
    public struct Settings: Sendable {
        /// The directory that receives the devices, the coordinator, the frames and the sheets.
        public var directory: String
        /// t.
        public var threshold: Int
        /// n.
        public var participants: Int
        /// The group's suite.
        public var suite: CeremonySuite
        /// True: frames are scanned as rendered; false: photographed by the capture simulator.
        public var clean: Bool
        /// Seed of the simulated captures and lost frames.
        public var seed: UInt64
        /// Frame density.
        public var density: FrameDensity
        /// Fraction of frames the camera misses.
        public var dropRate: Double
        /// The devices' passphrase.
        public var passphrase: [UInt8]
        /// Argon2id parameters of the device states.
        public var kdf: KDFParameters
        /// Where each transfer and coordinator event is reported.
        public var log: @Sendable (String) -> Void
        /// The Bitcoin network of a secp256k1 group's wallet (nil: none).
        public var network: BitcoinNetwork?
        /// A PSBT to sign instead of the demo message (secp256k1): the demo reuses the key generation already in
        /// `directory` for `suite` (same devices, same group; `threshold`, `participants` and `network` are then
        /// the group's), or runs one first.
        public var psbt: PSBT?
        /// The message the demo signs when it signs no PSBT (by default `DemoCeremony.message`).
        public var message: [UInt8] = DemoCeremony.message
        /// Sign in one optical round trip (issue 16): every device shows a batch of preprocessed commitments right
        /// after key generation, and the coordinator shows one package holding the request.
        public var oneRound = false
        /// How many nonces each device preprocesses when `oneRound`.
        public var batchSize = 16
        /// After the first signature, the key lifecycle (issue 15): a share refresh and its test signature, the last
        /// member's device lost and replaced by a new one (its share rebuilt by the first t members) and its test
        /// signature, then the demo message signed again with the new device among the signers.
        public var lifecycle = false

        /// Settings; every field as named.
        public init(
            directory: String, threshold: Int, participants: Int, suite: CeremonySuite, clean: Bool, seed: UInt64,
            density: FrameDensity, dropRate: Double, passphrase: [UInt8], kdf: KDFParameters,
            network: BitcoinNetwork? = nil, log: @escaping @Sendable (String) -> Void
        ) {
            self.directory = directory
            self.threshold = threshold
            self.participants = participants
            self.suite = suite
            self.clean = clean
            self.seed = seed
            self.density = density
            self.dropRate = dropRate
            self.passphrase = passphrase
            self.kdf = kdf
            self.network = network
            self.log = log
        }
    }

    /// The figures of one protocol step (all its transfers).
    public struct Step: Codable, Sendable {
        /// The step, e.g. `contributions`.
        public var name: String
        /// Messages that crossed the optical link in this step.
        public var transfers = 0
        /// Frames the senders showed.
        public var framesShown = 0
        /// Frames the receivers scanned.
        public var framesScanned = 0
        /// Bytes of the messages.
        public var bytes = 0
        /// Wall time, milliseconds.
        public var ms = 0

        /// An empty step named `name`.
        public init(name: String) { self.name = name }

        enum CodingKeys: String, CodingKey {
            case name, transfers, bytes, ms
            case framesShown = "frames_shown"
            case framesScanned = "frames_scanned"
        }
    }

    /// What the demo reports (`--json` prints exactly this).
    public struct Summary: Codable, Sendable {
        /// The suite's short name.
        public var suite: String
        /// t.
        public var threshold: Int
        /// n.
        public var participants: Int
        /// Whether the frames were scanned as rendered.
        public var clean: Bool
        /// The seed of the captures.
        public var seed: UInt64
        /// The group key, hex.
        public var groupPublicKey: String
        /// The group key's fingerprint words.
        public var groupKeyFingerprint: String
        /// The signed message, hex.
        public var message: String
        /// The signers' roster indices.
        public var signers: [Int]
        /// The group signature, hex.
        public var signature: String
        /// Whether the signature verified.
        public var verified: Bool
        /// Who verified it.
        public var verifier: String
        /// The figures of each step.
        public var steps: [Step]
        /// Wall time of the whole demo, milliseconds.
        public var totalMs: Int
        /// Where the demo left its files.
        public var directory: String
        /// The Bitcoin network of the group's wallet, when it has one.
        public var network: String?
        /// The group's wallet as a BIP 389 multipath descriptor with checksum, when it has one.
        public var descriptor: String?
        /// With a PSBT: the signed PSBT, base64 (`signature` then holds each group input's signature, hex, in order).
        public var psbt: String?
        /// With a PSBT whose every input was signed: the network transaction, hex.
        public var transaction: String?
        /// The optical round trips of the signing session: each time the coordinator showed the signers a message and
        /// scanned their answers.
        public var signingRoundTrips = 0
        /// With the lifecycle: the group's epoch at the end (a refresh and an enrollment: 2).
        public var epoch: Int?
        /// With the lifecycle: the member whose device was replaced (it signs the final signature).
        public var repairedMember: Int?

        enum CodingKeys: String, CodingKey {
            case suite, threshold, participants, clean, seed, message, signers, signature, verified, verifier, steps
            case directory, network, descriptor, psbt, transaction
            case epoch
            case repairedMember = "repaired_member"
            case groupPublicKey = "group_public_key"
            case groupKeyFingerprint = "group_key_fingerprint"
            case totalMs = "total_ms"
            case signingRoundTrips = "signing_round_trips"
        }
    }

    /// The steps in which the coordinator shows the signers a message and scans their answers: one optical round
    /// trip each.
    static let signingRoundTripSteps: Set<String> = ["sign-request", "package", "one-round-package"]

    /// What this run does.
    public let settings: Settings
    private var steps: [Step] = []
    private var transfers = 0
    /// Where the frames go, under `directory`.
    private var frameRoot = "frames"

    /// A demo with `settings`.
    public init(settings: Settings) { self.settings = settings }

    /// The names the demo writes under its directory; only these are removed when it starts again.
    public static let ownedNames = [
        "coordinator", "frames", "invitation.pdf", "result.pdf", "signing.pdf", "summary.json",
    ]

    /// The Unix time now.
    static var now: UInt64 { UInt64(max(0, Date().timeIntervalSince1970)) }

    /// The name of member `index` (1-based): A, B, ... Z, then A27 and on.
    public static func letter(_ index: Int) -> String {
        String(UnicodeScalar(UInt8(65 + (index - 1) % 26))) + (index > 26 ? "\(index)" : "")
    }

    public static let message = Array(
        "Heliograph demo: this message was signed by a threshold of airgapped devices.".utf8)

    /// Runs the whole ceremony; throws `DemoError` when a step does not come through.
    public mutating func run() throws -> Summary {
        let start = DispatchTime.now().uptimeNanoseconds
        if let psbt = settings.psbt, var group = try existingGroup() {
            // Only the signing runs; its frames go to frames/psbt (replacing an earlier PSBT run's).
            frameRoot = "frames/psbt"
            try? FileManager.default.removeItem(atPath: settings.directory + "/" + frameRoot)
            return try sign(psbt, group: &group, start: start)
        }
        let base = settings.directory
        try prepare(base)
        let letters = (1...settings.participants).map(Self.letter)
        var devices = try letters.map { letter in
            try DeviceDirectory.create(
                at: base + "/device-" + letter, label: "Device " + letter, passphrase: settings.passphrase,
                parameters: settings.kdf)
        }
        let coordinator = try CoordinatorDirectory(path: base + "/coordinator")

        // Identities: each device shows its identity; the coordinator scans it into the roster.
        for device in devices {
            let ur = try transfer(try device.host.identity.ur, step: "identities", from: device.host.identity.label)
            settings.log(try coordinator.receive(try AnyCeremonyMessage(ur: ur)).event.description)
        }

        // Key generation.
        let invite = try DKGInvite(
            session: SecretBytes(randomCount: 32).exposeSecretBytes(), suite: settings.suite,
            threshold: settings.threshold, roster: try coordinator.identities(), groupLabel: "Demo group",
            expiry: Self.now + 3600, network: settings.network)
        _ = try coordinator.startDKG(invite)
        try SheetRenderer.render(try CeremonySheets.invitation(invite), paper: .a4, to: base + "/invitation.pdf")
        settings.log("Invite: " + invite.displayLines.joined(separator: "; "))

        var replies = try deliver(invite, step: "invite", to: &devices, members: Array(1...settings.participants))
        let bundle: DKGBundle = try collect(replies, step: "contributions", coordinator: coordinator)
        let everyone = Array(1...settings.participants)
        replies = try deliver(bundle, step: "bundle", to: &devices, members: everyone)
        let certificate: DKGCertificate = try collect(replies, step: "transcript-signatures", coordinator: coordinator)
        var record = try keep(certificate, coordinator: coordinator, base: base)
        _ = try deliver(certificate, step: "certificate", to: &devices, members: everyone)
        let groupKey = record.groupKey
        for device in devices where device.groups[groupKey] == nil {
            throw DemoError.failed("\(device.host.identity.label) did not finish the key generation")
        }
        if settings.oneRound {
            // Preprocessing, right after the key generation: every member shows a batch of nonce commitments.
            try preprocess(members: everyone, devices: &devices, coordinator: coordinator, record: record)
        }

        if let psbt = settings.psbt {
            var group = (devices: devices, coordinator: coordinator, record: record)
            return try sign(psbt, group: &group, start: start)
        }

        // Signing by the first t members.
        var signers = Array(1...settings.threshold)
        var request = try SignRequest(
            session: SecretBytes(randomCount: 32).exposeSecretBytes(), suite: settings.suite, groupKey: groupKey,
            message: settings.message, summary: "Sign the Heliograph demo message", signers: signers,
            expiry: Self.now + 3600)
        var result = try signingSession(request, devices: &devices, coordinator: coordinator, record: record)
        if settings.lifecycle {
            record = try lifecycle(devices: &devices, coordinator: coordinator)
            // The demo message again, with the new device among the signers.
            signers = Array(1..<settings.threshold) + [settings.participants]
            request = try SignRequest(
                session: SecretBytes(randomCount: 32).exposeSecretBytes(), suite: settings.suite, groupKey: groupKey,
                message: settings.message, summary: "Sign the Heliograph demo message with the repaired device",
                signers: signers, expiry: Self.now + 3600, epoch: record.epoch)
            result = try signingSession(request, devices: &devices, coordinator: coordinator, record: record)
        }
        // The signature travels once more, to whoever publishes it: device A here.
        let published = try transfer(try result.ur, step: "signature", to: devices[0].host.identity.label)
        guard case .signResult(let signed) = try AnyCeremonyMessage(ur: published) else {
            throw DemoError.unexpected(published.type)
        }
        let verified = settings.suite.verify(signature: signed.signature, message: settings.message, groupKey: groupKey)
        try SheetRenderer.render(
            CeremonySheets.signing(
                request, group: record, signature: signed.signature, roundTrips: settings.oneRound ? 1 : 2),
            paper: .a4, to: base + "/signing.pdf")
        var summary = Summary(
            suite: settings.suite.name, threshold: settings.threshold,
            participants: settings.participants, clean: settings.clean, seed: settings.seed,
            groupPublicKey: Base16.encode(groupKey), groupKeyFingerprint: DisplayText.fingerprint(groupKey),
            message: Base16.encode(settings.message), signers: signers, signature: Base16.encode(signed.signature),
            verified: verified,
            verifier: settings.suite.verifierName,
            steps: steps, totalMs: Int((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000), directory: base)
        summary.network = record.wallet?.network.rawValue
        summary.descriptor = record.wallet?.descriptor.multipath
        summary.signingRoundTrips = steps.filter { Self.signingRoundTripSteps.contains($0.name) }.count
        if settings.lifecycle {
            summary.epoch = record.epoch
            summary.repairedMember = settings.participants
        }
        return summary
    }

    /// The key lifecycle after the first signature (issue 15), through the optical link and the device and
    /// coordinator states as the role commands drive them: a share refresh, the test signature that lets every
    /// device destroy its old share, the last member's device replaced by a new one (the first t members rebuild its
    /// share), and the test signature of the new epoch. Returns the group's record at the end.
    private mutating func lifecycle(devices: inout [DeviceDirectory], coordinator: CoordinatorDirectory) throws
        -> GroupRecord
    {
        let base = settings.directory
        let n = settings.participants
        let t = settings.threshold
        guard t < n else { throw DemoError.failed("a repair needs t helpers besides the lost member: t < n") }
        let everyone = Array(1...n)
        var record = try coordinator.group(matching: nil)

        // Share refresh.
        let refresh = try coordinator.startRefresh(
            try RefreshInvite(session: SecretBytes(randomCount: 32).exposeSecretBytes(), group: record, expiry: Self.now + 3600))
        settings.log("Refresh: " + refresh.displayLines(group: record).joined(separator: "; "))
        var replies = try deliver(refresh, step: "refresh-invite", to: &devices, members: everyone)
        let refreshBundle: RefreshBundle = try collect(replies, step: "refresh-contributions", coordinator: coordinator)
        replies = try deliver(refreshBundle, step: "refresh-bundle", to: &devices, members: everyone)
        let refreshCertificate: RefreshCertificate = try collect(
            replies, step: "refresh-signatures", coordinator: coordinator)
        _ = try deliver(refreshCertificate, step: "refresh-certificate", to: &devices, members: everyone)
        record = try coordinator.group(matching: nil)
        try testSignature(signers: Array(1...t), devices: &devices, coordinator: coordinator, record: record)

        // The last member's device is lost: a new device takes its place, its share rebuilt by members 1 ... t.
        let letter = Self.letter(n)
        var newcomer = try DeviceDirectory.create(
            at: base + "/device-" + letter + "-new", label: "Device " + letter + " (new)",
            passphrase: settings.passphrase, parameters: settings.kdf)
        let identity = try Identity(
            ur: try transfer(try newcomer.host.identity.ur, step: "new-identity", from: newcomer.host.identity.label))
        // The new device scans the group's public record, then the invite.
        let shown = try transfer(try record.ur, step: "group-record", to: newcomer.host.identity.label)
        _ = try newcomer.receive(try AnyCeremonyMessage(ur: shown), now: Self.now)
        let enrollment = try coordinator.startEnrollment(
            try EnrollmentInvite(
                session: SecretBytes(randomCount: 32).exposeSecretBytes(), group: record, member: n,
                newcomer: identity, helpers: Array(1...t), expiry: Self.now + 3600))
        settings.log("Enrollment: " + enrollment.displayLines(group: record).joined(separator: "; "))
        devices[n - 1] = newcomer
        replies = try deliver(enrollment, step: "enroll-invite", to: &devices, members: everyone)
        let deltas: EnrollmentBundle = try collect(replies, step: "enroll-deltas", coordinator: coordinator)
        replies = try deliver(deltas, step: "enroll-deltas-bundle", to: &devices, members: Array(1...t))
        let enrollBundle: EnrollmentBundle = try collect(replies, step: "enroll-sigmas", coordinator: coordinator)
        replies = try deliver(enrollBundle, step: "enroll-bundle", to: &devices, members: everyone)
        let enrollCertificate: EnrollmentCertificate = try collect(
            replies, step: "enroll-signatures", coordinator: coordinator)
        _ = try deliver(enrollCertificate, step: "enroll-certificate", to: &devices, members: everyone)
        record = try coordinator.group(matching: nil)
        guard devices[n - 1].groups[record.groupKey]?.epoch == record.epoch else {
            throw DemoError.failed("the new device did not join the group")
        }
        try testSignature(
            signers: Array(1..<t) + [n], devices: &devices, coordinator: coordinator, record: record)
        try SheetRenderer.render(try CeremonySheets.result(record), paper: .a4, to: base + "/result-lifecycle.pdf")
        return record
    }

    /// The test signature of the group's last refresh or enrollment, shown to every device, each of which then
    /// destroys the record of the epoch before.
    private mutating func testSignature(
        signers: [Int], devices: inout [DeviceDirectory], coordinator: CoordinatorDirectory, record: GroupRecord
    ) throws {
        guard let message = record.refreshTestMessage else { throw DemoError.failed("no event to test") }
        let request = try SignRequest(
            session: SecretBytes(randomCount: 32).exposeSecretBytes(), suite: record.invite.suite,
            groupKey: record.groupKey, message: message, summary: "Test signature of epoch \(record.epoch)",
            signers: signers, expiry: Self.now + 3600, epoch: record.epoch)
        let result = try signingSession(request, devices: &devices, coordinator: coordinator, record: record)
        for member in 1...record.participantCount {
            let ur = try transfer(try result.ur, step: "test-signature", to: devices[member - 1].host.identity.label)
            for event in try devices[member - 1].receive(try AnyCeremonyMessage(ur: ur), now: Self.now).events {
                settings.log(event.lines.joined(separator: " "))
            }
        }
        guard devices.allSatisfy({ $0.retiredGroups[record.groupKey] == nil }) else {
            throw DemoError.failed("a device kept its old share after the test signature")
        }
    }

    /// The key generation an earlier run left in the directory for this suite: the coordinator's group and every
    /// device holding it (opened with the settings' passphrase); nil when there is none.
    private func existingGroup() throws
        -> (devices: [DeviceDirectory], coordinator: CoordinatorDirectory, record: GroupRecord)?
    {
        let base = settings.directory
        guard FileManager.default.fileExists(atPath: base + "/coordinator") else { return nil }
        let coordinator = try CoordinatorDirectory(path: base + "/coordinator")
        guard let record = try coordinator.groups().last(where: { $0.invite.suite == settings.suite }) else {
            return nil
        }
        var devices: [DeviceDirectory] = []
        for index in 1...record.participantCount {
            let path = base + "/device-" + Self.letter(index)
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            let device = try DeviceDirectory.open(at: path, passphrase: settings.passphrase)
            guard device.groups[record.groupKey] != nil else { return nil }
            devices.append(device)
        }
        settings.log("Reusing the key generation in \(base): group \(Base16.encode(record.groupKey))")
        return (devices, coordinator, record)
    }

    /// Signs `psbt` with the group's first t members through the optical link: the request carries the PSBT, each
    /// device checks it against its own wallet and signs every group input, the coordinator aggregates and writes
    /// the signatures, and the signed PSBT travels as `ur:crypto-psbt` to the watch-only wallet.
    private mutating func sign(
        _ psbt: PSBT, group: inout (devices: [DeviceDirectory], coordinator: CoordinatorDirectory, record: GroupRecord),
        start: UInt64
    ) throws -> Summary {
        let record = group.record
        let signers = Array(1...record.invite.threshold)
        let request = try SignRequest(
            session: SecretBytes(randomCount: 32).exposeSecretBytes(), suite: record.invite.suite,
            groupKey: record.groupKey, message: [], summary: "Sign the PSBT given to the demo", signers: signers,
            expiry: Self.now + 3600, psbt: psbt.serialized)
        if let plan = try request.signingPlan(wallet: record.wallet) {
            for line in plan.summary.displayLines { settings.log(line) }
        }
        let result = try signingSession(
            request, devices: &group.devices, coordinator: group.coordinator, record: record)
        guard let signed = try request.signedPSBT(result: result, group: record) else {
            throw DemoError.failed("the request lost its PSBT")
        }
        // The signed PSBT travels back to the watch-only wallet as the animated ur:crypto-psbt it scans.
        let returned = try PSBT(ur: try transfer(try signed.ur(), step: "signed-psbt", to: "Watch-only wallet"))
        guard returned == signed else { throw DemoError.failed("the signed PSBT changed in transit") }
        try SheetRenderer.render(
            try CeremonySheets.signing(
                request, group: record, result: result, signed: signed, roundTrips: settings.oneRound ? 1 : 2),
            paper: .a4, to: settings.directory + "/signing.pdf")
        var summary = Summary(
            suite: record.invite.suite.name, threshold: record.invite.threshold,
            participants: record.participantCount, clean: settings.clean, seed: settings.seed,
            groupPublicKey: Base16.encode(record.groupKey),
            groupKeyFingerprint: DisplayText.fingerprint(record.groupKey),
            message: "", signers: signers, signature: result.signatures.map(Base16.encode).joined(),
            // PSBTSigningPlan.applying checked every input's signature with libsecp256k1 before writing it.
            verified: true, verifier: "libsecp256k1 (BIP 340, each input under its Taproot output key)",
            steps: steps, totalMs: Int((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000),
            directory: settings.directory)
        summary.network = record.wallet?.network.rawValue
        summary.descriptor = record.wallet?.descriptor.multipath
        summary.psbt = signed.base64
        summary.transaction = (try? signed.extractTransaction()).map { Base16.encode($0.serialized()) }
        summary.signingRoundTrips = steps.filter { Self.signingRoundTripSteps.contains($0.name) }.count
        return summary
    }

    /// One signing session through the optical link, as the role commands run it: two round trips (request →
    /// commitments, package → shares), or with `oneRound` one (a package holding the request and the signers'
    /// preprocessed commitments → shares), topping up first any signer the coordinator holds too few commitments of.
    private mutating func signingSession(
        _ request: SignRequest, devices: inout [DeviceDirectory], coordinator: CoordinatorDirectory,
        record: GroupRecord
    ) throws -> SignResult {
        if settings.oneRound {
            if try !coordinator.canSignInOneRound(request, group: record) {
                try preprocess(members: request.signers, devices: &devices, coordinator: coordinator, record: record)
            }
            let package = try coordinator.startOneRoundSigning(request, group: record)
            let replies = try deliver(package, step: "one-round-package", to: &devices, members: request.signers)
            return try collect(replies, step: "shares", coordinator: coordinator)
        }
        _ = try coordinator.startSigning(request, group: record)
        var replies = try deliver(request, step: "sign-request", to: &devices, members: request.signers)
        let package: SignPackage = try collect(replies, step: "commitments", coordinator: coordinator)
        replies = try deliver(package, step: "package", to: &devices, members: request.signers)
        return try collect(replies, step: "shares", coordinator: coordinator)
    }

    /// Each of `members` shows a batch of `batchSize` preprocessed nonce commitments (`heliograph sign preprocess`)
    /// and the coordinator scans it (`heliograph coordinator collect`).
    private mutating func preprocess(
        members: [Int], devices: inout [DeviceDirectory], coordinator: CoordinatorDirectory, record: GroupRecord
    ) throws {
        for member in members {
            let device = devices[member - 1]
            let batch = try device.issueBatch(groupKey: record.groupKey, count: settings.batchSize, now: Self.now)
            let ur = try transfer(try batch.ur, step: "nonce-batches", from: device.host.identity.label)
            settings.log(try coordinator.receive(try AnyCeremonyMessage(ur: ur)).event.description)
        }
    }

    /// Removes what an earlier run left (only the demo's own names), so the devices can be created afresh.
    private func prepare(_ base: String) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: base, withIntermediateDirectories: true)
        let names = (try? manager.contentsOfDirectory(atPath: base)) ?? []
        for name in names where Self.ownedNames.contains(name) || name.hasPrefix("device-") || name == "result-lifecycle.pdf" {
            try manager.removeItem(atPath: base + "/" + name)
        }
    }

    /// One message across the optical link; returns what the receiver decoded.
    private mutating func transfer(_ ur: UR, step: String, from sender: String = "Coordinator",
                                   to recipient: String = "Coordinator") throws -> UR
    {
        transfers += 1
        var options = OpticalTransfer.Options()
        options.density = settings.density
        options.capture = settings.clean ? nil : .easy
        options.dropRate = settings.dropRate
        options.seed = settings.seed &* 1_000_003 &+ UInt64(transfers)
        let slug = (sender + "-to-" + recipient).lowercased().replacingOccurrences(of: " ", with: "-")
        options.frameDirectory =
            settings.directory + "/" + frameRoot + "/" + String(format: "%02d-", transfers) + step + "-" + slug
        let (received, report) = try OpticalTransfer.send(ur, options: options)
        guard received == ur else { throw DemoError.failed("the \(step) message changed in transit") }
        if let index = steps.firstIndex(where: { $0.name == step }) {
            steps[index].add(report)
        } else {
            var entry = Step(name: step)
            entry.add(report)
            steps.append(entry)
        }
        settings.log("\(step): \(sender) -> \(recipient): \(report.bytes) bytes, \(report.seqLen) fragment(s), "
            + "\(report.framesShown) frames shown, \(report.framesScanned) scanned, \(report.milliseconds) ms")
        return received
    }

    /// Device replies across the link to the coordinator; returns the message the coordinator then shows.
    private mutating func collect<M: CeremonyMessage>(_ replies: [DeviceEnvelope], step: String,
                                                      coordinator: CoordinatorDirectory) throws -> M
    {
        var next: CoordinatorMessage?
        for envelope in replies {
            let sender = "Device " + Self.letter(envelope.sender)
            let ur = try transfer(try envelope.ur, step: step, from: sender)
            let receipt = try coordinator.receive(try AnyCeremonyMessage(ur: ur))
            settings.log(receipt.event.description)
            if let message = receipt.next { next = message }
        }
        guard let ur = try next?.ur else { throw DemoError.failed("the coordinator did not finish \(step)") }
        return try M(ur: ur)
    }

    /// A coordinator message across the link to each of `members` (1-based), which hands it to its device state
    /// (`DeviceDirectory.receive`, as `heliograph dkg join|step|finalize` and `sign commit|share` do); returns
    /// the devices' replies.
    private mutating func deliver<M: CeremonyMessage>(
        _ message: M, step: String, to devices: inout [DeviceDirectory], members: [Int]
    ) throws -> [DeviceEnvelope] {
        var replies: [DeviceEnvelope] = []
        for member in members {
            let ur = try transfer(try message.ur, step: step, to: devices[member - 1].host.identity.label)
            replies += try devices[member - 1].receive(try AnyCeremonyMessage(ur: ur), now: Self.now).outgoing
        }
        return replies
    }

    /// The coordinator keeps the finished group and prints the result sheet.
    private func keep(_ certificate: DKGCertificate, coordinator: CoordinatorDirectory, base: String) throws
        -> GroupRecord
    {
        guard let state = try coordinator.loadDKG(session: certificate.session), let bundle = state.bundle
        else {
            throw DemoError.failed("the coordinator lost the key generation")
        }
        // Any device's record describes the group; the coordinator keeps the first.
        let record = try GroupRecord.recoveryRecords(invite: state.invite, bundle: bundle, certificate: certificate)[0]
        try coordinator.keep(record)
        try SheetRenderer.render(try CeremonySheets.result(record), paper: .a4, to: base + "/result.pdf")
        return record
    }
}

extension DemoCeremony.Step {
    mutating func add(_ report: OpticalTransfer.Report) {
        transfers += 1
        framesShown += report.framesShown
        framesScanned += report.framesScanned
        bytes += report.bytes
        ms += report.milliseconds
    }
}

/// Why the demo stopped.
public enum DemoError: Error, CustomStringConvertible {
    /// A message of this UR type arrived where another was expected.
    case unexpected(String)
    /// A step did not come through; the reason says which.
    case failed(String)

    /// One sentence.
    public var description: String {
        switch self {
        case .unexpected(let type): return "The demo scanned an unexpected message (\(type))."
        case .failed(let reason): return "The demo failed: \(reason)."
        }
    }
}

extension DemoCeremony.Summary {
    /// What `heliograph demo` prints: the steps as a table, the group key, the signature and where the files are.
    public var reportLines: [String] {
        let summary = self
        var lines = [
            "Heliograph demo: \(summary.threshold)-of-\(summary.participants) \(summary.suite), every message as QR "
                + (summary.clean ? "frames (clean)." : "frames photographed by a simulated camera."),
            "",
            "step                   transfers  frames shown  frames scanned   bytes      ms",
        ]
        for step in summary.steps {
            lines.append(
                step.name.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + String(format: " %9d %13d %15d %7d %7d", step.transfers, step.framesShown, step.framesScanned,
                        step.bytes, step.ms))
        }
        let total = summary.steps.reduce(into: DemoCeremony.Step(name: "total")) {
            $0.transfers += $1.transfers
            $0.framesShown += $1.framesShown
            $0.framesScanned += $1.framesScanned
            $0.bytes += $1.bytes
            $0.ms += $1.ms
        }
        lines.append(
            "total".padding(toLength: 22, withPad: " ", startingAt: 0)
                + String(format: " %9d %13d %15d %7d %7d", total.transfers, total.framesShown, total.framesScanned,
                    total.bytes, total.ms))
        lines += [
            "",
            "Group key:   \(summary.groupPublicKey)",
            "Fingerprint: \(summary.groupKeyFingerprint)",
            summary.psbt == nil
                ? "Message:     \(String(decoding: DemoCeremony.message, as: UTF8.self))" : "Message:     (a PSBT)",
            "Signers:     " + summary.signers.map { "Device " + DemoCeremony.letter($0) }.joined(separator: ", "),
            "Signature:   \(summary.signature)",
            (summary.verified ? "Verified by " : "REJECTED by ") + summary.verifier + ".",
        ]
        if let epoch = summary.epoch, let member = summary.repairedMember {
            lines.append(
                "Lifecycle:   shares refreshed, Device \(DemoCeremony.letter(member)) replaced by a new device, each "
                    + "confirmed by a test signature; the group is at epoch \(epoch) and the signature above includes "
                    + "the new device (result-lifecycle.pdf).")
        }
        if let psbt = summary.psbt { lines.append("Signed PSBT: \(psbt)") }
        if let transaction = summary.transaction { lines.append("Transaction: \(transaction)") }
        if let network = summary.network, let descriptor = summary.descriptor {
            lines += ["Wallet:      Bitcoin \(network), \(descriptor)"]
        }
        lines += [
            "",
            "Left in \(summary.directory): invitation.pdf, result.pdf, signing.pdf (ceremony sheets), frames/ (every "
                + "QR "
                + "frame shown, and each camera capture), device-*/ and coordinator/ (states), summary.json.",
            "Total time: \(summary.totalMs) ms.",
        ]
        return lines
    }
}
