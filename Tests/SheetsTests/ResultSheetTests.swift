import Testing

@testable import Sheets

@Suite struct ResultSheetTests {
    @Test func showsEverythingItWasGiven() throws {
        let sheet = try SheetSamples.result()
        let contents = DocumentContents(sheet.document)
        #expect(contents.value("Fingerprint") == sheet.groupKeyFingerprint)
        #expect(contents.value("Key") == SheetText.grouped(SheetText.hex(sheet.groupPublicKey)))
        #expect(contents.value("Certificate fingerprint") == sheet.certificateFingerprint)
        for share in sheet.verifyingShares {
            #expect(contents.value(share.participant) == SheetText.grouped(share.share))
        }
        #expect(contents.pictures == [LifeHash.image(data: sheet.groupPublicKey)])
        #expect(contents.qrTexts == [[SheetText.hex(sheet.groupPublicKey)]] + sheet.devices.map(\.parts))
    }

    @Test func groupKeyQRHoldsWhatItIsGiven() throws {
        var sheet = try SheetSamples.result()
        sheet.groupKeyQR = "ur:bytes/hdeymejtswhhylkepmykhhtsytsnoyoyaxaedsuttydmmhhpkt"
        sheet.devices = []
        let contents = DocumentContents(sheet.document)
        #expect(contents.qrTexts == [[sheet.groupKeyQR ?? ""]])
        #expect(!contents.headings.contains("Recovery data"))
    }
}
