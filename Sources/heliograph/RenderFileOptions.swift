import ArgumentParser
import Optical

extension PaperSize: ExpressibleByArgument {}
extension PDFLayout: ExpressibleByArgument {}

/// How QR frames are laid out in files (png, svg, gif, pdf): the same flags for `qr render` and every ceremony
/// step's output.
struct RenderFileOptions: ParsableArguments {
    @Option(name: .customLong("module-size"), help: "Pixels (points in PDF pages) per module.")
    var moduleSize: Int = QRRenderStyle.standard.moduleSize

    @Option(help: "Quiet zone in modules.")
    var margin: Int = QRRenderStyle.standard.margin

    @Option(help: "Paper for the PDF grid: a4 or letter.")
    var paper: PaperSize = .a4

    @Option(name: .customLong("pdf-layout"), help: "grid (numbered codes on pages) or pages (one frame a page).")
    var pdfLayout: PDFLayout = .grid

    func validate() throws {
        do {
            _ = try QRRenderStyle(moduleSize: moduleSize, margin: margin)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// Render options for `format`, with these and the frame style's values.
    func renderOptions(_ format: RenderFormat, style frameStyle: FrameStyleOptions) throws -> RenderOptions {
        var options = RenderOptions(format: format)
        options.ecc = frameStyle.ecc
        options.fps = frameStyle.fps
        options.style = try QRRenderStyle(moduleSize: moduleSize, margin: margin)
        options.paper = paper
        options.pdfLayout = pdfLayout
        options.terminalStyle = frameStyle.terminalStyle
        return options
    }
}
