import ArgumentParser
import Bitcoin
import Ceremony
import FROST
import Foundation
import UniformResources
import Sheets

extension CeremonySuite: ExpressibleByArgument {
    /// A suite by its short name (`ed25519`, `ristretto255`, `secp256k1`), any case; nil for anything else, numbers
    /// included.
    public init?(argument: String) { self.init(name: argument.lowercased()) }

    /// The short names, for help and completion.
    public static var allValueStrings: [String] { allCases.map(\.name) }

    /// The short name, for help.
    public var defaultValueDescription: String { name }

    /// What each suite's name means, for help.
    public static var allValueDescriptions: [String: String] {
        [
            CeremonySuite.ed25519.name: "signatures verify as plain Ed25519 (RFC 8032)",
            CeremonySuite.ristretto255.name: "FROST(ristretto255, SHA-512)",
            CeremonySuite.secp256k1.name: "BIP 340 Schnorr signatures by BIP 445, x-only group key",
        ]
    }

    /// What `--suite` says in every command's help.
    static let help = ArgumentHelp("The group's suite: ed25519, ristretto255 or secp256k1.")
}

/// `--suite NAME` as commands declare it. swift-argument-parser prints the raw value (a number) as the default of
/// any `CaseIterable & RawRepresentable` option, so the option holds this wrapper, whose default reads by name.
struct SuiteName: ExpressibleByArgument {
    let suite: CeremonySuite

    init(_ suite: CeremonySuite) { self.suite = suite }

    init?(argument: String) {
        guard let suite = CeremonySuite(argument: argument) else { return nil }
        self.suite = suite
    }

    var defaultValueDescription: String { suite.name }
    static var allValueStrings: [String] { CeremonySuite.allValueStrings }
    static var allValueDescriptions: [String: String] { CeremonySuite.allValueDescriptions }
}

/// `heliograph dkg`: distributed key generation, one scan and one animated QR per step.
struct DKGCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkg",
        abstract: "Distributed key generation: the coordinator invites, every device joins, steps and finalizes.",
        discussion: """
            coordinator: dkg invite -> coordinator collect (contributions) -> coordinator collect (signatures)
            each device: dkg join (scan the invite) -> dkg step (scan the bundle) -> dkg finalize (scan the certificate)
            """,
        subcommands: [Invite.self, Join.self, Step.self, Finalize.self, Status.self]
    )

    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Coordinator: start a key generation for the roster gathered with coordinator add-identity.")

        @Option(help: "The coordinator's state directory.")
        var state: String

        @Option(help: "Signers needed (t), 2 ... n.")
        var threshold: Int

        @Option(name: .customLong("group-label"), help: "A name for the group.")
        var groupLabel: String

        @Option(name: .customLong("suite"), help: CeremonySuite.help)
        var suiteName = SuiteName(.ed25519)
        var suite: CeremonySuite { suiteName.suite }

        @Option(name: .customLong("expires-in"), help: "Seconds the devices accept the invite.")
        var expiresIn: UInt64 = 86_400

        @Option(help: BitcoinNetwork.help)
        var network: BitcoinNetwork?

        func validate() throws {
            guard network == nil || suite == .secp256k1 else {
                throw ValidationError("--network is for a secp256k1 group only.")
            }
        }

        @Option(help: "Write the invitation sheet (PDF) here.")
        var sheet: String?

        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            let coordinator = try CoordinatorDirectory(path: state)
            let roster = try coordinator.identities()
            let session = SecretBytes(randomCount: 32).exposeSecretBytes()
            let invite = try DKGInvite(
                session: session, suite: suite, threshold: threshold, roster: roster, groupLabel: groupLabel,
                expiry: DeviceCommand.now + expiresIn, network: BitcoinNetwork.chosen(network, suite: suite))
            _ = try coordinator.startDKG(invite)
            for line in invite.displayLines { Console.say(line) }
            if let sheet {
                try SheetRenderer.render(try CeremonySheets.invitation(invite), paper: .a4, to: sheet)
                Console.say("Wrote the invitation sheet to \(sheet).")
            }
            try output.show(try invite.ur, what: "the invite")
            Console.say("Next: every device scans the invite (heliograph dkg join) and checks the words above;")
            Console.say("      then scan their contributions: heliograph coordinator collect --state \(state) ...")
        }
    }

    struct Join: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Device: scan the invite, check it, and contribute (step 1).")

        @OptionGroup var deviceState: DeviceStateOptions

        @Flag(help: "Do not ask before contributing (for scripts).")
        var yes = false

        @OptionGroup var input: ScanInputOptions
        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            var device = try deviceState.open()
            guard case .dkgInvite(let invite) = try DeviceStep.scan(input, for: "heliograph dkg join") else { return }
            for line in invite.displayLines { Console.say(line) }
            try output.show(
                picture: CeremonySheets.lifeHash(of: invite),
                caption: "The parameters LifeHash (the invitation sheet shows the same):")
            guard let index = invite.index(of: device.host.identity) else {
                throw CLIError(
                    "This device (\(device.host.identity.rosterName)) is not in the roster; nothing was done.")
            }
            Console.say("This device is member \(index): \(device.host.identity.rosterName)")
            try Console.confirm("Do the words match the sheet, and are the roster and t of n right?", yes: yes)
            try DeviceStep.respond(&device, to: .dkgInvite(invite), output: output)
        }
    }

    struct Step: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Device: scan the bundle (or an investigation) and sign the transcript (step 2).")

        @OptionGroup var deviceState: DeviceStateOptions

        @OptionGroup var input: ScanInputOptions
        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            var device = try deviceState.open()
            let message = try DeviceStep.scan(input, for: "heliograph dkg step")
            try DeviceStep.respond(&device, to: message, output: output)
        }
    }

    struct Finalize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Device: scan the certificate; once all n signatures verify, the key is ready.")

        @OptionGroup var deviceState: DeviceStateOptions

        @OptionGroup var input: ScanInputOptions
        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            var device = try deviceState.open()
            let message = try DeviceStep.scan(input, for: "heliograph dkg finalize")
            try DeviceStep.respond(&device, to: message, output: output)
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Where each key generation stands, for a device (with its passphrase) or a coordinator.")

        @Option(help: "A device's or the coordinator's state directory.")
        var state: String

        @OptionGroup var passphrase: PassphraseOptions

        func run() throws {
            try DeviceCommand.status(state, passphrase) { device in
                var lines: [String] = []
                for session in device.dkgSessions.values.sorted(by: { $0.invite.groupLabel < $1.invite.groupLabel }) {
                    let phase: String
                    switch session.phase {
                    case .contributed: phase = "contributed; waiting for the bundle (dkg step)"
                    case .signedTranscript: phase = "transcript signed; waiting for the certificate (dkg finalize)"
                    case .complained: phase = "complained; waiting for the investigation (dkg step)"
                    case .complete(let record): phase = "complete, group key \(Base16.encode(record.groupKey))"
                    case .failed(let culprit, let reason): phase = "failed: \(culprit) \(reason)"
                    }
                    lines.append("  \"\(session.invite.groupLabel)\" \(session.invite.threshold) of "
                        + "\(session.invite.participantCount), member \(session.index): \(phase)")
                    if case .complete(let record) = session.phase {
                        lines.append("    preprocessed nonces for one-round signing: "
                            + "\(try device.preprocessedNonces(groupKey: record.groupKey, now: DeviceCommand.now)) unused (sign preprocess)")
                    }
                }
                return lines
            }
        }
    }
}

/// What every device command shares: scan one message, act on it, record the state, then show the reply.
enum DeviceStep {
    /// Scans one message for `command`; frames of another step or ceremony are named, with the command that reads
    /// them.
    static func scan(_ input: ScanInputOptions, for command: String) throws -> AnyCeremonyMessage {
        guard let message = try input.receive().first.map(AnyCeremonyMessage.init(ur:)) else {
            throw CLIError("Nothing was scanned.")
        }
        guard message.reader == command else {
            throw CLIError(
                "These frames are \(message.spokenName) (ur:\(message.urType)); \(message.reader) reads it, not "
                    + "\(command).")
        }
        return message
    }

    /// What a signer shows before it commits or signs: the request's lines, then the message digest's LifeHash.
    static func show(_ request: SignRequest, at device: DeviceDirectory, output: ShowOutputOptions) throws {
        for line in device.preview(.signRequest(request)) { Console.say(line) }
        try output.show(
            picture: CeremonySheets.lifeHash(of: request),
            caption: "The message digest's LifeHash (the signing sheet shows the same):")
    }

    /// Hands a scanned message to the device (`DeviceDirectory.receive`, which saves the new state before it
    /// returns), then tells the person what happened and shows the reply.
    static func respond(_ device: inout DeviceDirectory, to message: AnyCeremonyMessage, output: ShowOutputOptions)
        throws
    {
        let response = try device.receive(message, now: DeviceCommand.now)
        for event in response.events {
            for line in event.lines { Console.say(line) }
            let caption = "The group key's LifeHash (the result sheet shows the same):"
            switch event {
            case .dkg(.transcriptSigned(_, let key)):
                try output.show(picture: CeremonySheets.lifeHash(groupKey: key), caption: caption)
            case .dkg(.keyReady(let record)):
                try output.show(picture: CeremonySheets.lifeHash(groupKey: record.groupKey), caption: caption)
            default: break
            }
        }
        // What the events said (a fingerprint to compare among them) stays on screen while the reply plays.
        let lines = response.events.flatMap(\.lines)
        for envelope in response.outgoing {
            try output.show(try envelope.ur, what: "this device's " + envelope.round.spokenName, lines: lines)
        }
        for event in response.events { Console.say("Next: " + next(after: event)) }
    }

    static func next(after event: DeviceEvent) -> String {
        switch event {
        case .dkg(let event): return next(after: event)
        case .refresh(let event): return next(after: event)
        case .enrollment(let event): return next(after: event)
        case .committed:
            return "show the commitment to the coordinator; then scan the package (heliograph sign share)."
        case .shareMade: return "show the share to the coordinator (heliograph sign aggregate)."
        case .repeated: return "nothing changed; show the same frames again if the other side still needs them."
        }
    }

    static func next(after event: RefreshEvent) -> String {
        switch event {
        case .contributed: return "show the contribution to the coordinator; then scan the bundle (group step)."
        case .transcriptSigned:
            return "show the signature to the coordinator, then scan the certificate (group step)."
        case .refreshed:
            return "show nothing; sign the refresh test request (sign commit), then scan its signature (group step)."
        case .oldShareDestroyed: return "the device signs with the new shares only."
        case .culpritFound: return "stop; the old shares stay in use; refresh again without the party named."
        }
    }

    static func next(after event: EnrollmentEvent) -> String {
        switch event {
        case .dealt: return "show the deltas to the coordinator; then scan the helpers' deltas (group step)."
        case .summed: return "show the sigma to the coordinator; then scan the enrollment bundle (group step)."
        case .waiting: return "scan the enrollment bundle when the coordinator shows it (group step)."
        case .transcriptSigned: return "show the signature to the coordinator, then scan the certificate (group step)."
        case .enrolled:
            return "sign the test request (sign commit), scan its signature (group step), then refresh the shares."
        case .culpritFound: return "stop; the group stays as it was; enroll again without the party named."
        }
    }

    static func next(after event: DKGDeviceEvent) -> String {
        switch event {
        case .contributed: return "show the contribution to the coordinator; then scan the bundle (dkg step)."
        case .transcriptSigned:
            return "compare the fingerprint with the other devices, show the signature to the coordinator, "
                + "then scan the certificate (dkg finalize)."
        case .complained: return "show the complaint to the coordinator; then scan its investigation (dkg step)."
        case .culpritFound: return "stop; start again without the party named."
        case .keyReady: return "compare the fingerprint with the result sheet; the device can now sign (sign commit)."
        }
    }
}

extension AnyCeremonyMessage {
    /// The command that reads this message.
    var reader: String {
        switch self {
        case .identity: return "heliograph coordinator add-identity"
        case .dkgInvite: return "heliograph dkg join"
        case .dkgBundle, .dkgInvestigation: return "heliograph dkg step"
        case .dkgCertificate: return "heliograph dkg finalize"
        case .groupRecord: return "heliograph coordinator collect"
        case .signRequest: return "heliograph sign commit"
        case .signPackage, .signOneRound: return "heliograph sign share"
        case .signResult: return "heliograph sign verify"
        case .refreshInvite, .refreshBundle, .refreshCertificate, .enrollInvite, .enrollBundle, .enrollCertificate:
            return "heliograph group step"
        case .device(let envelope):
            switch envelope.round {
            case .signCommitment, .signShare: return "heliograph sign aggregate"
            default: return "heliograph coordinator collect"
            }
        }
    }
}

