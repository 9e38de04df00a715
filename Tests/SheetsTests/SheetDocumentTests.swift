import Testing

@testable import Sheets

@Suite struct SheetDocumentTests {
    @Test func groupsAndHex() {
        #expect(SheetText.grouped("0123456789", size: 4) == "0123 4567 89")
        #expect(SheetText.grouped("abc", size: 0) == "abc")
        #expect(SheetText.hex([0, 15, 16, 255]) == "000f10ff")
    }
}

extension SheetDocumentTests {
    @Test func paperSizesInPoints() {
        #expect(Paper.letter.size == (612, 792))
        // 210 × 297 mm at 72 points to 25.4 mm.
        #expect(abs(Paper.a4.size.width - 210 / 25.4 * 72) < 0.001)
        #expect(abs(Paper.a4.size.height - 297 / 25.4 * 72) < 0.001)
    }
}
