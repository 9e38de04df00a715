import ArgumentParser
import Foundation
import Optical
import Sheets

extension SheetInput.Kind: ExpressibleByArgument {}

/// `heliograph sheet`: prints a ceremony sheet described in JSON to a PDF.
struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sheet",
        abstract: "Print a ceremony sheet (invitation, result or signing) described in JSON to a PDF.",
        discussion: """
            The JSON holds the sheet's fields; bytes are hex. For example, a signing sheet:
              {"sessionID": "s-1", "summary": "Release 1.4.2", "messageDigest": "<64 hex digits>",
               "groupKeyFingerprint": "able acid also apex", "signers": ["Alice", "Carol"],
               "signature": "<128 hex digits>", "signatureParts": ["ur:bytes/..."]}
            (and optionally messageText). An invitation has sessionID, suite, threshold, participantCount, roster
            [{name, fingerprint}], parametersHash, parametersBytewords, invitationParts and optionally groupLabel,
            expiry, coordinatorInstructions and participantInstructions. A result has sessionID, suite, threshold,
            participantCount, groupPublicKey, groupKeyFingerprint, optional groupKeyQR and groupLabel,
            verifyingShares [{participant, share}], certificateFingerprint and devices [{device, parts}].
            """
    )

    @Argument(help: "The kind of sheet: invitation, result or signing.")
    var kind: SheetInput.Kind

    @Argument(help: "The JSON file describing the sheet ('-' for standard input).")
    var input: String

    @Option(help: "The paper: a4 or letter.")
    var paper: PaperSize = .a4

    @Option(help: "The PDF file to write.")
    var out = "sheet.pdf"

    func run() throws {
        let data: Data?
        if input == "-" {
            data = try FileHandle.standardInput.read(upToCount: SheetInput.maxInputBytes + 1)
        } else {
            guard let handle = FileHandle(forReadingAtPath: input) else {
                throw ValidationError("Cannot read \(input).")
            }
            defer { try? handle.close() }
            data = try handle.read(upToCount: SheetInput.maxInputBytes + 1)
        }
        let sheet = try SheetInput.decode(kind, from: [UInt8](data ?? Data()))
        let pages = try SheetRenderer.render(sheet, paper: paper, to: out)
        print("Wrote \(out) (\(pages) page\(pages == 1 ? "" : "s"), \(paper.rawValue)).")
    }
}
