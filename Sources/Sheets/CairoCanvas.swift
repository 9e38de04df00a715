import CCairo

/// The typefaces of a sheet, through cairo's toy font API (fontconfig finds DejaVu, or falls back to a sans).
enum SheetFont: Sendable, Equatable {
    case regular
    case bold
    /// For hex, Bytewords and identifiers, which are read character by character.
    case mono

    var family: String { self == .mono ? "DejaVu Sans Mono" : "DejaVu Sans" }
    var isBold: Bool { self == .bold }
}

/// A gray level or colour for drawing, components in [0, 1].
struct SheetInk: Sendable, Equatable {
    var r: Double
    var g: Double
    var b: Double

    static let black = SheetInk(r: 0, g: 0, b: 0)
    static let white = SheetInk(r: 1, g: 1, b: 1)
    static let gray = SheetInk(r: 0.4, g: 0.4, b: 0.4)
    static let rule = SheetInk(r: 0.7, g: 0.7, b: 0.7)
}

/// The one place cairo is called: a PDF surface and its context, and text measurement.
///
/// A class because it owns two C objects, released in `deinit`; it never leaves the Sheets layer.
final class CairoCanvas {
    private let surface: OpaquePointer
    private let context: OpaquePointer

    /// A PDF file of pages of the given size in points; with no path the surface writes nothing (for measuring).
    init(pdfPath: String?, width: Double, height: Double) throws {
        guard let surface = cairo_pdf_surface_create(pdfPath, width, height) else {
            throw SheetError.writeFailed(path: pdfPath ?? "(measuring surface)", reason: "cairo made no surface")
        }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            let reason = String(cString: cairo_status_to_string(cairo_surface_status(surface)))
            cairo_surface_destroy(surface)
            throw SheetError.writeFailed(path: pdfPath ?? "(measuring surface)", reason: reason)
        }
        self.surface = surface
        self.context = context
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    private func select(_ font: SheetFont, size: Double) {
        cairo_select_font_face(
            context, font.family, CAIRO_FONT_SLANT_NORMAL,
            font.isBold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
    }

    /// How far the text reaches to the right of its origin: the larger of its advance and its ink.
    func width(of text: String, font: SheetFont, size: Double) -> Double {
        select(font, size: size)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return max(extents.x_advance, extents.x_bearing + extents.width) - min(0, extents.x_bearing)
    }

    /// The font's ascent and descent at a size: the vertical room a line needs.
    func lineMetrics(font: SheetFont, size: Double) -> (ascent: Double, descent: Double) {
        select(font, size: size)
        var extents = cairo_font_extents_t()
        cairo_font_extents(context, &extents)
        return (extents.ascent, extents.descent)
    }

    func drawText(_ text: String, x: Double, baseline: Double, font: SheetFont, size: Double, ink: SheetInk = .black) {
        select(font, size: size)
        setInk(ink)
        cairo_move_to(context, x, baseline)
        cairo_show_text(context, text)
    }

    /// Fills rectangles as ONE path, so that touching rectangles (QR modules) leave no antialiased seams.
    func fill(rects: [(x: Double, y: Double, width: Double, height: Double)], ink: SheetInk) {
        guard !rects.isEmpty else { return }
        setInk(ink)
        cairo_new_path(context)
        for rect in rects { cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height) }
        cairo_set_fill_rule(context, CAIRO_FILL_RULE_WINDING)
        cairo_fill(context)
    }

    func strokeRect(x: Double, y: Double, width: Double, height: Double, lineWidth: Double, ink: SheetInk = .black) {
        setInk(ink)
        cairo_set_line_width(context, lineWidth)
        cairo_rectangle(context, x, y, width, height)
        cairo_stroke(context)
    }

    func line(from start: (x: Double, y: Double), to end: (x: Double, y: Double), width: Double, ink: SheetInk) {
        setInk(ink)
        cairo_set_line_width(context, width)
        cairo_move_to(context, start.x, start.y)
        cairo_line_to(context, end.x, end.y)
        cairo_stroke(context)
    }

    /// Ends the current page; drawing continues on a new one.
    func endPage() { cairo_show_page(context) }

    /// Flushes the document to its file and reports any error cairo met while drawing or writing.
    func finish(path: String) throws {
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw SheetError.writeFailed(path: path, reason: String(cString: cairo_status_to_string(status)))
        }
    }

    private func setInk(_ ink: SheetInk) { cairo_set_source_rgb(context, ink.r, ink.g, ink.b) }
}
