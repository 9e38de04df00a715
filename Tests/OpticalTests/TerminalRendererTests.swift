import Testing

@testable import Optical

@Suite struct TerminalRendererTests {
    static let text = "UR:BYTES/HDCXLKAHSSQZWFVSLOFZOEBSNNETGYCXPA"

    /// Every style parses back to the module matrix, quiet zone included (half blocks add one light row when the
    /// span is odd).
    @Test(arguments: TerminalStyle.allCases, [0, 1, 4])
    func parsesBackToTheModules(style: TerminalStyle, margin: Int) throws {
        let code = try QRCode(encoding: Self.text)
        let rendered = TerminalRenderer.render(code, style: style, margin: margin)
        let rows = try #require(TerminalRenderer.parse(rendered, style: style))
        let expected = RenderTestSupport.matrix(code, margin: margin)
        #expect(Array(rows.prefix(expected.count)) == expected)
        #expect(rows.dropFirst(expected.count).allSatisfy { $0.allSatisfy { !$0 } })
        #expect(rows.count - expected.count <= 1)
    }

    @Test func plainStylesHaveNoEscapesAndAnsiResetsEachLine() throws {
        let code = try QRCode(encoding: Self.text)
        for style in [TerminalStyle.blocks, .invertedBlocks, .ascii] {
            #expect(!TerminalRenderer.render(code, style: style).contains("\u{1B}"))
        }
        let lines = TerminalRenderer.render(code, style: .ansi).split(separator: "\n")
        #expect(lines.count == (code.size + 8 + 1) / 2)
        #expect(lines.allSatisfy { $0.hasPrefix("\u{1B}[30;47;107m") && $0.hasSuffix("\u{1B}[0m") })
    }

    /// What the terminal shows scans: the parsed matrix drawn as pixels, 4 per module, reads back as the UR.
    @Test(arguments: TerminalStyle.allCases)
    func parsedFrameScans(style: TerminalStyle) throws {
        let code = try QRCode(encoding: Self.text)
        let rows = try #require(TerminalRenderer.parse(TerminalRenderer.render(code, style: style), style: style))
        #expect(QRScanner.plain.read(RenderTestSupport.image(matrix: rows)).texts == [Self.text])
    }

    @Test func animationFramesRedrawInPlace() throws {
        let code = try QRCode(encoding: Self.text)
        let frame = TerminalAnimation.frame(code, style: .blocks)
        #expect(frame.hasPrefix("\u{1B}[H"))
        #expect(frame.dropFirst(3) == Substring(TerminalRenderer.render(code, style: .blocks)))
        #expect(TerminalAnimation.start.contains("\u{1B}[?25l"))
        #expect(TerminalAnimation.finish.contains("\u{1B}[?25h"))
    }

    @Test func parseRejectsForeignCharacters() {
        #expect(TerminalRenderer.parse("#x\n", style: .ascii) == nil)
        #expect(TerminalRenderer.parse("ab\n", style: .blocks) == nil)
    }
}
