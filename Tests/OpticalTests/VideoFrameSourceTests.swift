import Foundation
import Testing
@testable import Optical

private let ffmpegInstalled = VideoFrames.executable("ffmpeg") != nil && VideoFrames.executable("ffprobe") != nil

@Suite(.enabled(if: ffmpegInstalled, "ffmpeg and ffprobe are needed")) struct VideoFrameSourceTests {
    /// Simulated captures of an animation, encoded by ffmpeg as H.264 (lossy), scan back into the whole message.
    @Test func videoMadeWithFFmpegScansBack() throws {
        let fixture = try AnimationFixture(messageLength: 240, fragmentLength: 60)
        let directory = try AnimationFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let film = FilmedAnimation(codes: fixture.codes, tier: .easy, seed: 1_000_321, dropRate: 0, blendRate: 0,
            canvasWidth: 320, canvasHeight: 240)
        for index in 0..<fixture.codes.count {
            let frame = try #require(film.frame(index))
            try Data(PNMCodec.encodePGM(frame)).write(to: directory.appendingPathComponent(String(format: "f%04d.pgm", index)))
        }
        let video = directory.appendingPathComponent("animation.mp4").path
        let process = Process()
        process.executableURL = VideoFrames.executable("ffmpeg")
        process.arguments = ["-hide_banner", "-loglevel", "error", "-nostdin", "-framerate", "8", "-i",
            directory.appendingPathComponent("f%04d.pgm").path, "-c:v", "libx264", "-pix_fmt", "yuv420p",
            "-crf", "18", video]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)

        #expect(try VideoFrames.probeSize(video) == FrameSize(width: 320, height: 240))
        var source = try VideoFrames(input: .file(video))
        defer { source.close() }
        var receiver = AnimatedReceiver(scanner: QRScanner(ladder: QRScanner.cameraLadder, budget: 10))
        while !receiver.isComplete, let frame = try source.nextFrame() {
            _ = receiver.receive(frame: frame)
        }
        #expect(receiver.result == fixture.ur)
    }

    @Test func scaledOutputHasTheRequestedSize() throws {
        let directory = try AnimationFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let still = directory.appendingPathComponent("still.pgm")
        try Data(PNMCodec.encodePGM(GrayImage(width: 64, height: 48, fill: 200))).write(to: still)
        var source = try VideoFrames(input: .file(still.path), size: FrameSize(width: 32, height: 24))
        let frame = try #require(try source.nextFrame())
        #expect(frame.width == 32 && frame.height == 24)
        #expect(try source.nextFrame() == nil)
    }

    @Test func notAVideoIsATypedError() throws {
        let directory = try AnimationFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let junk = directory.appendingPathComponent("junk.mp4")
        try Data("this is not a video".utf8).write(to: junk)
        #expect(throws: OpticalError.self) {
            var source = try VideoFrames(input: .file(junk.path))
            while try source.nextFrame() != nil {}
        }
    }
}
