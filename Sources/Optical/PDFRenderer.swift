import CCairo

/// Paper for grid pages, in PostScript points (1/72 inch).
public enum PaperSize: String, Sendable, CaseIterable {
    /// ISO 216 A4, 210 x 297 mm.
    case a4
    /// ANSI US Letter, 8.5 x 11 in.
    case letter

    /// Width and height in points.
    public var points: (width: Double, height: Double) {
        switch self {
        case .a4: return (595.2756, 841.8898)
        case .letter: return (612, 792)
        }
    }
}

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

/// PDF documents of QR symbols drawn as vectors with cairo's PDF surface (ISO 32000 via cairo 1.16).
public enum PDFRenderer {
    static let pageMargin = 36.0  // half an inch, inside every printer's unprintable border
    static let gap = 14.0
    static let labelHeight = 14.0
    static let labelFontSize = 10.0
    /// Smallest module printed in a grid, about 0.53 mm: phone cameras resolve it at reading distance.
    public static let minimumModuleSide = 1.5

    /// One frame per page, each page exactly the symbol with its margin at `style.moduleSize` points a module.
    public static func pages(_ frames: [QRCode], style: QRRenderStyle = .standard) throws -> [UInt8] {
        guard let first = frames.first else { throw OpticalError.noFrames }
        let firstSide = Double(style.side(for: first.size))
        return try withPDF(width: firstSide, height: firstSide) { surface, cr in
            for (index, code) in frames.enumerated() {
                let side = Double(style.side(for: code.size))
                if index > 0 { cairo_pdf_surface_set_size(surface, side, side) }
                draw(code, cr, x: 0, y: 0, moduleSide: Double(style.moduleSize), margin: style.margin)
                cairo_show_page(cr)
            }
        }
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
        let (width, height) = paper.points
        return try withPDF(width: width, height: height) { _, cr in
            cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
            cairo_set_font_size(cr, labelFontSize)
            for (index, code) in frames.enumerated() {
                let slot = index % layout.perPage
                if slot == 0, index > 0 { cairo_show_page(cr) }
                let (x, y) = layout.codeOrigin(slot: slot)
                // A smaller symbol keeps the module size and is centred in its cell.
                let offset = Double(largest - code.size) / 2 * layout.moduleSide
                draw(code, cr, x: x + offset, y: y + offset, moduleSide: layout.moduleSide, margin: margin)
                let label = "\(index + 1) / \(frames.count)"
                var extents = cairo_text_extents_t()
                cairo_text_extents(cr, label, &extents)
                cairo_set_source_rgb(cr, 0, 0, 0)
                cairo_move_to(cr, x + (layout.codeSide - extents.width) / 2 - extents.x_bearing,
                    y + layout.codeSide + labelHeight - 3)
                cairo_show_text(cr, label)
            }
            cairo_show_page(cr)
        }
    }

    private static func draw(
        _ code: QRCode, _ cr: OpaquePointer, x: Double, y: Double, moduleSide: Double, margin: Int
    ) {
        let side = Double(code.size + 2 * margin) * moduleSide
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_rectangle(cr, x, y, side, side)
        cairo_fill(cr)
        cairo_set_source_rgb(cr, 0, 0, 0)
        let origin = Double(margin) * moduleSide
        for run in code.darkRuns {
            cairo_rectangle(cr, x + origin + Double(run.x) * moduleSide, y + origin + Double(run.y) * moduleSide,
                Double(run.length) * moduleSide, moduleSide)
        }
        cairo_fill(cr)
    }

    /// Runs `body` on a PDF surface that writes into memory, then returns the bytes or cairo's error.
    private static func withPDF(
        width: Double, height: Double, _ body: (OpaquePointer, OpaquePointer) throws -> Void
    ) throws -> [UInt8] {
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let context = Unmanaged.passRetained(sink)
        defer { context.release() }
        let write: cairo_write_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }
        guard let surface = cairo_pdf_surface_create_for_stream(write, context.toOpaque(), width, height) else {
            throw OpticalError.codecFailure(format: "PDF", message: "no surface")
        }
        guard let cr = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw OpticalError.codecFailure(format: "PDF", message: "no context")
        }
        do {
            try body(surface, cr)
        } catch {
            cairo_destroy(cr)
            cairo_surface_destroy(surface)
            throw error
        }
        let drawStatus = cairo_status(cr)
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        let surfaceStatus = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        for status in [drawStatus, surfaceStatus] where status != CAIRO_STATUS_SUCCESS {
            throw OpticalError.codecFailure(format: "PDF", message: String(cString: cairo_status_to_string(status)))
        }
        return sink.bytes
    }
}
