import Foundation
import Testing

@testable import Optical

@Suite struct HTMLPlayerTests {
    static func parts() throws -> [String] {
        try RenderTestSupport.parts(length: 500, count: 9, profile: FrameProfile(type: "bytes", density: .low), seed: 3)
    }

    static func codes() throws -> [QRCode] {
        let profile = try FrameProfile(type: "bytes", density: .low)
        return try parts().map { try profile.encode(part: $0) }
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
        #expect(!html.contains("/ \(codes.count)"))
        #expect(html.contains("Keep showing until the other device says it is complete."))
        #expect(html.contains("let fps = 6;"))
    }

    /// The page says what it plays (type, size) and when to stop, with the type escaped like every text it prints.
    @Test func saysWhatItShows() throws {
        let codes = try Self.codes()
        let html = try HTMLPlayer.page(frames: codes, caption: PlayerCaption(type: "crypto-psbt", bytes: 10_240))
        #expect(html.contains("<p id=\"about\">crypto-psbt, 10240 bytes. Keep showing until the other device says it "
            + "is complete.</p>"))
        let hostile = try HTMLPlayer.page(frames: codes, caption: PlayerCaption(type: "<b>", bytes: 1))
        #expect(hostile.contains("&lt;b&gt;, 1 bytes."))
    }

    @Test func rejectsNothingToPlayAndBadRates() throws {
        #expect(throws: OpticalError.noFrames) { try HTMLPlayer.page(frames: []) }
        let code = try QRCode(encoding: "A")
        #expect(throws: OpticalError.self) { try HTMLPlayer.page(frames: [code], fps: 0) }
        #expect(throws: OpticalError.self) { try HTMLPlayer.page(frames: [code], fps: .nan) }
        let titled = try HTMLPlayer.page(frames: [code], title: "<script>")
        #expect(titled.contains("<title>&lt;script&gt;</title>"))
    }

    /// The embedded path data of each frame, read back, is that frame's modules and scans to its part: the page
    /// shows what was encoded.
    @Test func framesReadBackToTheirModules() throws {
        let codes = try Self.codes()
        let html = try HTMLPlayer.page(frames: codes)
        let start = try #require(html.range(of: "const frames = ["))
        let end = try #require(html.range(of: "];", range: start.upperBound..<html.endIndex))
        let paths = html[start.upperBound..<end.lowerBound].split(separator: "\n").filter { !$0.isEmpty }.map {
            String($0.trimmingPrefix("\"").prefix { $0 != "\"" })
        }
        #expect(paths.count == codes.count)
        for ((path, code), part) in zip(zip(paths, codes), try Self.parts()) {
            let span = code.size + 2 * QRCode.quietZone
            let matrix = try #require(SVGRendererTests.modules(fromPath: path, span: span))
            #expect(matrix == RenderTestSupport.matrix(code, margin: 4))
            #expect(QRScanner.plain.read(RenderTestSupport.image(matrix: matrix)).texts == [part.uppercased()])
        }
    }

    /// The page's script, run by node against a stub DOM: it shows frame 1, advances on each tick, wraps around,
    /// pauses and resumes, and follows the frame-rate control.
    @Test(.enabled(if: RenderTestSupport.has("node")))
    func scriptPlaysPausesAndCounts() throws {
        let codes = try Self.codes()
        let html = try HTMLPlayer.page(frames: codes, fps: 5)
        let start = try #require(html.range(of: "<script>"))
        let end = try #require(html.range(of: "</script>"))
        let script = String(html[start.upperBound..<end.lowerBound])
        let harness = """
            const elements = {};
            function element(id) {
              if (!elements[id]) {
                elements[id] = { id: id, attributes: {}, listeners: {}, textContent: "", value: "5",
                  setAttribute(name, value) { this.attributes[name] = value; },
                  addEventListener(name, listener) { this.listeners[name] = listener; } };
              }
              return elements[id];
            }
            const document = { getElementById: element };
            let tick = null; let period = 0;
            function setInterval(callback, ms) { tick = callback; period = ms; return 1; }
            function clearInterval() { tick = null; }
            \(script)
            const log = [];
            const shown = function () { return String(frames.indexOf(elements.modules.attributes.d) + 1); };
            log.push(shown(), String(period));
            for (let i = 0; i < \(codes.count); i++) { tick(); }
            log.push(shown());
            tick(); tick();
            log.push(shown(), elements.modules.attributes.d === frames[2] ? "d-ok" : "d-bad");
            elements.toggle.listeners.click();
            log.push(tick === null ? "paused" : "running", elements.toggle.textContent);
            elements.toggle.listeners.click();
            elements.fps.value = "20"; elements.fps.listeners.input();
            log.push(String(period), elements.fpsValue.textContent);
            console.log(log.join("|"));
            """
        let directory = try RenderTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("player.js")
        try Data(harness.utf8).write(to: url)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["node", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
                #expect(output.trimmingCharacters(in: .whitespacesAndNewlines)
            == "1|200|1|3|d-ok|paused|Play|50|20")
    }
}
