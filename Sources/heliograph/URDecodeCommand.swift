import ArgumentParser
import Foundation
import UniformResources

/// `heliograph ur decode`: UR strings on stdin (one per line, any case, single-part or multipart parts in any
/// order) to the UR's CBOR payload on stdout, as soon as the parts determine it (BCR-2020-005, BCR-2024-001).
struct URDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Read UR strings (stdin, one per line) and write the payload (the UR's CBOR) once complete.",
        discussion: """
            Lines that do not parse, or that belong to another UR, are reported on stderr and skipped. \
            Reading stops at the first part after which the parts received determine the message. \
            If the input ends first, the command says how far it got (rank/seqLen) and exits non-zero.
            """
    )

    @OptionGroup var output: PayloadOutputOptions

    @Option(name: .customLong("max-message-length"), help: "The largest message accepted, in bytes.")
    var maxMessageLength: Int = FountainDecoder.Limits.default.maxMessageLength

    @Option(name: .customLong("max-fragments"), help: "The largest fragment count (seqLen) accepted.")
    var maxFragments: Int = FountainDecoder.Limits.default.maxFragments

    func validate() throws {
        guard maxMessageLength > 0 else { throw ValidationError("--max-message-length must be positive.") }
        guard maxFragments > 0 else { throw ValidationError("--max-fragments must be positive.") }
    }

    func run() throws {
        let limits = FountainDecoder.Limits(maxMessageLength: maxMessageLength, maxFragments: maxFragments)
        // A part string is about twice its fragment in Bytewords; leave room for the header and checksum.
        var decoder = URDecoder(limits: limits, maxStringLength: 2 * maxMessageLength + 4096)
        let lines = try Self.feed(&decoder)
        guard let ur = decoder.result else {
            let progress = decoder.progress
            Console.note(
                progress.seqLen == 0
                    ? "heliograph: the input ended before any valid UR part (\(lines) lines read)."
                    : "heliograph: the input ended before the UR was complete: rank \(progress.rank)/"
                        + "\(progress.seqLen) after \(progress.partsReceived) parts.")
            throw ExitCode.failure
        }
        let progress = decoder.progress
        try output.write(
            ur,
            counts: [
                "seqLen": progress.seqLen, "partsReceived": progress.partsReceived, "messageLength": ur.cbor.count,
            ])
    }

    /// Feeds stdin's lines to `decoder` until it is complete or the input ends, saying which lines were skipped and
    /// why; a message checksum that does not match ends the run. Returns the number of lines read.
    private static func feed(_ decoder: inout URDecoder) throws -> Int {
        var lineNumber = 0
        while !decoder.isComplete, let line = readLine(strippingNewline: true) {
            lineNumber += 1
            let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            do {
                try decoder.receive(text)
            } catch let error as URError {
                if case .messageChecksumMismatch = error {
                    Console.note("heliograph: line \(lineNumber): \(error.description)")
                    throw ExitCode.failure
                }
                Console.note("heliograph: line \(lineNumber) skipped: \(error.description)")
            }
        }
        return lineNumber
    }

}
