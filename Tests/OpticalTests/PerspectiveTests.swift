import Testing
@testable import Optical

@Suite struct PerspectiveTests {
    /// A code drawn through a strong keystone (the far edge at 60% of the near one) is unreadable to zbar as it
    /// stands; resampled upright through its four corners it reads.
    @Test func uprightUndoesAKeystone() throws {
        let code = try #require(QRFixtures.image("keystone", scale: 1))
        let corners: [(x: Double, y: Double)] = [(150, 60), (330, 60), (390, 330), (90, 330)]
        let toFrame = Homography(unitSquareTo: corners.map { ($0.x, $0.y) })
        let toCode = try #require(toFrame.inverse)
        var frame = GrayImage(width: 480, height: 400, fill: 200)
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                let (u, v) = toCode.apply(Double(x) + 0.5, Double(y) + 0.5)
                guard u >= 0, u < 1, v >= 0, v < 1 else { continue }
                frame[x, y] = code[Int(u * Double(code.width)), Int(v * Double(code.height))]
            }
        }
        let upright = try #require(frame.upright(corners: corners, side: 300, margin: 0.05))
        #expect(upright.width == 300 && upright.height == 300)
        #expect(ZBarPass.texts(in: upright) == ["keystone"])
    }

    @Test func degenerateCornersGiveNothing() {
        let frame = GrayImage(width: 50, height: 50)
        #expect(frame.upright(corners: [(0, 0), (10, 0)], side: 20) == nil)
        #expect(frame.upright(corners: [(0, 0), (10, 0), (10, .nan), (0, 10)], side: 20) == nil)
        #expect(frame.upright(corners: [(0, 0), (10, 0), (10, 10), (0, 10)], side: 0) == nil)
        // Collinear corners give a map that may be infinite: the result is white, not a crash.
        let flat = frame.upright(corners: [(0, 0), (10, 0), (20, 0), (30, 0)], side: 8)
        #expect(flat.map { $0.pixels.count } == 64)
    }
}
