import CCairo

/// A typeface for cairo's toy font API: a fontconfig family name (fontconfig falls back to a sans when it is
/// missing) and a weight.
package struct PDFFont: Sendable, Equatable {
    /// The fontconfig family, e.g. "DejaVu Sans".
    package var family: String
    /// Bold weight rather than normal.
    package var isBold: Bool

    /// A face of `family`, bold or normal.
    package init(family: String, isBold: Bool = false) {
        self.family = family
        self.isBold = isBold
    }
}

/// A gray level or colour for drawing, components in [0, 1].
package struct PDFInk: Sendable, Equatable {
    package var r: Double
    package var g: Double
    package var b: Double

    /// A colour from its red, green and blue components in [0, 1].
    package init(r: Double, g: Double, b: Double) {
        self.r = r
        self.g = g
        self.b = b
    }

    package static let black = PDFInk(r: 0, g: 0, b: 0)
    package static let white = PDFInk(r: 1, g: 1, b: 1)
}

/// The one place cairo is called: a PDF surface writing into memory (or nowhere, for measuring) and its context,
/// with text measurement and the few drawing operations QR grids and ceremony sheets need.
///
/// A class because it owns two C objects, released in `deinit`; it is used by one thread at a time and never
/// leaves the package.
package final class PDFCanvas {
    /// Collects what cairo writes; a class so that the C callback can reach it through an opaque pointer.
    private final class Sink {
        var bytes: [UInt8] = []
    }

    private let sink = Sink()
    private let surface: OpaquePointer
    private let context: OpaquePointer

    /// A PDF document whose first page is `width` x `height` points. With `measuringOnly` the surface writes
    /// nothing: it is for measuring text. Throws `.codecFailure` when cairo cannot make the surface.
    package init(width: Double, height: Double, measuringOnly: Bool = false) throws(OpticalError) {
        let write: cairo_write_func_t? = measuringOnly ? nil : { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }
        // The sink lives as long as the canvas, which outlives the surface.
        let closure = measuringOnly ? nil : Unmanaged.passUnretained(sink).toOpaque()
        guard let surface = cairo_pdf_surface_create_for_stream(write, closure, width, height) else {
            throw .codecFailure(format: "PDF", message: "cairo made no surface")
        }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            let reason = String(cString: cairo_status_to_string(cairo_surface_status(surface)))
            cairo_surface_destroy(surface)
            throw .codecFailure(format: "PDF", message: reason)
        }
        self.surface = surface
        self.context = context
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Sets the size of the current page (call before drawing on it).
    package func setPageSize(width: Double, height: Double) {
        cairo_pdf_surface_set_size(surface, width, height)
    }

    private func select(_ font: PDFFont, size: Double) {
        let weight = font.isBold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL
        cairo_select_font_face(context, font.family, CAIRO_FONT_SLANT_NORMAL, weight)
        cairo_set_font_size(context, size)
    }

    /// How far the text reaches to the right of its origin: the larger of its advance and its ink.
    package func width(of text: String, font: PDFFont, size: Double) -> Double {
        let extents = textExtents(text, font: font, size: size)
        return max(extents.x_advance, extents.x_bearing + extents.width) - min(0, extents.x_bearing)
    }

    /// The ink's left bearing and width, to centre a label on its ink.
    package func inkExtent(of text: String, font: PDFFont, size: Double) -> (bearing: Double, width: Double) {
        let extents = textExtents(text, font: font, size: size)
        return (extents.x_bearing, extents.width)
    }

    private func textExtents(_ text: String, font: PDFFont, size: Double) -> cairo_text_extents_t {
        select(font, size: size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents
    }

    /// The font's ascent and descent at a size: the vertical room a line needs.
    package func lineMetrics(font: PDFFont, size: Double) -> (ascent: Double, descent: Double) {
        select(font, size: size)
        var extents = cairo_font_extents_t()
        cairo_font_extents(context, &extents)
        return (extents.ascent, extents.descent)
    }

    /// Draws one line of text with its origin at `x` on the `baseline`.
    package func drawText(
        _ text: String, x: Double, baseline: Double, font: PDFFont, size: Double, ink: PDFInk = .black
    ) {
        select(font, size: size)
        setInk(ink)
        cairo_move_to(context, x, baseline)
        cairo_show_text(context, text)
    }

    /// Fills rectangles as ONE path, so that touching rectangles (QR modules) leave no antialiased seams.
    package func fill(rects: [(x: Double, y: Double, width: Double, height: Double)], ink: PDFInk) {
        guard !rects.isEmpty else { return }
        setInk(ink)
        cairo_new_path(context)
        for rect in rects { cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height) }
        cairo_set_fill_rule(context, CAIRO_FILL_RULE_WINDING)
        cairo_fill(context)
    }

    /// Outlines a rectangle.
    package func strokeRect(
        x: Double, y: Double, width: Double, height: Double, lineWidth: Double, ink: PDFInk = .black
    ) {
        setInk(ink)
        cairo_set_line_width(context, lineWidth)
        cairo_rectangle(context, x, y, width, height)
        cairo_stroke(context)
    }

    /// Draws a straight line.
    package func line(from start: (x: Double, y: Double), to end: (x: Double, y: Double), width: Double, ink: PDFInk) {
        setInk(ink)
        cairo_set_line_width(context, width)
        cairo_move_to(context, start.x, start.y)
        cairo_line_to(context, end.x, end.y)
        cairo_stroke(context)
    }

    /// Ends the current page; drawing continues on a new one.
    package func endPage() { cairo_show_page(context) }

    /// Finishes the document and returns its bytes; throws `.codecFailure` with any error cairo met while drawing
    /// or writing. The canvas takes no more drawing afterwards.
    package func finish() throws(OpticalError) -> [UInt8] {
        let drawStatus = cairo_status(context)
        cairo_surface_finish(surface)
        let surfaceStatus = cairo_surface_status(surface)
        for status in [drawStatus, surfaceStatus] where status != CAIRO_STATUS_SUCCESS {
            throw .codecFailure(format: "PDF", message: String(cString: cairo_status_to_string(status)))
        }
        return sink.bytes
    }

    private func setInk(_ ink: PDFInk) { cairo_set_source_rgb(context, ink.r, ink.g, ink.b) }
}
