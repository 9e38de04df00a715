import Optical
import Testing

@Suite struct PaperSizeTests {
    @Test func pointsOfEachPaper() {
        #expect(PaperSize.letter.points == (612, 792))
        // 210 × 297 mm at 72 points to 25.4 mm.
        #expect(abs(PaperSize.a4.points.width - 210 / 25.4 * 72) < 0.001)
        #expect(abs(PaperSize.a4.points.height - 297 / 25.4 * 72) < 0.001)
    }
}
