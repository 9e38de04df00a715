import Foundation
import UniformResources

@testable import Optical

/// Helpers for the renderer tests: external rasterizers (pdftoppm, ffmpeg, rsvg-convert) run in a scratch
/// directory, and sample URs built with the real encoder.
enum RenderTestSupport {
    /// Whether `tool` is on the PATH; tests that need it are disabled, not failed, when it is missing.
    static func has(_ tool: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
    }

    /// A fresh scratch directory, removed by `cleanUp`.
    static func scratchDirectory() throws -> URL {
        let name = "heliograph-render-\(UUID().uuidString)"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `tool` with `arguments`, failing on a non-zero exit.
    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OpticalError.subprocessFailed(command: tool, status: process.terminationStatus, message: "")
        }
    }

    /// Every file in `directory` with `suffix`, sorted by name, decoded to grayscale.
    static func images(in directory: URL, suffix: String) throws -> [GrayImage] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(suffix) }.sorted()
        return try names.map { name in
            let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
            return try ImageDecoder.decode(bytes)
        }
    }

    /// The first `count` multipart parts of a random `length`-byte message of `type` cut for `profile`.
    static func parts(length: Int, count: Int, profile: FrameProfile, seed: UInt64) throws -> [String] {
        let message = self.message(length: length, seed: seed)
        let ur = try UR(type: profile.type, cbor: message)
        var encoder = try UREncoder(ur, maxFragmentLength: profile.maxFragmentLength)
        return (0..<count).map { _ in encoder.nextPart() }
    }

    /// The random message `parts` cuts for the same `length` and `seed`.
    static func message(length: Int, seed: UInt64) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        return (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// A module matrix drawn black on white, `scale` pixels a module: how tests scan what a text renderer showed.
    static func image(matrix rows: [[Bool]], scale: Int = 4) -> GrayImage {
        var image = GrayImage(width: (rows.first?.count ?? 0) * scale, height: rows.count * scale)
        for (y, row) in rows.enumerated() {
            for (x, dark) in row.enumerated() where dark {
                for dy in 0..<scale { for dx in 0..<scale { image[x * scale + dx, y * scale + dy] = 0 } }
            }
        }
        return image
    }

    /// The module matrix of `code` with `margin` light modules around it, as the renderers draw it.
    static func matrix(_ code: QRCode, margin: Int) -> [[Bool]] {
        let span = code.size + 2 * margin
        return (0..<span).map { y in (0..<span).map { x in code[x - margin, y - margin] } }
    }
}

/// SplitMix64: a reproducible generator so that a failing random case can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
