import ArgumentParser
import Bitcoin
import Ceremony
import DeterministicCBOR
import Foundation
import Sheets
import UniformResources

/// `heliograph coordinator`: the untrusted relay between devices. Its state directory holds public data only.
struct CoordinatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Collect identities and device messages, and relay what comes next (public data only).",
        subcommands: [AddIdentity.self, Collect.self, Status.self]
    )

    struct AddIdentity: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-identity", abstract: "Scan device identities into the roster of the next ceremony.")

        @Option(help: "The coordinator's state directory (created if needed).")
        var state: String

        @OptionGroup var input: ScanInputOptions

        func run() throws {
            let coordinator = try CoordinatorDirectory(path: state)
            for ur in try input.receive() {
                let identity = try Identity(ur: ur)
                let added = try coordinator.add(identity)
                Console.say((added ? "Added " : "Already had ") + "\(identity.label)")
                Console.say("  Long fingerprint: \(identity.longFingerprint)")
            }
            let roster = try coordinator.identities()
            Console.say("Roster (\(roster.count)): " + roster.map(\.rosterName).joined(separator: ", "))
            Console.say("Next: compare each long fingerprint with the one its device shows; then, with everyone in,")
            Console.say("      heliograph dkg invite --state \(state) --threshold T --group-label NAME")
        }
    }

    struct Collect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scan device messages (contributions, transcript signatures, commitments, shares, nonce "
                + "batches) and show the next message once a round is complete.")

        @Option(help: "The coordinator's state directory.")
        var state: String

        @Option(help: "Write the sheet of what completed (key generation result or signature) as PDF here.")
        var sheet: String?

        @OptionGroup var input: ScanInputOptions
        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            _ = try CoordinatorState(path: state).collect(
                input, output: output, sheet: sheet,
                waiting: "the remaining devices' messages (heliograph coordinator collect)")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the roster, ceremonies and groups.")

        @Option(help: "The coordinator's state directory.")
        var state: String

        func run() throws {
            for line in try CoordinatorDirectory(path: state).statusLines() { Console.say(line) }
        }
    }
}

/// The coordinator's state directory (`CoordinatorDirectory`, which routes and stores everything) and where its
/// sentences go (the demo sends them elsewhere).
struct CoordinatorState {
    let directory: CoordinatorDirectory
    let log: (String) -> Void

    init(path: String, log: @escaping (String) -> Void = Console.say) throws {
        directory = try CoordinatorDirectory(path: path)
        self.log = log
    }

    /// Feeds every message scanned from `input` to the coordinator, saying what each did; the last message to show.
    func receiveAll(from input: ScanInputOptions) throws -> CoordinatorMessage? {
        var next: CoordinatorMessage?
        for ur in try input.receive() {
            let receipt = try directory.receive(try AnyCeremonyMessage(ur: ur))
            log(receipt.event.description)
            if let message = receipt.next { next = message }
        }
        return next
    }

    /// Takes every message scanned from `input`; once a round is complete, says what completed (writing its sheet),
    /// shows the next message and says what to do with it. Returns that message; nil (saying what is `waiting`)
    /// while the round is still open.
    func collect(
        _ input: ScanInputOptions, output: ShowOutputOptions, sheet: String?, waiting: String
    ) throws -> CoordinatorMessage? {
        guard let next = try receiveAll(from: input) else {
            Console.say("Next: scan " + waiting + ".")
            return nil
        }
        try announce(next, sheet: sheet)
        if case .signing(.result(let result), let state) = next,
            let signed = try state.request.signedPSBT(result: result, group: state.group)
        {
            // What the watch-only wallet scans back (Sparrow reads ur:crypto-psbt).
            try output.show(try signed.ur(), what: "the signed PSBT")
            Console.say("Next: scan the signed PSBT into the watch-only wallet, check it and broadcast it.")
            return next
        }
        try output.show(try next.ur, what: next.name)
        Console.say("Next: " + next.nextStep)
        return next
    }

    /// Says what a signed PSBT holds: the inputs signed and left, its base64, and the transaction's hex once every
    /// input is final.
    func announce(signed psbt: PSBT, request: SignRequest, group: GroupRecord) throws {
        guard let plan = try request.signingPlan(wallet: group.wallet) else { return }
        log(
            "Signed \(plan.groupInputs.count) input\(plan.groupInputs.count == 1 ? "" : "s") of the group ("
                + plan.groupInputs.map { "#\($0.index)" }.joined(separator: ", ")
                + "); each signature checked with libsecp256k1 against the input's sighash and output key.")
        if !plan.foreignInputs.isEmpty {
            log("Left unsigned for others: " + plan.foreignInputs.map { "#\($0)" }.joined(separator: ", "))
        }
        log("Signed PSBT (base64): \(psbt.base64)")
        if let transaction = try? psbt.extractTransaction() {
            log("Transaction (hex, ready to broadcast): \(Base16.encode(transaction.serialized()))")
        }
    }

    /// Says what the person must know about a message about to be shown, keeps a finished group, and writes the
    /// sheet of a finished ceremony.
    func announce(_ message: CoordinatorMessage, sheet: String?) throws {
        switch message {
        case .dkg(.certificate(let certificate), let state):
            guard let bundle = state.bundle else { return }
            // Any device's record describes the group; the coordinator keeps the first.
            let record = try GroupRecord.recoveryRecords(
                invite: state.invite, bundle: bundle, certificate: certificate)[0]
            try directory.keep(record)
            log("Key generation complete: every device signed the same transcript.")
            log("  Group key:   \(Base16.encode(record.groupKey)) (\(state.invite.suite))")
            log("  Fingerprint: \(DisplayText.fingerprint(record.groupKey))")
            for line in record.walletLines { log(line) }
            if record.wallet != nil {
                log("  Export the wallet: heliograph wallet export --state \(directory.path)")
            }
            if let sheet {
                try SheetRenderer.render(try CeremonySheets.result(record), paper: .a4, to: sheet)
                log("Wrote the result sheet to \(sheet).")
            }
        case .refresh(.certificate, let state):
            guard let record = state.record else { return }
            log("Share refresh complete: every member signed the same transcript; the group is at epoch \(record.epoch).")
            log("  Group key (unchanged): \(Base16.encode(record.groupKey))")
            log("  Fingerprint: \(DisplayText.fingerprint(record.groupKey))")
            log("  The members keep their old shares until they see a test signature with the new ones:")
            log("  heliograph sign request --state \(directory.path) --refresh-test --signers ...")
            if let sheet {
                try SheetRenderer.render(try CeremonySheets.result(record), paper: .a4, to: sheet)
                log("Wrote the result sheet of epoch \(record.epoch) to \(sheet) (it replaces the earlier one).")
            }
        case .enrollment(.certificate, let state):
            guard let record = state.record else { return }
            log("Enrollment complete: \(state.invite.newcomer.rosterName) is member \(state.invite.member); the group is "
                + "at epoch \(record.epoch), \(record.invite.threshold) of \(record.participantCount).")
            log("  Group key (unchanged): \(Base16.encode(record.groupKey))")
            log("  Test it: heliograph sign request --state \(directory.path) --refresh-test --signers ...")
            log("  A lost device still holds its share: refresh the shares next (heliograph group refresh).")
            if let sheet {
                try SheetRenderer.render(try CeremonySheets.result(record), paper: .a4, to: sheet)
                log("Wrote the result sheet of epoch \(record.epoch) to \(sheet) (it replaces the earlier one).")
            }
        case .signing(.result(let result), let state) where state.request.psbt != nil:
            guard let signed = try state.request.signedPSBT(result: result, group: state.group) else { return }
            try announce(signed: signed, request: state.request, group: state.group)
            if let sheet {
                try SheetRenderer.render(
                    try CeremonySheets.signing(
                        state.request, group: state.group, result: result, signed: signed,
                        roundTrips: state.roundTrips),
                    paper: .a4, to: sheet)
                log("Wrote the signing sheet to \(sheet) (the transaction, the signatures, the signed PSBT as codes).")
            }
        case .signing(.result(let result), let state):
            let suite = state.request.suite
            let verified = suite.verify(
                signature: result.signature, message: state.request.message, groupKey: state.request.groupKey)
            log("Signature: \(Base16.encode(result.signature))")
            log("  " + (verified ? "Verified by " : "REJECTED by ") + suite.verifierName + ".")
            if let sheet {
                try SheetRenderer.render(
                    CeremonySheets.signing(
                        state.request, group: state.group, signature: result.signature, roundTrips: state.roundTrips),
                    paper: .a4, to: sheet)
                log("Wrote the signing sheet to \(sheet).")
            }
        default:
            break
        }
    }
}

extension CoordinatorMessage {
    /// What the person at the coordinator does next, naming the command.
    var nextStep: String {
        switch self {
        case .dkg(.invite, _): return "show the invite to every device (heliograph dkg join)."
        case .dkg(.bundle, _): return "show the bundle to every device (heliograph dkg step)."
        case .dkg(.investigation(let message), _):
            return "show the investigation to device \(message.recipient) (heliograph dkg step)."
        case .dkg(.certificate, _): return "show the certificate to every device (heliograph dkg finalize)."
        case .signing(.package, _): return "show the package to every signer (heliograph sign share)."
        case .signing(.result, let state) where state.request.message == state.group.refreshTestMessage:
            return "show the signature to every member (heliograph group step): they destroy their old shares."
        case .signing(.result, _): return "anyone can check it: heliograph sign verify."
        case .refresh(.invite, _): return "show the invite to every member (heliograph group step)."
        case .refresh(.bundle, _): return "show the bundle to every member (heliograph group step)."
        case .refresh(.certificate, _): return "show the certificate to every member (heliograph group step)."
        case .enrollment(.invite, _): return "show the invite to every member and the new device (heliograph group step)."
        case .enrollment(.bundle(let bundle), _) where bundle.sigmas.isEmpty:
            return "show the deltas to the helpers (heliograph group step); then collect their sigmas."
        case .enrollment(.bundle, _):
            return "show the bundle to every member and the new device (heliograph group step); collect signatures."
        case .enrollment(.certificate, _):
            return "show the certificate to every member and the new device (heliograph group step)."
        }
    }
}
