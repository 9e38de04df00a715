import Testing
import UniformResources

@testable import Optical

@Suite struct TerminalLayoutTests {
    /// What a terminal shows for `screen`, as pixels: every character cell 4 pixels wide and 8 tall (a half block
    /// is one module wide and two tall, so a module is 4 × 4). A line drawn in the ansi style (black on white) gives
    /// its half blocks; text lines and the cells past the end of any line are the terminal's dark background.
    static func screenImage(_ screen: String, size: TerminalSize) -> GrayImage {
        var image = GrayImage(width: 4 * size.columns, height: 8 * size.rows, fill: 0)
        let body = screen.hasPrefix("\u{1B}[H") ? String(screen.dropFirst(3)) : screen
        for (row, rawLine) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where row < size.rows {
            let isCode = rawLine.contains("\u{1B}[30;47;107m")
            guard isCode else { continue }
            var line = String(rawLine)
            for escape in ["\u{1B}[30;47;107m", "\u{1B}[0m", "\u{1B}[K", "\u{1B}[J"] {
                line = line.split(separator: escape, omittingEmptySubsequences: false).joined()
            }
            for (column, character) in line.enumerated() where column < size.columns {
                let ink: (top: Bool, bottom: Bool)
                switch character {
                case "\u{2588}": ink = (true, true)
                case "\u{2580}": ink = (true, false)
                case "\u{2584}": ink = (false, true)
                default: ink = (false, false)
                }
                for y in 0..<8 {
                    let dark = y < 4 ? ink.top : ink.bottom
                    for x in 0..<4 {
                        image.pixels[(8 * row + y) * image.width + 4 * column + x] = dark ? 0 : 255
                    }
                }
            }
        }
        return image
    }

    static let lines = [
        "Fingerprint: able acid also apex aunt ball belt blue",
        "Showing this device's round 1 package: heliograph-dkg-bundle, 1200 bytes.",
        TerminalLayout.keepShowing + " Then press Enter.",
    ]

    /// The ceremony's animation in a small terminal: the code and the lines to compare fit the screen together,
    /// and the screen, turned back into pixels cell by cell, scans frame after frame until the UR is whole.
    @Test(arguments: [(80, 24), (100, 30)])
    func theCodeAndTheLinesFitAndScan(columns: Int, rows: Int) throws {
        let size = try #require(TerminalSize(columns: columns, rows: rows))
        var random = Xoshiro256StarStar(string: "terminal-\(columns)x\(rows)")
        let ur = try UR(type: "heliograph-dkg-bundle", cbor: [0x59, 0x02, 0x58] + random.nextData(count: 600))
        let layout = try TerminalLayout(type: ur.type, size: size, lines: Self.lines)
        #expect(layout.fits)
        #expect(layout.warning == nil)
        #expect(layout.margin >= TerminalLayout.minimumMargin)
        var sequence = try FrameSequence(ur: ur, profile: layout.profile)
        var receiver = AnimatedReceiver(scanner: .plain)
        var frames = 0
        while !receiver.isComplete, frames < sequence.period {
            let (_, code) = try sequence.next()
            let screen = layout.screen(code, lines: Self.lines)
            let screenLines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(screenLines.count <= rows)
            #expect(screenLines.allSatisfy { TerminalLayout.visibleWidth(String($0)) <= columns })
            if frames == 0 {
                // The lines a person compares are on the screen whole, beside the code.
                for line in Self.lines { #expect(screenLines.contains { $0.contains(line) }, "\(line)") }
            }
            _ = receiver.receive(frame: Self.screenImage(screen, size: size))
            frames += 1
        }
        #expect(receiver.result == ur, "\(columns)×\(rows): version \(layout.profile.version), margin \(layout.margin)")
        #expect(receiver.progress.framesWithCode == frames)
    }

    @Test func warnsWhenNothingFits() throws {
        let size = try #require(TerminalSize(columns: 40, rows: 12))
        let layout = try TerminalLayout(type: "heliograph-dkg-bundle", size: size, lines: Self.lines)
        #expect(!layout.fits)
        #expect(layout.warning?.contains("do not fit this 40×12 terminal") == true)
        #expect(layout.margin == TerminalLayout.minimumMargin)
    }

    @Test func prefersTheDensityAskedForAndTheFullQuietZoneWhenThereIsRoom() throws {
        let size = try #require(TerminalSize(columns: 200, rows: 80))
        let layout = try TerminalLayout(type: "bytes", size: size, lines: Self.lines, density: .high)
        #expect(layout.profile.version == FrameDensity.high.version)
        #expect(layout.margin == QRCode.quietZone)
        let ascii = try TerminalLayout(type: "bytes", size: size, lines: [], density: .high, style: .ascii)
        #expect(ascii.codeColumns == 2 * (4 * ascii.profile.version + 17 + 2 * ascii.margin))
        #expect(ascii.codeColumns <= 200)
    }

    @Test(arguments: [("80x24", 80, 24), ("100X30", 100, 30), ("132×43", 132, 43)])
    func parsesSizes(text: String, columns: Int, rows: Int) {
        #expect(TerminalSize(parsing: text) == TerminalSize(columns: columns, rows: rows))
    }

    @Test(arguments: ["", "80", "80x", "x24", "0x24", "80x0", "-1x5", "80x24x1", "99999x5", "ax b"])
    func rejectsBadSizes(text: String) {
        #expect(TerminalSize(parsing: text) == nil)
    }
}
