import Foundation
import UniformResources

/// An optical link in memory: one UR shown as an animated QR code (BCR-2020-005 fountain parts at a
/// `FrameDensity`), each frame rendered to pixels, optionally photographed by the `CaptureSimulator`, some frames
/// lost, and the rest scanned back with the real scanner through an `AnimatedReceiver` until the UR is whole.
///
/// Nothing but pixels crosses: the receiving side sees only `GrayImage`s, so a demo or a test that moves its
/// messages through `OpticalTransfer.send` exercises the encoder, the QR writer, the scanner ladder and the
/// fountain decoder exactly as two devices facing each other would.
public enum OpticalTransfer {
    /// How the link behaves.
    public struct Options: Sendable {
        /// Bytes per frame (the QR version every frame is pinned to).
        public var density: FrameDensity = .medium
        /// Error correction of every frame.
        public var ecc: QRErrorCorrection = .low
        /// Camera conditions for the captures, or nil to scan the rendered frames as they are.
        public var capture: CaptureSimulator.Tier? = .easy
        /// Fraction of shown frames the camera misses (0 ..< 1).
        public var dropRate: Double = 0.15
        /// Determines every capture and every lost frame.
        public var seed: UInt64 = 1
        /// The camera's frame size.
        public var canvasWidth = 640
        /// The camera's frame height.
        public var canvasHeight = 480
        /// Pixels per module of the rendered frame written to `frameDirectory` (and scanned when `capture` is nil).
        public var moduleSize = 4
        /// Frames shown before giving up (`OpticalError.incompleteMessage`).
        public var maxFrames = 400
        /// Where to write every shown frame as `frame-NNNN.png` (and each capture the scanner saw as
        /// `capture-NNNN.png`); nil writes nothing.
        public var frameDirectory: String?

        /// The defaults: medium density, easy captures, 15% of frames lost.
        public init() {}
    }

    /// What one transfer cost.
    public struct Report: Sendable, Equatable {
        /// The UR type carried.
        public let type: String
        /// Bytes of the UR's CBOR payload.
        public let bytes: Int
        /// Fragments of the message (BCR-2020-005 seqLen); 1 for a single-part UR.
        public let seqLen: Int
        /// The QR version of every frame.
        public let version: Int
        /// Frames displayed until the receiver had the message.
        public let framesShown: Int
        /// Frames the camera caught and the scanner looked at (shown minus lost).
        public let framesScanned: Int
        /// Scanned frames in which the scanner found a QR code.
        public let framesDecoded: Int
        /// Wall-clock milliseconds for rendering, capturing, scanning and decoding.
        public let milliseconds: Int
    }

    /// Sends `ur` across the link and returns what the receiver decoded with the figures. The result is the UR
    /// the receiver reassembled from scanned pixels, not the input. Throws `OpticalError.incompleteMessage`
    /// when `maxFrames` frames were not enough, and the encoder's or writer's errors.
    public static func send(_ ur: UR, options: Options = Options()) throws -> (ur: UR, report: Report) {
        let start = DispatchTime.now().uptimeNanoseconds
        var frames = try FrameSequence(ur: ur, density: options.density, ecc: options.ecc)
        // The camera ladder without a time budget: a simulation is not real time, and a budget would make the
        // run depend on the machine's load instead of the seed alone.
        var receiver = AnimatedReceiver(
            scanner: options.capture == nil
                ? .plain
                : QRScanner(ladder: QRScanner.cameraLadder, budget: .infinity, completion: QRScanner.cameraCompletion,
                    pageRungs: QRScanner.cameraPageRungs))
        var random = SeededGenerator(seed: options.seed)
        var camera = options.capture.map {
            CaptureSimulator.Parameters(
                tier: $0, seed: options.seed, canvasWidth: options.canvasWidth, canvasHeight: options.canvasHeight)
        }
        // The person holds the camera so that the code fills a good part of the view.
        if var parameters = camera {
            let side = Double(frames.profile.version * 4 + 17 + 2 * QRCode.quietZone)
            let fitting = 0.8 * Double(min(options.canvasWidth, options.canvasHeight)) / side
            parameters.moduleSize = min(parameters.moduleSize, fitting)
            camera = parameters
        }
        let style = try QRRenderStyle(moduleSize: options.moduleSize, margin: QRCode.quietZone)
        let unit = try QRRenderStyle(moduleSize: 1, margin: QRCode.quietZone)
        if let directory = options.frameDirectory {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var shown = 0
        var scanned = 0
        while receiver.result == nil {
            guard shown < options.maxFrames else {
                throw OpticalError.incompleteMessage(
                    framesRead: shown, partsReceived: receiver.progress.partsReceived,
                    percentComplete: receiver.progress.percent)
            }
            let (_, code) = try frames.next()
            shown += 1
            if let directory = options.frameDirectory {
                try write(PNG.encode(code, style: style), to: directory, name: "frame", index: shown)
            }
            let lost = Double.random(in: 0..<1, using: &random) < options.dropRate
            // A single frame lost forever would never complete a one-part UR: the camera sees its repeat.
            guard !lost else { continue }
            scanned += 1
            let image: GrayImage
            if var parameters = camera {
                parameters.noiseSeed = random.next()
                image = CaptureSimulator.capture(code.image(style: unit), parameters: parameters)
                if let directory = options.frameDirectory {
                    try write(PNG.encode(image, fast: true), to: directory, name: "capture", index: shown)
                }
            } else {
                image = code.image(style: style)
            }
            for event in receiver.receive(frame: image, time: Double(shown)) {
                if case .corrupt(let reason) = event { throw OpticalError.invalidMessage(reason) }
            }
        }
        guard let received = receiver.result else {
            throw OpticalError.incompleteMessage(
                framesRead: shown, partsReceived: receiver.progress.partsReceived,
                percentComplete: receiver.progress.percent)
        }
        let elapsed = DispatchTime.now().uptimeNanoseconds - start
        let report = Report(
            type: ur.type, bytes: ur.cbor.count, seqLen: frames.seqLen, version: frames.profile.version,
            framesShown: shown, framesScanned: scanned, framesDecoded: receiver.progress.framesWithCode,
            milliseconds: Int(elapsed / 1_000_000))
        return (received, report)
    }

    private static func write(_ bytes: [UInt8], to directory: String, name: String, index: Int) throws {
        let path = directory + "/" + name + "-" + String(format: "%04d", index) + ".png"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw OpticalError.codecFailure(format: "PNG", message: "\(path) cannot be written")
        }
    }
}
