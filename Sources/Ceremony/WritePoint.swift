import Foundation

/// A durable write point: a moment inside an atomic write at which a crash must leave the state consistent.
/// A crash test stops the process at the k-th write point and restarts it from what is on disk.
public struct WritePoint: Sendable, Hashable, CustomStringConvertible {
    /// What is being written, e.g. `nonce-consumed` or `device-state`.
    public let file: String
    /// Where in the write the process is.
    public let phase: Phase

    /// The phases of one atomic write (temp file, fsync, rename, fsync of the directory).
    public enum Phase: String, Sendable {
        /// The new contents are durable in a temporary file; the old file is still the live one.
        case tempFileSynced = "temp-synced"
        /// The rename is done and the directory is synced: the new contents are the live file.
        case renamedAndSynced = "renamed"
    }

    /// `file/phase`, e.g. `nonce-consumed/renamed`.
    public var description: String { "\(file)/\(phase.rawValue)" }
}

/// Called at every durable write point; a test or the CLI uses it to crash there. Throwing from it abandons the
/// operation as a crash would (the in-memory state is dropped and the caller reloads from disk).
public struct WritePointHook: Sendable {
    let body: @Sendable (WritePoint) throws -> Void

    /// A hook that runs `body` at each write point.
    public init(_ body: @escaping @Sendable (WritePoint) throws -> Void) { self.body = body }

    /// No hook: writes run to completion.
    public static let none = WritePointHook { _ in }

    /// A hook that sends SIGKILL to this process at its k-th write point.
    public static func killing(atWritePoint target: Int) -> WritePointHook {
        let counter = WritePointCounter()
        return WritePointHook { _ in
            if counter.next() == target { kill(getpid(), SIGKILL) }
        }
    }

    /// A hook that throws `SimulatedCrash` at its k-th write point, so an in-process test can abandon the
    /// in-memory state exactly there and reload from disk.
    public static func simulatingCrash(atWritePoint target: Int) -> WritePointHook {
        let counter = WritePointCounter()
        return WritePointHook { point in
            if counter.next() == target { throw SimulatedCrash(point: point) }
        }
    }

    /// A hook that records every write point, to count them.
    public static func recording(into log: WritePointLog) -> WritePointHook {
        WritePointHook { log.append($0) }
    }

    func reach(_ point: WritePoint) throws { try body(point) }
}

/// Thrown by `WritePointHook.simulatingCrash` at the chosen write point.
public struct SimulatedCrash: Error, CustomStringConvertible {
    /// Where the crash was simulated.
    public let point: WritePoint
    /// Names the write point, e.g. `simulated crash at device-state/temp-synced`.
    public var description: String { "simulated crash at \(point)" }
}

/// A thread-safe list of the write points reached.
public final class WritePointLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [WritePoint] = []
    /// An empty log.
    public init() {}
    func append(_ point: WritePoint) { lock.withLock { storage.append(point) } }
    /// The write points reached so far, in order.
    public var points: [WritePoint] { lock.withLock { storage } }
}

final class WritePointCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
}
