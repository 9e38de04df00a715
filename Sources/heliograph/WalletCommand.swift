import ArgumentParser
import Bitcoin
import Ceremony
import Foundation
import UniformResources

extension BitcoinNetwork: ExpressibleByArgument {
    /// A network by name (`mainnet`, `testnet`, `signet`, `regtest`), any case.
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }

    /// What `--network` says in help.
    static let help = ArgumentHelp(
        "The Bitcoin network of a secp256k1 group's Taproot wallet: mainnet (default), testnet, signet or regtest.")

    /// The network an invite names: the one chosen, mainnet for a secp256k1 group when none was, none otherwise.
    static func chosen(_ network: BitcoinNetwork?, suite: CeremonySuite) -> BitcoinNetwork? {
        suite == .secp256k1 ? network ?? .mainnet : nil
    }
}

/// `heliograph wallet`: the watch-only Taproot wallet of a secp256k1 group (docs/BITCOIN.md).
struct WalletCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallet",
        abstract: "The watch-only Taproot wallet of a secp256k1 group: descriptor and URs for wallet software.",
        subcommands: [Export.self, Review.self]
    )

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the group's descriptors and show it as ur:crypto-output or ur:output-descriptor.",
            discussion: """
                Prints the BIP 389 multipath descriptor tr([fingerprint]xpub/<0;1>/*)#checksum, its receive and \
                change single-path forms and the first addresses, then shows the wallet as an animated UR: \
                crypto-output (BCR-2020-010, what Sparrow imports) or output-descriptor (BCR-2023-010). Reads a \
                coordinator's state, or a device's (with its passphrase).
                """
        )

        enum Kind: String, ExpressibleByArgument, CaseIterable {
            case cryptoOutput = "crypto-output"
            case outputDescriptor = "output-descriptor"
            case none
        }

        @Option(help: "A coordinator's or a device's state directory.")
        var state: String

        @Option(help: "The group: a prefix of its group key in hex (needed when there are several).")
        var group: String?

        @Option(help: "The UR to show: crypto-output, output-descriptor or none (text only).")
        var ur: Kind = .cryptoOutput

        @Option(help: "Receive and change addresses to list.")
        var addresses: UInt32 = 3

        @OptionGroup var passphrase: PassphraseOptions
        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            let record = try Self.record(state: state, group: group, passphrase: passphrase)
            guard let wallet = record.wallet else {
                throw CLIError(
                    "Group \"\(record.invite.groupLabel)\" has no Bitcoin wallet: only a secp256k1 group made with "
                        + "a network has one.")
            }
            let descriptor = wallet.descriptor
            Console.say("Group \"\(record.invite.groupLabel)\" (\(record.invite.threshold) of "
                + "\(record.participantCount)), Bitcoin \(wallet.network.rawValue)")
            Console.say("Descriptor (BIP 389 multipath): \(descriptor.multipath)")
            Console.say("Receive: \(descriptor.receive)")
            Console.say("Change:  \(descriptor.change)")
            for change in [false, true] {
                for index in 0..<min(addresses, 100) {
                    let address = try wallet.address(change: change, index: index)
                    Console.say("  \(change ? "change " : "receive") \(index): \(address.address)")
                }
            }
            switch ur {
            case .cryptoOutput: try output.show(try descriptor.cryptoOutputUR(), what: "the wallet (crypto-output)")
            case .outputDescriptor:
                try output.show(try descriptor.outputDescriptorUR(), what: "the wallet (output-descriptor)")
            case .none: break
            }
        }

        /// The group record kept in a coordinator's or a device's state.
        static func record(state: String, group: String?, passphrase: PassphraseOptions) throws -> GroupRecord {
            if FileManager.default.fileExists(atPath: state + "/device.hgvault") {
                return try DeviceCommand.open(state, passphrase).group(matching: group)
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: state, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CLIError("No coordinator or device state at \(state).")
            }
            return try CoordinatorDirectory(path: state).group(matching: group)
        }
    }

    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a PSBT (file or scanned ur:crypto-psbt / ur:psbt) and show what the group would sign.",
            discussion: """
                Checks the PSBT against the group's wallet as a signing device does (every refusal of \
                docs/BITCOIN.md is an error that says what is wrong) and prints the outputs, change, fee and fee \
                rate, network and the inputs the group signs. To sign it: heliograph sign request --psbt FILE.
                """
        )

        @Option(help: "A coordinator's or a device's state directory.")
        var state: String

        @Option(help: "The group: a prefix of its group key in hex (needed when there are several).")
        var group: String?

        @Option(help: "A PSBT file: base64 text or binary. Without it, the PSBT is scanned (INPUT).")
        var psbt: String?

        @OptionGroup var passphrase: PassphraseOptions
        @OptionGroup var input: ScanInputOptions

        func validate() throws {
            guard (psbt == nil) != (input.sourceCount == 0) else {
                throw ValidationError("Give the PSBT either as --psbt FILE or as one scanned INPUT.")
            }
        }

        func run() throws {
            let record = try Export.record(state: state, group: group, passphrase: passphrase)
            guard let wallet = record.wallet else {
                throw CLIError("Group \"\(record.invite.groupLabel)\" has no Bitcoin wallet.")
            }
            let plan = try PSBTSigningPlan(psbt: try Self.read(psbt, input), wallet: wallet)
            for line in plan.summary.displayLines { Console.say(line) }
        }

        /// The PSBT of a file (base64 or binary, at most twice `PSBT.maxSize` bytes) or of the one UR scanned.
        static func read(_ path: String?, _ input: ScanInputOptions) throws -> PSBT {
            if let path { return try read(file: path) }
            let urs = try input.receive()
            guard urs.count == 1, let ur = urs.first else {
                throw CLIError("Scan one PSBT (ur:crypto-psbt or ur:psbt); \(urs.count) messages were scanned.")
            }
            return try PSBT(ur: ur)
        }

        /// The PSBT of a file: base64 text or binary, at most twice `PSBT.maxSize` bytes.
        static func read(file path: String) throws -> PSBT {
            guard let handle = FileHandle(forReadingAtPath: path) else { throw CLIError("Cannot read \(path).") }
            defer { try? handle.close() }
            let bytes = [UInt8](try handle.read(upToCount: PSBT.maxSize * 2 + 1) ?? Data())
            guard bytes.count <= PSBT.maxSize * 2 else { throw CLIError("\(path) is larger than a PSBT may be.") }
            return try PSBT(fileContents: bytes)
        }
    }
}
