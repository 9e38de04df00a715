/// How the grid layout places codes on a page; computed by `PDFRenderer.gridLayout`.
public struct PDFGridLayout: Sendable, Equatable {
    /// Codes across and down a page.
    public let columns: Int
    /// Codes down a page.
    public let rows: Int
    /// Side of one code, quiet zone included, in points.
    public let codeSide: Double
    /// Points per module.
    public let moduleSide: Double
    /// Left edge of the first column and top of the first row, in points from the page's top-left corner.
    public let left: Double
    /// Top of the first row, in points from the page's top edge.
    public let top: Double
    /// Horizontal and vertical distance from one code's corner to the next one's, in points.
    public let columnPitch: Double
    /// Vertical distance from one code's corner to the one below it, in points.
    public let rowPitch: Double

    /// Codes on one page.
    public var perPage: Int { columns * rows }

    /// Top-left corner, in points, of the code in `slot` (0-based, across then down) of its page: where a reader
    /// of a scanned sheet can crop each code.
    public func codeOrigin(slot: Int) -> (x: Double, y: Double) {
        (left + Double(slot % columns) * columnPitch, top + Double(slot / columns) * rowPitch)
    }
}

/// PDF documents of QR symbols drawn as vectors on a `PDFCanvas` (cairo's PDF surface, ISO 32000).
public enum PDFRenderer {
    static let pageMargin = 36.0  // half an inch, inside every printer's unprintable border
    static let gap = 14.0
    static let labelHeight = 14.0
    static let labelFontSize = 10.0
    static let labelFont = PDFFont(family: "sans-serif")
    /// Smallest module printed in a grid, about 0.53 mm: phone cameras resolve it at reading distance.
    public static let minimumModuleSide = 1.5

    /// One frame per page, each page exactly the symbol with its margin at `style.moduleSize` points a module.
    public static func pages(_ frames: [QRCode], style: QRRenderStyle = .standard) throws -> [UInt8] {
        guard let first = frames.first else { throw OpticalError.noFrames }
        let firstSide = Double(style.side(for: first.size))
        let canvas = try PDFCanvas(width: firstSide, height: firstSide)
        for (index, code) in frames.enumerated() {
            let side = Double(style.side(for: code.size))
            if index > 0 { canvas.setPageSize(width: side, height: side) }
            draw(code, on: canvas, x: 0, y: 0, moduleSide: Double(style.moduleSize), margin: style.margin)
            canvas.endPage()
        }
        return try canvas.finish()
    }

    /// The grid layout for symbols of `size` modules on `paper`: `columns` across when given, else as many as keep
    /// a module at least `minimumModuleSide` points (at most 6, at least 1).
    public static func gridLayout(
        size: Int, paper: PaperSize, columns: Int? = nil, margin: Int = QRCode.quietZone
    ) throws -> PDFGridLayout {
        let span = Double(size + 2 * margin)
        let usableWidth = paper.points.width - 2 * pageMargin
        let usableHeight = paper.points.height - 2 * pageMargin
        func side(_ columns: Int) -> Double { (usableWidth - Double(columns - 1) * gap) / Double(columns) }
        let chosen: Int
        if let columns {
            guard (1...20).contains(columns) else {
                throw OpticalError.invalidRenderParameter(name: "columns", value: String(columns))
            }
            chosen = columns
        } else {
            chosen = (1...6).last { side($0) / span >= minimumModuleSide } ?? 1
        }
        let codeSide = min(side(chosen), usableHeight - labelHeight)
        let rows = max(1, Int((usableHeight + gap) / (codeSide + labelHeight + gap)))
        let usedWidth = Double(chosen) * codeSide + Double(chosen - 1) * gap
        return PDFGridLayout(columns: chosen, rows: rows, codeSide: codeSide, moduleSide: codeSide / span,
            left: pageMargin + (usableWidth - usedWidth) / 2, top: pageMargin, columnPitch: codeSide + gap,
            rowPitch: codeSide + labelHeight + gap)
    }

    /// All frames on `paper` pages in a numbered grid, label "n / N" under code n of N, in order across then
    /// down. Every code is a complete part, so they scan back in any order. A phone scans them one at a time; a
    /// scanner reading a whole sheet should crop each code with `PDFGridLayout.codeOrigin` (zbar misses the odd code
    /// among thirty on one page, but never a cropped one in our tests).
    public static func grid(
        _ frames: [QRCode], paper: PaperSize = .a4, columns: Int? = nil, margin: Int = QRCode.quietZone
    ) throws -> [UInt8] {
        guard let largest = frames.map(\.size).max() else { throw OpticalError.noFrames }
        let layout = try gridLayout(size: largest, paper: paper, columns: columns, margin: margin)
        let canvas = try PDFCanvas(width: paper.points.width, height: paper.points.height)
        for (index, code) in frames.enumerated() {
            let slot = index % layout.perPage
            if slot == 0, index > 0 { canvas.endPage() }
            let (x, y) = layout.codeOrigin(slot: slot)
            // A smaller symbol keeps the module size and is centred in its cell.
            let offset = Double(largest - code.size) / 2 * layout.moduleSide
            draw(code, on: canvas, x: x + offset, y: y + offset, moduleSide: layout.moduleSide, margin: margin)
            let label = "\(index + 1) / \(frames.count)"
            let ink = canvas.inkExtent(of: label, font: labelFont, size: labelFontSize)
            canvas.drawText(label, x: x + (layout.codeSide - ink.width) / 2 - ink.bearing,
                baseline: y + layout.codeSide + labelHeight - 3, font: labelFont, size: labelFontSize)
        }
        canvas.endPage()
        return try canvas.finish()
    }

    private static func draw(
        _ code: QRCode, on canvas: PDFCanvas, x: Double, y: Double, moduleSide: Double, margin: Int
    ) {
        let side = Double(code.size + 2 * margin) * moduleSide
        canvas.fill(rects: [(x, y, side, side)], ink: .white)
        let origin = Double(margin) * moduleSide
        canvas.fill(
            rects: code.darkRuns.map { run in
                (x + origin + Double(run.x) * moduleSide, y + origin + Double(run.y) * moduleSide,
                    Double(run.length) * moduleSide, moduleSide)
            }, ink: .black)
    }
}
