import Foundation
import Optical

/// Renders sheets to PDF on a `PDFCanvas` (cairo).
public enum SheetRenderer {
    /// Writes a sheet as a PDF on the given paper, atomically: the pages go to a temporary file in the same
    /// folder, which is renamed over `path` only once cairo has finished it without error.
    /// - Returns: the number of pages.
    /// - Throws: `SheetError.qrEncodingFailed` if some QR text is too long for a QR code, `.writeFailed` if the
    ///   file cannot be written.
    @discardableResult
    public static func render(_ sheet: some PrintableSheet, paper: PaperSize, to path: String) throws -> Int {
        try render(document: sheet.document, paper: paper, to: path)
    }

    /// Writes a document as a PDF; see `render(_:paper:to:)`.
    @discardableResult
    public static func render(document: SheetDocument, paper: PaperSize, to path: String) throws -> Int {
        // Laid out first, on a surface that writes nothing, so that content errors leave no file behind.
        let pages = try layout(document, paper: paper)
        let bytes: [UInt8]
        do throws(OpticalError) {
            let canvas = try PDFCanvas(width: paper.points.width, height: paper.points.height)
            for (index, page) in pages.enumerated() {
                draw(page, on: canvas)
                if index < pages.count - 1 { canvas.endPage() }
            }
            bytes = try canvas.finish()
        } catch {
            throw SheetError.writeFailed(path: path, reason: error.description)
        }
        do {
            // Foundation's atomic write: a temporary file in the same folder, renamed over `path` once complete.
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SheetError.writeFailed(path: path, reason: error.localizedDescription)
        }
        return pages.count
    }

    /// The laid-out pages of a document, without drawing them: what tests measure.
    static func layout(_ document: SheetDocument, paper: PaperSize) throws -> [SheetPage] {
        let canvas: PDFCanvas
        do throws(OpticalError) {
            canvas = try PDFCanvas(width: paper.points.width, height: paper.points.height, measuringOnly: true)
        } catch {
            throw SheetError.writeFailed(path: "(measuring surface)", reason: error.description)
        }
        return try SheetLayout(paper: paper, canvas: canvas).pages(for: document)
    }

    static func draw(_ page: SheetPage, on canvas: PDFCanvas) {
        for item in page.items {
            switch item {
            case .text(let run):
                canvas.drawText(
                    run.text, x: run.x, baseline: run.baseline, font: run.font, size: run.size, ink: run.ink)
            case .fill(let rects, let ink):
                canvas.fill(rects: rects.map { ($0.x, $0.y, $0.width, $0.height) }, ink: ink)
            case .stroke(let rect, let lineWidth):
                canvas.strokeRect(x: rect.x, y: rect.y, width: rect.width, height: rect.height, lineWidth: lineWidth)
            case .line(let rect, let lineWidth, let ink):
                canvas.line(
                    from: (rect.x, rect.y), to: (rect.x + rect.width, rect.y + rect.height), width: lineWidth, ink: ink)
            case .qrCode(let code):
                drawQR(code, on: canvas)
            case .pixels(let image, let x, let y, let pixelSize):
                drawPixels(image, x: x, y: y, pixelSize: pixelSize, on: canvas)
            }
        }
    }

    /// Dark modules as one path, the origin snapped to whole 150 dpi pixels like the module size.
    static func drawQR(_ code: SheetQRCode, on canvas: PDFCanvas) {
        let unit = SheetLayout.qrUnit
        let originX = (code.x / unit).rounded() * unit + 4 * code.moduleSize
        let originY = (code.y / unit).rounded() * unit + 4 * code.moduleSize
        var rects: [(x: Double, y: Double, width: Double, height: Double)] = []
        for y in 0..<code.size {
            var x = 0
            while x < code.size {
                guard code.modules[y * code.size + x] else {
                    x += 1
                    continue
                }
                let start = x
                while x < code.size && code.modules[y * code.size + x] { x += 1 }
                rects.append(
                    (
                        originX + Double(start) * code.moduleSize, originY + Double(y) * code.moduleSize,
                        Double(x - start) * code.moduleSize, code.moduleSize
                    ))
            }
        }
        canvas.fill(rects: rects, ink: .black)
    }

    /// Each pixel as a rectangle, one path per colour; inner pixels reach a little into their right and lower
    /// neighbours so that antialiasing leaves no pale seams between colours.
    static func drawPixels(
        _ image: RGBImage, x originX: Double, y originY: Double, pixelSize: Double, on canvas: PDFCanvas
    ) {
        let unit = SheetLayout.qrUnit
        let x = (originX / unit).rounded() * unit
        let y = (originY / unit).rounded() * unit
        var byColor: [[UInt8]: [(x: Double, y: Double, width: Double, height: Double)]] = [:]
        var order: [[UInt8]] = []
        let overlap = pixelSize * 0.1
        for row in 0..<image.height {
            for column in 0..<image.width {
                let offset = (row * image.width + column) * 3
                let color = Array(image.rgb[offset..<offset + 3])
                if byColor[color] == nil { order.append(color) }
                byColor[color, default: []].append(
                    (
                        x + Double(column) * pixelSize, y + Double(row) * pixelSize,
                        pixelSize + (column < image.width - 1 ? overlap : 0),
                        pixelSize + (row < image.height - 1 ? overlap : 0)
                    ))
            }
        }
        for color in order {
            let ink = PDFInk(r: Double(color[0]) / 255, g: Double(color[1]) / 255, b: Double(color[2]) / 255)
            canvas.fill(rects: byColor[color] ?? [], ink: ink)
        }
    }
}
