import Foundation
import Testing

/// Runs the built `heliograph ur encode` on vector payloads and compares its lines with the vector's URs.
struct URCommandTests {
    static let binary = cliPackageRoot.appendingPathComponent(".build/debug/heliograph")

    /// The cases of `Vectors/ur/bc-ur-reference/ur.json`.
    static func referenceCases() throws -> [[String: Any]] {
        let url = cliPackageRoot.appendingPathComponent("Vectors/ur/bc-ur-reference/ur.json")
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        return try #require(root?["cases"] as? [[String: Any]])
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
            let fromHex = try runCLI(arguments + ["--hex"], input: Data((payloadHex + "\n").utf8))
            #expect(fromHex.status == 0, "case \(index): \(fromHex.stderr)")
            #expect(fromHex.stdout.split(separator: "\n").map(String.init) == parts, "case \(index)")
            let fromBytes = try runCLI(arguments, input: Data(try #require(bytes(hex: payloadHex))))
            #expect(fromBytes.stdout == fromHex.stdout, "case \(index) raw input")
        }
    }

    @Test func defaultsPrintThePureParts() throws {
        let record = try Self.referenceCases()[1]
        let parts = try #require(record["parts"] as? [String])
        let seqLen = try #require(record["seq_len"] as? Int)
        let payloadHex = try #require(record["payload_cbor_hex"] as? String)
        let result = try runCLI(
            ["ur", "encode", "--type", "bytes", "--max-fragment-length", "30", "--hex"],
            input: Data(payloadHex.utf8))
        #expect(result.stdout.split(separator: "\n").map(String.init) == Array(parts.prefix(seqLen)))
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
        let result = try runCLI(["ur", "encode"] + arguments, input: Data(stdin.utf8))
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Error"))
    }

    /// `--animation` prints the loop every player shows: each line is the standard part for its seqNum (as
    /// `--first-part S --count 1` prints it), and the lines repeat after one loop of 4 × seqLen frames.
    @Test func animationPrintsTheScheduleLooping() throws {
        let record = try Self.referenceCases()[1]
        let seqLen = try #require(record["seq_len"] as? Int)
        let payloadHex = try #require(record["payload_cbor_hex"] as? String)
        let base = ["ur", "encode", "--type", "bytes", "--max-fragment-length", "30", "--hex"]
        let loop = 4 * seqLen
        let result = try runCLI(base + ["--animation", "--count", String(loop + 5)], input: Data(payloadHex.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == loop + 5)
        #expect(Array(lines.suffix(5)) == Array(lines.prefix(5)))
        let oneLoop = try runCLI(base + ["--animation"], input: Data(payloadHex.utf8))
        #expect(oneLoop.stdout.split(separator: "\n").map(String.init) == Array(lines.prefix(loop)))
        for line in lines.prefix(6) {
            let path = line.split(separator: "/")
            let seqNum = try #require(path.count == 3 ? path[1].split(separator: "-").first.map(String.init) : nil)
            let single = try runCLI(base + ["--first-part", seqNum, "--count", "1"], input: Data(payloadHex.utf8))
            #expect(single.stdout == line + "\n", "seqNum \(seqNum)")
        }
        let clash = try runCLI(base + ["--animation", "--first-part", "3"], input: Data(payloadHex.utf8))
        #expect(clash.status != 0)
        #expect(clash.stderr.contains("--first-part and --animation"))
    }

    /// Raw bytes are not a UR payload: `ur encode` says how to wrap them, and `--wrap` does it.
    @Test func rawBytesAreRefusedUnlessWrapped() throws {
        let raw = Data("hello, not CBOR".utf8)
        let refused = try runCLI(["ur", "encode", "--type", "bytes"], input: raw)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("not one deterministic CBOR item"), "\(refused.stderr)")
        #expect(refused.stderr.contains("add --wrap"))
        let wrapped = try runCLI(["ur", "encode", "--type", "bytes", "--wrap"], input: raw)
        #expect(wrapped.status == 0, "\(wrapped.stderr)")
        let decoded = try runCLI(["ur", "decode", "--hex"], input: Data(wrapped.stdout.utf8))
        // 0x4f: a byte string of 15 bytes, then the bytes themselves.
        #expect(decoded.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "4f" + raw.map { String(format: "%02x", $0) }.joined())
    }
}
