import ArgumentParser
import Optical

extension QRErrorCorrection: ExpressibleByArgument {}
extension TerminalStyle: ExpressibleByArgument {}

/// How QR frames are drawn and played, the same three flags on every command that shows or renders frames
/// (`send`, `qr render` and every ceremony step's output), checked by one validator.
struct FrameStyleOptions: ParsableArguments {
    @Option(help: "Error correction: L, M, Q or H.")
    var ecc: QRErrorCorrection = .low

    @Option(help: "Frames a second for the terminal, gif and html (0.1 ... 60).")
    var fps: Double = 8

    @Option(name: .customLong("terminal-style"), help: "Terminal characters: ansi, blocks, invertedBlocks or ascii.")
    var terminalStyle: TerminalStyle = .ansi

    @Option(
        name: .customLong("terminal-size"),
        help: "COLUMNSxROWS the animation must fit, e.g. 80x24 (default: the terminal's own size).")
    var terminalSize: TerminalSize?

    func validate() throws {
        do {
            try RenderOptions.checkFPS(fps)
        } catch {
            throw ValidationError(
                "--fps must be from \(RenderOptions.fpsRange.lowerBound) to \(RenderOptions.fpsRange.upperBound) "
                    + "frames a second, not \(fps).")
        }
    }
}
