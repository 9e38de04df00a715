import Foundation
import Optical
import Testing
import UniformResources

@Suite struct OpticalTransferTests {
    /// A payload of `count` bytes, different for every seed.
    static func payload(_ count: Int, seed: UInt64) -> [UInt8] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    /// Clean frames and no loss: the receiver needs exactly the seqLen pure parts, one scan each.
    @Test(arguments: [(FrameDensity.low, 40), (.medium, 700), (.high, 1500)])
    func cleanTransferNeedsExactlySeqLenFrames(density: FrameDensity, size: Int) throws {
        let ur = try UR(type: "bytes", cbor: Self.payload(size, seed: UInt64(size)))
        var options = OpticalTransfer.Options()
        options.density = density
        options.capture = nil
        options.dropRate = 0
        let (received, report) = try OpticalTransfer.send(ur, options: options)
        #expect(received == ur)
        #expect(report.framesShown == report.seqLen)
        #expect(report.framesScanned == report.framesShown)
        #expect(report.framesDecoded == report.framesScanned)
        #expect(report.version == density.version)
        #expect(report.bytes == size)
        #expect(report.type == "bytes")
    }

    /// Simulated camera captures with lost frames: the UR still arrives whole, the figures add up, and every
    /// shown frame and every capture is written as a PNG that decodes to an image of the reported kind.
    @Test(arguments: [UInt64(1), 2, 3])
    func degradedTransferWithLossArrivesWhole(seed: UInt64) throws {
        let directory = NSTemporaryDirectory() + "optical-transfer-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ur = try UR(type: "bytes", cbor: Self.payload(600, seed: seed))
        var options = OpticalTransfer.Options()
        options.seed = seed
        options.dropRate = 0.2
        options.frameDirectory = directory
        let (received, report) = try OpticalTransfer.send(ur, options: options)
        #expect(received == ur)
        #expect(report.seqLen > 1)
        #expect(report.framesScanned <= report.framesShown)
        #expect(report.framesShown >= report.seqLen)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(names.filter { $0.hasPrefix("frame-") }.count == report.framesShown)
        #expect(names.filter { $0.hasPrefix("capture-") }.count == report.framesScanned)
        let first = try ImageDecoder.load(path: directory + "/frame-0001.png")
        #expect(first.width == first.height)
        let capture = try #require(names.filter { $0.hasPrefix("capture-") }.sorted().first)
        let photo = try ImageDecoder.load(path: directory + "/" + capture)
        #expect(photo.width == options.canvasWidth && photo.height == options.canvasHeight)
    }

    /// The same seed gives the same figures: captures and losses are a function of the seed.
    @Test func seedDeterminesTheRun() throws {
        let ur = try UR(type: "bytes", cbor: Self.payload(500, seed: 9))
        var options = OpticalTransfer.Options()
        options.seed = 42
        let first = try OpticalTransfer.send(ur, options: options).report
        let second = try OpticalTransfer.send(ur, options: options).report
        #expect(first.framesShown == second.framesShown)
        #expect(first.framesScanned == second.framesScanned)
    }

    /// Too few frames to finish is a typed error, not a hang or a partial UR.
    @Test func givesUpAfterMaxFrames() throws {
        let ur = try UR(type: "bytes", cbor: Self.payload(2000, seed: 5))
        var options = OpticalTransfer.Options()
        options.capture = nil
        options.maxFrames = 3
        #expect(throws: OpticalError.self) { try OpticalTransfer.send(ur, options: options) }
        options.maxFrames = 50
        options.dropRate = 0.999
        #expect(throws: OpticalError.self) { try OpticalTransfer.send(ur, options: options) }
    }
}
