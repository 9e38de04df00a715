import ArgumentParser
import Foundation
import Optical

extension RenderFormat: ExpressibleByArgument {}

/// `heliograph qr render`: one QR frame per line of stdin, in any of six formats.
struct QRRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render each line of stdin (a UR) as one QR frame.",
        discussion: """
            Every frame gets the QR version the longest line needs, so an animation never changes grid. URs are \
            uppercased for QR alphanumeric mode.
            png, svg: --out is a directory receiving frame-0001.png, frame-0002.png, ...; with exactly one line \
            --out is that one file.
            pdf: one file, a numbered grid of codes on A4 or Letter pages (--pdf-layout pages: one frame a page).
            gif, html: one file (animated GIF looping forever; offline HTML player).
            terminal: --out - (the default) prints to stdout, one frame after another redrawn in place at --fps.
            """
    )

    @Option(help: "png, svg, pdf, gif, html or terminal.")
    var format: RenderFormat

    @Option(help: "Output file or directory; - for stdout (terminal only).")
    var out: String = "-"

    @OptionGroup var frameStyle: FrameStyleOptions

    @OptionGroup var files: RenderFileOptions

    static let maximumInput = 512 << 20

    func validate() throws {
        if format != .terminal, out == "-" { throw ValidationError("--out PATH is required for \(format.rawValue).") }
    }

    func run() throws {
        let options = try files.renderOptions(format, style: frameStyle)
        // Bounded before decoding: RenderJob's 100 000 frames of a version 40 code are under this.
        let input = FileHandle.standardInput.readData(ofLength: Self.maximumInput + 1)
        guard input.count <= Self.maximumInput else {
            throw ValidationError("stdin is over \(Self.maximumInput) bytes.")
        }
        let lines = String(decoding: input, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        let codes = try RenderJob.codes(lines: lines, ecc: options.ecc)
        if format == .terminal {
            try playTerminal(codes, options: options)
            return
        }
        let files = try RenderJob.render(codes, options: options)
        let manager = FileManager.default
        if files.count == 1, format == .png || format == .svg || files[0].name.hasPrefix("frames.") {
            try Data(files[0].bytes).write(to: URL(fileURLWithPath: out))
        } else {
            try manager.createDirectory(atPath: out, withIntermediateDirectories: true)
            for file in files {
                try Data(file.bytes).write(to: URL(fileURLWithPath: out).appendingPathComponent(file.name))
            }
        }
        let version = codes[0].version
        FileHandle.standardError.write(Data(
            "\(codes.count) frame(s), QR version \(version)-\(options.ecc.rawValue), \(format.rawValue) -> \(out)\n"
                .utf8))
    }

    /// One frame: printed as is. Several: redrawn in place at --fps, once through.
    private func playTerminal(_ codes: [QRCode], options: RenderOptions) throws {
        let handle: FileHandle
        if out == "-" {
            handle = FileHandle.standardOutput
        } else {
            guard FileManager.default.createFile(atPath: out, contents: nil),
                let file = FileHandle(forWritingAtPath: out)
            else {
                throw ValidationError("Cannot write \(out).")
            }
            handle = file
        }
        if codes.count == 1 {
            let frame = TerminalRenderer.render(codes[0], style: options.terminalStyle, margin: options.style.margin)
            handle.write(Data(frame.utf8))
            return
        }
        TerminalSession.install()
        defer { TerminalSession.finish() }
        handle.write(Data(TerminalAnimation.start.utf8))
        for (index, code) in codes.enumerated() {
            let frame = TerminalAnimation.frame(code, style: options.terminalStyle, margin: options.style.margin)
            handle.write(Data((frame + "frame \(index + 1) / \(codes.count)\u{1B}[K\n").utf8))
            if index + 1 < codes.count { TerminalSession.sleep(fps: options.fps) }
        }
    }
}
