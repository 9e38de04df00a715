// POSIX file calls for crash-safe state: every write goes to a temporary file in the same directory, is fsynced,
// renamed over the old file and the directory is fsynced, so a crash leaves either the old or the new contents.
import Foundation
import UniformResources

enum AtomicFile {
    /// Writes `bytes` to `path` atomically and durably, reaching the two write points of `file` on the way.
    static func write(_ bytes: [UInt8], to path: String, file: String, hook: WritePointHook) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = directory + "/." + name + ".tmp-" + Base16.encode(Sodium.random(6))
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CeremonyError.fileSystem(path: temporary, operation: "create", errno: errno) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Foundation.write(fd, buffer.baseAddress! + written, bytes.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                unlink(temporary)
                throw CeremonyError.fileSystem(path: temporary, operation: "write", errno: code)
            }
            written += result
        }
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            unlink(temporary)
            throw CeremonyError.fileSystem(path: temporary, operation: "fsync", errno: code)
        }
        close(fd)
        try hook.reach(WritePoint(file: file, phase: .tempFileSynced))
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw CeremonyError.fileSystem(path: path, operation: "rename into place", errno: code)
        }
        try syncDirectory(directory)
        try hook.reach(WritePoint(file: file, phase: .renamedAndSynced))
    }

    /// Creates `path` holding `bytes` only if no file of that name exists, atomically and durably (the contents are
    /// written and synced under a temporary name first, then `link()`ed into place, which fails if the name exists;
    /// the directory is synced before the write point `file/renamed`). Returns false, writing nothing, when the
    /// name already existed: of any number of processes claiming the same name, exactly one gets true.
    static func claim(_ bytes: [UInt8], at path: String, file: String, hook: WritePointHook) throws -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = directory + "/." + name + ".tmp-" + Base16.encode(Sodium.random(6))
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CeremonyError.fileSystem(path: temporary, operation: "create", errno: errno) }
        defer { unlink(temporary) }
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, bytes.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            let code = errno
            close(fd)
            throw CeremonyError.fileSystem(path: temporary, operation: "write", errno: code)
        }
        close(fd)
        if link(temporary, path) != 0 {
            if errno == EEXIST { return false }
            throw CeremonyError.fileSystem(path: path, operation: "link into place", errno: errno)
        }
        try syncDirectory(directory)
        try hook.reach(WritePoint(file: file, phase: .renamedAndSynced))
        return true
    }

    /// Removes a file and syncs its directory; a missing file is not an error.
    static func remove(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw CeremonyError.fileSystem(path: path, operation: "remove", errno: errno)
        }
        try syncDirectory((path as NSString).deletingLastPathComponent)
    }

    /// Reads a whole file of at most `limit` bytes; nil when it does not exist.
    static func read(_ path: String, limit: Int) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw CeremonyError.fileSystem(path: path, operation: "open", errno: errno)
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw CeremonyError.fileSystem(path: path, operation: "stat", errno: errno)
        }
        let size = Int(status.st_size)
        guard size <= limit else { throw CeremonyError.stateTooLarge(file: path, size: size, limit: limit) }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let result = bytes.withUnsafeMutableBytes { buffer in
                Foundation.read(fd, buffer.baseAddress! + done, size - done)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw CeremonyError.fileSystem(path: path, operation: "read", errno: errno)
            }
            if result == 0 { break }
            done += result
        }
        return Array(bytes.prefix(done))
    }

    /// Creates a directory (mode 0700) and its parents if missing.
    static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CeremonyError.fileSystem(path: path, operation: "create directory", errno: EIO)
        }
    }

    /// Removes leftover temporary files of interrupted writes (never live files).
    static func removeLeftovers(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(".") && name.contains(".tmp-") {
            unlink(directory + "/" + name)
        }
    }

    /// The names of the files in a directory (empty when it does not exist).
    static func list(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    private static func syncDirectory(_ directory: String) throws {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw CeremonyError.fileSystem(path: directory, operation: "open", errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw CeremonyError.fileSystem(path: directory, operation: "fsync", errno: errno) }
    }
}

/// An exclusive `flock` on a device's state directory, held for as long as any copy of a `DeviceDirectory` that
/// took it lives (the kernel drops it when the process ends, however it ends). A device is used by one process at a
/// time: another process gets `deviceInUse`. Opens within one process share the one lock (a process-wide table
/// keyed by the directory's real path), since a `flock` belongs to an open file, not to a process.
final class DeviceLock: Sendable {
    private let fd: Int32
    private let key: String

    private static let table = LockTable()

    /// Takes (or, within this process, shares) the lock on `<directory>/lock` without waiting.
    static func acquire(directory: String) throws -> DeviceLock {
        guard let resolved = realpath(directory, nil) else {
            throw CeremonyError.fileSystem(path: directory, operation: "resolve", errno: errno)
        }
        let key = String(cString: resolved)
        free(resolved)
        return try table.lock(key) {
            let path = key + "/lock"
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw CeremonyError.fileSystem(path: path, operation: "open", errno: errno) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                close(fd)
                if code == EWOULDBLOCK { throw CeremonyError.deviceInUse(path: directory) }
                throw CeremonyError.fileSystem(path: path, operation: "lock", errno: code)
            }
            return DeviceLock(fd: fd, key: key)
        }
    }

    private init(fd: Int32, key: String) {
        self.fd = fd
        self.key = key
    }

    deinit { DeviceLock.table.release(key) { close(fd) } }
}

/// The locks this process holds, by directory, each shared by every open of that directory.
private final class LockTable: @unchecked Sendable {
    private let mutex = NSLock()
    private var held: [String: WeakLock] = [:]

    private struct WeakLock {
        weak var lock: DeviceLock?
    }

    func lock(_ key: String, take: () throws -> DeviceLock) throws -> DeviceLock {
        try mutex.withLock {
            if let lock = held[key]?.lock { return lock }
            let lock = try take()
            held[key] = WeakLock(lock: lock)
            return lock
        }
    }

    /// Runs `close` for the last holder of `key` and forgets it, under the table's mutex so that no new open of
    /// the same directory can run between the two.
    func release(_ key: String, close: () -> Void) {
        mutex.withLock {
            close()
            if held[key]?.lock == nil { held[key] = nil }
        }
    }
}
