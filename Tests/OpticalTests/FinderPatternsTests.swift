import Testing
@testable import Optical

@Suite struct FinderPatternsTests {
    /// A clean code shows its three finder patterns, about where they are drawn, and they make one code whose
    /// corners are the symbol's.
    @Test func findsTheThreePatternsOfACode() throws {
        let image = try #require(QRFixtures.image("finder", scale: 4))
        let patterns = image.finderPatterns()
        // Data modules may add a pattern of their own; the triple is what makes a code.
        #expect(patterns.count >= 3 && patterns.count <= 5, "\(patterns)")
        // The symbol starts after a 4-module quiet zone (16 px); a finder's centre is 3.5 modules in.
        let near = 16 + 3.5 * 4, far = Double(image.width) - near
        for (x, y) in [(near, near), (far, near), (near, far)] {
            #expect(patterns.contains { abs($0.x - x) <= 3 && abs($0.y - y) <= 3 && abs($0.module - 4) < 1 },
                "\(x),\(y) in \(patterns)")
        }
        let codes = FinderPattern.codes(from: patterns)
        #expect(codes.count == 1)
        let end = Double(image.width - 16)
        for (corner, expected) in zip(codes.first ?? [], [(16.0, 16.0), (end, 16.0), (end, end), (16.0, end)]) {
            #expect(abs(corner.x - expected.0) <= 4 && abs(corner.y - expected.1) <= 4, "\(corner) vs \(expected)")
        }
    }

    /// Two codes, one unreadable: both are located.
    @Test func locatesCodesWhetherReadableOrNot() throws {
        let frame = try #require(QRScannerTests.pair(left: "fine", right: "broken", damageRight: true))
        #expect(FinderPattern.codes(from: frame.finderPatterns()).count == 2, "\(frame.finderPatterns())")
    }

    @Test func blankTinyAndNoisyImagesGiveNothing() {
        #expect(GrayImage(width: 10, height: 10, fill: 0).finderPatterns().isEmpty)
        #expect(GrayImage(width: 200, height: 200, fill: 255).finderPatterns().isEmpty)
        var state: UInt64 = 7
        var noise = GrayImage(width: 320, height: 240)
        for index in noise.pixels.indices {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            noise.pixels[index] = UInt8(truncatingIfNeeded: state >> 56)
        }
        #expect(FinderPattern.codes(from: noise.finderPatterns()).isEmpty)
    }
}
