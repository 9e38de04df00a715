import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import Optical

@Suite struct SVGRendererTests {
    /// Reads `M x y h n v 1 h -n z` rectangles back into a module matrix of `span` x `span`.
    static func modules(fromPath data: String, span: Int) -> [[Bool]]? {
        var matrix = [[Bool]](repeating: [Bool](repeating: false, count: span), count: span)
        for segment in data.split(separator: "M") {
            let rectangle = segment.trimmingCharacters(in: .whitespaces)
            guard rectangle.hasSuffix("z") else { return nil }
            let fields = rectangle.split(whereSeparator: { " hvz".contains($0) })
            let numbers = fields.compactMap { Int($0) }
            guard numbers.count == 5, fields.count == 5, numbers[3] == 1, numbers[4] == -numbers[2] else { return nil }
            let (x, y, length) = (numbers[0], numbers[1], numbers[2])
            guard y < span, x + length <= span else { return nil }
            for column in x..<(x + length) {
                if matrix[y][column] { return nil }  // rectangles never overlap
                matrix[y][column] = true
            }
        }
        return matrix
    }

    final class Collector: NSObject, XMLParserDelegate {
        var elements: [String: [String: String]] = [:]
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) { elements[name] = attributes }
    }

    @Test(arguments: [0, 4])
    func isWellFormedAndHasEveryDarkModule(margin: Int) throws {
        let code = try QRCode(ur: "ur:bytes/hdcxlkahssqzwfvslofzoebsnnetgycxpa", ecc: .medium)
        let svg = SVGRenderer.document(code, style: try QRRenderStyle(moduleSize: 5, margin: margin))
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse())
        let span = code.size + 2 * margin
        #expect(collector.elements["svg"]?["width"] == String(span * 5))
        #expect(collector.elements["svg"]?["viewBox"] == "0 0 \(span) \(span)")
        let path = try #require(collector.elements["path"]?["d"])
        let matrix = try #require(Self.modules(fromPath: path, span: span))
        #expect(matrix.joined().filter { $0 }.count == code.darkModuleCount)
        #expect(matrix == RenderTestSupport.matrix(code, margin: margin))
        #expect(svg.components(separatedBy: "<path").count == 2)
    }

    /// Rasterized by librsvg, the SVG scans back to the UR.
    @Test(.enabled(if: RenderTestSupport.has("rsvg-convert")))
    func rsvgRasterScansBack() throws {
        let text = "UR:CRYPTO-PSBT/HDCXLKAHSSQZWFVSLOFZOEBSNNETGYCXPAHDCXLKAHSSQZWFVSLOFZOEBSNNETGYCXPA"
        let code = try QRCode(encoding: text, ecc: .low)
        let directory = try RenderTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let svgURL = directory.appendingPathComponent("frame.svg")
        try Data(SVGRenderer.document(code, style: try QRRenderStyle(moduleSize: 4)).utf8).write(to: svgURL)
        let pngPath = directory.appendingPathComponent("frame.png").path
        try RenderTestSupport.run("rsvg-convert", ["-b", "white", "-o", pngPath, svgURL.path])
        let images = try RenderTestSupport.images(in: directory, suffix: ".png")
        #expect(images.count == 1)
        #expect(images.first.map { QRScanner.plain.read($0).texts } == [text])
    }
}
