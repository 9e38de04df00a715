import Testing

@testable import Optical

@Suite struct HTMLPlayerTests {
    static func codes() throws -> [QRCode] {
        let profile = try FrameProfile(type: "bytes", density: .low)
        return try RenderTestSupport.parts(length: 500, count: 9, profile: profile, seed: 3).map {
            try profile.encode(part: $0)
        }
    }

    @Test func embedsEveryFrameAndNothingRemote() throws {
        let codes = try Self.codes()
        let html = try HTMLPlayer.page(frames: codes, fps: 6)
        for code in codes { #expect(html.contains("\"" + SVGRenderer.pathData(code) + "\"")) }
        #expect(html.components(separatedBy: "\"M").count - 1 == codes.count)
        for remote in ["http://", "https://", "//cdn", "src=", "href=", "@import", "url("] {
            #expect(!html.lowercased().contains(remote), "\(remote)")
        }
        #expect(html.contains("id=\"toggle\""))
        #expect(html.contains("id=\"fps\""))
        #expect(html.contains("1 / \(codes.count)"))
        #expect(html.contains("let fps = 6;"))
    }

    @Test func rejectsNothingToPlayAndBadRates() throws {
        #expect(throws: OpticalError.noFrames) { try HTMLPlayer.page(frames: []) }
        let code = try QRCode(encoding: "A")
        #expect(throws: OpticalError.self) { try HTMLPlayer.page(frames: [code], fps: 0) }
        #expect(throws: OpticalError.self) { try HTMLPlayer.page(frames: [code], fps: .nan) }
        let titled = try HTMLPlayer.page(frames: [code], title: "<script>")
        #expect(titled.contains("<title>&lt;script&gt;</title>"))
    }

    /// The embedded path data of each frame, read back, is that frame's modules: the page shows what was encoded.
    @Test func framesReadBackToTheirModules() throws {
        let codes = try Self.codes()
        let html = try HTMLPlayer.page(frames: codes)
        let start = try #require(html.range(of: "const frames = ["))
        let end = try #require(html.range(of: "];", range: start.upperBound..<html.endIndex))
        let paths = html[start.upperBound..<end.lowerBound].split(separator: "\n").filter { !$0.isEmpty }.map {
            String($0.trimmingPrefix("\"").prefix { $0 != "\"" })
        }
        #expect(paths.count == codes.count)
        for (path, code) in zip(paths, codes) {
            let span = code.size + 2 * QRCode.quietZone
            #expect(SVGRendererTests.modules(fromPath: path, span: span) == RenderTestSupport.matrix(code, margin: 4))
        }
    }
}
