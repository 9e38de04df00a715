import Foundation
import Optical

/// The size of the terminal the animation plays in: `--terminal-size` when given, else the tty's own size (ioctl
/// TIOCGWINSZ on stdout), else the COLUMNS and LINES environment variables, else 80 × 24.
enum TerminalWindow {
    static func size(override: TerminalSize?) -> TerminalSize {
        if let override { return override }
        var window = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0,
            let size = TerminalSize(columns: Int(window.ws_col), rows: Int(window.ws_row))
        {
            return size
        }
        let environment = ProcessInfo.processInfo.environment
        if let columns = environment["COLUMNS"].flatMap(Int.init), let rows = environment["LINES"].flatMap(Int.init),
            let size = TerminalSize(columns: columns, rows: rows)
        {
            return size
        }
        return .classic
    }
}
