import ArgumentParser
import Ceremony
import FROST
import Foundation
import Sheets
import UniformResources

/// `heliograph group`: a group's life after its key generation (issue 15): share refresh and status.
struct GroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "A group's lifecycle: refresh every member's share (same group key), and where each group stands.",
        discussion: """
            Refresh every share (same key, same members):
            coordinator: group refresh -> coordinator collect (contributions) -> coordinator collect (signatures)
                         -> sign request --refresh-test ... -> sign aggregate
            each member: group step (the invite) -> group step (the bundle) -> group step (the certificate)
                         -> sign commit / sign share (the test) -> group step (the test signature: the old share goes)
            Repair a lost device, or add a member (same key, same threshold):
            new device:  identity new -> show its identity; group step (the group's record: group record)
            coordinator: group enroll --member N --helpers ... IDENTITY -> coordinator collect (helpers' deltas)
                         -> coordinator collect (sigmas) -> coordinator collect (signatures)
            everyone:    group step (invite) -> [helpers: group step (deltas)] -> group step (bundle)
                         -> group step (certificate); then the test signature, then a refresh
            """,
        subcommands: [Refresh.self, Enroll.self, Record.self, Step.self, Status.self]
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

        @Option(help: "Write the refresh invitation sheet (PDF) here.")
        var sheet: String?

        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            let coordinator = try CoordinatorDirectory(path: state)
            let record = try coordinator.group(matching: group)
            let invite = try coordinator.startRefresh(
                try RefreshInvite(
                    session: SecretBytes(randomCount: 32).exposeSecretBytes(), group: record,
                    expiry: DeviceCommand.now + expiresIn))
            for line in invite.displayLines(group: record) { Console.say(line) }
            if let sheet {
                try SheetRenderer.render(try CeremonySheets.invitation(invite, group: record), paper: .a4, to: sheet)
                Console.say("Wrote the refresh invitation sheet to \(sheet).")
            }
            try output.show(try invite.ur, what: "the refresh invite")
            Console.say("Next: every member scans the invite (heliograph group step) and checks the words above;")
            Console.say("      then scan their contributions: heliograph coordinator collect --state \(state) ...")
        }
    }

    struct Enroll: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Coordinator: enroll a new device (scan its identity) in place of a lost member, or as a new "
                + "member, its share rebuilt by t helpers.")

        @Option(help: "The coordinator's state directory.")
        var state: String

        @Option(help: "The group key's first hex digits, when the coordinator keeps several groups.")
        var group: String?

        @Option(help: "The member the new device replaces (number or label), or new for a new member.")
        var member: String

        @Option(help: "The t members who rebuild the share, by number or label, comma-separated.")
        var helpers: String

        @Option(name: .customLong("expires-in"), help: "Seconds the devices accept the invite.")
        var expiresIn: UInt64 = 86_400

        @Option(help: "Write the enrollment invitation sheet (PDF) here.")
        var sheet: String?

        @OptionGroup var input: ScanInputOptions
        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            let coordinator = try CoordinatorDirectory(path: state)
            let record = try coordinator.group(matching: group)
            guard let scanned = try input.receive().first, case .identity(let newcomer) = try AnyCeremonyMessage(ur: scanned)
            else { throw CLIError("Scan the new device's identity (heliograph identity show on the new device).") }
            let index = member.lowercased() == "new" ? record.participantCount + 1 : try record.memberIndex(member)
            let chosen = try helpers.split(separator: ",").map { try record.memberIndex(String($0)) }.sorted()
            let invite = try coordinator.startEnrollment(
                try EnrollmentInvite(
                    session: SecretBytes(randomCount: 32).exposeSecretBytes(), group: record, member: index,
                    newcomer: newcomer, helpers: chosen, expiry: DeviceCommand.now + expiresIn))
            for line in invite.displayLines(group: record) { Console.say(line) }
            if let sheet {
                try SheetRenderer.render(try CeremonySheets.invitation(invite, group: record), paper: .a4, to: sheet)
                Console.say("Wrote the enrollment invitation sheet to \(sheet).")
            }
            try output.show(try invite.ur, what: "the enrollment invite")
            Console.say("Next: the new device scans the group's record (heliograph group record) and the invite;")
            Console.say("      every member scans the invite (heliograph group step) and checks the words above;")
            Console.say("      then scan the helpers' deltas: heliograph coordinator collect --state \(state) ...")
        }
    }

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Coordinator: show a group's public record, for a new device to scan before its enrollment.")

        @Option(help: "The coordinator's state directory.")
        var state: String

        @Option(help: "The group key's first hex digits, when the coordinator keeps several groups.")
        var group: String?

        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            let record = try CoordinatorDirectory(path: state).group(matching: group)
            Console.say(
                "Group \"\(record.invite.groupLabel)\", \(record.invite.threshold) of \(record.participantCount), epoch "
                    + "\(record.epoch), key \(DisplayText.fingerprint(record.groupKey)) (public data only)")
            try output.show(try record.ur, what: "the group's record")
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
            case .refreshInvite(let invite):
                for line in device.preview(message) { Console.say(line) }
                try output.show(
                    picture: LifeHash.image(hash: invite.parametersHash),
                    caption: "The parameters LifeHash (the refresh invitation sheet shows the same):")
                try Console.confirm("Is this the refresh the coordinator announced, with the same words?", yes: yes)
            case .enrollInvite(let invite):
                for line in device.preview(message) { Console.say(line) }
                try output.show(
                    picture: LifeHash.image(hash: invite.parametersHash),
                    caption: "The parameters LifeHash (the enrollment invitation sheet shows the same):")
                try Console.confirm("Is this the enrollment the coordinator announced, with the same words?", yes: yes)
            case .groupRecord:
                for line in device.preview(message) { Console.say(line) }
                try Console.confirm(
                    "Is this the group's record the coordinator showed (same key fingerprint and epoch)?", yes: yes)
            case .refreshBundle, .refreshCertificate, .signResult, .enrollBundle, .enrollCertificate:
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
            try DeviceCommand.status(state, passphrase) { $0.groupStatusLines() }
        }
    }
}
