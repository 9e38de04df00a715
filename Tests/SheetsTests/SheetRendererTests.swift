import Foundation
import Optical
import Testing
import UniformResources

@testable import Sheets

@Suite struct SheetRendererTests {
    /// Prints a sheet, rasterizes each page at 150 dpi and scans every page with zbar: every QR code the layout
    /// placed must read back with exactly its text, each on the page it was placed on.
    /// Returns everything scanned, page by page.
    @discardableResult
    func printAndScan(_ sheet: some PrintableSheet, paper: PaperSize, name: String) throws -> [String] {
        let folder = try SheetSamples.folder("\(name)-\(paper.rawValue)")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pdf = folder + "/\(name).pdf"
        let pageCount = try SheetRenderer.render(sheet, paper: paper, to: pdf)
        // For looking at the pages by eye: SHEETS_KEEP_DIR=/some/folder keeps a copy of each PDF.
        if let keep = ProcessInfo.processInfo.environment["SHEETS_KEEP_DIR"] {
            let copy = keep + "/\(name)-\(paper.rawValue).pdf"
            try? FileManager.default.removeItem(atPath: copy)
            try FileManager.default.copyItem(atPath: pdf, toPath: copy)
        }
        let pages = try SheetRenderer.layout(sheet.document, paper: paper)
        #expect(pageCount == pages.count)
        let images = try SheetSamples.rasterize(pdf, into: folder)
        try #require(images.count == pages.count, "\(name) on \(paper): \(images.count) rasterized pages")
        var everything: [String] = []
        for (index, path) in images.enumerated() {
            let image = try ImageDecoder.load(path: path)
            let scanned = QRScanner.plain.read(image).texts
            everything += scanned
            let expected = SheetSamples.expectedScans([pages[index]])
            #expect(Set(scanned) == Set(expected), "\(name) on \(paper), page \(index + 1)")
            #expect(scanned.count == expected.count, "\(name) on \(paper), page \(index + 1): duplicate or extra codes")
        }
        #expect(SheetSamples.expectedScans(pages).count > 0)
        return everything
    }

    /// The scanned parts of one UR, fed to a decoder last page first (any order must do), give back the UR.
    func reassemble(_ parts: [String], from scanned: [String], expecting ur: UR) throws {
        let wanted = Set(parts.map { $0.uppercased() })
        var decoder = URDecoder()
        for text in scanned.reversed() where wanted.contains(text) { try decoder.receive(text) }
        #expect(decoder.result == ur)
    }

    @Test func invitationPartsReassembleInAnyOrder() throws {
        let sheet = try SheetSamples.invitation()
        let scanned = try printAndScan(sheet, paper: .letter, name: "invitation-order")
        try reassemble(sheet.invitationParts, from: scanned, expecting: SheetSamples.urMessage(bytes: 600))
    }

    @Test func everyDevicesRecoveryDataReassembles() throws {
        let sheet = try SheetSamples.result()
        let scanned = try printAndScan(sheet, paper: .a4, name: "result-order")
        for (index, device) in sheet.devices.enumerated() {
            try reassemble(
                device.parts, from: scanned, expecting: SheetSamples.urMessage(bytes: 300, seed: UInt8(index + 2)))
        }
    }

    @Test(arguments: PaperSize.allCases)
    func invitationScansBack(paper: PaperSize) throws {
        try printAndScan(SheetSamples.invitation(), paper: paper, name: "invitation")
    }

    @Test(arguments: PaperSize.allCases)
    func resultScansBack(paper: PaperSize) throws {
        try printAndScan(SheetSamples.result(), paper: paper, name: "result")
    }

    @Test(arguments: PaperSize.allCases)
    func signingScansBack(paper: PaperSize) throws {
        try printAndScan(SheetSamples.signing(), paper: paper, name: "signing")
    }

    @Test func pageSizeMatchesPaper() throws {
        let folder = try SheetSamples.folder("size")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for paper in PaperSize.allCases {
            let pdf = folder + "/\(paper.rawValue).pdf"
            try SheetRenderer.render(SheetSamples.signing(), paper: paper, to: pdf)
            let info = try SheetSamples.run("/usr/bin/pdfinfo", [pdf])
            let size = paper == .a4 ? "595.276 x 841.89 pts (A4)" : "612 x 792 pts (letter)"
            #expect(info.contains(size), "\(paper): \(info)")
        }
    }

    @Test func writingReplacesTheFileAndLeavesNoTemporaryFile() throws {
        let folder = try SheetSamples.folder("atomic")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pdf = folder + "/sheet.pdf"
        try Data("old".utf8).write(to: URL(fileURLWithPath: pdf))
        try SheetRenderer.render(SheetSamples.signing(), paper: .a4, to: pdf)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(bytes.starts(with: Data("%PDF-".utf8)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["sheet.pdf"])
    }

    @Test func unwritablePathThrowsAndLeavesNothing() throws {
        let folder = try SheetSamples.folder("unwritable")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pdf = folder + "/missing/sheet.pdf"
        #expect(throws: SheetError.self) { try SheetRenderer.render(SheetSamples.signing(), paper: .letter, to: pdf) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func tooLongForAQRCodeIsATypedErrorAndWritesNothing() throws {
        let folder = try SheetSamples.folder("too-long")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let document = SheetDocument(
            title: "Too long", blocks: [.qrCodes([String(repeating: "x", count: 5000)], caption: "Oversized")])
        #expect {
            try SheetRenderer.render(document: document, paper: .a4, to: folder + "/sheet.pdf")
        } throws: { error in
            guard case SheetError.qrEncodingFailed(let what, _) = error else { return false }
            return what == "Oversized"
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }
}
