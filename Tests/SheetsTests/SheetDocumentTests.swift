import Testing

@testable import Sheets

@Suite struct SheetDocumentTests {
    @Test func groupsAndHex() {
        #expect(SheetText.grouped("0123456789", size: 4) == "0123 4567 89")
        #expect(SheetText.grouped("abc", size: 0) == "abc")
        #expect(SheetText.hex([0, 15, 16, 255]) == "000f10ff")
    }
}
