// Rendering benchmarks: what one animation frame costs in each output format, at 1280x720.
import Foundation
import Optical
import UniformResources

var renderBenchmarks: [Benchmark] {
    [
        Benchmark(name: "render", summary: "ms per frame: QR encode, 1280x720 raster, PNG, GIF, SVG, terminal") {
            renderBenchmark()
        }
    ]
}

private func renderBenchmark() {
    do {
        var frames = try FrameSequence(
            ur: UR(type: "crypto-psbt", cbor: (0..<4_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }),
            density: .high, ecc: .low)
        let parts = try (0..<64).map { _ in try frames.next() }
        let codes = parts.map(\.code)
        let images = try codes.map { try $0.image(fitting: 1280, 720) }
        func measure(_ name: String, _ body: (Int) throws -> Void) rethrows {
            let iterations = codes.count * 4
            let start = monotonicSeconds()
            for index in 0..<iterations { try body(index % codes.count) }
            let perFrame = (monotonicSeconds() - start) / Double(iterations) * 1_000
            print(name.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "%8.3f ms", perFrame))
        }
        print("version \(codes[0].version)-L, \(frames.fragmentLength) bytes a frame, canvas 1280x720")
        try measure("QR encode (libqrencode)") { _ = try frames.profile.encode(part: parts[$0].part) }
        try measure("raster 1280x720") { _ = try codes[$0].image(fitting: 1280, 720) }
        try measure("PNG 1280x720") { _ = try PNG.encode(images[$0]) }
        try measure("PNG 1280x720, fast") { _ = try PNG.encode(images[$0], fast: true) }
        try measure("PNG natural size (8 px a module)") { _ = try PNG.encode(codes[$0]) }
        let (compact, fast) = (try PNG.encode(images[0]).count, try PNG.encode(images[0], fast: true).count)
        print("PNG bytes: 1280x720 \(compact), fast \(fast), natural \(try PNG.encode(codes[0]).count)")
        var gif = try GIFEncoder(width: 1280, height: 720, fps: 8)
        try measure("GIF frame 1280x720 (LZW)") { try gif.add(images[$0]) }
        measure("SVG document") { _ = SVGRenderer.document(codes[$0]) }
        measure("terminal frame (ansi)") { _ = TerminalAnimation.frame(codes[$0]) }
    } catch {
        print("render benchmark failed: \(error)")
    }
}
