import Foundation
import Optical
import UniformResources

/// Receptions from frame sources, one message after another, told on stderr as they go: a progress line while
/// scanning, each stray QR code named once, each unreadable frame named, and a line per message received. The
/// pipeline behind `ScanInputOptions`, so that every command scans alike.
struct FrameScan {
    private let scanner: QRScanner
    private var receiver: AnimatedReceiver
    /// Whether the progress line is drawn.
    let live: Bool
    /// Stray texts already named: a code that stays in view is mentioned once, not once a frame.
    private var reported: Set<String> = []
    private var messages = 0
    /// The headers of the multipart messages received: frames of one of them that come after it was whole start
    /// no new message.
    private var completed: Set<FountainHeader> = []

    /// A scan with `scanner` on every frame; `live` draws the progress line.
    init(scanner: QRScanner, live: Bool) {
        self.scanner = scanner
        self.receiver = AnimatedReceiver(scanner: scanner)
        self.live = live
    }

    /// Feeds frames from `source` (named `name` on stderr) until the current message is whole or the source ends,
    /// and closes the source either way. Returns the message once whole; nil when it carries on into the next
    /// source. Throws when the parts reassemble to a message whose checksum is wrong.
    mutating func read(_ source: inout some FrameSource, name: String) throws -> ScanInputOptions.Scanned? {
        defer { source.close() }
        if let header = receiver.header, completed.contains(header) { receiver = AnimatedReceiver(scanner: scanner) }
        var reported = self.reported
        var mixed = false
        // The frame with the most codes seen but not read: said once, if the message is not whole after all.
        var unread: (found: Int, read: Int)?
        let live = self.live
        func note(_ line: String) {
            if live { Console.status("") }
            Console.note("heliograph: " + line)
        }
        receiver.receive(
            from: &source,
            onEvent: { event in
                switch event {
                case let .foreign(text, reason):
                    if reported.insert(text).inserted { note("skipped a QR code: \(reason)") }
                case let .otherMessage(_, reason):
                    if !mixed {
                        mixed = true
                        note("\(name) holds frames of two different messages (\(reason)); this one is read, the other "
                            + "skipped: keep one animation per folder or file.")
                    }
                case let .corrupt(reason): note(reason)
                case let .codesUnread(found, read):
                    if found - read > (unread.map { $0.found - $0.read } ?? 0) { unread = (found, read) }
                case .accepted, .duplicate, .completed: break
                }
            },
            onFrame: { progress in if live { Console.status(Self.progressLine(name, progress)) } },
            onError: { error in note(error.description) })
        self.reported = reported
        if let failure = receiver.failure { throw OpticalError.invalidMessage(failure) }
        guard let ur = receiver.result else {
            if let unread {
                note("\(name): " + ScanResult.unreadNote(found: unread.found, read: unread.read) + ".")
            }
            return nil
        }
        let progress = receiver.progress
        if live { Console.status("") }
        Console.note("Scanned \(name): \(ur.type), \(ur.cbor.count) bytes from \(progress.frames) frame(s).")
        if let header = receiver.header { completed.insert(header) }
        receiver = AnimatedReceiver(scanner: scanner)
        messages += 1
        return ScanInputOptions.Scanned(ur: ur, progress: progress)
    }

    /// Throws when a message was begun but the input ended before it was whole, or when no message came at all,
    /// saying how far it got.
    func finish() throws {
        if live { Console.status("") }
        let progress = receiver.progress
        if let header = receiver.header, completed.contains(header) { return }
        guard progress.frames > 0 || messages == 0 else { return }
        let incomplete = OpticalError.incompleteMessage(
            framesRead: progress.frames, partsReceived: progress.partsReceived, percentComplete: progress.percent)
        throw CLIError(
            incomplete.description + (progress.seqLen > 0 ? " (rank \(progress.rank)/\(progress.seqLen))" : ""))
    }

    /// `Scanning NAME: [#####-----] 50% rank 3/6, 4 parts, 9 frames (11.8 frames/s)`.
    static func progressLine(_ name: String, _ progress: AnimatedReceiver.Progress) -> String {
        let width = 20
        let filled = progress.seqLen == 0 ? 0 : progress.rank * width / progress.seqLen
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        return "Scanning \(name): [\(bar)] \(progress.percent)% rank \(progress.rank)/\(progress.seqLen), "
            + "\(progress.partsReceived) parts, \(progress.frames) frames"
            + String(format: " (%.1f frames/s)", progress.framesPerSecond)
    }
}
