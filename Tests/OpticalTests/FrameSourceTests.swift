import Foundation
import Testing
@testable import Optical

@Suite struct FrameSourceTests {
    @Test(arguments: [("640x480", 640, 480), ("1280X720", 1280, 720), ("1x1", 1, 1)])
    func frameSizesParse(text: String, width: Int, height: Int) throws {
        #expect(try FrameSize(parsing: text) == FrameSize(width: width, height: height))
    }

    @Test(arguments: ["", "640", "640x", "x480", "0x480", "-1x5", "640x480x3", "20000x20000", "99999999999x1", "６４0x480"])
    func badFrameSizesAreRefused(text: String) {
        #expect(throws: OpticalError.invalidFrameSize(text)) { try FrameSize(parsing: text) }
    }

    @Test func rawFramesOnAPipe() throws {
        let pipe = Pipe()
        let frames = (0..<3).map { index in
            GrayImage(width: 4, height: 3, pixels: (0..<12).map { UInt8(index * 12 + $0) })!
        }
        for frame in frames { pipe.fileHandleForWriting.write(Data(frame.pixels)) }
        pipe.fileHandleForWriting.write(Data([1, 2, 3]))
        try pipe.fileHandleForWriting.close()
        var stream = RawFrameStream(handle: pipe.fileHandleForReading, size: FrameSize(width: 4, height: 3))
        for frame in frames { #expect(try stream.nextFrame() == frame) }
        #expect(throws: OpticalError.truncatedImage(format: "raw 4x3 frame")) { try stream.nextFrame() }
    }

    @Test func emptyPipeEndsCleanly() throws {
        let pipe = Pipe()
        try pipe.fileHandleForWriting.close()
        var stream = RawFrameStream(handle: pipe.fileHandleForReading, size: FrameSize(width: 4, height: 3))
        #expect(try stream.nextFrame() == nil)
    }

    @Test func directoryFramesAreSortedByName() throws {
        let directory = try AnimationFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for index in [2, 10, 1] {
            let image = GrayImage(width: 2, height: 2, fill: UInt8(index))
            try Data(PNMCodec.encodePGM(image)).write(to: directory.appendingPathComponent(String(format: "f%03d.pgm", index)))
        }
        try Data("not an image".utf8).write(to: directory.appendingPathComponent("notes.txt"))
        var source = try ImageFileFrames(paths: [directory.path])
        var fills: [UInt8] = []
        while let frame = try source.nextFrame() { fills.append(frame.pixels[0]) }
        #expect(fills == [1, 2, 10])
    }

    @Test func missingPathIsUnreadable() {
        #expect(throws: OpticalError.unreadable(path: "/nonexistent/frames", reason: "no such file or directory")) {
            try ImageFileFrames(paths: ["/nonexistent/frames"])
        }
    }
}
