import Foundation

/// Frames of a video file or a live camera, decoded by ffmpeg as a subprocess into raw 8-bit gray
/// (`ffmpeg -i INPUT -f rawvideo -pix_fmt gray -`). A camera is read through ffmpeg's video4linux2 input
/// (`-f v4l2 -i /dev/video0`). The frame size comes from ffprobe, or from `size`, to which ffmpeg then scales.
public struct VideoFrames: FrameSource {
    /// What to read.
    public enum Input: Sendable, Equatable {
        /// A video file in any format ffmpeg reads.
        case file(String)
        /// A V4L2 device such as /dev/video0.
        case camera(String)
    }

    /// The size of the frames delivered.
    public let size: FrameSize
    private let process: Process
    private let errorFile: URL
    private var stream: RawFrameStream
    private var finished = false

    /// Starts ffmpeg on `input`. For a camera without `size`, frames are scaled to 1280x720 (the camera's own
    /// mode is whatever its driver picks). Throws `.subprocessFailed` when ffmpeg or ffprobe is missing or fails.
    public init(input: Input, size requested: FrameSize? = nil) throws(OpticalError) {
        let size: FrameSize
        switch (input, requested) {
        case let (_, requested?): size = requested
        case let (.file(path), nil): size = try Self.probeSize(path)
        case (.camera, nil): size = FrameSize(width: 1280, height: 720)
        }
        var arguments = ["-hide_banner", "-loglevel", "error", "-nostdin"]
        switch input {
        case let .file(path):
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw .unreadable(path: path, reason: "no such file or no permission")
            }
            arguments += ["-i", path]
        case let .camera(device):
            arguments += ["-f", "v4l2", "-i", device]
        }
        if requested != nil || { if case .camera = input { return true } else { return false } }() {
            arguments += ["-vf", "scale=\(size.width):\(size.height)"]
        }
        arguments += ["-f", "rawvideo", "-pix_fmt", "gray", "-"]
        guard let ffmpeg = Self.executable("ffmpeg") else {
            throw .subprocessFailed(command: "ffmpeg", status: -1, message: "ffmpeg is not installed (apt install ffmpeg)")
        }
        let process = Process()
        process.executableURL = ffmpeg
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        // ffmpeg's complaints go to a file, so that a chatty ffmpeg can never block on a full pipe.
        let errorFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("heliograph-ffmpeg-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        guard let errorHandle = try? FileHandle(forWritingTo: errorFile) else {
            throw .subprocessFailed(command: "ffmpeg", status: -1, message: "cannot create a log file")
        }
        process.standardError = errorHandle
        do {
            try process.run()
        } catch {
            throw .subprocessFailed(command: "ffmpeg", status: -1, message: "\(error)")
        }
        try? errorHandle.close()
        self.size = size
        self.process = process
        self.errorFile = errorFile
        let name: String
        switch input {
        case let .file(path): name = path
        case let .camera(device): name = device
        }
        stream = RawFrameStream(handle: output.fileHandleForReading, size: size, name: name)
    }

    public mutating func nextFrame() throws(OpticalError) -> GrayImage? {
        guard !finished else { return nil }
        if let frame = try stream.nextFrame() { return frame }
        finished = true
        process.waitUntilExit()
        let status = process.terminationStatus
        let log = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: errorFile)
        guard status == 0 else {
            throw .subprocessFailed(command: "ffmpeg", status: status,
                message: log.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return nil
    }

    /// Stops ffmpeg if it is still running (the message completed before the video ended).
    public mutating func close() {
        if process.isRunning {
            // Closing our end first: ffmpeg may be blocked writing a frame nobody will read, and a blocked
            // ffmpeg does not act on SIGTERM; the broken pipe ends it.
            stream.closeHandle()
            process.terminate()
            process.waitUntilExit()
        }
        finished = true
        try? FileManager.default.removeItem(at: errorFile)
    }

    /// The first video stream's size, from `ffprobe -show_entries stream=width,height`.
    static func probeSize(_ path: String) throws(OpticalError) -> FrameSize {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .unreadable(path: path, reason: "no such file or no permission")
        }
        guard let ffprobe = executable("ffprobe") else {
            throw .subprocessFailed(command: "ffprobe", status: -1, message: "ffprobe is not installed (apt install ffmpeg)")
        }
        let process = Process()
        process.executableURL = ffprobe
        process.arguments = ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
            "-of", "csv=p=0:s=x", path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .subprocessFailed(command: "ffprobe", status: -1, message: "\(error)")
        }
        let data = (try? output.fileHandleForReading.readToEnd()) ?? nil
        process.waitUntilExit()
        let text = String(decoding: data ?? Data(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, let line = text.split(separator: "\n").first else {
            throw .subprocessFailed(command: "ffprobe", status: process.terminationStatus,
                message: "no video stream in \(path)")
        }
        return try FrameSize(parsing: String(line))
    }

    /// `name` found on PATH, or nil.
    static func executable(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}
