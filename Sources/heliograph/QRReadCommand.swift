import ArgumentParser
import Foundation
import Optical

/// `heliograph qr read`: the texts of all QR codes in image files (PNG, JPEG, PGM/PPM), found by zbar with the
/// scanner's preprocessing ladder.
struct QRRead: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Print the texts of all QR codes found in image files (PNG, JPEG, PGM/PPM).",
        discussion: """
            Without --json, each text found is printed on its own line. With --json, one JSON line per file: \
            {"file":..., "texts":[...], "found":N, "ms":...} (found: codes seen, read or not; codes seen but not \
            read are also named on stderr). A file that cannot be read is reported on stderr (and with \
            --json as {"file":..., "error":...}); the exit status is then non-zero.
            """
    )

    @Flag(help: "One JSON line per file: file, texts, milliseconds spent scanning.")
    var json = false

    @Option(
        name: .customLong("budget-ms"),
        help: "Time budget per image for the preprocessing ladder, in ms of CPU time (the answer comes at most 7 ms of wall time later).")
    var budgetMilliseconds: Double = 40

    @Argument(help: "Image files.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one image file.") }
        guard budgetMilliseconds >= 0 else { throw ValidationError("--budget-ms must not be negative.") }
    }

    func run() throws {
        var scanner = QRScanner(budget: budgetMilliseconds / 1000)
        // Every frame answers within the wall ceiling, unless a zero budget asks for one whole first pass.
        scanner.stopsAtWallLimit = budgetMilliseconds > 0
        var failed = false
        for file in files {
            let image: GrayImage
            do {
                image = try ImageDecoder.load(path: file)
            } catch {
                failed = true
                Console.note("heliograph: \(file): \(error.description)")
                if json { print("{\"file\":\(JSONText.string(file)),\"error\":\(JSONText.string(error.description))}") }
                continue
            }
            let result = scanner.read(image)
            if let unread = result.unreadNote { Console.note("heliograph: \(file): \(unread).") }
            if json {
                let texts = result.texts.map(JSONText.string).joined(separator: ",")
                print("{\"file\":\(JSONText.string(file)),\"texts\":[\(texts)],\"found\":\(result.codesFound),\"ms\":"
                    + String(format: "%.1f", result.seconds * 1000) + "}")
            } else {
                for text in result.texts { Console.say(text) }
            }
        }
        if failed { throw ExitCode.failure }
    }
}

/// JSON string literals for the one-line outputs of `qr read` and `scan`.
enum JSONText {
    /// `text` as a JSON string (RFC 8259 §7): quotes, backslashes and control characters escaped.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
