import Testing
@testable import Optical

@Suite struct PreprocessTests {
    /// 4x2 image: columns 0, 100, 200, 40 in row 0 and their halves in row 1.
    static let small = GrayImage(width: 4, height: 2, pixels: [0, 100, 200, 40, 0, 50, 100, 20])!

    @Test func halvedAveragesBlocks() {
        let half = Self.small.halved()
        #expect(half.width == 2 && half.height == 1)
        let left: Int = (0 + 100 + 0 + 50 + 2) / 4
        let right: Int = (200 + 40 + 100 + 20 + 2) / 4
        #expect(half.pixels.map(Int.init) == [left, right])
    }

    @Test func doubledKeepsFlatAreasAndInterpolatesEdges() {
        let flat = GrayImage(width: 3, height: 3, fill: 77).doubled()
        #expect(flat.width == 6 && flat.height == 6 && flat.pixels.allSatisfy { $0 == 77 })
        let edge = GrayImage(width: 2, height: 1, pixels: [0, 255])!
        let tall = GrayImage(width: 2, height: 2, pixels: edge.pixels + edge.pixels)!.doubled()
        let row = Array(tall.pixels[0..<4])
        #expect(row.first == 0 && row.last == 255)
        #expect(row == row.sorted())
    }

    @Test func stretchedUsesTheFullRange() {
        let dim = GrayImage(width: 100, height: 1, pixels: (0..<100).map { UInt8(100 + $0 / 2) })!
        let stretched = dim.stretched(clip: 0)
        #expect(stretched.pixels.min() == 0 && stretched.pixels.max() == 255)
        #expect(stretched.pixels == stretched.pixels.sorted())
        #expect(GrayImage(width: 4, height: 4, fill: 9).stretched().pixels.allSatisfy { $0 == 9 })
    }

    @Test func adaptiveThresholdFollowsLocalLightNotGlobal() {
        // A dark square on a bright left half and a (darker) square on a dim right half: a global threshold
        // cannot separate both, a local one can.
        var image = GrayImage(width: 80, height: 40)
        for y in 0..<40 {
            for x in 0..<80 {
                let background: UInt8 = x < 40 ? 230 : 90
                let inSquare = (15..<25).contains(y) && ((15..<25).contains(x) || (55..<65).contains(x))
                image[x, y] = inSquare ? background - 60 : background
            }
        }
        let binary = image.adaptiveThresholded(radius: 8, offset: 6)
        #expect(binary[20, 20] == 0 && binary[60, 20] == 0)
        #expect(binary[5, 5] == 255 && binary[75, 5] == 255 && binary[70, 35] == 255)
    }

    @Test func sharpenedSteepensAnEdge() {
        var image = GrayImage(width: 10, height: 3, fill: 200)
        for y in 0..<3 { for x in 5..<10 { image[x, y] = 50 } }
        let sharp = image.boxBlurred(radius: 1).sharpened()
        let blurred = image.boxBlurred(radius: 1)
        #expect(Int(sharp[3, 1]) - Int(sharp[6, 1]) > Int(blurred[3, 1]) - Int(blurred[6, 1]))
    }

    @Test func widerSharpeningReachesFartherFromABlurredEdge() {
        var image = GrayImage(width: 20, height: 5, fill: 200)
        for y in 0..<5 { for x in 10..<20 { image[x, y] = 50 } }
        let blurred = image.boxBlurred(radius: 3)
        // Six pixels from the edge the blurred image is still flat: a 3x3 mask sees nothing, a 7x7 one the ramp.
        #expect(blurred[4, 2] == 200)
        #expect(blurred.sharpened(radius: 1)[4, 2] == 200)
        #expect(blurred.sharpened(radius: 3)[4, 2] > 200)
    }

    @Test func blurKeepsFlatAreasAndInvertIsAnInvolution() {
        #expect(GrayImage(width: 7, height: 5, fill: 123).boxBlurred(radius: 2).pixels.allSatisfy { $0 == 123 })
        let twice = Self.small.inverted().inverted()
        #expect(twice == Self.small)
        #expect(Self.small.inverted().pixels[0] == 255)
    }

    @Test func croppedClipsToTheImage() {
        let crop = Self.small.cropped(x: 2, y: -5, width: 10, height: 6)
        #expect(crop.width == 2 && crop.height == 1 && crop.pixels == [200, 40])
        #expect(Self.small.cropped(x: 9, y: 0, width: 2, height: 2).pixels.isEmpty)
    }

    /// Ink: nothing on a plain image, the most on half black and half white, a QR code's square in between and far
    /// above a line of thin strokes on paper.
    @Test func meanDeviationMeasuresInk() throws {
        #expect(GrayImage(width: 40, height: 40, fill: 200).meanDeviation() == 0)
        var halves = GrayImage(width: 40, height: 40, fill: 255)
        for y in 0..<20 { for x in 0..<40 { halves[x, y] = 0 } }
        #expect(halves.meanDeviation() == 127.5)
        let code = try #require(QRFixtures.image("ink", scale: 4))
        var strokes = GrayImage(width: code.width, height: code.height, fill: 255)
        for y in stride(from: 10, to: strokes.height, by: 24) { for x in 0..<strokes.width { strokes[x, y] = 0 } }
        #expect(code.meanDeviation() > 60 && code.meanDeviation() < 127.5)
        #expect(strokes.meanDeviation() < 0.5 * code.meanDeviation())
        #expect(GrayImage(width: 0, height: 0).meanDeviation() == 0)
    }

    @Test func busiestRegionFindsTheCode() throws {
        let code = try #require(QRFixtures.image("where am I", scale: 3))
        var frame = GrayImage(width: 480, height: 360, fill: 128)
        for y in 0..<code.height { for x in 0..<code.width { frame[300 + x, 40 + y] = code[x, y] } }
        let region = try #require(frame.busiestRegion())
        #expect(region.x <= 300 + 12 && region.y <= 40 + 12)
        #expect(region.x + region.width >= 300 + code.width - 12 && region.y + region.height >= 40 + code.height - 12)
        #expect(region.width * region.height < frame.width * frame.height / 3)
        #expect(GrayImage(width: 64, height: 64, fill: 5).busiestRegion() == nil)
    }
}
