import ArgumentParser
import Ceremony
import Foundation
import Optical
import Sheets
import UniformResources

/// Where a command scans its input from: image files or directories of frames (each argument one animated QR
/// code), a video file, a camera, raw gray frames on stdin, or UR text lines (`--ur-file`, `-` for stdin).
/// Progress goes to stderr while scanning; only a whole UR whose parts agree (CRC-32, checksum) is returned.
struct ScanInputOptions: ParsableArguments {
    @Argument(help: "Image files (PNG, JPEG, PNM) or directories of frames; each argument is one QR animation.")
    var images: [String] = []

    @Option(help: "A video file of the QR animation (decoded by ffmpeg).")
    var video: String?

    @Option(help: "A V4L2 camera to scan, e.g. /dev/video0 (through ffmpeg).")
    var camera: String?

    @Option(name: .customLong("raw-frames"), help: "Raw 8-bit gray frames of this size (e.g. 1280x720) on stdin.")
    var rawFrames: String?

    @Option(name: .customLong("ur-file"), help: "A file of UR text lines (single URs or parts); - for stdin.")
    var urFile: String?

    static let maximumURFile = 64 << 20

    /// How many inputs were given (a command that can do without scanning checks for 0).
    var sourceCount: Int { [!images.isEmpty, video != nil, camera != nil, rawFrames != nil, urFile != nil].filter { $0 }.count }

    func validate() throws {
        guard sourceCount <= 1 else { throw ValidationError(Self.oneInput) }
    }

    static let oneInput = "Give the input as images, or one of --video, --camera, --raw-frames, --ur-file."

    /// Every UR the input carries, in order, duplicates dropped.
    func receive() throws -> [UR] {
        guard sourceCount == 1 else { throw ValidationError(Self.oneInput) }
        var received: [UR] = []
        func keep(_ ur: UR) { if !received.contains(ur) { received.append(ur) } }
        if let urFile {
            for ur in try Self.readURLines(urFile) { keep(ur) }
        } else if let rawFrames {
            var source = RawFrameStream(handle: .standardInput, size: try FrameSize(parsing: rawFrames))
            keep(try Self.scan(&source, name: "standard input"))
        } else if let video {
            var source = try VideoFrames(input: .file(video))
            defer { source.close() }
            keep(try Self.scan(&source, name: video))
        } else if let camera {
            var source = try VideoFrames(input: .camera(camera))
            defer { source.close() }
            keep(try Self.scan(&source, name: camera))
        } else {
            for path in images {
                var source = try ImageFileFrames(paths: [path])
                keep(try Self.scan(&source, name: path))
            }
        }
        return received
    }

    /// Scans frames until one UR is whole, showing progress on stderr.
    static func scan(_ source: inout some FrameSource, name: String) throws -> UR {
        var receiver = AnimatedReceiver(scanner: .camera)
        let live = isatty(STDERR_FILENO) == 1
        while receiver.result == nil, let frame = try source.nextFrame() {
            _ = receiver.receive(frame: frame)
            if let failure = receiver.failure { throw OpticalError.invalidMessage(failure) }
            if live {
                let progress = receiver.progress
                Console.status(
                    "Scanning \(name): \(progress.frames) frames, \(progress.rank)/\(progress.seqLen) fragments "
                        + "(\(progress.percent)%)")
            }
        }
        if live { Console.status("") }
        guard let ur = receiver.result else {
            let progress = receiver.progress
            throw OpticalError.incompleteMessage(
                framesRead: progress.frames, partsReceived: progress.partsReceived, percentComplete: progress.percent)
        }
        Console.note("Scanned \(name): \(ur.type), \(ur.cbor.count) bytes from \(receiver.progress.frames) frame(s).")
        return ur
    }

    /// URs from text lines: each line a whole UR or a part of a multipart one (parts of one UR in a row).
    static func readURLines(_ path: String) throws -> [UR] {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readData(ofLength: maximumURFile + 1)
        } else {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw CLIError("Cannot read \(path).")
            }
            defer { try? handle.close() }
            data = handle.readData(ofLength: maximumURFile + 1)
        }
        guard data.count <= maximumURFile else { throw CLIError("\(path) is over \(maximumURFile) bytes.") }
        var received: [UR] = []
        var decoder = URDecoder()
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            _ = try decoder.receive(text)
            if let ur = decoder.result {
                received.append(ur)
                decoder = URDecoder()
            }
        }
        guard !received.isEmpty else { throw CLIError("\(path) holds no whole UR.") }
        return received
    }
}

/// Messages for the person: notes and status lines on stderr, so stdout stays for what a script reads.
///
/// Every line goes through `DisplayText.escaped` on its way out: whatever another party wrote (a summary, a label,
/// a decoded QR text, an error naming a scanned value) reaches the terminal with its controls, line separators and
/// bidi overrides shown as `\u{…}`, never obeyed. Only the few escape sequences this program writes itself (the
/// status line, the terminal animation) bypass it.
enum Console {
    /// A line on stdout, escaped and flushed so that it comes before any error on stderr. A line feed inside
    /// `line` starts a new line; nothing else is let through.
    static func say(_ line: String = "") {
        print(escapedLines(line))
        fflush(stdout)
    }

    /// A line on stderr, escaped like `say`.
    static func note(_ line: String) { FileHandle.standardError.write(Data((escapedLines(line) + "\n").utf8)) }

    /// A status line redrawn in place (empty text clears it).
    static func status(_ line: String) {
        FileHandle.standardError.write(Data(("\r" + DisplayText.escaped(line) + "\u{1B}[K").utf8))
    }

    /// `text` with each line escaped by `DisplayText.escaped`, the line feeds kept.
    static func escapedLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { DisplayText.escaped(String($0)) }
            .joined(separator: "\n")
    }

    /// Draws a picture (a LifeHash) in 24-bit colour under its caption, when stdout is a terminal that takes colour
    /// (`NO_COLOR` turns it off, `CLICOLOR_FORCE=1` on for any output). These are the only escape sequences `say`
    /// does not filter, and this program wrote every one of them.
    static func picture(_ image: RGBImage, caption: String) {
        let environment = ProcessInfo.processInfo.environment
        let forced = environment["CLICOLOR_FORCE"].map { $0 != "0" && !$0.isEmpty } ?? false
        guard forced || (isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil) else { return }
        say(caption)
        print(image.terminalLines.joined(separator: "\n"))
        fflush(stdout)
    }

    /// Writes a payload another party made (a scanned or decoded UR's CBOR) to stdout: as it is into a pipe or a
    /// file, but to a terminal only when it is text a person may see (`DisplayText.readableLines`); otherwise it
    /// refuses and says how to get it.
    static func writePayload(_ bytes: [UInt8]) throws {
        if isatty(STDOUT_FILENO) == 1, !bytes.isEmpty, DisplayText.readableLines(bytes) == nil {
            throw CLIError(
                "The payload (\(bytes.count) bytes) is binary or holds control characters; it is not written to a "
                    + "terminal. Add --hex, or redirect the output to a file.")
        }
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Asks before an irreversible step: `--yes` answers for scripts; without a terminal the answer is no.
    static func confirm(_ question: String, yes: Bool) throws {
        if yes { return }
        fflush(stdout)
        guard isatty(STDIN_FILENO) == 1 else {
            throw CLIError("\(question) Run on a terminal to answer, or add --yes.")
        }
        FileHandle.standardError.write(Data("\(DisplayText.escaped(question)) Type yes (or y) to continue: ".utf8))
        guard let answer = readLine(), ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
        else {
            throw CLIError("Stopped: nothing was signed or stored.")
        }
    }
}

/// A failure while a command runs, said in one sentence (no usage text: the arguments were fine).
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
