import Foundation

/// The package root, found by walking up from this file to `Package.swift`.
let cliPackageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/", !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        url.deleteLastPathComponent()
    }
    return url
}()

/// What one run of the built `heliograph` gave back.
struct CLIResult {
    /// The exit status.
    let status: Int32
    /// Standard output as bytes, for commands that print binary data.
    let stdoutBytes: Data
    /// Standard output decoded as UTF-8.
    var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
    /// Standard error decoded as UTF-8.
    let stderr: String
    /// Everything the run printed: stdout, then stderr.
    var output: String { stdout + stderr }
}

/// Runs the built `heliograph` (`.build/debug` under the package root) with `arguments`, `environment` added to
/// this process's, `input` on stdin (the null device when nil) and `directory` as its working directory.
/// Files rather than pipes carry the streams: `scan` and `ur decode` stop reading once complete, which would break
/// a pipe being written to, and a large output cannot fill a pipe and stall the child.
func runCLI(
    _ arguments: [String], environment: [String: String] = [:], input: Data? = nil, in directory: URL? = nil
) throws -> CLIResult {
    let scratch = try scratchDirectory()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let inURL = scratch.appendingPathComponent("stdin")
    let outURL = scratch.appendingPathComponent("stdout")
    let errURL = scratch.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let process = Process()
    process.executableURL = cliPackageRoot.appendingPathComponent(".build/debug/heliograph")
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    if let directory { process.currentDirectoryURL = directory }
    if let input {
        try input.write(to: inURL)
        process.standardInput = try FileHandle(forReadingFrom: inURL)
    } else {
        process.standardInput = FileHandle.nullDevice
    }
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    process.waitUntilExit()
    return CLIResult(
        status: process.terminationStatus, stdoutBytes: try Data(contentsOf: outURL),
        stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

/// A fresh empty directory under the temporary directory.
func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("heliograph-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
