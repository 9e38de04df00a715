import Foundation
import Testing

/// Runs the built `heliograph ur encode` on vector payloads and compares its lines with the vector's URs.
struct URCommandTests {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static let binary = packageRoot.appendingPathComponent(".build/debug/heliograph")

    struct Result {
        let status: Int32
        let output: String
        let error: String
    }

    static func run(_ arguments: [String], stdin: [UInt8]) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let input = Pipe()
        let output = Pipe()
        let error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(stdin))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
            error: String(decoding: err, as: UTF8.self))
    }

    /// The cases of `Vectors/ur/bc-ur-reference/ur.json`.
    static func referenceCases() throws -> [[String: Any]] {
        let url = packageRoot.appendingPathComponent("Vectors/ur/bc-ur-reference/ur.json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return try #require(root?["cases"] as? [[String: Any]])
    }

    static func hexBytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }

    @Test func encodesEveryReferenceCase() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the package first")
        for (index, record) in try Self.referenceCases().enumerated() {
            let type = try #require(record["type"] as? String)
            let maxLength = try #require(record["max_fragment_length"] as? Int)
            let offset = try #require(record["first_seq_num_offset"] as? Int)
            let parts = try #require(record["parts"] as? [String])
            let payloadHex = try #require(record["payload_cbor_hex"] as? String)
            let arguments = [
                "ur", "encode", "--type", type, "--max-fragment-length", String(maxLength),
                "--first-part", String(offset + 1), "--count", String(parts.count),
            ]
            // The hex form, then raw bytes.
            let fromHex = try Self.run(arguments + ["--hex"], stdin: Array((payloadHex + "\n").utf8))
            #expect(fromHex.status == 0, "case \(index): \(fromHex.error)")
            #expect(fromHex.output.split(separator: "\n").map(String.init) == parts, "case \(index)")
            let fromBytes = try Self.run(arguments, stdin: Self.hexBytes(payloadHex))
            #expect(fromBytes.output == fromHex.output, "case \(index) raw input")
        }
    }

    @Test func defaultsPrintThePureParts() throws {
        let record = try Self.referenceCases()[1]
        let parts = try #require(record["parts"] as? [String])
        let seqLen = try #require(record["seq_len"] as? Int)
        let payloadHex = try #require(record["payload_cbor_hex"] as? String)
        let result = try Self.run(
            ["ur", "encode", "--type", "bytes", "--max-fragment-length", "30", "--hex"],
            stdin: Array(payloadHex.utf8))
        #expect(result.output.split(separator: "\n").map(String.init) == Array(parts.prefix(seqLen)))
    }

    @Test(arguments: [
        (["--type", "bytes", "--hex"], "zz"),
        (["--type", "bytes", "--hex"], "abc"),
        (["--type", "bytes", "--hex"], ""),
        (["--type", "bytes"], ""),
        (["--type", "Bytes", "--hex"], "00"),
        (["--type", "bytes", "--hex", "--max-fragment-length", "0"], "00"),
        (["--type", "bytes", "--hex", "--first-part", "0"], "00"),
    ])
    func badInputFails(_ arguments: [String], _ stdin: String) throws {
        let result = try Self.run(["ur", "encode"] + arguments, stdin: Array(stdin.utf8))
        #expect(result.status != 0)
        #expect(result.output.isEmpty)
        #expect(result.error.contains("Error"))
    }
}
