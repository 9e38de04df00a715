import ArgumentParser
import Foundation
import Optical
import UniformResources

extension FrameDensity: ExpressibleByArgument {}

extension TerminalSize: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

/// `heliograph send`: plays a payload as an endless animated QR (fountain parts) in the terminal.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Show a payload as an endless animated QR code in the terminal until Ctrl-C.",
        discussion: """
            stdin holds the UR's CBOR payload (raw bytes, or hex text with --hex). Frames are fountain parts \
            (BCR-2020-005): the first seqLen carry one fragment each, the ones after mix them, so a receiver can \
            join at any time. Every frame has the same QR version: low 8, medium 12, high 17.
            """
    )

    @Option(help: "UR type, e.g. bytes or crypto-psbt.")
    var type: String

    @Option(help: "Frame density: low (QR version 8), medium (12) or high (17).")
    var density: FrameDensity = .medium

    @Flag(help: "stdin is hexadecimal text rather than raw bytes.")
    var hex = false

    @Option(help: "Stop after this many frames (default: run until interrupted).")
    var count: Int?

    @OptionGroup var frameStyle: FrameStyleOptions

    static let maximumPayload = 16 << 20

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1.") }
    }

    func run() throws {
        let input = [UInt8](FileHandle.standardInput.readData(ofLength: Self.maximumPayload + 1))
        guard input.count <= Self.maximumPayload else {
            throw ValidationError("The payload is over \(Self.maximumPayload) bytes.")
        }
        let payload: [UInt8]
        if hex {
            let text = String(decoding: input, as: UTF8.self).filter { !$0.isWhitespace }
            guard let bytes = Base16.decode(text) else { throw ValidationError("stdin is not hexadecimal.") }
            payload = bytes
        } else {
            payload = input
        }
        guard !payload.isEmpty else { throw ValidationError("The payload is empty.") }
        let ur = try UR(type: type, cbor: payload)
        let status = [
            "Sending \(type), \(payload.count) bytes.",
            TerminalLayout.keepShowing + " Ctrl-C stops.",
        ]
        let layout = try TerminalLayout(
            type: type, size: TerminalWindow.size(override: frameStyle.terminalSize), lines: status,
            density: density, ecc: frameStyle.ecc, style: frameStyle.terminalStyle)
        if let warning = layout.warning { Console.note(warning) }
        var frames = try FrameSequence(ur: ur, profile: layout.profile)
        let out = FileHandle.standardOutput
        TerminalSession.install()
        defer { TerminalSession.finish() }
        out.write(Data(TerminalAnimation.start.utf8))
        var shown = 0
        while count.map({ shown < $0 }) ?? true {
            let (_, code) = try frames.next()
            out.write(Data(layout.screen(code, lines: status).utf8))
            shown += 1
            if count.map({ shown < $0 }) ?? true { TerminalSession.sleep(fps: frameStyle.fps) }
        }
    }
}

/// The terminal around an animation: Ctrl-C (SIGINT) or SIGTERM restore the cursor before the process ends.
enum TerminalSession {
    static func install() {
        // A C signal handler may capture nothing and may only call async-signal-safe functions: write and _exit.
        let handler: @convention(c) (Int32) -> Void = { signal in
            let restore: StaticString = "\u{1B}[0m\u{1B}[?25h\n"
            _ = write(STDOUT_FILENO, restore.utf8Start, restore.utf8CodeUnitCount)
            _exit(128 + signal)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
    }

    static func finish() {
        FileHandle.standardOutput.write(Data(TerminalAnimation.finish.utf8))
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    static func sleep(fps: Double) {
        let nanoseconds = UInt64((1_000_000_000 / fps).rounded())
        var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }
}
