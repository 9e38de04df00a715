import ArgumentParser
import Ceremony
import FROST
import Foundation
import UniformResources

/// `heliograph group`: a group's life after its key generation (issue 15): share refresh and status.
struct GroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "A group's lifecycle: refresh every member's share (same group key), and where each group stands.",
        discussion: """
            coordinator: group refresh -> coordinator collect (contributions) -> coordinator collect (signatures)
                         -> sign request --refresh-test ... -> sign aggregate
            each member: group step (the invite) -> group step (the bundle) -> group step (the certificate)
                         -> sign commit / sign share (the test) -> group step (the test signature: the old share goes)
            """,
        subcommands: [Refresh.self, Step.self, Status.self]
    )

    struct Refresh: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Coordinator: start a share refresh of a group (every member deals a sharing of zero).")

        @Option(help: "The coordinator's state directory.")
        var state: String

        @Option(help: "The group key's first hex digits, when the coordinator keeps several groups.")
        var group: String?

        @Option(name: .customLong("expires-in"), help: "Seconds the members accept the invite.")
        var expiresIn: UInt64 = 86_400

        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            let coordinator = try CoordinatorDirectory(path: state)
            let record = try coordinator.group(matching: group)
            let invite = try coordinator.startRefresh(
                try RefreshInvite(
                    session: SecretBytes(randomCount: 32).exposeSecretBytes(), group: record,
                    expiry: DeviceCommand.now + expiresIn))
            for line in invite.displayLines(group: record) { Console.say(line) }
            try output.show(try invite.ur, what: "the refresh invite")
            Console.say("Next: every member scans the invite (heliograph group step) and checks the words above;")
            Console.say("      then scan their contributions: heliograph coordinator collect --state \(state) ...")
        }
    }

    struct Step: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Device: scan a share refresh message (invite, bundle, certificate) or the refresh test "
                + "signature, act on it and show the reply.")

        @OptionGroup var deviceState: DeviceStateOptions

        @Flag(help: "Do not ask before contributing (for scripts).")
        var yes = false

        @OptionGroup var input: ScanInputOptions
        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            var device = try deviceState.open()
            guard let message = try input.receive().first.map(AnyCeremonyMessage.init(ur:)) else {
                throw CLIError("Nothing was scanned.")
            }
            switch message {
            case .refreshInvite:
                for line in device.preview(message) { Console.say(line) }
                try Console.confirm("Is this the refresh the coordinator announced, with the same words?", yes: yes)
            case .refreshBundle, .refreshCertificate, .signResult:
                break
            default:
                throw CLIError(
                    "These frames are \(message.spokenName) (ur:\(message.urType)); \(message.reader) reads it, not "
                        + "heliograph group step.")
            }
            try DeviceStep.respond(&device, to: message, output: output)
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each group's epoch and refreshes, for a device (with its passphrase) or a coordinator.")

        @Option(help: "A device's or the coordinator's state directory.")
        var state: String

        @OptionGroup var passphrase: PassphraseOptions

        func run() throws {
            guard FileManager.default.fileExists(atPath: state + "/device.hgvault") else {
                for line in try CoordinatorDirectory(path: state).statusLines() { Console.say(line) }
                return
            }
            let device = try DeviceCommand.open(state, passphrase)
            Console.say("Device \(device.host.identity.rosterName)")
            for line in device.groupStatusLines() { Console.say(line) }
        }
    }
}
