import ArgumentParser
import Foundation
import Optical
import UniformResources

/// `heliograph scan`: receives one UR from an animated QR code, from image files, directories of frames, raw
/// frames on stdin, a video file or a camera, and writes its payload as `heliograph ur decode` does.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Assemble one UR from QR codes in images, frames on stdin, a video or a camera; write its payload.",
        discussion: """
            Sources are read in this order: PATHs (image files; a directory stands for its images sorted by name), \
            --video, raw 8-bit gray frames on stdin (--frames WIDTHxHEIGHT), --camera. Reading stops as soon as \
            the parts received determine the message. QR codes of other messages or that are not URs are reported \
            on stderr and skipped. If the input ends first, the command says how far it got and exits non-zero. \
            Video and camera input need ffmpeg (camera: a V4L2 device such as /dev/video0).
            """
    )

    @Flag(help: "Write the payload as lowercase hex and a newline instead of raw bytes.")
    var hex = false

    @Flag(help: "On completion, print one JSON line to stderr: type, seqLen, partsReceived, messageLength, frames.")
    var stats = false

    @Flag(help: "Show the progress bar on stderr even when stderr is not a terminal.")
    var progress = false

    @Option(help: "Read raw 8-bit grayscale frames of this size (e.g. 1280x720) from stdin.")
    var frames: String?

    @Option(help: "Read frames from a video file (through ffmpeg).")
    var video: String?

    @Option(help: "Read frames from a V4L2 camera such as /dev/video0 (through ffmpeg).")
    var camera: String?

    @Option(name: .customLong("size"), help: "Scale video or camera frames to this size (e.g. 1280x720).")
    var size: String?

    @Option(name: .customLong("budget-ms"), help: "Time budget per frame for the preprocessing ladder, in ms.")
    var budgetMilliseconds: Double = 50

    @Argument(help: "Image files or directories of frames.")
    var paths: [String] = []

    func validate() throws {
        guard !paths.isEmpty || frames != nil || video != nil || camera != nil else {
            throw ValidationError("Give image paths, --frames WxH (stdin), --video FILE or --camera DEVICE.")
        }
        guard budgetMilliseconds >= 0 else { throw ValidationError("--budget-ms must not be negative.") }
    }

    func run() throws {
        let showProgress = progress || isatty(STDERR_FILENO) == 1
        var receiver = AnimatedReceiver(scanner: QRScanner(ladder: QRScanner.cameraLadder,
            budget: budgetMilliseconds / 1000))
        var reported = Set<String>()
        var duplicates = 0
        let onEvent: (AnimatedReceiver.Event) -> Void = { event in
            switch event {
            case let .foreign(text, reason):
                // Each stray code is mentioned once, not once per frame it stays in view.
                if reported.insert(text).inserted {
                    Self.standardError(showProgress, "heliograph: skipped a QR code: \(reason)")
                }
            case .duplicate: duplicates += 1
            case let .corrupt(reason): Self.standardError(showProgress, "heliograph: \(reason)")
            case .accepted, .completed: break
            }
        }
        let onFrame: (AnimatedReceiver.Progress) -> Void = { state in
            if showProgress { Self.drawProgress(state) }
        }
        let onError: (OpticalError) -> Void = { error in
            Self.standardError(showProgress, "heliograph: \(error.description)")
        }
        do {
            let scaled = try size.map { text throws(OpticalError) in try FrameSize(parsing: text) }
            if !paths.isEmpty {
                var source = try ImageFileFrames(paths: paths)
                receiver.receive(from: &source, onEvent: onEvent, onFrame: onFrame, onError: onError)
            }
            if let video, !receiver.isComplete, receiver.failure == nil {
                var source = try VideoFrames(input: .file(video), size: scaled)
                receiver.receive(from: &source, onEvent: onEvent, onFrame: onFrame, onError: onError)
            }
            if let frames, !receiver.isComplete, receiver.failure == nil {
                var source = RawFrameStream(handle: .standardInput, size: try FrameSize(parsing: frames))
                receiver.receive(from: &source, onEvent: onEvent, onFrame: onFrame, onError: onError)
            }
            if let camera, !receiver.isComplete, receiver.failure == nil {
                var source = try VideoFrames(input: .camera(camera), size: scaled)
                receiver.receive(from: &source, onEvent: onEvent, onFrame: onFrame, onError: onError)
            }
        } catch {
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            Self.standardError(false, "heliograph: \(error.description)")
            throw ExitCode.failure
        }
        if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        let state = receiver.progress
        guard let ur = receiver.result else {
            if receiver.failure == nil {
                let incomplete = OpticalError.incompleteMessage(framesRead: state.frames,
                    partsReceived: state.partsReceived, percentComplete: state.percent)
                Self.standardError(false, "heliograph: \(incomplete.description)"
                    + (state.seqLen > 0 ? " (rank \(state.rank)/\(state.seqLen))" : ""))
            }
            throw ExitCode.failure
        }
        if hex {
            print(Base16.encode(ur.cbor))
        } else {
            try Console.writePayload(ur.cbor)
        }
        if stats {
            Self.standardError(false, "{\"type\":\(JSONText.string(ur.type)),\"seqLen\":\(state.seqLen),"
                + "\"partsReceived\":\(state.partsReceived),\"messageLength\":\(ur.cbor.count),"
                + "\"frames\":\(state.frames)}")
        }
    }

    /// One line on stderr; with a progress bar showing, the bar's line is cleared first.
    private static func standardError(_ clearLine: Bool, _ line: String) {
        let clear = clearLine ? "\r\u{1B}[K" : ""
        FileHandle.standardError.write(Data((clear + Console.escapedLines(line) + "\n").utf8))
    }

    private static func drawProgress(_ state: AnimatedReceiver.Progress) {
        let width = 30
        let filled = state.seqLen == 0 ? 0 : state.rank * width / state.seqLen
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = "\r\u{1B}[K[\(bar)] \(state.percent)% rank \(state.rank)/\(state.seqLen), "
            + "\(state.partsReceived) parts, \(state.frames) frames"
            + String(format: " (%.1f frames/s)", state.framesPerSecond)
        FileHandle.standardError.write(Data(line.utf8))
    }
}
