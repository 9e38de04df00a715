import ArgumentParser
import Ceremony
import Foundation
import Optical
import Sheets
import UniformResources

/// Where a command scans its input from, and the one pipeline every command scans through: image files or
/// directories of frames, a video file, a camera, raw gray frames on stdin, or UR text lines (`--ur-file`, `-` for
/// stdin). Progress goes to stderr while scanning; QR codes that are not parts of the message are named there once
/// each; only a whole UR whose parts agree (CRC-32, checksum) is returned.
struct ScanInputOptions: ParsableArguments {
    @Argument(
        help: """
            Image files (PNG, JPEG, PNM) or directories of frames (read sorted by name). Each message starts at an \
            argument; one that is not yet whole at the end of its argument carries on into the next.
            """)
    var images: [String] = []

    @Option(help: "A video file of the QR animation (decoded by ffmpeg).")
    var video: String?

    @Option(help: "A V4L2 camera to scan, e.g. /dev/video0 (through ffmpeg).")
    var camera: String?

    @Option(name: .customLong("raw-frames"), help: "Raw 8-bit gray frames of this size (e.g. 1280x720) on stdin.")
    var rawFrames: String?

    @Option(name: .customLong("ur-file"), help: "A file of UR text lines (single URs or parts); - for stdin.")
    var urFile: String?

    @Option(help: "Scale video or camera frames to this size (e.g. 1280x720).")
    var size: String?

    @Option(
        name: .customLong("budget-ms"),
        help: "Time budget per frame for the preprocessing ladder, in ms of CPU time (each frame answers within it plus 7 ms of wall time).")
    var budgetMilliseconds: Double = 40

    @Flag(help: "Show the progress line on stderr even when stderr is not a terminal.")
    var progress = false

    /// `scan --frames WxH` was the old name of `--raw-frames`; `--frames` is no flag now, and says so.
    @Option(name: .customLong("frames"), help: .hidden)
    var oldRawFrames: String?

    static let maximumURFile = 64 << 20

    /// How many inputs were given (a command that can do without scanning checks for 0).
    var sourceCount: Int {
        [!images.isEmpty, video != nil, camera != nil, rawFrames != nil, urFile != nil].filter { $0 }.count
    }

    func validate() throws {
        if let oldRawFrames {
            throw ValidationError(
                "--frames is not a frame size: read raw gray frames on stdin with --raw-frames \(oldRawFrames).")
        }
        guard sourceCount <= 1 else { throw ValidationError(Self.oneInput) }
        guard budgetMilliseconds.isFinite, budgetMilliseconds >= 0 else {
            throw ValidationError("--budget-ms must not be negative.")
        }
        for (flag, value) in [("--raw-frames", rawFrames), ("--size", size)] {
            guard let value else { continue }
            do {
                _ = try FrameSize(parsing: value)
            } catch {
                throw ValidationError("\(flag): \(error.description)")
            }
        }
    }

    /// A UR as received, with the frames, parts and rank it took (nil for UR text).
    struct Scanned {
        let ur: UR
        let progress: AnimatedReceiver.Progress?
    }

    static let oneInput = "Give the input as images, or one of --video, --camera, --raw-frames, --ur-file."

    /// Every UR the input carries, in order, duplicates dropped.
    func receive() throws -> [UR] { try receiveScans().map(\.ur) }

    /// Every UR the input carries, in order, duplicates dropped, each with what its reception took.
    func receiveScans() throws -> [Scanned] {
        guard sourceCount == 1 else { throw ValidationError(Self.oneInput) }
        var received: [Scanned] = []
        func keep(_ scanned: Scanned) {
            if !received.contains(where: { $0.ur == scanned.ur }) { received.append(scanned) }
        }
        if let urFile {
            for ur in try Self.readURLines(urFile) { keep(Scanned(ur: ur, progress: nil)) }
            return received
        }
        var scanner = QRScanner(
            ladder: QRScanner.cameraLadder, budget: budgetMilliseconds / 1000, completion: QRScanner.cameraCompletion,
            pageRungs: QRScanner.cameraPageRungs)
        scanner.stopsAtWallLimit = budgetMilliseconds > 0
        var scan = FrameScan(scanner: scanner, live: progress || isatty(STDERR_FILENO) == 1)
        let scaled = try size.map { text throws(OpticalError) in try FrameSize(parsing: text) }
        if let rawFrames {
            var source = RawFrameStream(handle: .standardInput, size: try FrameSize(parsing: rawFrames))
            if let scanned = try scan.read(&source, name: "standard input") { keep(scanned) }
        } else if let video {
            var source = try VideoFrames(input: .file(video), size: scaled)
            defer { source.close() }
            if let scanned = try scan.read(&source, name: video) { keep(scanned) }
        } else if let camera {
            var source = try VideoFrames(input: .camera(camera), size: scaled)
            defer { source.close() }
            if let scanned = try scan.read(&source, name: camera) { keep(scanned) }
        } else {
            for path in images {
                var source = try ImageFileFrames(paths: [path])
                if let scanned = try scan.read(&source, name: path) { keep(scanned) }
            }
        }
        try scan.finish()
        return received
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
        fflush(nil)
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
        fflush(nil)
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
        fflush(nil)
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
