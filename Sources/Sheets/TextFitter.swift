import Optical

/// Text fitted to a width: the lines, and the size they are set at.
struct FittedText: Sendable, Equatable {
    var lines: [String]
    var font: PDFFont
    var size: Double
    /// Distance from a line's top to its baseline.
    var ascent: Double
    /// Distance between baselines.
    var lineHeight: Double

    var height: Double { Double(lines.count) * lineHeight }

    /// The lines as runs whose first line's top is at `top`.
    func runs(x: Double, top: Double, width: Double, ink: PDFInk = .black) -> [SheetTextRun] {
        lines.enumerated().map { index, line in
            SheetTextRun(
                text: line, font: font, size: size, ink: ink, x: x,
                baseline: top + ascent + Double(index) * lineHeight, boxWidth: width)
        }
    }
}

/// Breaks text into lines no wider than a box, measuring with cairo.
///
/// Words wrap at spaces; a word wider than the box first makes the font shrink (down to a minimum size), and
/// if it is still too wide it is broken between characters. So no line is ever wider than its box.
struct TextFitter {
    let canvas: PDFCanvas

    /// Fits `text` into `width`, starting at `size` and shrinking towards `minimumSize` while any word is too wide
    /// or there are more than `maxLines` lines. With `truncating`, text still over `maxLines` lines at the minimum
    /// size is cut, its last kept line ending in an ellipsis (for labels in boxes of fixed height).
    func fit(
        _ text: String, font: PDFFont, size: Double, minimumSize: Double? = nil, width: Double, maxLines: Int? = nil,
        truncating: Bool = false
    ) -> FittedText {
        let floor = min(minimumSize ?? size, size)
        var current = size
        while true {
            let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
            let widest = words.map { canvas.width(of: $0, font: font, size: current) }.max() ?? 0
            let lines = wrap(text, font: font, size: current, width: width)
            let fits = widest <= width && (maxLines.map { lines.count <= $0 } ?? true)
            if fits || current <= floor {
                var kept = lines
                if truncating, let maxLines, maxLines > 0, lines.count > maxLines {
                    kept = Array(lines.prefix(maxLines))
                    let rest = lines[(maxLines - 1)...].joined(separator: " ")
                    kept[maxLines - 1] = truncated(rest, font: font, size: current, width: width)
                }
                let metrics = canvas.lineMetrics(font: font, size: current)
                return FittedText(
                    lines: kept, font: font, size: current, ascent: metrics.ascent,
                    lineHeight: max(metrics.ascent + metrics.descent, current * 1.2))
            }
            current = max(floor, current - 0.5)
        }
    }

    /// Greedy word wrap; explicit newlines start new lines and over-wide words are broken by character.
    func wrap(_ text: String, font: PDFFont, size: Double, width: Double) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            for word in paragraph.split(separator: " ").map(String.init) {
                let candidate = current.isEmpty ? word : current + " " + word
                if canvas.width(of: candidate, font: font, size: size) <= width {
                    current = candidate
                    continue
                }
                if !current.isEmpty { lines.append(current) }
                current = ""
                for piece in breakWord(word, font: font, size: size, width: width) {
                    if !current.isEmpty { lines.append(current) }
                    current = piece
                }
            }
            lines.append(current)
        }
        return lines
    }

    /// The longest prefix of `text` that fits `width` with an ellipsis after it (found by bisection, since a
    /// prefix's width grows with its length).
    func truncated(_ text: String, font: PDFFont, size: Double, width: Double) -> String {
        let characters = Array(text)
        func candidate(_ count: Int) -> String { String(characters.prefix(count)) + "…" }
        var low = 0
        var high = characters.count
        while low < high {
            let middle = (low + high + 1) / 2
            if canvas.width(of: candidate(middle), font: font, size: size) <= width {
                low = middle
            } else {
                high = middle - 1
            }
        }
        let best = candidate(low)
        return canvas.width(of: best, font: font, size: size) <= width ? best : ""
    }

    /// A word split into the longest pieces that fit, at least one character each.
    private func breakWord(_ word: String, font: PDFFont, size: Double, width: Double) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in word {
            let candidate = current + String(character)
            if !current.isEmpty && canvas.width(of: candidate, font: font, size: size) > width {
                pieces.append(current)
                current = String(character)
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
