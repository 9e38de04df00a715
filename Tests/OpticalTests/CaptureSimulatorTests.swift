import Testing
@testable import Optical

@Suite struct CaptureSimulatorTests {
    static let text = "UR:BYTES/3-9/LPAXASCSHDCXLKAHSSQZWFVSLOFZOEBSNNETGYCXPA"

    static func code() throws -> GrayImage {
        CaptureSimulator.codeImage(modules: try #require(QRFixtures.modules(text)))
    }

    @Test func capturesAreDeterministicInTheSeed() throws {
        let code = try Self.code()
        let parameters = CaptureSimulator.Parameters(tier: .medium, seed: 1_000_001, canvasWidth: 320, canvasHeight: 240)
        #expect(parameters == CaptureSimulator.Parameters(tier: .medium, seed: 1_000_001, canvasWidth: 320, canvasHeight: 240))
        let first = CaptureSimulator.capture(code, parameters: parameters)
        let again = first == CaptureSimulator.capture(code, parameters: parameters)
        #expect(again)
        let other = CaptureSimulator.Parameters(tier: .medium, seed: 1_000_002, canvasWidth: 320, canvasHeight: 240)
        let differs = first != CaptureSimulator.capture(code, parameters: other)
        #expect(differs)
        #expect(first.width == 320 && first.height == 240)
    }

    @Test func tiersGetHarder() {
        let seeds: [UInt64] = Array(1_000_000..<1_000_020)
        func mean(_ tier: CaptureSimulator.Tier, _ value: (CaptureSimulator.Parameters) -> Double) -> Double {
            seeds.map { value(CaptureSimulator.Parameters(tier: tier, seed: $0)) }.reduce(0, +) / Double(seeds.count)
        }
        #expect(mean(.easy, \.moduleSize) > mean(.medium, \.moduleSize))
        #expect(mean(.medium, \.moduleSize) > mean(.hard, \.moduleSize))
        #expect(mean(.easy, \.noise) < mean(.hard, \.noise))
        #expect(mean(.easy) { $0.whiteLevel - $0.inkLevel } > mean(.hard) { $0.whiteLevel - $0.inkLevel })
    }

    /// Held-out seeds (from 1,000,000 on; the ladder was tuned on seeds below 100,000).
    @Test(arguments: [UInt64(1_000_010), 1_000_011, 1_000_012])
    func easyCapturesScan(seed: UInt64) throws {
        let parameters = CaptureSimulator.Parameters(tier: .easy, seed: seed, canvasWidth: 480, canvasHeight: 360)
        let capture = CaptureSimulator.capture(try Self.code(), parameters: parameters)
        #expect(QRScanner(ladder: QRScanner.cameraLadder, budget: 10).read(capture).texts == [Self.text])
    }

    @Test func blendedFrameShowsOneCodeAboveTheRefreshLineAndTheOtherBelow() throws {
        let previous = try Self.code()
        let next = previous.inverted()
        var parameters = CaptureSimulator.Parameters()
        (parameters.canvasWidth, parameters.canvasHeight, parameters.jpegQuality) = (200, 200, nil)
        parameters.moduleSize = 4
        let done = CaptureSimulator.captureBlend(from: previous, to: next, refreshLine: 2, parameters: parameters)
        let notYet = CaptureSimulator.captureBlend(from: previous, to: next, refreshLine: -1, parameters: parameters)
        let halfway = CaptureSimulator.captureBlend(from: previous, to: next, refreshLine: 0.5, parameters: parameters)
        let showsNext = done == CaptureSimulator.capture(next, parameters: parameters)
        let showsPrevious = notYet == CaptureSimulator.capture(previous, parameters: parameters)
        #expect(showsNext && showsPrevious)
        // Halfway: the top rows match the next code's capture, the bottom rows the previous one's.
        let row = 200 * 60, lastRow = 200 * 140
        #expect(halfway.pixels[row..<(row + 200)] == done.pixels[row..<(row + 200)])
        #expect(halfway.pixels[lastRow..<(lastRow + 200)] == notYet.pixels[lastRow..<(lastRow + 200)])
    }
}
