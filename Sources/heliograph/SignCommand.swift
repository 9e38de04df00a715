import ArgumentParser
import Bitcoin
import Ceremony
import FROST
import Foundation
import UniformResources
import Sheets

/// `heliograph sign`: one FROST signing session (RFC 9591 §5), one scan and one animated QR per step.
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Threshold signing: the coordinator requests, t devices commit and share, it aggregates.",
        discussion: """
            coordinator: sign request -> sign aggregate (commitments: shows the package) -> sign aggregate (shares)
            each signer: sign commit (scan the request) -> sign share (scan the package)
            anyone:      sign verify
            One round trip (preprocessed nonces): each member once shows a batch (sign preprocess) that the \
            coordinator scans (coordinator collect); then sign request shows one package holding the request, each \
            signer answers it with sign share, and sign aggregate scans the shares. sign request uses one round \
            whenever every signer has commitments left (--two-round to choose two).
            A Bitcoin PSBT (secp256k1 groups): sign request --psbt FILE (or scan its ur:crypto-psbt); the devices \
            show the transaction and sign every input of the group; sign aggregate shows the signed PSBT.
            """,
        subcommands: [Request.self, Commit.self, Share.self, Aggregate.self, Verify.self, Preprocess.self]
    )

    /// The message to sign, given one way.
    struct MessageOptions: ParsableArguments {
        @Option(help: "The message as UTF-8 text.")
        var message: String?

        @Option(name: .customLong("message-hex"), help: "The message as hexadecimal.")
        var messageHex: String?

        @Option(name: .customLong("message-file"), help: "A file holding the message.")
        var messageFile: String?

        func bytes() throws -> [UInt8]? {
            switch (message, messageHex, messageFile) {
            case (let text?, nil, nil): return Array(text.utf8)
            case (nil, let hex?, nil):
                guard let bytes = Base16.decode(hex) else { throw CLIError("--message-hex is not hexadecimal.") }
                return bytes
            case (nil, nil, let path?):
                guard let handle = FileHandle(forReadingAtPath: path) else { throw CLIError("Cannot read \(path).") }
                defer { try? handle.close() }
                let data = handle.readData(ofLength: SignRequest.maxMessageBytes + 1)
                guard data.count <= SignRequest.maxMessageBytes else {
                    throw CLIError("The message is over \(SignRequest.maxMessageBytes) bytes; sign its digest.")
                }
                return [UInt8](data)
            case (nil, nil, nil): return nil
            default: throw CLIError("Give the message once: --message, --message-hex or --message-file.")
            }
        }
    }

    struct Request: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Coordinator: ask t or more members to sign.")

        @Option(help: "The coordinator's state directory.")
        var state: String

        @OptionGroup var message: MessageOptions

        @Option(
            help: ArgumentHelp(
                "A PSBT to sign instead of a message (base64 or binary file); scan it instead with INPUT.",
                valueName: "file"))
        var psbt: String?

        @Option(help: "What a person at each signer reads: the message in plain words (optional for a PSBT).")
        var summary: String?

        @Option(help: "The signers, by member number or label, comma-separated (e.g. 1,3 or Alice,Carol).")
        var signers: String

        @Option(help: "The group key's first hex digits, when the coordinator ran several groups.")
        var group: String?

        @Option(name: .customLong("expires-in"), help: "Seconds the signers accept the request.")
        var expiresIn: UInt64 = 3600

        @Flag(help: "One round trip with the signers' preprocessed commitments (the default when they have enough).")
        var oneRound = false

        @Flag(
            name: .customLong("refresh-test"),
            help: ArgumentHelp(
                "Sign the test message of the group's last share refresh (no --message): once its signature is "
                    + "shown to the members (heliograph group step), they destroy their old shares."))
        var refreshTest = false

        @Flag(help: "Two round trips (commitments, then shares), even when preprocessed commitments are available.")
        var twoRound = false

        @OptionGroup var input: ScanInputOptions
        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            let coordinator = try CoordinatorDirectory(path: state)
            let record = try coordinator.group(matching: group)
            var bytes = try message.bytes()
            var summary = summary
            if refreshTest {
                guard bytes == nil, psbt == nil, input.sourceCount == 0 else {
                    throw CLIError("--refresh-test signs the refresh test message; give no message or PSBT.")
                }
                guard let test = record.refreshTestMessage else {
                    throw CLIError("The group's shares were never refreshed; there is nothing to test.")
                }
                bytes = test
                summary = summary ?? "Test signature of the refreshed shares (epoch \(record.epoch))"
            }
            var psbtBytes: [UInt8]?
            if psbt != nil || input.sourceCount > 0 {
                guard bytes == nil else { throw CLIError("Give a message or a PSBT, not both.") }
                psbtBytes = try WalletCommand.Review.read(psbt, input).serialized
                guard (psbtBytes?.count ?? 0) <= SignRequest.maxMessageBytes else {
                    throw CLIError("The PSBT is over \(SignRequest.maxMessageBytes) bytes; one session signs less.")
                }
            } else if bytes == nil {
                throw CLIError("Give the message to sign, or a PSBT (--psbt FILE or a scanned ur:crypto-psbt).")
            }
            guard let summary = summary ?? (psbtBytes != nil ? "A Bitcoin transaction (PSBT)" : nil) else {
                throw CLIError("Give --summary: what a person at each signer reads.")
            }
            guard !(oneRound && twoRound) else { throw CLIError("Choose --one-round or --two-round, not both.") }
            let members = try record.signerSet(signers.split(separator: ",").map(String.init))
            let request = try SignRequest(
                session: SecretBytes(randomCount: 32).exposeSecretBytes(), suite: record.invite.suite,
                groupKey: record.groupKey, message: bytes ?? [], summary: summary, signers: members,
                expiry: DeviceCommand.now + expiresIn, psbt: psbtBytes, epoch: record.epoch)
            let preprocessed = try coordinator.canSignInOneRound(request, group: record)
            if oneRound || (!twoRound && preprocessed) {
                let package = try coordinator.startOneRoundSigning(request, group: record)
                for line in request.displayLines(group: record) { Console.say(line) }
                Console.say("One round trip: the package holds the request and each signer's preprocessed commitment.")
                for line in try coordinator.topUpLines(record, members: members) { Console.say(line) }
                try output.show(try package.ur, what: "the one-round signing package")
                Console.say("Next: each signer scans the package (heliograph sign share); then scan their shares:")
                Console.say("      heliograph sign aggregate --state \(state) ...")
                return
            }
            _ = try coordinator.startSigning(request, group: record)
            for line in request.displayLines(group: record) { Console.say(line) }
            try output.show(try request.ur, what: "the signing request")
            Console.say("Next: each signer scans the request (heliograph sign commit); then scan their commitments:")
            Console.say("      heliograph sign aggregate --state \(state) ...")
        }
    }

    /// What both signer steps share: the device, and how far ahead a request may expire.
    struct SignerOptions: ParsableArguments {
        @OptionGroup var deviceState: DeviceStateOptions

        @Option(
            name: .customLong("expiry-horizon"),
            help: "Refuse requests that expire more than this many hours from now (1 to 8784).")
        var expiryHorizonHours: UInt64 = SigningDevice.defaultExpiryHorizon / 3600

        func open() throws -> DeviceDirectory {
            guard (1...24 * 366).contains(expiryHorizonHours) else {
                throw CLIError("--expiry-horizon takes 1 to \(24 * 366) hours.")
            }
            var device = try deviceState.open()
            device.expiryHorizon = expiryHorizonHours * 3600
            return device
        }
    }

    struct Commit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Signer: scan the request, check what is signed, and commit fresh nonces (round 1).")

        @OptionGroup var signer: SignerOptions

        @Flag(help: "Do not ask before committing (for scripts).")
        var yes = false

        @OptionGroup var input: ScanInputOptions
        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            var device = try signer.open()
            guard case .signRequest(let request) = try DeviceStep.scan(input, for: "heliograph sign commit") else {
                return
            }
            guard let group = device.groups[request.groupKey] else {
                throw CLIError("This device holds no share of group \(Base16.encode(request.groupKey)).")
            }
            try DeviceStep.show(request, at: device, output: output)
            guard request.signers.contains(group.index) else {
                throw CLIError("This device is member \(group.index), not one of the signers; nothing was done.")
            }
            try Console.confirm("Sign this message with group \"\(group.invite.groupLabel)\"?", yes: yes)
            try DeviceStep.respond(&device, to: .signRequest(request), output: output)
        }
    }

    struct Share: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Signer: scan the package and make the signature share (round 2); the nonce is then used up.")

        @OptionGroup var signer: SignerOptions

        @Flag(help: "Do not ask before signing (for scripts).")
        var yes = false

        @OptionGroup var input: ScanInputOptions
        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            var device = try signer.open()
            let scanned = try DeviceStep.scan(input, for: "heliograph sign share")
            if case .signOneRound(let package) = scanned {
                guard let group = device.groups[package.request.groupKey] else {
                    throw CLIError("This device holds no share of group \(Base16.encode(package.request.groupKey)).")
                }
                guard package.request.signers.contains(group.index) else {
                    throw CLIError("This device is member \(group.index), not one of the signers; nothing was done.")
                }
                try DeviceStep.show(package.request, at: device, output: output)
                Console.say("One round trip: the coordinator chose this device's preprocessed commitment; signing "
                    + "uses it up.")
                try Console.confirm("Sign this message with group \"\(group.invite.groupLabel)\"?", yes: yes)
                try DeviceStep.respond(&device, to: scanned, output: output)
                return
            }
            guard case .signPackage(let package) = scanned else { return }
            if device.finishedRequests[package.session] != nil {
                try DeviceStep.respond(&device, to: .signPackage(package), output: output)
                return
            }
            guard let request = device.signRequests[package.session] else {
                throw CLIError("This device did not commit to that signing session (sign commit first).")
            }
            try DeviceStep.show(request, at: device, output: output)
            try Console.confirm("Make the signature share for this message?", yes: yes)
            try DeviceStep.respond(&device, to: .signPackage(package), output: output)
        }
    }

    struct Preprocess: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Signer: make a batch of nonces for one-round signing and show their signed commitments.",
            discussion: "Run it right after key generation and whenever the coordinator asks for a top-up; the "
                + "coordinator scans the batch with heliograph coordinator collect. The nonces stay in the encrypted "
                + "state, are never backed up, and each signs one message at most.")

        @OptionGroup var deviceState: DeviceStateOptions

        @Option(help: "The group key's first hex digits, when the device holds several groups.")
        var group: String?

        @Option(name: .customLong("nonces"), help: "How many nonces the batch holds (1 to 64).")
        var count = 16

        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            guard (1...64).contains(count) else { throw CLIError("--nonces takes 1 to 64.") }
            let device = try deviceState.open()
            let record = try device.group(matching: group)
            let batch = try device.issueBatch(groupKey: record.groupKey, count: count, now: DeviceCommand.now)
            let held = try device.preprocessedNonces(groupKey: record.groupKey, now: DeviceCommand.now)
            let lines = [
                "Made \(count) nonces for one-round signing in group \"\(record.invite.groupLabel)\" "
                    + "[\(DisplayText.fingerprint(record.groupKey))]; this device now holds \(held) unused."
            ]
            for line in lines { Console.say(line) }
            try output.show(try batch.ur, what: "this device's nonce commitment batch", lines: lines)
            Console.say("Next: show the batch to the coordinator (heliograph coordinator collect).")
        }
    }

    struct Aggregate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Coordinator: scan commitments (shows the package) or shares (shows the signature).")

        @Option(help: "The coordinator's state directory.")
        var state: String

        @Option(help: "Write the signing sheet (PDF) here once the signature is made.")
        var sheet: String?

        @Option(name: .customLong("signature-out"), help: "Write the signature (hex) to this file.")
        var signatureOut: String?

        @Option(name: .customLong("psbt-out"), help: "For a PSBT: write the signed PSBT (binary) to this file.")
        var psbtOut: String?

        @Option(
            name: .customLong("transaction-out"),
            help: "For a PSBT: write the network transaction (hex) to this file once every input is signed.")
        var transactionOut: String?

        @OptionGroup var input: ScanInputOptions
        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            let next = try CoordinatorState(path: state).collect(
                input, output: output, sheet: sheet,
                waiting: "the remaining signers' messages (heliograph sign aggregate)")
            guard case .signing(.result(let result), let state)? = next else { return }
            if let signatureOut {
                try Data((result.signatures.map(Base16.encode).joined(separator: "\n") + "\n").utf8).write(
                    to: URL(fileURLWithPath: signatureOut), options: .atomic)
            }
            guard let signed = try state.request.signedPSBT(result: result, group: state.group) else { return }
            if let psbtOut {
                try Data(signed.serialized).write(to: URL(fileURLWithPath: psbtOut), options: .atomic)
                Console.say("Wrote the signed PSBT (binary) to \(psbtOut).")
            }
            if let transactionOut {
                guard let transaction = try? signed.extractTransaction() else {
                    throw CLIError("Not every input is signed: no transaction to write (the PSBT was written).")
                }
                try Data((Base16.encode(transaction.serialized()) + "\n").utf8).write(
                    to: URL(fileURLWithPath: transactionOut), options: .atomic)
                Console.say("Wrote the transaction (hex) to \(transactionOut).")
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Anyone: check a signature against a group key and the message (libsodium for Ed25519).",
            discussion: "The signature comes as hex (--signature, or a file holding it) or as the coordinator's "
                + "signature frames (ur:heliograph-sign-result), scanned like any other step. With --psbt FILE it "
                + "checks every Taproot key-path signature of a signed PSBT instead (libsecp256k1, BIP 340 over "
                + "each input's BIP 341 sighash, under the key of the output it spends).")

        @Option(name: .customLong("group-key"), help: "The group key (hex; for secp256k1 the 32-byte x-only key).")
        var groupKey: String?

        @Option(
            help: ArgumentHelp(
                "A signed PSBT (base64 or binary file): check every input's Taproot key-path signature against its "
                    + "own sighash and output key, instead of a message's signature.", valueName: "file"))
        var psbt: String?

        @Option(name: .customLong("suite"), help: CeremonySuite.help)
        var suiteName = SuiteName(.ed25519)
        var suite: CeremonySuite { suiteName.suite }

        @OptionGroup var message: MessageOptions

        @Option(help: "The signature (hex), or a file holding it; without it, the signature frames are scanned.")
        var signature: String?

        @OptionGroup var input: ScanInputOptions

        func run() throws {
            if let psbt {
                try verify(psbt: try WalletCommand.Review.read(file: psbt))
                return
            }
            guard let groupKey, let key = Base16.decode(groupKey) else {
                throw CLIError("Give --group-key (hex), or --psbt with a signed PSBT.")
            }
            guard let bytes = try message.bytes() else { throw CLIError("Give the signed message.") }
            let signatureBytes: [UInt8]
            if let signature {
                var text = signature
                if FileManager.default.fileExists(atPath: signature) {
                    text = try String(contentsOfFile: signature, encoding: .utf8)
                }
                guard let decoded = Base16.decode(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                    throw CLIError("The signature is not hexadecimal.")
                }
                signatureBytes = decoded
            } else {
                guard case .signResult(let result) = try DeviceStep.scan(input, for: "heliograph sign verify") else {
                    return
                }
                signatureBytes = result.signature
            }
            let verified = suite.verify(signature: signatureBytes, message: bytes, groupKey: key)
            Console.say((verified ? "Verified by " : "REJECTED by ") + suite.verifierName + ".")
            if !verified { throw ExitCode(1) }
        }

        /// Every input of a signed PSBT: its key-path signature checked with libsecp256k1 (BIP 340) over the BIP 341
        /// sighash computed here. Fails unless at least one verifies and none is invalid.
        func verify(psbt: PSBT) throws {
            let statuses = try psbt.taprootKeyPathSignatures()
            for (index, status) in statuses.enumerated() { Console.say("Input #\(index): \(status)") }
            let verified = statuses.filter { if case .verified = $0 { true } else { false } }.count
            let invalid = statuses.filter { $0 == .invalid }.count
            Console.say(
                (invalid == 0 && verified > 0 ? "Verified by " : "REJECTED by ")
                    + "libsecp256k1 (BIP 340 under each input's Taproot output key): \(verified) of \(statuses.count) "
                    + "input\(statuses.count == 1 ? "" : "s") verified.")
            if invalid > 0 || verified == 0 { throw ExitCode(1) }
        }
    }
}
