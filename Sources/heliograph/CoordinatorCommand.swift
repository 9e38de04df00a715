import ArgumentParser
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
            let coordinator = try CoordinatorState(path: state)
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
            abstract: "Scan device messages (contributions, transcript signatures, commitments, shares) and show "
                + "the next message once a round is complete.")

        @Option(help: "The coordinator's state directory.")
        var state: String

        @Option(help: "Write the sheet of what completed (key generation result or signature) as PDF here.")
        var sheet: String?

        @OptionGroup var input: ScanInputOptions
        @OptionGroup var output: ShowOutputOptions

        func run() throws {
            let coordinator = try CoordinatorState(path: state)
            guard let next = try coordinator.receiveAll(from: input) else {
                Console.say("Next: collect the remaining devices' messages (heliograph coordinator collect).")
                return
            }
            try coordinator.announce(next, sheet: sheet)
            try output.show(next.ur, what: next.name)
            Console.say("Next: " + next.nextStep)
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the roster, ceremonies and groups.")

        @Option(help: "The coordinator's state directory.")
        var state: String

        func run() throws {
            let coordinator = try CoordinatorState(path: state)
            for line in try coordinator.statusLines() { Console.say(line) }
        }
    }
}

/// The coordinator's state directory: the Ceremony layer's `CoordinatorDirectory` (one file per session), plus
/// the roster being gathered (`identities/`) and the groups it coordinated (`groups/`), all public.
struct CoordinatorState {
    let path: String
    let directory: CoordinatorDirectory
    /// Where the coordinator's messages for the person go (the demo sends them elsewhere).
    let log: (String) -> Void

    init(path: String, log: @escaping (String) -> Void = Console.say) throws {
        self.path = path
        self.log = log
        directory = try CoordinatorDirectory(path: path)
        for folder in ["identities", "groups"] {
            try FileManager.default.createDirectory(atPath: path + "/" + folder, withIntermediateDirectories: true)
        }
    }

    /// Adds an identity to the roster; false when it was there already. A label or key clash is refused.
    func add(_ identity: Identity) throws -> Bool {
        let known = try identities()
        if known.contains(identity) { return false }
        if let clash = known.first(where: { $0.signingKey == identity.signingKey || $0.label == identity.label }) {
            throw CLIError(
                "\(identity.rosterName) clashes with \(clash.rosterName) already in the roster (same key or label).")
        }
        let name = String(format: "%02d-", known.count + 1) + Hex.string(Array(identity.hash.prefix(8))) + ".ur"
        try write(identity.ur.string, to: "identities/" + name)
        return true
    }

    /// The roster gathered so far, in the order added.
    func identities() throws -> [Identity] {
        try urs(in: "identities").map(Identity.init(ur:))
    }

    /// Groups whose key generation finished, by group key.
    func groups() throws -> [GroupRecord] {
        try urs(in: "groups").map(GroupRecord.init(ur:))
    }

    /// The group whose key (hex) starts with `prefix`, or the only group.
    func group(matching prefix: String?) throws -> GroupRecord {
        let all = try groups()
        let matches = all.filter { Hex.string($0.groupKey).hasPrefix((prefix ?? "").lowercased()) }
        guard matches.count == 1, let group = matches.first else {
            throw CLIError(
                matches.isEmpty
                    ? "No finished group\(prefix.map { " with a key starting \($0)" } ?? "") in \(path)."
                    : "Several groups match; choose one with --group KEYPREFIX.")
        }
        return group
    }

    /// Keeps a group's public record (from the coordinator's own certificate, or scanned from a device); a signing
    /// session checks its certificate before it starts.
    func keep(_ record: GroupRecord) throws {
        try write(try record.ur.string, to: "groups/" + Hex.string(record.groupKey) + ".ur")
    }

    private func write(_ text: String, to name: String) throws {
        try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path + "/" + name), options: .atomic)
    }

    private func urs(in folder: String) throws -> [UR] {
        let names = try FileManager.default.contentsOfDirectory(atPath: path + "/" + folder)
        return try names.filter { $0.hasSuffix(".ur") }.sorted().map { name in
            let text = try String(contentsOfFile: path + "/" + folder + "/" + name, encoding: .utf8)
            return try UR(parsing: text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// A message the coordinator shows next.
    enum Outgoing {
        case dkg(CoordinatorOutput, DKGCoordinator)
        case signing(SigningOutput, SigningCoordinator)

        var ur: UR {
            get throws {
                switch self {
                case .dkg(let output, _): return try output.ur
                case .signing(.package(let package), _): return try package.ur
                case .signing(.result(let result), _): return try result.ur
                }
            }
        }

        var name: String {
            switch self {
            case .dkg(.invite, _): return "the invite"
            case .dkg(.bundle, _): return "the bundle"
            case .dkg(.investigation, _): return "the investigation"
            case .dkg(.certificate, _): return "the certificate"
            case .signing(.package, _): return "the signing package"
            case .signing(.result, _): return "the signature"
            }
        }

        var nextStep: String {
            switch self {
            case .dkg(.invite, _): return "show the invite to every device (heliograph dkg join)."
            case .dkg(.bundle, _): return "show the bundle to every device (heliograph dkg step)."
            case .dkg(.investigation(let message), _):
                return "show the investigation to device \(message.recipient) (heliograph dkg step)."
            case .dkg(.certificate, _): return "show the certificate to every device (heliograph dkg finalize)."
            case .signing(.package, _): return "show the package to every signer (heliograph sign share)."
            case .signing(.result, _): return "anyone can check it: heliograph sign verify."
            }
        }
    }

    /// Routes one scanned message to its session, saves the new state, and returns what to show next, if any.
    func receive(_ message: AnyCeremonyMessage) throws -> Outgoing? {
        switch message {
        case .identity(let identity):
            _ = try add(identity)
            log("Added \(identity.rosterName) to the roster.")
            return nil
        case .groupRecord(let record):
            try keep(record)
            log("Kept the record of group \(Hex.string(record.groupKey)).")
            return nil
        case .device(let envelope):
            switch envelope.round {
            case .dkgContribution, .dkgTranscriptSignature, .dkgComplaint:
                guard let coordinator = try directory.loadDKG(session: envelope.session) else {
                    throw CLIError("This coordinator runs no key generation with that session.")
                }
                let transition = try coordinator.handle(envelope)
                try directory.save(transition.coordinator)
                let state = transition.coordinator
                let label = state.invite.roster[envelope.sender - 1].rosterName
                log("Received the " + DeviceStep.roundName(envelope.round) + " of \(label): contributions "
                    + "\(state.contributions.count)/"
                    + "\(state.invite.participantCount), transcript signatures "
                    + "\(state.transcriptSignatures.count)/\(state.invite.participantCount).")
                return transition.outgoing.last.map { .dkg($0, state) }
            case .signCommitment, .signShare:
                guard let coordinator = try directory.loadSigning(session: envelope.session) else {
                    throw CLIError("This coordinator runs no signing session with that session.")
                }
                let transition = try coordinator.handle(envelope)
                try directory.save(transition.coordinator)
                let state = transition.coordinator
                let label = state.group.invite.roster[envelope.sender - 1].rosterName
                log("Received the " + DeviceStep.roundName(envelope.round) + " of \(label): commitments "
                    + "\(state.commitments.count)/"
                    + "\(state.request.signers.count), shares \(state.shares.count)/\(state.request.signers.count).")
                return transition.outgoing.last.map { .signing($0, state) }
            }
        default:
            throw CLIError("The coordinator does not take this message; it is for a device.")
        }
    }

    /// Prints what the person must know about a message about to be shown, keeps a finished group, and writes
    /// the sheet of a finished ceremony.
    func announce(_ outgoing: Outgoing, sheet: String?) throws {
        switch outgoing {
        case .dkg(.certificate(let certificate), let state):
            guard let bundle = state.bundle else { return }
            // Any device's record describes the group; the coordinator keeps the first.
            let record = try GroupRecord.recoveryRecords(
                invite: state.invite, bundle: bundle, certificate: certificate)[0]
            try keep(record)
            let key = record.groupKey
            log("Key generation complete: every device signed the same transcript.")
            log("  Group key:   \(Hex.string(key)) (\(state.invite.suite))")
            log("  Fingerprint: \(CeremonySheets.fingerprint(key))")
            if let sheet {
                try SheetRenderer.render(try CeremonySheets.result(record), paper: .a4, to: sheet)
                log("Wrote the result sheet to \(sheet).")
            }
        case .signing(.result(let result), let state):
            let suite = state.request.suite
            let verified = suite.verify(
                signature: result.signature, message: state.request.message, groupKey: state.request.groupKey)
            log("Signature: \(Hex.string(result.signature))")
            log("  " + (verified ? "Verified by " : "REJECTED by ") + suite.verifierName + ".")
            if let sheet {
                try SheetRenderer.render(
                    CeremonySheets.signing(state.request, group: state.group, signature: result.signature),
                    paper: .a4, to: sheet)
                log("Wrote the signing sheet to \(sheet).")
            }
        default:
            break
        }
    }

    /// What `coordinator status` prints.
    func statusLines() throws -> [String] {
        var lines = ["Roster gathered: " + (try identities().map(\.rosterName).joined(separator: ", "))]
        let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        for name in names where name.hasPrefix("dkg-") && name.hasSuffix(".cbor") {
            guard let session = Hex.bytes(String(name.dropFirst(4).dropLast(5))),
                let state = try directory.loadDKG(session: session)
            else { continue }
            let n = state.invite.participantCount
            lines.append("Key generation \"\(state.invite.groupLabel)\" \(state.invite.threshold) of \(n): "
                + "contributions \(state.contributions.count)/\(n), transcript signatures "
                + "\(state.transcriptSignatures.count)/\(n)" + (state.certificate != nil ? ", complete" : ""))
        }
        for group in try groups() {
            lines.append("Group \"\(group.invite.groupLabel)\": key \(Hex.string(group.groupKey))")
        }
        for name in names where name.hasPrefix("sign-") && name.hasSuffix(".cbor") {
            guard let session = Hex.bytes(String(name.dropFirst(5).dropLast(5))),
                let state = try directory.loadSigning(session: session)
            else { continue }
            lines.append("Signing \"\(state.request.summary)\": commitments \(state.commitments.count)/"
                + "\(state.request.signers.count), shares \(state.shares.count)/\(state.request.signers.count)")
        }
        return lines
    }
}

extension CoordinatorState {
    /// Feeds every message scanned from `input` to the coordinator; the last message it has to show, if any.
    func receiveAll(from input: ScanInputOptions) throws -> Outgoing? {
        var next: Outgoing?
        for ur in try input.receive() {
            if let outgoing = try receive(try AnyCeremonyMessage(ur: ur)) { next = outgoing }
        }
        return next
    }
}

extension Identity {
    /// How the CLI names a roster member: its label and long fingerprint, the words the invitation sheet prints and
    /// people compare (the four-word fingerprint is 32 bits, which grinding keys can match).
    var rosterName: String { "\(label) [\(longFingerprint)]" }
}
