import Optical
import Testing

@testable import Sheets

@Suite struct TextFitterTests {
    @Test func breaksAWordWiderThanItsBox() throws {
        let canvas = try PDFCanvas(width: 100, height: 100, measuringOnly: true)
        let fitter = TextFitter(canvas: canvas)
        let fitted = fitter.fit(
            String(repeating: "W", count: 60), font: .regular, size: 12, minimumSize: 8, width: 80)
        #expect(fitted.size == 8)
        #expect(fitted.lines.count > 1)
        #expect(fitted.lines.joined() == String(repeating: "W", count: 60))
        for line in fitted.lines { #expect(canvas.width(of: line, font: .regular, size: 8) <= 80) }
    }

    @Test func shrinksToMeetALineLimit() throws {
        let canvas = try PDFCanvas(width: 100, height: 100, measuringOnly: true)
        let fitter = TextFitter(canvas: canvas)
        let fitted = fitter.fit(
            "one two three four five six", font: .bold, size: 20, minimumSize: 6, width: 200, maxLines: 1)
        #expect(fitted.lines == ["one two three four five six"])
        #expect(fitted.size < 20)
    }

    @Test func wrapsAtSpacesAndKeepsExplicitNewlines() throws {
        let canvas = try PDFCanvas(width: 100, height: 100, measuringOnly: true)
        let fitter = TextFitter(canvas: canvas)
        let lines = fitter.wrap("alpha beta gamma\ndelta", font: .regular, size: 10, width: 1000)
        #expect(lines == ["alpha beta gamma", "delta"])
        let narrow = fitter.wrap("alpha beta gamma", font: .regular, size: 10, width: 60)
        #expect(narrow == ["alpha beta", "gamma"])
    }

    @Test func truncatesWithAnEllipsisInsideTheWidth() throws {
        let canvas = try PDFCanvas(width: 100, height: 100, measuringOnly: true)
        let fitter = TextFitter(canvas: canvas)
        let text = fitter.truncated(String(repeating: "long ", count: 40), font: .regular, size: 8, width: 100)
        #expect(text.hasSuffix("…") && text.hasPrefix("long long"))
        #expect(canvas.width(of: text, font: .regular, size: 8) <= 100)
    }
}

extension TextFitterTests {
    @Test func truncatingKeepsTheLineLimit() throws {
        let canvas = try PDFCanvas(width: 100, height: 100, measuringOnly: true)
        let fitter = TextFitter(canvas: canvas)
        let text = String(repeating: "label ", count: 60)
        let fitted = fitter.fit(
            text, font: .bold, size: 9, minimumSize: 7, width: 120, maxLines: 2, truncating: true)
        #expect(fitted.lines.count == 2)
        #expect(fitted.size == 7)
        #expect(fitted.lines[1].hasSuffix("…"))
        for line in fitted.lines { #expect(canvas.width(of: line, font: .bold, size: 7) <= 120) }
    }
}
