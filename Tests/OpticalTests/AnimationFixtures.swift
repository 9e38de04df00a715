import Foundation
import UniformResources
@testable import Optical

/// An animated QR of a random message: the UR, its first `count` part strings and their codes at one pixel per
/// module (the simulator's input), made with the product's own UR encoder and QR encoder.
struct AnimationFixture {
    let ur: UR
    let parts: [String]
    let codes: [GrayImage]

    init(messageLength: Int, fragmentLength: Int, partsPerFragment: Int = 3, seed: UInt64 = 7) throws {
        var random = SeededGenerator(seed: seed)
        let message = (0..<messageLength).map { _ in UInt8.random(in: 0...255, using: &random) }
        ur = try UR(type: "bytes", cbor: message)
        var encoder = try UREncoder(ur, maxFragmentLength: fragmentLength)
        parts = (0..<(encoder.seqLen * partsPerFragment)).map { _ in encoder.nextPart() }
        let style = try QRRenderStyle(moduleSize: 1, margin: QRCode.quietZone)
        codes = try parts.map { try QRCode(ur: $0).image(style: style) }
    }

    /// A temporary directory for files a test writes; removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("heliograph-optical-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
