import Testing

@testable import Sheets

/// What a document shows, flattened: every field, every QR text, every picture.
struct DocumentContents {
    var fields: [SheetField] = []
    var qrTexts: [[String]] = []
    var pictures: [RGBImage] = []
    var headings: [String] = []
    var signatureLabels: [String] = []
    var checkBoxes: [String] = []
    var paragraphs: [String] = []
    var title: String

    /// Every paragraph, one a line.
    var text: String { paragraphs.joined(separator: "\n") }

    init(_ document: SheetDocument) {
        title = document.title
        for block in document.blocks {
            switch block {
            case .fields(let list): fields += list
            case .picture(let image, _, let list):
                pictures.append(image)
                fields += list
            case .qrCodes(let texts, _): qrTexts.append(texts)
            case .heading(let text): headings.append(text)
            case .signatureLines(let labels): signatureLabels += labels
            case .checkBoxes(let items): checkBoxes += items
            case .paragraph(let text): paragraphs.append(text)
            case .steps, .pageBreak: break
            }
        }
    }

    func value(_ label: String) -> String? { fields.first { $0.label == label }?.value }
}

@Suite struct InvitationSheetTests {
    @Test func showsEverythingItWasGiven() throws {
        let sheet = try SheetSamples.invitation()
        let contents = DocumentContents(sheet.document)
        #expect(contents.value("Session") == sheet.sessionID)
        #expect(contents.value("Ciphersuite") == sheet.suite)
        #expect(contents.value("Threshold") == "2 of 3 participants must sign")
        #expect(contents.value("Parameters hash") == sheet.parametersBytewords)
        for member in sheet.roster { #expect(contents.value(member.name) == member.fingerprint) }
        #expect(contents.qrTexts == [sheet.invitationParts])
        #expect(contents.pictures == [try LifeHash.image(digest: sheet.parametersHash)])
        #expect(contents.signatureLabels == ["Coordinator"] + sheet.roster.map { "Participant: \($0.name)" })
        #expect(contents.checkBoxes.count == 4)
    }

    /// A parameters hash that is not a 32-byte digest is drawn as the LifeHash of its SHA-256.
    @Test func shortHashIsHashedForItsPicture() throws {
        var sheet = try SheetSamples.invitation()
        sheet.parametersHash = [1, 2, 3]
        #expect(DocumentContents(sheet.document).pictures == [LifeHash.image(data: [1, 2, 3])])
    }

    @Test func singlePartInvitationIsOneCode() throws {
        var sheet = try SheetSamples.invitation()
        sheet.invitationParts = try SheetSamples.urParts(bytes: 40)
        #expect(sheet.invitationParts.count == 1)
        let pages = try SheetRenderer.layout(sheet.document, paper: .a4)
        #expect(pages.flatMap(\.qrCodes).map(\.payload) == sheet.invitationParts)
    }
}
