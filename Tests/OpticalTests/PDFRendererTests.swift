import Foundation
import Testing
import UniformResources

@testable import Optical

@Suite struct PDFRendererTests {
    static func parts(_ count: Int) throws -> (FrameProfile, [String]) {
        let profile = try FrameProfile(type: "bytes", density: .low, ecc: .medium)
        return (profile, try RenderTestSupport.parts(length: 1_500, count: count, profile: profile, seed: 5))
    }

    /// Rasterizes `pdf` with pdftoppm at `dpi` and returns its pages in order.
    static func rasterize(_ pdf: [UInt8], dpi: Int) throws -> [GrayImage] {
        let directory = try RenderTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("codes.pdf")
        try Data(pdf).write(to: url)
        try RenderTestSupport.run("pdftoppm", ["-gray", "-r", String(dpi), url.path,
            directory.appendingPathComponent("page").path])
        return try RenderTestSupport.images(in: directory, suffix: ".pgm")
    }

    @Test func layoutKeepsModulesLargeEnough() throws {
        for paper in PaperSize.allCases {
            for version in [1, 8, 12, 17, 25] {
                let layout = try PDFRenderer.gridLayout(size: 17 + 4 * version, paper: paper)
                #expect(layout.columns >= 1 && layout.rows >= 1)
                #expect(layout.moduleSide >= PDFRenderer.minimumModuleSide || layout.columns == 1)
                let usedWidth = Double(layout.columns) * layout.codeSide + Double(layout.columns - 1) * 14
                #expect(usedWidth <= paper.points.width - 72 + 1e-9)
            }
        }
        #expect(throws: OpticalError.self) { try PDFRenderer.gridLayout(size: 21, paper: .a4, columns: 0) }
        #expect(throws: OpticalError.noFrames) { try PDFRenderer.grid([]) }
        #expect(throws: OpticalError.noFrames) { try PDFRenderer.pages([]) }
    }

    @Test(.enabled(if: RenderTestSupport.has("pdftoppm")))
    func onePagePerFrameScansBackInOrder() throws {
        let (profile, parts) = try Self.parts(3)
        let pdf = try PDFRenderer.pages(parts.map { try profile.encode(part: $0) }, style: QRRenderStyle(moduleSize: 4))
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        let pages = try Self.rasterize(pdf, dpi: 144)
        #expect(pages.count == 3)
        #expect(pages.map { QRScanner.plain.read($0).texts } == parts.map { [$0.uppercased()] })
    }

    /// Two pages of numbered codes, rasterized at 200 dpi: the codes, cropped at their layout positions from the
    /// pages in shuffled order and scanned in shuffled order, give back every part exactly once, and the fountain
    /// decoder rebuilds the message from them.
    @Test(.enabled(if: RenderTestSupport.has("pdftoppm")), arguments: PaperSize.allCases)
    func gridScansBackInAnyOrder(paper: PaperSize) throws {
        let profile = try FrameProfile(type: "bytes", density: .low, ecc: .medium)
        let layout = try PDFRenderer.gridLayout(size: 17 + 4 * profile.version, paper: paper)
        let count = layout.perPage + 3
        let parts = try RenderTestSupport.parts(length: 1_500, count: count, profile: profile, seed: 9)
        let pdf = try PDFRenderer.grid(parts.map { try profile.encode(part: $0) }, paper: paper)
        let dpi = 200
        let pages = try Self.rasterize(pdf, dpi: dpi)
        #expect(pages.count == 2)
        let scale = Double(dpi) / 72
        let side = Int(layout.codeSide * scale)
        var crops: [GrayImage] = []
        for page in pages {
            for slot in 0..<layout.perPage {
                let origin = layout.codeOrigin(slot: slot)
                let (left, top) = (Int(origin.x * scale), Int(origin.y * scale))
                var crop = GrayImage(width: side, height: side)
                for y in 0..<side { for x in 0..<side { crop[x, y] = page[left + x, top + y] } }
                crops.append(crop)
            }
        }
        var generator = SeededGenerator(seed: 21)
        crops.shuffle(using: &generator)
        let scanned = crops.flatMap { QRScanner.plain.read($0).texts }
        #expect(scanned.count == count)
        #expect(Set(scanned) == Set(parts.map { $0.uppercased() }))
        var decoder = URDecoder()
        for text in scanned where !decoder.isComplete { _ = try decoder.receive(text) }
        #expect(decoder.result == (try UR(type: "bytes", cbor: RenderTestSupport.message(length: 1_500, seed: 9))))
        // A whole-page scan finds most codes too (zbar may miss an odd one among thirty).
        #expect(QRScanner.plain.read(pages[1]).texts.count == 3)
    }

    @Test(.enabled(if: RenderTestSupport.has("pdftotext")))
    func gridLabelsEveryCodeNOfN() throws {
        let (profile, parts) = try Self.parts(7)
        let pdf = try PDFRenderer.grid(parts.map { try profile.encode(part: $0) }, paper: .letter)
        let directory = try RenderTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("codes.pdf")
        try Data(pdf).write(to: url)
        let textURL = directory.appendingPathComponent("codes.txt")
        try RenderTestSupport.run("pdftotext", [url.path, textURL.path])
        let text = try String(contentsOf: textURL, encoding: .utf8)
        // pdftotext drops the spaces around the slash; the order of the labels is the order of the codes.
        let labels = text.filter { !$0.isWhitespace }
        for n in 1...7 { #expect(labels.contains("\(n)/7"), "label \(n)") }
    }
}
