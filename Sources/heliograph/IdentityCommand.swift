import ArgumentParser
import Ceremony
import FROST
import Foundation
import UniformResources

/// `heliograph identity`: a device's host identity (created once, kept in its encrypted state directory).
struct IdentityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identity",
        abstract: "Create and show a device's identity (its host keys), the first thing a coordinator scans.",
        subcommands: [New.self, Show.self, Export.self, Backup.self, Restore.self]
    )

    /// How hard the state passphrase is to guess by brute force (Argon2id cost).
    enum KDFStrength: String, ExpressibleByArgument, CaseIterable {
        case moderate, interactive, minimal

        var parameters: KDFParameters {
            get throws {
                switch self {
                case .moderate: return .moderate
                case .interactive: return try KDFParameters(opslimit: 2, memlimit: 64 << 20)
                case .minimal: return try KDFParameters(opslimit: 1, memlimit: 8192)
                }
            }
        }
    }

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a device: a fresh host seed in a new encrypted state directory; shows the identity.")

        @Option(help: "The device's state directory (created; must not hold a device).")
        var state: String

        @Option(help: "The name people know this device by (at most 64 bytes).")
        var label: String

        @OptionGroup var kdf: KDFOptions
        @OptionGroup var passphrase: PassphraseOptions
        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            let parameters = try kdf.parameters()
            var secret = try passphrase.read(confirm: true)
            defer { wipe(&secret) }
            let device = try DeviceDirectory.create(
                at: state, label: label, passphrase: secret, parameters: parameters)
            Console.say("Created device \"\(label)\" in \(state) (state encrypted with your passphrase).")
            try Show.describe(device.host.identity)
            try output.show(
                try device.host.identity.ur, what: "identity of \(label)",
                lines: Show.fingerprints(device.host.identity))
            Console.say("Next: show this identity to the coordinator (heliograph coordinator add-identity), and read")
            Console.say("      the fingerprint aloud so the coordinator can compare it.")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the device's identity and fingerprint again.")

        @OptionGroup var deviceState: DeviceStateOptions

        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            let device = try deviceState.open()
            try Self.describe(device.host.identity)
            for record in device.groups.values.sorted(by: { $0.index < $1.index }) {
                Console.say("Holds a share of group \"\(record.invite.groupLabel)\" (\(record.invite.threshold) of "
                    + "\(record.participantCount), \(record.invite.suite)) as member \(record.index); group key "
                    + "\(Base16.encode(record.groupKey))")
            }
            try output.show(
                try device.host.identity.ur, what: "identity of \(device.host.identity.label)",
                lines: Self.fingerprints(device.host.identity))
        }

        /// The lines the coordinator compares, kept on screen beside the animated identity.
        static func fingerprints(_ identity: Identity) -> [String] {
            ["Fingerprint:      \(identity.fingerprint)", "Long fingerprint: \(identity.longFingerprint)"]
        }

        static func describe(_ identity: Identity) throws {
            Console.say("Identity: \(identity.label)")
            Console.say("  Fingerprint:      \(identity.fingerprint)")
            Console.say("  Long fingerprint: \(identity.longFingerprint)")
            Console.say("  Signing key:      \(Base16.encode(identity.signingKey))")
            Console.say("  Agreement key:    \(Base16.encode(identity.agreementKey))")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the device's public identity as UR text (ur:heliograph-identity/...).")

        @OptionGroup var deviceState: DeviceStateOptions


        func run() throws {
            let device = try deviceState.open()
            print(try device.host.identity.ur.string)
        }
    }
}

/// How a new device state's passphrase is hashed (`identity new`, `identity restore`).
struct KDFOptions: ParsableArguments {
    @Option(help: "Passphrase hashing cost: moderate (default), interactive or minimal (with --insecure-demo-kdf).")
    var kdf: IdentityCommand.KDFStrength = .moderate

    @Flag(
        name: .customLong("insecure-demo-kdf"),
        help: "Allow --kdf minimal, whose passphrase hash costs nothing to brute-force (tests and demos only).")
    var insecureDemoKDF = false

    func validate() throws {
        guard kdf != .minimal || insecureDemoKDF else {
            throw ValidationError(
                "--kdf minimal lets anyone who copies the state directory guess the passphrase at no cost; it is "
                    + "for tests and demos only. Add --insecure-demo-kdf to use it anyway.")
        }
    }

    /// The Argon2id parameters, warning on stderr when they are the insecure demo ones.
    func parameters() throws -> KDFParameters {
        if kdf == .minimal {
            Console.note(
                "heliograph: warning: --kdf minimal (Argon2id, 1 pass, 8 KiB) protects the state with almost "
                    + "nothing but the passphrase itself; use it for tests and demos only.")
        }
        return try kdf.parameters
    }
}

/// The options every device step takes: its state directory and where its passphrase comes from.
struct DeviceStateOptions: ParsableArguments {
    @Option(help: "The device's state directory.")
    var state: String

    @OptionGroup var passphrase: PassphraseOptions

    /// Opens the device, wiping the passphrase afterwards.
    func open() throws -> DeviceDirectory {
        try DeviceCommand.open(state, passphrase)
    }
}

/// Helpers shared by the device commands.
enum DeviceCommand {
    /// Opens a device state directory with the passphrase, wiping the passphrase afterwards.
    static func open(_ state: String, _ options: PassphraseOptions) throws -> DeviceDirectory {
        var secret = try options.read()
        defer { wipe(&secret) }
        return try DeviceDirectory.open(at: state, passphrase: secret)
    }

    /// The Unix time now.
    static var now: UInt64 { UInt64(max(0, Date().timeIntervalSince1970)) }

    /// What a status command prints for a state directory: the coordinator's status lines, or for a device (opened
    /// with its passphrase) its name and `lines`.
    static func status(
        _ state: String, _ passphrase: PassphraseOptions, device lines: (DeviceDirectory) throws -> [String]
    ) throws {
        guard FileManager.default.fileExists(atPath: state + "/device.hgvault") else {
            for line in try CoordinatorDirectory(path: state).statusLines() { Console.say(line) }
            return
        }
        let device = try open(state, passphrase)
        Console.say("Device \(device.host.identity.rosterName)")
        for line in try lines(device) { Console.say(line) }
    }
}
