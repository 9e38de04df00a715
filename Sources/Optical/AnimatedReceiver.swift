import Foundation
import UniformResources

/// Receives one UR from a stream of camera frames showing an animated QR code (BCR-2020-005 multipart URs over
/// fountain parts), or from photos of printed pages holding several parts each: scans each frame, feeds every
/// text found in it (all its codes) to a `URDecoder`, and stops as soon as the parts
/// determine the message. It prints nothing: each call returns events a caller may show (duplicates, strays,
/// progress). A text is only trusted once it parses as a UR part with a valid CRC-32 and agrees with the parts
/// before it, so a misread QR code can never reach the protocol.
public struct AnimatedReceiver: Sendable {
    /// What happened to one text found in a frame.
    public enum Event: Sendable, Equatable {
        /// A part that brought the message closer (rank rose), or a single-part UR.
        case accepted(String)
        /// A part seen before (same seqNum), or one whose equation adds nothing.
        case duplicate(String)
        /// A text that is not a UR part of this message (another message, another type, not a UR, a bad CRC);
        /// `reason` says which, in one sentence.
        case foreign(String, reason: String)
        /// A valid UR part of another message (another type, or another multipart message's header): frames of two
        /// animations are mixed; `reason` says how they differ.
        case otherMessage(String, reason: String)
        /// The message is complete.
        case completed(UR)
        /// The parts reassemble to a message whose checksum is wrong: nothing received can be trusted.
        case corrupt(reason: String)
        /// The frame showed `found` QR codes of which only `read` could be read (the rest were located but not
        /// decoded): a photo to take again, closer.
        case codesUnread(found: Int, read: Int)
    }

    /// How far the reception has got, for a progress bar.
    public struct Progress: Sendable, Equatable {
        /// Frames looked at, and how many of them had at least one QR code.
        public var frames = 0
        /// Frames in which at least one QR code was found.
        public var framesWithCode = 0
        /// Parts the fountain decoder accepted (including duplicates), rank and seqLen.
        public var partsReceived = 0
        /// Independent parts so far (the message is complete when rank reaches seqLen).
        public var rank = 0
        /// Fragments in the message (BCR-2020-005 seqLen); 0 until the first part arrives.
        public var seqLen = 0
        /// Seconds from the first frame to the latest (by the clock the caller passes, or the monotonic clock).
        public var seconds = 0.0

        /// Percent of the message determined (rank / seqLen).
        public var percent: Int { seqLen == 0 ? 0 : rank * 100 / seqLen }
        /// Frames per second so far.
        public var framesPerSecond: Double { seconds > 0 ? Double(max(frames - 1, 0)) / seconds : 0 }
    }

    /// The scanner run on each frame.
    public var scanner: QRScanner
    private var decoder: URDecoder
    private var firstFrameTime: Double?
    /// Frames, parts and rank so far, updated by every frame.
    private(set) public var progress = Progress()
    /// Set when the message turned out corrupt; no more parts are accepted.
    private(set) public var failure: String?

    /// A receiver with the camera scanner and the UR decoder's limits.
    public init(scanner: QRScanner = .camera, limits: FountainDecoder.Limits = .default) {
        self.scanner = scanner
        decoder = URDecoder(limits: limits, maxStringLength: 2 * limits.maxMessageLength + 4096)
    }

    /// The UR once complete.
    public var result: UR? { decoder.result }
    /// True once the message is complete.
    public var isComplete: Bool { decoder.isComplete }
    /// The multipart message's header (length, checksum, fragments) once a part has arrived: what tells two
    /// receptions of the same message apart from receptions of two messages.
    public var header: FountainHeader? { decoder.header }

    /// Scans one frame and feeds what it finds. `time` is the frame's timestamp in seconds (defaults to the
    /// monotonic clock), used only for frames per second.
    public mutating func receive(frame: GrayImage, time: Double? = nil) -> [Event] {
        let now = time ?? Double(DispatchTime.now().uptimeNanoseconds) / 1e9
        if firstFrameTime == nil { firstFrameTime = now }
        progress.frames += 1
        progress.seconds = now - (firstFrameTime ?? now)
        let scan = scanner.read(frame)
        let texts = scan.texts
        if !texts.isEmpty { progress.framesWithCode += 1 }
        var events: [Event] = []
        if scan.unreadCodes > 0 { events.append(.codesUnread(found: scan.codesFound, read: texts.count)) }
        for text in texts where !isComplete && failure == nil {
            events.append(contentsOf: receive(text: text))
        }
        return events
    }

    /// Feeds one text (as a QR code yielded it).
    public mutating func receive(text: String) -> [Event] {
        guard !isComplete, failure == nil else { return [] }
        defer {
            let fountain = decoder.progress
            progress.partsReceived = fountain.partsReceived
            progress.rank = fountain.rank
            progress.seqLen = fountain.seqLen
        }
        do {
            switch try decoder.receive(text) {
            case .progressed:
                return [.accepted(text)]
            case .completed:
                guard let ur = decoder.result else { return [.accepted(text)] }
                return [.accepted(text), .completed(ur)]
            case .duplicate, .redundant, .alreadyComplete:
                return [.duplicate(text)]
            }
        } catch let error as URError {
            switch error {
            case .messageChecksumMismatch:
                failure = error.description
                return [.corrupt(reason: error.description)]
            case .partMismatch, .typeMismatch:
                return [.otherMessage(text, reason: error.description)]
            default:
                return [.foreign(text, reason: error.description)]
            }
        } catch {
            return [.foreign(text, reason: "\(error)")]
        }
    }
}

extension AnimatedReceiver {
    /// Feeds frames from `source` until the message is complete or the source ends, then closes the source.
    /// `onEvent` sees every event, `onFrame` the progress after every frame (for a progress bar), and
    /// `onError` every frame that could not be read (an unreadable file, a truncated frame); reading goes on
    /// with the next frame. Returns true when the message is complete.
    @discardableResult
    public mutating func receive(
        from source: inout some FrameSource, onEvent: (Event) -> Void = { _ in },
        onFrame: (Progress) -> Void = { _ in }, onError: (OpticalError) -> Void = { _ in }
    ) -> Bool {
        defer { source.close() }
        // Errors end a source only when it cannot go on; a bounded count stops a source that fails forever.
        var consecutiveErrors = 0
        while !isComplete, failure == nil {
            let frame: GrayImage?
            do {
                frame = try source.nextFrame()
                consecutiveErrors = 0
            } catch {
                onError(error)
                consecutiveErrors += 1
                if consecutiveErrors >= 100 { break }
                continue
            }
            guard let frame else { break }
            for event in receive(frame: frame) { onEvent(event) }
            onFrame(progress)
        }
        return isComplete
    }
}
