import ArgumentParser
import Foundation
import Optical
import Sheets
import UniformResources

/// How a command shows the UR it produced: an animated QR in the terminal (the default; it plays until Enter
/// or Ctrl-C), frames as PNG/SVG files in a directory, one GIF, HTML player or PDF, or the UR text (`ur`).
struct ShowOutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case terminal, png, svg, gif, html, pdf, ur
    }

    @Option(help: "terminal, png, svg, gif, html, pdf or ur (UR text lines).")
    var format: Format = .terminal

    /// The name the flag had before `qr render` and the ceremony steps shared one vocabulary; kept for scripts.
    @Option(name: .customLong("out-format"), help: .hidden)
    var formatAlias: Format?

    @Option(help: "Output: a directory for png/svg frames, a file otherwise (ur: - or omitted for stdout).")
    var out: String?

    @Option(help: "Frame density: low (QR version 8), medium (12) or high (17).")
    var density: FrameDensity = .medium

    @Option(help: "Frames to write for file formats (default: one loop of the animation, 4 × the fragments).")
    var count: Int?

    @OptionGroup var frameStyle: FrameStyleOptions

    @OptionGroup var files: RenderFileOptions

    /// The format asked for, by either name of the flag.
    var chosenFormat: Format { formatAlias ?? format }

    func validate() throws {
        if let count, !(1...RenderJob.maximumFrames).contains(count) {
            throw ValidationError("--count must be within 1...\(RenderJob.maximumFrames).")
        }
        if formatAlias != nil, format != .terminal {
            throw ValidationError("Give --format once (--out-format is its old name).")
        }
        if chosenFormat != .terminal, chosenFormat != .ur, out == nil {
            throw ValidationError("--out PATH is required for --format \(chosenFormat.rawValue).")
        }
    }

    /// Shows a picture the person compares with a sheet (a LifeHash): drawn on a colour terminal, and with PNG output
    /// written beside the frames as `OUT.lifehash.png`, so that a device whose screen is its PNG output shows it too.
    func show(picture: RGBImage, caption: String) throws {
        Console.picture(picture, caption: caption)
        guard chosenFormat == .png, let out else { return }
        let path = out + ".lifehash.png"
        try Data(try picture.scaled(moduleSize: 8).pngData()).write(to: URL(fileURLWithPath: path), options: .atomic)
        Console.say("Wrote the LifeHash beside the frames: \(path).")
    }

    /// Shows `ur`; `what` names it for the person ("your contribution"). `lines` are what the person must read or
    /// compare while the frames play (a fingerprint): the terminal keeps them on screen under the code, picking a
    /// frame density that lets both fit (`TerminalLayout`). Files hold one loop of the animation unless `--count`.
    func show(_ ur: UR, what: String, lines: [String] = []) throws {
        let format = chosenFormat
        if format == .terminal {
            guard isatty(STDOUT_FILENO) == 1 else {
                // Not a terminal: a script reads the UR text instead of an animation.
                FileHandle.standardOutput.write(Data((ur.string + "\n").utf8))
                return
            }
            try play(ur, what: what, lines: lines)
            return
        }
        var sequence = try FrameSequence(ur: ur, density: density, ecc: frameStyle.ecc)
        let count = count ?? sequence.period
        switch format {
        case .ur, .terminal:
            var parts: [String] = []
            for _ in 0..<count { parts.append(try sequence.next().part) }
            let text = (sequence.seqLen == 1 ? ur.string : parts.joined(separator: "\n")) + "\n"
            if let out, out != "-" {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
                Console.say("Wrote \(what) (\(ur.type), \(ur.cbor.count) bytes) as UR text to \(out).")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        case .png, .svg, .gif, .html, .pdf:
            var codes: [QRCode] = []
            for _ in 0..<count { codes.append(try sequence.next().code) }
            var options = try files.renderOptions(RenderFormat(rawValue: format.rawValue) ?? .png, style: frameStyle)
            options.caption = PlayerCaption(type: ur.type, bytes: ur.cbor.count)
            let rendered = try RenderJob.render(codes, options: options)
            let target = out ?? "."
            if format == .png || format == .svg {
                try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                for file in rendered {
                    try Data(file.bytes).write(to: URL(fileURLWithPath: target).appendingPathComponent(file.name))
                }
            } else if let file = rendered.first {
                try Data(file.bytes).write(to: URL(fileURLWithPath: target), options: .atomic)
            }
            Console.say(
                "Wrote \(what) (\(ur.type), \(ur.cbor.count) bytes) as \(codes.count) QR frame(s), version "
                    + "\(codes[0].version), \(format.rawValue) -> \(target). A receiver needs only some of the frames: "
                    + "loop them until it says it is complete.")
        }
    }

    /// Loops the frames in place, with `lines` and what is being shown under the code, until the person presses
    /// Enter (or Ctrl-C).
    private func play(_ ur: UR, what: String, lines: [String]) throws {
        let text = lines.map(Console.escapedLines) + [
            Console.escapedLines("Showing \(what): \(ur.type), \(ur.cbor.count) bytes."),
            TerminalLayout.keepShowing + " Then press Enter.",
        ]
        let layout = try TerminalLayout(
            type: ur.type, size: TerminalWindow.size(override: frameStyle.terminalSize), lines: text,
            density: density, ecc: frameStyle.ecc, style: frameStyle.terminalStyle)
        if let warning = layout.warning {
            Console.note(warning)
            // Give the person a moment to read the warning before the frames cover it.
            TerminalSession.sleep(fps: 0.5)
        }
        var sequence = try FrameSequence(ur: ur, profile: layout.profile)
        let out = FileHandle.standardOutput
        TerminalSession.install()
        defer { TerminalSession.finish() }
        out.write(Data(TerminalAnimation.start.utf8))
        while true {
            let (_, code) = try sequence.next()
            out.write(Data(layout.screen(code, lines: text).utf8))
            var input = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            if poll(&input, 1, Int32(1000 / frameStyle.fps)) > 0 {
                _ = readLine()
                return
            }
        }
    }
}
