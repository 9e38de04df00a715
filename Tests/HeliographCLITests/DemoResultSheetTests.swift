import FROST
import Foundation
import Optical
import Testing
import UniformResources

@testable import Ceremony
@testable import Sheets

/// The demo's printed result sheet is enough to restore every device: print it, rasterize it at 150 dpi, scan
/// every QR code back, reassemble each device's recovery UR, and restore the device from its host seed and what
/// was scanned.
@Suite struct DemoResultSheetTests {
    static let passphrase = Array("heliograph demo".utf8)

    /// Each scanned part goes to the decoder of its message (a part of another message is refused with
    /// `partMismatch`), so the grids of several devices can be scanned in one go, their codes interleaved.
    static func reassemble(_ scanned: [String]) -> [UR] {
        var decoders: [URDecoder] = []
        for text in scanned where text.hasPrefix("UR:") {
            var placed = false
            // A finished decoder ignores further parts, so only unfinished ones are offered the part.
            for index in decoders.indices where !decoders[index].isComplete {
                var attempt = decoders[index]
                if (try? attempt.receive(text)) != nil {
                    decoders[index] = attempt
                    placed = true
                    break
                }
            }
            if !placed {
                var decoder = URDecoder()
                if (try? decoder.receive(text)) != nil { decoders.append(decoder) }
            }
        }
        return decoders.compactMap(\.result)
    }

    /// Renders a PDF's pages to 150 dpi gray PNGs with poppler's `pdftoppm`.
    static func rasterize(_ pdf: String, into folder: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftoppm")
        process.arguments = ["-r", "150", "-gray", "-png", pdf, folder + "/page"]
        try process.run()
        process.waitUntilExit()
        return try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasPrefix("page") && $0.hasSuffix(".png") }.sorted().map { folder + "/" + $0 }
    }

    /// Rasterizes a printed result sheet at 150 dpi and scans each QR code on its own (see `scanSheet`).
    static func scanResultSheet(_ pdf: String, record: GroupRecord, into folder: String) throws -> [String] {
        try scanSheet(pdf, document: try CeremonySheets.result(record).document, into: folder)
    }

    /// Rasterizes a printed sheet at 150 dpi and scans each QR code on its own, cut out of its page where the
    /// layout of the same sheet (rebuilt from public ceremony data) put it, as a phone scans one code at a time.
    /// Returns the texts page by page; a code that does not scan is a failure.
    static func scanSheet(_ pdf: String, document: SheetDocument, into folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let images = try rasterize(pdf, into: folder)
        let pages = try SheetRenderer.layout(document, paper: .a4)
        try #require(images.count == pages.count, "the sheet has \(images.count) pages, its layout \(pages.count)")
        var texts: [String] = []
        for (number, path) in images.enumerated() {
            let page = try ImageDecoder.load(path: path)
            for code in pages[number].qrCodes {
                let crop = cut(page, x: code.x, y: code.y, side: code.side)
                let scanned = QRScanner.plain.read(crop).texts
                // URs are printed in the QR alphanumeric mode, so they scan back uppercase.
                let printed = code.payload.lowercased().hasPrefix("ur:") ? code.payload.uppercased() : code.payload
                #expect(scanned == [printed], "page \(number + 1): the code at (\(code.x), \(code.y)) did not scan")
                texts += scanned
            }
        }
        return texts
    }

    /// The square of a 150 dpi page image under a code placed at (x, y) points with the given side (quiet zone
    /// included), plus a few pixels for the origin's rounding.
    static func cut(_ page: GrayImage, x: Double, y: Double, side: Double) -> GrayImage {
        let scale = 150.0 / 72.0
        let left = max(0, Int((x * scale).rounded(.down)) - 4)
        let top = max(0, Int((y * scale).rounded(.down)) - 4)
        let right = min(page.width, Int(((x + side) * scale).rounded(.up)) + 4)
        let bottom = min(page.height, Int(((y + side) * scale).rounded(.up)) + 4)
        var crop = GrayImage(width: right - left, height: bottom - top)
        for row in top..<bottom {
            for column in left..<right { crop[column - left, row - top] = page[column, row] }
        }
        return crop
    }

    /// The text of a PDF, by poppler's `pdftotext`.
    static func pdfText(_ pdf: String) throws -> String {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = ["-layout", pdf, "-"]
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    /// The signing share a device derives for a group (the secret the restore must give back).
    static func share(_ record: GroupRecord, host: HostKey) throws -> [UInt8] {
        switch record.invite.suite {
        case .ed25519:
            return try record.keyMaterial(host: host, as: Ed25519Sha512.self).keyPackage.signingShare.serializeSecret()
        case .ristretto255:
            return try record.keyMaterial(host: host, as: Ristretto255Sha512.self).keyPackage.signingShare
                .serializeSecret()
        case .secp256k1:
            return try record.keyMaterial(host: host, as: Secp256k1Sha256.self).keyPackage.signingShare
                .serializeSecret()
        }
    }

    @Test func everyDeviceRestoresFromThePrintedResultSheet() throws {
        let directory = try scratchDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try runCLI(["demo", "--clean", "--out", directory, "--kdf", "minimal", "--seed", "5"])
        try #require(result.status == 0, "\(result.stderr)")
        let letters = ["A", "B", "C"]
        let devices = try letters.map {
            try DeviceDirectory.open(at: directory + "/device-" + $0, passphrase: Self.passphrase, hook: .none)
        }
        let records = try devices.map { try #require($0.groups.values.first) }
        let groupKey = records[0].groupKey

        // Every verifying share is printed, as hex in groups of four (which may wrap onto the next line).
        let text = try Self.pdfText(directory + "/result.pdf")
        let groups = text.split(whereSeparator: \.isWhitespace).filter {
            $0.count == 4 && $0.allSatisfy { "0123456789abcdef".contains($0) }
        }.joined()
        for (offset, share) in records[0].publicResult.verifyingShares.enumerated() {
            #expect(groups.contains(share.map { String(format: "%02x", $0) }.joined()), "verifying share \(offset + 1)")
        }

        let scanned = try Self.scanResultSheet(
            directory + "/result.pdf", record: records[0], into: directory + "/result-pages")
        // The group key's code, then every recovery part; each code scans exactly once.
        #expect(scanned.contains(groupKey.map { String(format: "%02x", $0) }.joined()))
        #expect(Set(scanned).count == scanned.count, "a code scanned twice")

        // The invitation's codes give back the invite every device accepted.
        let invitation = try Self.scanSheet(
            directory + "/invitation.pdf", document: try CeremonySheets.invitation(records[0].invite).document,
            into: directory + "/invitation-pages")
        #expect(Self.reassemble(invitation.reversed()) == [try records[0].invite.ur])

        let recovered = try Self.reassemble(scanned).map { try GroupRecord(ur: $0) }
        #expect(recovered.count == devices.count, "one recovery UR per device")
        for (offset, device) in devices.enumerated() {
            let label = device.host.identity.label
            let record = try #require(recovered.first { $0.index == offset + 1 }, "no recovery data for \(label)")
            #expect(record == records[offset], "\(label): the sheet's record is the one the device holds")
            let backup = DeviceBackup(seed: device.host.seed, label: label, groups: [record])
            let restored = try DeviceDirectory.restore(
                backup, at: directory + "/restored-" + letters[offset], passphrase: Self.passphrase,
                parameters: .testOnly)
            let kept = try #require(restored.groups[groupKey], "\(label): the restored device lacks the group")
            #expect(restored.host.identity == device.host.identity)
            #expect(try Self.share(kept, host: restored.host) == Self.share(records[offset], host: device.host))
        }
    }
}
