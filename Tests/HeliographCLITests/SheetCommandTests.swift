import Foundation
import Testing

@Suite struct SheetCommandTests {
    @Test func printsASigningSheetOnLetter() throws {
        let folder = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let json: [String: Any] = [
            "sessionID": "s-1", "summary": "Release 1.4.2", "messageDigest": String(repeating: "ab", count: 32),
            "groupKeyFingerprint": "able acid also apex", "signers": ["Alice", "Carol"],
            "signature": String(repeating: "0f", count: 64),
        ]
        try JSONSerialization.data(withJSONObject: json).write(to: folder.appendingPathComponent("signing.json"))
        let result = try runCLI(
            ["sheet", "signing", "signing.json", "--paper", "letter", "--out", "signing.pdf"], in: folder)
        #expect(result.status == 0, "\(result.output)")
        let pdf = try Data(contentsOf: folder.appendingPathComponent("signing.pdf"))
        #expect(pdf.starts(with: Data("%PDF-".utf8)))
        #expect(result.output.contains("letter"))
    }

    @Test func brokenJSONIsRefusedWithTheFieldNamed() throws {
        let folder = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(#"{"sessionID": 5}"#.utf8).write(to: folder.appendingPathComponent("bad.json"))
        let result = try runCLI(["sheet", "signing", "bad.json"], in: folder)
        #expect(result.status != 0)
        #expect(result.output.contains("signing.sessionID is not a string"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("sheet.pdf").path))
    }
}
