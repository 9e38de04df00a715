import ArgumentParser
import Bitcoin
import Ceremony
import CeremonyDemo
import FROST
import Foundation
import Optical

/// `heliograph demo`: a complete key generation and one signing between simulated devices, every message carried
/// only by QR frames that are rendered, photographed, partly lost and scanned back.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a whole t-of-n ceremony (key generation and one signature) through real QR images.",
        discussion: """
            N simulated devices and a coordinator, each with its own state directory under --out, pass every \
            message as animated QR frames: rendered, degraded like camera captures (unless --clean), some frames \
            lost (--drop-rate), and scanned back with the real scanner. Leaves the ceremony sheets (PDF) and the \
            frames (PNG) in --out. Device states are encrypted with HELIOGRAPH_PASSPHRASE, or the demo passphrase \
            "heliograph demo" when it is not set.
            """
    )

    @Option(help: "Directory for the states, frames and sheets (earlier demo files in it are replaced).")
    var out: String = "demo-out"

    @Option(help: "Signers needed (t).")
    var threshold: Int = 2

    @Option(help: "Devices (n).")
    var participants: Int = 3

    @Option(name: .customLong("suite"), help: CeremonySuite.help)
    var suiteName = SuiteName(.ed25519)
    var suite: CeremonySuite { suiteName.suite }

    @Option(help: BitcoinNetwork.help)
    var network: BitcoinNetwork?

    @Flag(help: "Scan the rendered frames as they are, without simulated camera captures.")
    var clean = false

    @Flag(help: "Print the summary as one JSON object on stdout.")
    var json = false

    @Option(help: "Seed of the simulated captures and lost frames.")
    var seed: UInt64 = 1

    @Option(help: "Frame density: low, medium or high.")
    var density: FrameDensity = .medium

    @Option(name: .customLong("drop-rate"), help: "Fraction of frames the camera misses, 0 ... 0.5.")
    var dropRate: Double = 0.15

    @Option(help: "Passphrase hashing cost of the device states: moderate, interactive (default) or minimal.")
    var kdf: IdentityCommand.KDFStrength = .interactive

    @Flag(help: "Report every transfer on stderr.")
    var verbose = false

    @Flag(
        help: ArgumentHelp(
            "Sign in one optical round trip: each device preprocesses a batch of nonce commitments after key "
                + "generation, and the coordinator shows one package holding the request."))
    var oneRound = false

    @Flag(
        help: ArgumentHelp(
            "After the first signature, the key lifecycle: a share refresh and its test signature, the last device "
                + "lost and replaced (its share rebuilt by the first t), its test signature, and the demo message "
                + "signed again with the new device."))
    var lifecycle = false

    @Option(
        help: ArgumentHelp(
            "Sign this PSBT (base64 or binary file) instead of the demo message (secp256k1), reusing the key "
                + "generation already in --out (its devices and group), or running one first.", valueName: "file"))
    var psbt: String?

    func validate() throws {
        guard (2...26).contains(participants) else { throw ValidationError("--participants must be within 2...26.") }
        guard (2...participants).contains(threshold) else {
            throw ValidationError("--threshold must be within 2...\(participants).")
        }
        guard dropRate.isFinite, (0...0.5).contains(dropRate) else {
            throw ValidationError("--drop-rate must be within 0...0.5.")
        }
        guard network == nil || suite == .secp256k1 else {
            throw ValidationError("--network is for a secp256k1 group only.")
        }
        guard psbt == nil || suite == .secp256k1 else { throw ValidationError("--psbt needs --suite secp256k1.") }
        guard !lifecycle || (psbt == nil && threshold < participants) else {
            throw ValidationError("--lifecycle signs the demo message (no --psbt) and needs --threshold below --participants.")
        }
    }

    func run() throws {
        var passphrase = Array((ProcessInfo.processInfo.environment[PassphraseOptions.environmentName]
            ?? "heliograph demo").utf8)
        defer { wipe(&passphrase) }
        let verbose = self.verbose
        var settings = DemoCeremony.Settings(
            directory: out, threshold: threshold, participants: participants, suite: suite, clean: clean, seed: seed,
            density: density, dropRate: dropRate, passphrase: passphrase, kdf: try kdf.parameters,
            network: BitcoinNetwork.chosen(network, suite: suite), log: { line in if verbose { Console.note(line) } })
        settings.psbt = try psbt.map(WalletCommand.Review.read(file:))
        settings.oneRound = oneRound
        settings.lifecycle = lifecycle
        var demo = DemoCeremony(settings: settings)
        let summary = try demo.run()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(summary)
        try data.write(to: URL(fileURLWithPath: out + "/summary.json"), options: .atomic)
        if json {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        } else {
            for line in summary.reportLines { print(line) }
        }
        if !summary.verified { throw ExitCode(1) }
    }
}
