/// The size of a terminal in character cells.
public struct TerminalSize: Sendable, Equatable, CustomStringConvertible {
    /// Characters a line holds.
    public let columns: Int
    /// Lines the screen holds.
    public let rows: Int

    /// A size of 1...10,000 columns and rows; nil outside that.
    public init?(columns: Int, rows: Int) {
        guard (1...10_000).contains(columns), (1...10_000).contains(rows) else { return nil }
        self.columns = columns
        self.rows = rows
    }

    /// `COLUMNSxROWS`, e.g. `80x24` (an `X` or `×` also separates); nil for anything else.
    public init?(parsing text: String) {
        let pieces = text.split(whereSeparator: { $0 == "x" || $0 == "X" || $0 == "×" })
        guard pieces.count == 2, let columns = Int(pieces[0]), let rows = Int(pieces[1]) else { return nil }
        self.init(columns: columns, rows: rows)
    }

    /// The VT100's 80 × 24, what a terminal of unknown size is taken to be.
    public static let classic = TerminalSize(unchecked: 80, 24)

    private init(unchecked columns: Int, _ rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    public var description: String { "\(columns)×\(rows)" }
}

/// How an animated code and the lines a person reads beside it (what is shown, a fingerprint to compare) share one
/// terminal screen: the densest frame profile, and the widest quiet zone, that let the code and every line fit
/// together, so nothing scrolls off while the frames play.
///
/// Versions are tried from the asked density's down to the smallest one that still carries a 10-byte fragment of
/// the type; for each, the standard's 4-module quiet zone, then 3, then `minimumMargin` (2). A receiver that
/// needs the full quiet zone still gets it whenever it fits; Heliograph's scanner reads 2 (TerminalLayoutTests
/// scans rendered screens). A larger version wins over a wider margin: it means fewer frames to wait for.
public struct TerminalLayout: Sendable {
    /// The line every player shows instead of a frame counter: receivers need only enough frames, not all.
    public static let keepShowing = "Keep showing until the other device says it is complete."

    /// The narrowest quiet zone a layout uses, in modules.
    public static let minimumMargin = 2

    /// The screen the layout is for.
    public let size: TerminalSize
    /// The frame profile (QR version, fragment length) of every frame.
    public let profile: FrameProfile
    /// Light modules around the code.
    public let margin: Int
    /// How the code is drawn.
    public let style: TerminalStyle
    /// Characters wide and lines tall the code takes.
    public let codeColumns: Int
    /// Lines the code takes.
    public let codeRows: Int
    /// Lines the text takes (a line wider than the screen counts as the lines it wraps to).
    public let textRows: Int

    /// The layout for frames of `type` under `lines` on a screen of `size`, at most `density`'s version. When
    /// nothing fits, the smallest code with the narrowest margin, and `fits` is false. Throws
    /// `OpticalError.invalidURType` for an invalid type and `typeTooLongForProfile` when even version 40 cannot
    /// carry a fragment of it.
    public init(
        type: String, size: TerminalSize, lines: [String], density: FrameDensity = .medium,
        ecc: QRErrorCorrection = .low, style: TerminalStyle = .ansi
    ) throws {
        self.size = size
        self.style = style
        textRows = lines.reduce(0) { $0 + max(1, (Self.visibleWidth($1) + size.columns - 1) / size.columns) }
        var smallest: FrameProfile?
        for version in stride(from: density.version, through: 1, by: -1) {
            guard let profile = try? FrameProfile(type: type, version: version, ecc: ecc) else { break }
            smallest = profile
            for margin in stride(from: QRCode.quietZone, through: Self.minimumMargin, by: -1) {
                let footprint = Self.footprint(version: version, margin: margin, style: style)
                if footprint.columns <= size.columns, footprint.rows + textRows <= size.rows {
                    self.profile = profile
                    self.margin = margin
                    (codeColumns, codeRows) = footprint
                    return
                }
            }
        }
        // Nothing fits: the smallest code that carries the type (a version above the density's when even that one
        // cannot), drawn anyway with a warning.
        let profile = try smallest ?? FrameProfile(type: type, density: density, ecc: ecc)
        self.profile = profile
        margin = Self.minimumMargin
        (codeColumns, codeRows) = Self.footprint(version: profile.version, margin: margin, style: style)
    }

    /// True when the code and the text fit the screen together.
    public var fits: Bool { codeColumns <= size.columns && codeRows + textRows <= size.rows }

    /// What to tell the person when the layout does not fit; nil when it does.
    public var warning: String? {
        guard !fits else { return nil }
        return "The code (\(codeColumns)×\(codeRows) characters) and \(textRows) line(s) of text do not fit this "
            + "\(size) terminal: enlarge the window or make the font smaller (or use --format png or html)."
    }

    /// Characters wide and lines tall a code of `version` takes with `margin`.
    public static func footprint(version: Int, margin: Int, style: TerminalStyle) -> (columns: Int, rows: Int) {
        let span = 4 * version + 17 + 2 * margin
        return style == .ascii ? (2 * span, span) : (span, (span + 1) / 2)
    }

    /// One screen: cursor home, the code, then `lines` (already escaped for the terminal), each clearing the
    /// rest of its line, and the rest of the screen cleared. No line feed after the last line, so a screen that
    /// fills the terminal exactly does not scroll it.
    public func screen(_ code: QRCode, lines: [String]) -> String {
        var text = "\u{1B}[H" + TerminalRenderer.render(code, style: style, margin: margin)
        for line in lines { text += line + "\u{1B}[K\n" }
        if text.hasSuffix("\n") { text.removeLast() }
        return text + "\u{1B}[K\u{1B}[J"
    }

    /// Characters a line takes on screen, escape sequences (ECMA-48 CSI) not counted.
    static func visibleWidth(_ line: String) -> Int {
        var width = 0
        var inEscape = false
        var afterEscape = false
        for scalar in line.unicodeScalars {
            if inEscape {
                if (0x40...0x7E).contains(scalar.value) { inEscape = false }
            } else if afterEscape {
                afterEscape = false
                inEscape = scalar == "["
            } else if scalar == "\u{1B}" {
                afterEscape = true
            } else {
                width += 1
            }
        }
        return width
    }
}
