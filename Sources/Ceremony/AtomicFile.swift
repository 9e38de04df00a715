// POSIX file calls for crash-safe state: every write goes to a temporary file in the same directory, is fsynced,
// renamed over the old file and the directory is fsynced, so a crash leaves either the old or the new contents.
import Foundation

enum AtomicFile {
    /// Writes `bytes` to `path` atomically and durably, reaching the two write points of `file` on the way.
    static func write(_ bytes: [UInt8], to path: String, file: String, hook: WritePointHook) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = directory + "/." + name + ".tmp-" + hexString(Sodium.random(6))
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
