import Ceremony
import FROST
import Foundation
import Optical
import Sheets
import UniformResources

/// A whole ceremony between simulated devices and a coordinator, each with its own state directory, where every
/// message crosses only as QR frames: rendered, photographed by the capture simulator (unless clean), thinned by
/// lost frames, and scanned back with the real scanner (`OpticalTransfer`). What `heliograph demo` runs.
struct DemoCeremony {
    struct Settings {
        var directory: String
        var threshold: Int
        var participants: Int
        var suite: CeremonySuite
        var clean: Bool
        var seed: UInt64
        var density: FrameDensity
        var dropRate: Double
        var passphrase: [UInt8]
        var kdf: KDFParameters
        var log: (String) -> Void
    }

    /// The figures of one protocol step (all its transfers).
    struct Step: Codable {
        var name: String
        var transfers = 0
        var framesShown = 0
        var framesScanned = 0
        var bytes = 0
        var ms = 0

        enum CodingKeys: String, CodingKey {
            case name, transfers, bytes, ms
            case framesShown = "frames_shown"
            case framesScanned = "frames_scanned"
        }
    }

    /// What the demo reports (`--json` prints exactly this).
    struct Summary: Codable {
        var suite: String
        var threshold: Int
        var participants: Int
        var clean: Bool
        var seed: UInt64
        var groupPublicKey: String
        var groupKeyFingerprint: String
        var message: String
        var signers: [Int]
        var signature: String
        var verified: Bool
        var verifier: String
        var steps: [Step]
        var totalMs: Int
        var directory: String

        enum CodingKeys: String, CodingKey {
            case suite, threshold, participants, clean, seed, message, signers, signature, verified, verifier, steps
            case directory
            case groupPublicKey = "group_public_key"
            case groupKeyFingerprint = "group_key_fingerprint"
            case totalMs = "total_ms"
        }
    }

    let settings: Settings
    private var steps: [Step] = []
    private var transfers = 0

    init(settings: Settings) { self.settings = settings }

    /// The names the demo writes under its directory; only these are removed when it starts again.
    static let ownedNames = ["coordinator", "frames", "invitation.pdf", "result.pdf", "signing.pdf", "summary.json"]

    /// The name of member `index` (1-based): A, B, ... Z, then A27 and on.
    static func letter(_ index: Int) -> String {
        String(UnicodeScalar(UInt8(65 + (index - 1) % 26))) + (index > 26 ? "\(index)" : "")
    }

    static let message = Array("Heliograph demo: this message was signed by a threshold of airgapped devices.".utf8)

    mutating func run() throws -> Summary {
        let start = DispatchTime.now().uptimeNanoseconds
        let base = settings.directory
        try prepare(base)
        let letters = (1...settings.participants).map(Self.letter)
        var devices = try letters.map { letter in
            try DeviceDirectory.create(
                at: base + "/device-" + letter, label: "Device " + letter, passphrase: settings.passphrase,
                parameters: settings.kdf)
        }
        let coordinator = try CoordinatorState(path: base + "/coordinator", log: settings.log)

        // Identities: each device shows its identity; the coordinator scans it into the roster.
        for device in devices {
            let ur = try transfer(try device.host.identity.ur, step: "identities", from: device.host.identity.label)
            _ = try coordinator.receive(try AnyCeremonyMessage(ur: ur))
        }

        // Key generation.
        let invite = try DKGInvite(
            session: SecretBytes(randomCount: 32).exposeSecretBytes(), suite: settings.suite,
            threshold: settings.threshold, roster: try coordinator.identities(), groupLabel: "Demo group",
            expiry: DeviceCommand.now + 3600)
        _ = try coordinator.directory.startDKG(invite)
        try SheetRenderer.render(try CeremonySheets.invitation(invite), paper: .a4, to: base + "/invitation.pdf")
        settings.log("Invite: " + invite.displayLines.joined(separator: "; "))

        var replies = try deliver(invite, step: "invite", to: &devices, members: Array(1...settings.participants))
        let bundle: DKGBundle = try collect(replies, step: "contributions", coordinator: coordinator)
        let everyone = Array(1...settings.participants)
        replies = try deliver(bundle, step: "bundle", to: &devices, members: everyone)
        let certificate: DKGCertificate = try collect(replies, step: "transcript-signatures", coordinator: coordinator)
        let record = try keep(certificate, coordinator: coordinator, base: base)
        _ = try deliver(certificate, step: "certificate", to: &devices, members: everyone)
        let groupKey = record.groupKey
        for device in devices where device.groups[groupKey] == nil {
            throw DemoError.failed("\(device.host.identity.label) did not finish the key generation")
        }

        // Signing by the first t members.
        let signers = Array(1...settings.threshold)
        let request = try SignRequest(
            session: SecretBytes(randomCount: 32).exposeSecretBytes(), suite: settings.suite, groupKey: groupKey,
            message: Self.message, summary: "Sign the Heliograph demo message", signers: signers,
            expiry: DeviceCommand.now + 3600)
        _ = try coordinator.directory.startSigning(request, group: record)
        replies = try deliver(request, step: "sign-request", to: &devices, members: signers)
        let package: SignPackage = try collect(replies, step: "commitments", coordinator: coordinator)
        replies = try deliver(package, step: "package", to: &devices, members: signers)
        let result: SignResult = try collect(replies, step: "shares", coordinator: coordinator)
        // The signature travels once more, to whoever publishes it: device A here.
        let published = try transfer(try result.ur, step: "signature", to: devices[0].host.identity.label)
        guard case .signResult(let signed) = try AnyCeremonyMessage(ur: published) else {
            throw DemoError.unexpected(published.type)
        }
        let verified = settings.suite.verify(signature: signed.signature, message: Self.message, groupKey: groupKey)
        try SheetRenderer.render(
            CeremonySheets.signing(request, group: record, signature: signed.signature), paper: .a4,
            to: base + "/signing.pdf")
        let summary = Summary(
            suite: settings.suite.name, threshold: settings.threshold,
            participants: settings.participants, clean: settings.clean, seed: settings.seed,
            groupPublicKey: Hex.string(groupKey), groupKeyFingerprint: CeremonySheets.fingerprint(groupKey),
            message: Hex.string(Self.message), signers: signers, signature: Hex.string(signed.signature),
            verified: verified,
            verifier: settings.suite.verifierName,
            steps: steps, totalMs: Int((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000), directory: base)
        return summary
    }

    /// Removes what an earlier run left (only the demo's own names), so the devices can be created afresh.
    private func prepare(_ base: String) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: base, withIntermediateDirectories: true)
        let names = (try? manager.contentsOfDirectory(atPath: base)) ?? []
        for name in names where Self.ownedNames.contains(name) || name.hasPrefix("device-") {
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
            settings.directory + "/frames/" + String(format: "%02d-", transfers) + step + "-" + slug
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
                                                      coordinator: CoordinatorState) throws -> M
    {
        var next: CoordinatorState.Outgoing?
        for envelope in replies {
            let sender = "Device " + Self.letter(envelope.sender)
            let ur = try transfer(try envelope.ur, step: step, from: sender)
            if let outgoing = try coordinator.receive(try AnyCeremonyMessage(ur: ur)) { next = outgoing }
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
            replies += try devices[member - 1].receive(try AnyCeremonyMessage(ur: ur), now: DeviceCommand.now).outgoing
        }
        return replies
    }

    /// The coordinator keeps the finished group and prints the result sheet.
    private func keep(_ certificate: DKGCertificate, coordinator: CoordinatorState, base: String) throws
        -> GroupRecord
    {
        guard let state = try coordinator.directory.loadDKG(session: certificate.session), let bundle = state.bundle
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
enum DemoError: Error, CustomStringConvertible {
    case unexpected(String)
    case failed(String)

    var description: String {
        switch self {
        case .unexpected(let type): return "The demo scanned an unexpected message (\(type))."
        case .failed(let reason): return "The demo failed: \(reason)."
        }
    }
}
