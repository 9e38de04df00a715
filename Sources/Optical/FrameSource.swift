import Foundation

/// Anything that yields grayscale frames one at a time: image files, raw frames on a pipe, a video, a camera.
public protocol FrameSource {
    /// The next frame, or nil at the end of the input. Throws `OpticalError` for input that cannot be read.
    mutating func nextFrame() throws(OpticalError) -> GrayImage?
    /// Releases what the source holds (a subprocess); safe to call more than once.
    mutating func close()
}

extension FrameSource {
    /// Nothing to release, by default.
    public mutating func close() {}
}

/// A frame size written `WIDTHxHEIGHT`, e.g. `1280x720`.
public struct FrameSize: Sendable, Equatable, CustomStringConvertible {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int

    /// Parses `1280x720` (case-insensitive x); throws `.invalidFrameSize` for anything else or a size outside
    /// `limits`.
    public init(parsing text: String, limits: ImageLimits = .default) throws(OpticalError) {
        let fields = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard fields.count == 2, fields.allSatisfy({ !$0.isEmpty && $0.count <= 9 && $0.allSatisfy(\.isASCII) }),
            let width = Int(fields[0]), let height = Int(fields[1])
        else { throw .invalidFrameSize(text) }
        do {
            try limits.check(width: width, height: height)
        } catch {
            throw .invalidFrameSize(text)
        }
        self.width = width
        self.height = height
    }

    /// A size known to be valid (e.g. from ffprobe or a constant).
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// `WIDTHxHEIGHT`, e.g. `640x480`, as `init(parsing:)` reads it.
    public var description: String { "\(width)x\(height)" }
}

/// Image files as frames, in the order given; a directory stands for its image files sorted by name
/// (frame-0001.png, frame-0002.png, ...). Files that are not images are reported as errors when reached.
public struct ImageFileFrames: FrameSource {
    /// The image files, directories expanded, in the order they are read.
    public private(set) var paths: [String]
    private var index = 0
    private let limits: ImageLimits

    /// Expands directories (not recursively) into their files with an image extension, sorted by name.
    public init(paths: [String], limits: ImageLimits = .default) throws(OpticalError) {
        var expanded: [String] = []
        let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "pgm", "ppm", "pnm"]
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .unreadable(path: path, reason: "no such file or directory")
            }
            if isDirectory.boolValue {
                guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                    throw .unreadable(path: path, reason: "cannot list the directory")
                }
                let images = names.filter { imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
                expanded += images.sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                expanded.append(path)
            }
        }
        self.paths = expanded
        self.limits = limits
    }

    /// The next file's image; throws its decoding error (the next call goes on with the following file).
    public mutating func nextFrame() throws(OpticalError) -> GrayImage? {
        guard index < paths.count else { return nil }
        defer { index += 1 }
        return try ImageDecoder.load(path: paths[index], limits: limits)
    }
}

/// Raw 8-bit grayscale frames of a fixed size, back to back on a file handle (stdin, a pipe from ffmpeg).
public struct RawFrameStream: FrameSource {
    /// The size of every frame.
    public let size: FrameSize
    private let handle: FileHandle
    private let name: String

    /// Frames of `size` read from `handle`; `name` names the input in errors.
    public init(handle: FileHandle, size: FrameSize, name: String = "standard input") {
        self.handle = handle
        self.size = size
        self.name = name
    }

    /// Closes the handle (the read end of a subprocess's pipe).
    func closeHandle() {
        try? handle.close()
    }

    /// The next frame; nil at a clean end of input, `.truncatedImage` when the input ends inside a frame.
    public mutating func nextFrame() throws(OpticalError) -> GrayImage? {
        let count = size.width * size.height
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: count - bytes.count)
            } catch {
                throw .unreadable(path: name, reason: "\(error)")
            }
            guard let chunk, !chunk.isEmpty else { break }
            bytes.append(contentsOf: chunk)
        }
        if bytes.isEmpty { return nil }
        guard bytes.count == count, let image = GrayImage(width: size.width, height: size.height, pixels: bytes) else {
            throw .truncatedImage(format: "raw \(size)")
        }
        return image
    }
}
