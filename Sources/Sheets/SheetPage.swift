import Optical

/// A rectangle in points, origin at the top left of the page.
struct SheetRect: Sendable, Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
}

/// A line of text placed on a page, with the box it must stay inside.
struct SheetTextRun: Sendable, Equatable {
    var text: String
    var font: PDFFont
    var size: Double
    var ink: PDFInk
    var x: Double
    var baseline: Double
    /// The width available from `x`: the run's measured width never exceeds it.
    var boxWidth: Double
}

/// A QR symbol placed on a page: its text, its modules and where they go.
struct SheetQRCode: Sendable, Equatable {
    /// What the symbol encodes, as given to the sheet (a UR in lowercase stays lowercase here).
    var payload: String
    /// Modules on a side, quiet zone excluded.
    var size: Int
    /// Row-major, `true` is dark.
    var modules: [Bool]
    /// The top left of the quiet zone.
    var x: Double
    var y: Double
    /// The side of one module in points.
    var moduleSize: Double

    /// The side of the symbol with its four-module quiet zone on each side.
    var side: Double { Double(size + 8) * moduleSize }
}

/// Something drawn on a page.
enum SheetItem: Sendable, Equatable {
    case text(SheetTextRun)
    case fill([SheetRect], PDFInk)
    case stroke(SheetRect, lineWidth: Double)
    case line(SheetRect, lineWidth: Double, ink: PDFInk)
    case qrCode(SheetQRCode)
    case pixels(RGBImage, x: Double, y: Double, pixelSize: Double)

    /// The same item moved down the page.
    func shifted(by dy: Double) -> SheetItem {
        switch self {
        case .text(var run):
            run.baseline += dy
            return .text(run)
        case .fill(let rects, let ink):
            return .fill(rects.map { SheetRect(x: $0.x, y: $0.y + dy, width: $0.width, height: $0.height) }, ink)
        case .stroke(let rect, let width):
            return .stroke(
                SheetRect(x: rect.x, y: rect.y + dy, width: rect.width, height: rect.height), lineWidth: width)
        case .line(let rect, let width, let ink):
            return .line(
                SheetRect(x: rect.x, y: rect.y + dy, width: rect.width, height: rect.height), lineWidth: width, ink: ink
            )
        case .qrCode(var code):
            code.y += dy
            return .qrCode(code)
        case .pixels(let image, let x, let y, let size):
            return .pixels(image, x: x, y: y + dy, pixelSize: size)
        }
    }
}

/// One laid-out page: everything on it in absolute positions.
struct SheetPage: Sendable, Equatable {
    var items: [SheetItem] = []

    var textRuns: [SheetTextRun] {
        items.compactMap { if case .text(let run) = $0 { return run } else { return nil } }
    }

    var qrCodes: [SheetQRCode] {
        items.compactMap { if case .qrCode(let code) = $0 { return code } else { return nil } }
    }
}

/// The typefaces of a sheet (fontconfig finds DejaVu, or falls back to a sans).
extension PDFFont {
    static let regular = PDFFont(family: "DejaVu Sans")
    static let bold = PDFFont(family: "DejaVu Sans", isBold: true)
    /// For hex, Bytewords and identifiers, which are read character by character.
    static let mono = PDFFont(family: "DejaVu Sans Mono")
}

/// The grays of a sheet, besides black and white.
extension PDFInk {
    static let gray = PDFInk(r: 0.4, g: 0.4, b: 0.4)
    static let rule = PDFInk(r: 0.7, g: 0.7, b: 0.7)
}
