import Testing
@testable import Optical

@Suite struct QRScannerTests {
    @Test(arguments: ["hello", "UR:BYTES/HDCXLKAHSSQZWFVSLOFZOEBSNNETGYCXPA", String(repeating: "0123456789", count: 40)])
    func scansRenderedCode(text: String) throws {
        let image = try #require(QRFixtures.image(text, scale: 4))
        #expect(QRScanner.scan(image) == [text])
        #expect(QRScanner.plain.read(image).rung == .plain)
    }

    @Test func findsTwoCodesSideBySide() throws {
        let left = try #require(QRFixtures.image("left", scale: 4))
        let right = try #require(QRFixtures.image("right", scale: 4))
        var canvas = GrayImage(width: left.width + right.width, height: max(left.height, right.height))
        for y in 0..<left.height { for x in 0..<left.width { canvas[x, y] = left[x, y] } }
        for y in 0..<right.height { for x in 0..<right.width { canvas[left.width + x, y] = right[x, y] } }
        #expect(Set(QRScanner.scan(canvas)) == ["left", "right"])
    }

    @Test func emptyAndBlankImagesGiveNothing() {
        #expect(QRScanner.scan(GrayImage(width: 0, height: 0)).isEmpty)
        #expect(QRScanner.scan(GrayImage(width: 64, height: 64, fill: 128)).isEmpty)
    }

    @Test func invertedCodeNeedsTheInvertedRung() throws {
        let image = try #require(QRFixtures.image("inverted", scale: 4)).inverted()
        #expect(QRScanner.plain.read(image).texts.isEmpty)
        let result = QRScanner(ladder: [.inverted], budget: 10).read(image)
        #expect(result.texts == ["inverted"])
        #expect(result.rung == .inverted)
    }

    @Test func cameraLadderStartsWithTheRegion() throws {
        let code = try #require(QRFixtures.image("region", scale: 3))
        var frame = GrayImage(width: 640, height: 480, fill: 90)
        for y in 0..<code.height { for x in 0..<code.width { frame[200 + x, 150 + y] = code[x, y] } }
        let result = QRScanner.camera.read(frame)
        #expect(result.texts == ["region"])
        #expect(result.rung == .region)
    }

    @Test func zeroBudgetSkipsTheLadder() throws {
        let image = try #require(QRFixtures.image("budget", scale: 4)).inverted()
        let result = QRScanner(budget: 0).read(image)
        #expect(result.rungsTried == [.plain])
        #expect(result.texts.isEmpty)
    }
}
