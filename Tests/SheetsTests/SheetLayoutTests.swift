import CCairo
import Foundation
import Optical
import Testing

@testable import Sheets

/// Measures text with cairo directly, independently of the layout engine's own measuring code, on a PDF surface
/// as printed (an image surface would hint the metrics to whole points and measure differently).
final class IndependentMeasure {
    let surface: OpaquePointer
    let context: OpaquePointer

    init() throws {
        surface = try #require(cairo_pdf_surface_create(nil, 100, 100))
        context = try #require(cairo_create(surface))
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// The rightmost point the run's ink or advance reaches, relative to its x.
    func reach(_ run: SheetTextRun) -> Double {
        select(run)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, run.text, &extents)
        return max(extents.x_advance, extents.x_bearing + extents.width)
    }

    /// How far the run's font rises above its baseline.
    func ascent(_ run: SheetTextRun) -> Double {
        select(run)
        var extents = cairo_font_extents_t()
        cairo_font_extents(context, &extents)
        return extents.ascent
    }

    private func select(_ run: SheetTextRun) {
        cairo_select_font_face(
            context, run.font == .mono ? "DejaVu Sans Mono" : "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
            run.font == .bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, run.size)
    }
}

@Suite struct SheetLayoutTests {
    static let longHex = String(repeating: "0123456789abcdef", count: 40)

    /// Every kind of block, each given text far too long for its box.
    static let overlong = SheetDocument(
        title: "A title so long that it cannot possibly fit on one line of any sheet, nor even on two lines at its "
            + "normal size, so it must shrink",
        subtitle: "Session " + longHex,
        blocks: [
            .fields([
                SheetField(
                    "A label that is much longer than its narrow column allows, even in two lines of small text",
                    longHex, monospace: true),
                SheetField("Words", String(repeating: "wrapping words across lines ", count: 20)),
            ]),
            .paragraph(
                "Supercalifragilisticexpialidocious" + String(repeating: "x", count: 200) + " and then "
                    + String(repeating: "ordinary words ", count: 80)),
            .steps([String(repeating: "A long instruction that wraps. ", count: 12), longHex]),
            .picture(
                LifeHash.image(utf8: "long", version: .detailed), caption: String(repeating: "caption ", count: 20),
                fields: [SheetField("Beside", longHex, monospace: true)]),
            .checkBoxes([String(repeating: "A long statement to tick. ", count: 15)]),
            .signatureLines([String(repeating: "A very long signatory name ", count: 12)]),
            .heading(String(repeating: "Heading ", count: 40)),
            .qrCodes(["ur:bytes/" + String(repeating: "ae", count: 100)], caption: String(repeating: "QR ", count: 80)),
        ])

    @Test(arguments: PaperSize.allCases)
    func noTextLeavesItsBoxOrThePage(paper: PaperSize) throws {
        let pages = try SheetRenderer.layout(Self.overlong, paper: paper)
        let measure = try IndependentMeasure()
        let margin = SheetLayout.margin
        var runs = 0
        for (pageIndex, page) in pages.enumerated() {
            for run in page.textRuns {
                runs += 1
                let reach = measure.reach(run)
                let name = "page \(pageIndex + 1), \(String(reflecting: run.text.prefix(40)))"
                #expect(reach <= run.boxWidth + 0.001, "\(name): \(reach) pt in a \(run.boxWidth) pt box")
                #expect(run.x >= margin - 0.001, "\(name) starts left of the margin")
                #expect(run.x + run.boxWidth <= paper.points.width - margin + 0.001, "\(name): box past the margin")
                #expect(run.baseline - measure.ascent(run) >= margin - 0.001, "\(name): above the top margin")
                #expect(run.baseline <= paper.points.height - margin + 0.001, "\(name): below the bottom margin")
            }
        }
        #expect(runs > 50)
    }

    /// Text of any length flows over pages line by line: no row is taller than a page.
    @Test(arguments: PaperSize.allCases)
    func hugeTitleHeadingAndCaptionFlowOverPages(paper: PaperSize) throws {
        let huge = String(repeating: "enormous ", count: 500)
        let document = SheetDocument(
            title: huge, subtitle: huge,
            blocks: [.heading(huge), .qrCodes(["hello"], caption: huge), .signatureLines([huge]), .paragraph(huge)])
        let pages = try SheetRenderer.layout(document, paper: paper)
        #expect(pages.count > 1)
        for page in pages {
            for run in page.textRuns {
                #expect(run.baseline <= paper.points.height - SheetLayout.margin + 0.001)
            }
            for code in page.qrCodes {
                #expect(code.y + code.side <= paper.points.height - SheetLayout.margin + 0.001)
            }
        }
    }

    @Test func overlongDocumentPrintsAndItsCodeScans() throws {
        let folder = try SheetSamples.folder("overlong")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pdf = folder + "/overlong.pdf"
        let count = try SheetRenderer.render(document: Self.overlong, paper: .letter, to: pdf)
        if let keep = ProcessInfo.processInfo.environment["SHEETS_KEEP_DIR"] {
            try? FileManager.default.removeItem(atPath: keep + "/overlong-letter.pdf")
            try FileManager.default.copyItem(atPath: pdf, toPath: keep + "/overlong-letter.pdf")
        }
        let images = try SheetSamples.rasterize(pdf, into: folder)
        #expect(images.count == count)
        let scanned = try images.flatMap { QRScanner.plain.read(try ImageDecoder.load(path: $0)).texts }
        #expect(scanned == ["UR:BYTES/" + String(repeating: "AE", count: 100)])
    }

    @Test func longTitleShrinksAndLongHexBreaks() throws {
        let pages = try SheetRenderer.layout(Self.overlong, paper: .a4)
        let runs = pages[0].textRuns
        let title = runs.filter { $0.font == .bold && $0.x == SheetLayout.margin }.first
        #expect(try #require(title).size < 20)
        // The 640 hex digits, with no space to wrap at, are broken over several lines that add up to all of them.
        let hexLines = runs.filter { $0.font == .mono && $0.text.allSatisfy(\.isHexDigit) && $0.text.count > 8 }
        #expect(hexLines.count > 1)
        #expect(hexLines.prefix(while: { _ in true }).map(\.text).joined().hasPrefix(String(Self.longHex.prefix(200))))
    }

    @Test(arguments: PaperSize.allCases)
    func qrCodesStayOnThePageAndApart(paper: PaperSize) throws {
        let pages = try SheetRenderer.layout(SheetSamples.invitation().document, paper: paper)
        let margin = SheetLayout.margin
        for page in pages {
            let codes = page.qrCodes
            for (index, code) in codes.enumerated() {
                #expect(code.moduleSize >= SheetLayout.minimumModule - 0.001)
                #expect(code.x >= margin - 0.001 && code.x + code.side <= paper.points.width - margin + 0.001)
                #expect(code.y >= margin - 0.001 && code.y + code.side <= paper.points.height - margin + 0.001)
                for other in codes[(index + 1)...] {
                    let apart =
                        code.x + code.side <= other.x + 0.001 || other.x + other.side <= code.x + 0.001
                        || code.y + code.side <= other.y + 0.001 || other.y + other.side <= code.y + 0.001
                    #expect(apart, "QR codes overlap")
                }
            }
        }
    }

    @Test func longGridContinuesWithItsCaptionOnTheNextPage() throws {
        let parts = try SheetSamples.urParts(bytes: 3000)
        let document = SheetDocument(title: "Grid", blocks: [.qrCodes(parts, caption: "Many parts")])
        let pages = try SheetRenderer.layout(document, paper: .a4)
        #expect(pages.count > 1)
        #expect(pages.flatMap(\.qrCodes).map(\.payload) == parts)
        for page in pages.dropFirst() {
            #expect(page.textRuns.contains { $0.text == "Many parts (continued)" })
        }
    }
}

extension SheetLayoutTests {
    @Test func malformedOrHugePictures() throws {
        let bad = RGBImage(width: 4, height: 4, rgb: [1, 2, 3])
        #expect(throws: SheetError.malformedImage(width: 4, height: 4, bytes: 3)) {
            try SheetRenderer.layout(
                SheetDocument(title: "t", blocks: [.picture(bad, caption: "", fields: [])]), paper: .a4)
        }
        let huge = RGBImage(width: 1000, height: 1000, rgb: [UInt8](repeating: 9, count: 3_000_000))
        let pages = try SheetRenderer.layout(
            SheetDocument(title: "t", blocks: [.picture(huge, caption: "big", fields: [])]), paper: .a4)
        for case .pixels(let image, _, _, let size) in pages.flatMap(\.items) {
            #expect(Double(image.width) * size <= 96.001)
        }
    }
}
