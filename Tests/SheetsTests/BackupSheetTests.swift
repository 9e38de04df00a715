import Optical
import Testing

@testable import Sheets

@Suite struct BackupSheetTests {
    static func sample(shares count: Int) -> BackupSheet {
        BackupSheet(
            device: "Signer <Dana>", fingerprint: "able acid also apex", date: "2026-12-07", rule: "any 2 of 3 shares",
            shares: (1...count).map {
                BackupSheet.Share(
                    position: "group 1 of 1 (any 2 of its \(count) shares), share \($0)",
                    ur: "ur:sskr/gogrrsbyadae" + String(repeating: "ae", count: 20) + "lpaylpay\($0)",
                    bytewords: "tuna next keep gyro gear runs body acid able film nail barn \($0)")
            })
    }

    @Test func everyShareIsOnItsOwnPageWithTheDeviceAndInstructions() throws {
        let sheet = Self.sample(shares: 3)
        let pages = try SheetRenderer.layout(sheet.document, paper: .a4)
        #expect(pages.count == 3)
        for (index, page) in pages.enumerated() {
            #expect(SheetSamples.expectedScans([page]) == [sheet.shares[index].ur.uppercased()])
        }
        let contents = DocumentContents(sheet.document)
        #expect(contents.fields.filter { $0.label == "Fingerprint" }.count == 3)
        #expect(contents.fields.filter { $0.label == "Words" }.map(\.value) == sheet.shares.map(\.bytewords))
        #expect(contents.headings.filter { $0 == "What to do with this page" }.count == 3)
    }

    @Test func aPrintedBackupScansBackPageByPage() throws {
        try SheetRendererTests().printAndScan(Self.sample(shares: 2), paper: .letter, name: "backup")
    }
}
