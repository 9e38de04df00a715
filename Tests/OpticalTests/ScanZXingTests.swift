import Testing
@testable import Optical

@Suite struct ScanZXingTests {
    /// zxing-cpp reads a clean code and reports its corners where the code was drawn (4-module quiet zone at
    /// 4 px a module: the symbol starts at pixel 16).
    @Test func readsACodeAndItsCorners() throws {
        let image = try #require(QRFixtures.image("zxing corners", scale: 4))
        let codes = ZXingPass.codes(in: image)
        #expect(codes.map(\.text) == ["zxing corners"])
        let corners = try #require(codes.first?.corners)
        #expect(corners.count == 4)
        let end = Double(image.width - 16)
        for (corner, expected) in zip(corners, [(16.0, 16.0), (end, 16.0), (end, end), (16.0, end)]) {
            #expect(abs(corner.x - expected.0) <= 4 && abs(corner.y - expected.1) <= 4, "\(corner) vs \(expected)")
        }
    }

    /// A code whose data is damaged beyond repair is dropped: zxing-cpp 1.4 returns a code that fails error
    /// correction even with ReturnErrors set (its decoder result has no content), which is why the scanner has its
    /// own finder-pattern search to count such codes.
    @Test func dropsACodeItCannotRead() throws {
        let frame = try #require(QRScannerTests.pair(left: "fine", right: "broken", damageRight: true))
        let codes = ZXingPass.codes(in: frame)
        #expect(codes.map(\.text) == ["fine"])
    }

    @Test func emptyAndMismatchedImagesGiveNothing() {
        #expect(ZXingPass.codes(in: GrayImage(width: 0, height: 0)).isEmpty)
        #expect(ZXingPass.codes(in: GrayImage(width: 64, height: 64, fill: 255)).isEmpty)
    }
}
