import ArgumentParser
import Ceremony
import FROST
import Foundation
import Optical
import SSKR
import Sheets

extension IdentityCommand {
    /// `heliograph identity backup`: the host seed as SSKR shares, on a sheet and/or as text.
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Back the device up: its host seed as SSKR shares (BCR-2020-011), one a page and/or as text.",
            discussion: """
                Every key of the device derives from its host seed, so the seed's shares plus each group's recovery \
                codes (on the group's result sheet) rebuild it with `heliograph identity restore`. Nonces and signing \
                state are never backed up. The shares are secrets in quorum: the PDF is written readable by you only.
                """)

        @OptionGroup var deviceState: DeviceStateOptions

        @Option(help: "The SSKR groups, as T-of-N each, comma-separated (e.g. 2-of-3, or 2-of-3,3-of-5).")
        var groups = "2-of-3"

        @Option(name: .customLong("group-threshold"), help: "How many of the groups recover the seed.")
        var groupThreshold = 1

        @Option(help: "Write the backup sheet (PDF, one share a page) to this file.")
        var pdf: String?

        @Option(help: "The paper: a4 or letter.")
        var paper: PaperSize = .a4

        @Flag(help: "Print every share as ur:sskr and as Bytewords on standard output.")
        var text = false

        @Flag(
            name: .customLong("whole-seed-ur"),
            help: "Also print the whole host seed as one ur:seed: a single code that rebuilds the device on its own.")
        var wholeSeedUR = false

        func validate() throws {
            guard pdf != nil || text || wholeSeedUR else {
                throw ValidationError("Say where the backup goes: --pdf FILE and/or --text.")
            }
        }

        /// Parses `2-of-3,3-of-5`.
        static func spec(groups: String, threshold: Int) throws -> SSKRSpec {
            let parsed = try groups.split(separator: ",").map { item -> SSKRSpec.Group in
                let numbers = item.split(separator: "-of-").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard numbers.count == 2 else { throw ValidationError("--groups: \(item) is not T-of-N (e.g. 2-of-3).") }
                return SSKRSpec.Group(threshold: numbers[0], count: numbers[1])
            }
            return try SSKRSpec(groupThreshold: threshold, groups: parsed)
        }

        func run() throws {
            let spec = try Self.spec(groups: groups, threshold: groupThreshold)
            let device = try deviceState.open()
            var random = SystemSSKRRandom()
            let shares = try SeedBackup.shares(of: device, spec: spec, random: &random)
            let identity = device.host.identity
            let rule = Self.rule(spec)
            if let pdf {
                let sheet = BackupSheet(
                    device: identity.label, fingerprint: identity.fingerprint,
                    date: ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withFullDate]),
                    rule: rule,
                    shares: shares.enumerated().flatMap { group, members in
                        members.map { share in
                            BackupSheet.Share(
                                position: "group \(group + 1) of \(spec.groups.count) (any \(share.memberThreshold) of "
                                    + "its \(members.count) shares), share \(share.memberIndex + 1)",
                                ur: share.ur, bytewords: share.bytewords())
                        }
                    })
                // The file holds secrets: it is created readable by its owner only (the renderer writes a temporary
                // file and renames it, so the mode must hold from the first byte).
                let previousMask = umask(0o077)
                defer { umask(previousMask) }
                let pages = try SheetRenderer.render(sheet, paper: paper, to: pdf)
                Console.say("Wrote \(pdf): \(pages) page(s), one share a page; readable by you only.")
            }
            if text {
                for (group, members) in shares.enumerated() {
                    for share in members {
                        print("# group \(group + 1) share \(share.memberIndex + 1)")
                        print(share.ur)
                        print(share.bytewords())
                    }
                }
            }
            if wholeSeedUR { print(try SeedBackup.wholeSeedUR(of: device).string) }
            Console.say("Backup of \"\(identity.label)\" (fingerprint \(identity.fingerprint)): \(rule) recover it.")
            Console.say("Keep the shares apart; a restored device must show this same fingerprint.")
        }

        static func rule(_ spec: SSKRSpec) -> String {
            let groups = spec.groups.map { "\($0.threshold) of \($0.count)" }
            if spec.groups.count == 1 { return "any \(groups[0]) shares" }
            return "\(spec.groupThreshold) of the \(spec.groups.count) groups (\(groups.joined(separator: ", ")) shares)"
        }
    }

    /// `heliograph identity restore`: a device rebuilt from SSKR shares and the groups' recovery records.
    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild a device in a new state directory from SSKR shares of its host seed and each group's "
                + "recovery codes.",
            discussion: """
                Give the shares typed (--share, repeatable, Bytewords or ur:sskr) or scanned (images of the backup \
                pages, or a --ur-file of UR lines), in any order, and the recovery codes of each group the device \
                held (scanned from the group's result sheet, or as UR lines). Each group's share is re-derived from \
                the seed and checked against the group's certificate before it is kept. The restored device starts \
                with no nonce.
                """)

        @Option(help: "The new device's state directory (created; must not hold a device).")
        var state: String

        @Option(help: "The device's label, as on the backup sheet (taken from the group's roster when omitted).")
        var label: String?

        @Option(name: .customLong("share"), help: "One SSKR share as Bytewords or ur:sskr text (repeat for each).")
        var shareTexts: [String] = []

        @OptionGroup var scan: ScanInputOptions

        @OptionGroup var kdf: KDFOptions

        @OptionGroup var passphrase: PassphraseOptions

        func run() throws {
            var input = RestoreInput()
            for text in shareTexts { try input.add(shareText: text) }
            if scan.sourceCount > 0 {
                for ur in try scan.receive() { try input.add(ur) }
            }
            guard !input.shares.isEmpty else { throw CLIError("No SSKR share was given: --share or scan them.") }
            var secret = try passphrase.read(confirm: true)
            defer { wipe(&secret) }
            let device = try SeedBackup.restore(
                shares: input.shares, label: label, records: input.records, at: state, passphrase: secret,
                parameters: try kdf.parameters(), now: DeviceCommand.now)
            Console.say("Restored \"\(device.host.identity.label)\" in \(state) from \(input.shares.count) share(s).")
            try IdentityCommand.Show.describe(device.host.identity)
            Console.say("Compare the fingerprint with the one on the backup sheet.")
            for record in device.groups.values.sorted(by: { $0.index < $1.index }) {
                Console.say("Holds a share of group \"\(record.invite.groupLabel)\" again, as member \(record.index) "
                    + "(checked against its certificate).")
            }
            if input.records.isEmpty { Console.say("No group recovery codes were given: the device holds no group.") }
            Console.say("The device starts with no signing state. It signs only requests that expire at least "
                + "\(SigningDevice.defaultExpiryHorizon / 3600) hours from now (its lost self can never have seen them).")
        }
    }
}
