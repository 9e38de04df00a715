/// How a QR symbol is drawn in a terminal.
public enum TerminalStyle: String, Sendable, CaseIterable {
    /// Half blocks (one character = one module wide, two modules tall) in black on an explicit white background
    /// (ECMA-48 SGR 30/47, then 107 bright white where known), so it scans on dark and light themes alike.
    case ansi
    /// Half blocks with no escape sequences, ink for dark modules: for light-background terminals and paper.
    case blocks
    /// Half blocks with no escape sequences, ink for LIGHT modules: for the usual light-on-dark tty.
    case invertedBlocks
    /// Pure ASCII, `##` for a dark module and two spaces for a light one, a line per module row: any terminal.
    case ascii
}

/// Draws QR symbols as text for a terminal, quiet zone included.
public enum TerminalRenderer {
    static let upper = "\u{2580}"  // ▀
    static let lower = "\u{2584}"  // ▄
    static let full = "\u{2588}"  // █
    static let escape = "\u{1B}["

    /// The symbol as lines of text ending in "\n", `margin` light modules around it.
    public static func render(_ code: QRCode, style: TerminalStyle = .ansi, margin: Int = QRCode.quietZone) -> String {
        let margin = max(0, min(margin, 100))
        let span = code.size + 2 * margin
        func dark(_ x: Int, _ y: Int) -> Bool { code[x - margin, y - margin] }
        var out = ""
        out.reserveCapacity(span * span * 2)
        if style == .ascii {
            for y in 0..<span {
                for x in 0..<span { out += dark(x, y) ? "##" : "  " }
                out += "\n"
            }
            return out
        }
        let inkIsDark = style != .invertedBlocks
        for y in stride(from: 0, to: span, by: 2) {
            if style == .ansi { out += escape + "30;47;107m" }
            for x in 0..<span {
                // Beyond the last row is light, like the quiet zone.
                let top = dark(x, y) == inkIsDark
                let bottom = (y + 1 < span ? dark(x, y + 1) : false) == inkIsDark
                out += top ? (bottom ? full : upper) : (bottom ? lower : " ")
            }
            if style == .ansi { out += escape + "0m" }
            out += "\n"
        }
        return out
    }

    /// Reads a rendering back into modules (row-major, `true` dark), margin included: how the tests prove that
    /// what reaches the terminal is the symbol. Returns the rows; nil for a character that is not part of `style`.
    public static func parse(_ text: String, style: TerminalStyle) -> [[Bool]]? {
        var rows: [[Bool]] = []
        let inkIsDark = style != .invertedBlocks
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) where !rawLine.isEmpty {
            var line = String(rawLine)
            if style == .ansi {
                line = line.replacingAll(escape + "30;47;107m", with: "").replacingAll(escape + "0m", with: "")
            }
            if style == .ascii {
                let characters = Array(line)
                guard characters.count % 2 == 0 else { return nil }
                var row: [Bool] = []
                for pair in stride(from: 0, to: characters.count, by: 2) {
                    switch (characters[pair], characters[pair + 1]) {
                    case ("#", "#"): row.append(true)
                    case (" ", " "): row.append(false)
                    default: return nil
                    }
                }
                rows.append(row)
                continue
            }
            var top: [Bool] = []
            var bottom: [Bool] = []
            for character in line {
                let ink: (Bool, Bool)
                switch String(character) {
                case full: ink = (true, true)
                case upper: ink = (true, false)
                case lower: ink = (false, true)
                case " ": ink = (false, false)
                default: return nil
                }
                top.append(ink.0 == inkIsDark)
                bottom.append(ink.1 == inkIsDark)
            }
            rows.append(top)
            rows.append(bottom)
        }
        return rows
    }
}

/// Text that plays QR frames in place in a terminal (ECMA-48): hide the cursor and clear once, then put each
/// frame at the top-left corner so it overwrites the previous one instead of scrolling.
public enum TerminalAnimation {
    /// Sent once before the first frame: hide the cursor (DECTCEM), clear the screen.
    public static let start = "\u{1B}[?25l\u{1B}[2J"
    /// Sent after the last frame or on interruption: reset attributes and show the cursor again.
    public static let finish = "\u{1B}[0m\u{1B}[?25h\n"

    /// One frame: cursor home (CUP), then the symbol.
    public static func frame(_ code: QRCode, style: TerminalStyle = .ansi, margin: Int = QRCode.quietZone) -> String {
        "\u{1B}[H" + TerminalRenderer.render(code, style: style, margin: margin)
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
