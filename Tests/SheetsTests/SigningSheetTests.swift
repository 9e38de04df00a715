import Testing

@testable import Sheets

@Suite struct SigningSheetTests {
    @Test func showsEverythingItWasGiven() throws {
        let sheet = try SheetSamples.signing()
        let contents = DocumentContents(sheet.document)
        #expect(contents.value("Message digest") == SheetText.grouped(SheetText.hex(sheet.messageDigest)))
        #expect(contents.value("Signature") == SheetText.grouped(SheetText.hex(sheet.signature)))
        #expect(contents.value("Signers") == "Alice, Carol")
        #expect(contents.value("Group key") == sheet.groupKeyFingerprint)
        #expect(contents.pictures == [try LifeHash.image(digest: sheet.messageDigest)])
        #expect(contents.qrTexts == [sheet.signatureParts])
        #expect(contents.signatureLabels == ["Signer: Alice", "Signer: Carol"])
    }

    /// Issue 16: the sheet says how many optical round trips the signature took.
    @Test func saysHowManyRoundTripsTheSignatureTook() throws {
        var sheet = try SheetSamples.signing()
        #expect(DocumentContents(sheet.document).value("Round trips") == "2 (request → commitments, package → shares)")
        sheet.roundTrips = 1
        #expect(DocumentContents(sheet.document).value("Round trips")?.hasPrefix("1 (preprocessed commitments") == true)
    }

    @Test func signatureWithoutPartsIsOneCodeOfItsHex() throws {
        var sheet = try SheetSamples.signing()
        sheet.signatureParts = []
        #expect(DocumentContents(sheet.document).qrTexts == [[SheetText.hex(sheet.signature)]])
    }
}
