import Foundation
import Testing

/// Runs the built `heliograph` (.build/debug, found from this file's path) with stdin from `input`.
private func heliograph(_ arguments: [String], input: Data) throws -> (status: Int32, stdout: Data, stderr: String) {
    var root = URL(fileURLWithPath: #filePath)
    let files = FileManager.default
    while root.path != "/" && !files.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
        root.deleteLastPathComponent()
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ur-decode-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    // Files rather than pipes: the decoder stops reading once complete, which would break a pipe we write to.
    let paths = ["in", "out", "err"].map { directory.appendingPathComponent($0) }
    try input.write(to: paths[0])
    _ = FileManager.default.createFile(atPath: paths[1].path, contents: nil)
    _ = FileManager.default.createFile(atPath: paths[2].path, contents: nil)
    let process = Process()
    process.executableURL = root.appendingPathComponent(".build/debug/heliograph")
    process.arguments = arguments
    process.standardInput = try FileHandle(forReadingFrom: paths[0])
    process.standardOutput = try FileHandle(forWritingTo: paths[1])
    process.standardError = try FileHandle(forWritingTo: paths[2])
    try process.run()
    process.waitUntilExit()
    return (process.terminationStatus, try Data(contentsOf: paths[1]),
            String(decoding: try Data(contentsOf: paths[2]), as: UTF8.self))
}

/// Deterministic bytes and shuffles for the tests (a 64-bit LCG; the tests only need variety).
private struct Scrambler {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 11
    }
    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
    mutating func shuffle<T>(_ items: [T]) -> [T] {
        var items = items
        for index in items.indices.reversed() where index > 0 { items.swapAt(index, Int(next() % UInt64(index + 1))) }
        return items
    }
}

private func encode(_ payload: [UInt8], type: String, firstPart: Int, count: Int) throws -> [String] {
    let result = try heliograph(["ur", "encode", "--type", type, "--max-fragment-length", "60",
                                 "--first-part", "\(firstPart)", "--count", "\(count)"], input: Data(payload))
    #expect(result.status == 0, "ur encode: \(result.stderr)")
    return String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
}

@Suite struct URDecodeCommandTests {
    @Test func roundTripsShuffledPartsWithJunkAndForeignLines() throws {
        var scrambler = Scrambler(state: 7)
        let payload = scrambler.bytes(3_000)
        let parts = try encode(payload, type: "bytes", firstPart: 40, count: 400)
        let foreign = try encode(scrambler.bytes(3_000), type: "bytes", firstPart: 1, count: 20)
        let otherType = try encode(scrambler.bytes(500), type: "crypto-other", firstPart: 1, count: 5)
        var lines = scrambler.shuffle(parts).enumerated().map { item in
            item.offset % 3 == 0 ? item.element.uppercased() : item.element
        }
        let junk = ["", "   ", "hello", "ur:bytes/zzzz", "UR:BYTES/1-3/LPAD"] + foreign + otherType
        for (index, line) in junk.enumerated() { lines.insert(line, at: (index * 7) % lines.count) }
        let input = Data(lines.joined(separator: "\n").utf8)

        let raw = try heliograph(["ur", "decode", "--stats"], input: input)
        #expect(raw.status == 0, "\(raw.stderr)")
        #expect([UInt8](raw.stdout) == payload)
        #expect(raw.stderr.contains("skipped"))
        let statsLine = try #require(raw.stderr.split(separator: "\n").last)
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(statsLine.utf8)) as? [String: Any])
        #expect(stats["type"] as? String == "bytes")
        #expect(stats["messageLength"] as? Int == payload.count)
        let seqLen = try #require(stats["seqLen"] as? Int)
        let received = try #require(stats["partsReceived"] as? Int)
        #expect(seqLen == 3_000 / 60)
        #expect(received >= seqLen && received < parts.count)

        let hex = try heliograph(["ur", "decode", "--hex"], input: input)
        #expect(hex.status == 0)
        let expectedHex = payload.map { String(format: "%02x", $0) }.joined() + "\n"
        #expect(String(decoding: hex.stdout, as: UTF8.self) == expectedHex)
    }

    @Test func decodesASinglePartUR() throws {
        let lines = try encode(Array("Hello".utf8), type: "bytes", firstPart: 1, count: 1)
        let result = try heliograph(["ur", "decode", "--hex", "--stats"], input: Data(("\n" + lines[0]).utf8))
        #expect(result.status == 0)
        #expect(String(decoding: result.stdout, as: UTF8.self) == "48656c6c6f\n")
        #expect(result.stderr.contains("\"seqLen\":1,\"partsReceived\":1,\"messageLength\":5"))
    }

    @Test func truncatedInputExitsNonZeroAndSaysHowFarItGot() throws {
        var scrambler = Scrambler(state: 11)
        let parts = try encode(scrambler.bytes(3_000), type: "bytes", firstPart: 1, count: 20)
        let result = try heliograph(["ur", "decode"], input: Data(parts.joined(separator: "\n").utf8))
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("rank 20/50"))
        let empty = try heliograph(["ur", "decode"], input: Data("junk\n".utf8))
        #expect(empty.status != 0)
    }

    @Test func limitsCanBeRaisedFromTheCommandLine() throws {
        var scrambler = Scrambler(state: 13)
        let payload = scrambler.bytes(3_000)
        let parts = try encode(payload, type: "bytes", firstPart: 1, count: 50)
        let input = Data(parts.joined(separator: "\n").utf8)
        let refused = try heliograph(["ur", "decode", "--max-fragments", "49"], input: input)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("limit of 49"))
        let accepted = try heliograph(["ur", "decode", "--max-fragments", "50", "--max-message-length", "3000"],
                                      input: input)
        #expect(accepted.status == 0 && [UInt8](accepted.stdout) == payload)
    }
}
