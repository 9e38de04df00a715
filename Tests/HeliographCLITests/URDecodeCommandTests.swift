import Foundation
import Testing

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

/// `bytes` as one CBOR byte string (RFC 8949 major type 2), the payload a `bytes` UR carries.
private func cborByteString(_ bytes: [UInt8]) -> [UInt8] {
    let count = bytes.count
    let head: [UInt8] =
        count < 24 ? [0x40 | UInt8(count)]
        : count < 256 ? [0x58, UInt8(count)] : [0x59, UInt8(count >> 8), UInt8(count & 0xff)]
    return head + bytes
}

private func encode(_ payload: [UInt8], type: String, firstPart: Int, count: Int) throws -> [String] {
    let result = try runCLI(["ur", "encode", "--type", type, "--max-fragment-length", "60",
                                 "--first-part", "\(firstPart)", "--count", "\(count)"], input: Data(payload))
    #expect(result.status == 0, "ur encode: \(result.stderr)")
    return result.stdout.split(separator: "\n").map(String.init)
}

@Suite struct URDecodeCommandTests {
    @Test func roundTripsShuffledPartsWithJunkAndForeignLines() throws {
        var scrambler = Scrambler(state: 7)
        let payload = cborByteString(scrambler.bytes(2_997))
        let parts = try encode(payload, type: "bytes", firstPart: 40, count: 400)
        let foreign = try encode(cborByteString(scrambler.bytes(2_997)), type: "bytes", firstPart: 1, count: 20)
        let otherType = try encode(cborByteString(scrambler.bytes(500)), type: "crypto-other", firstPart: 1, count: 5)
        var lines = scrambler.shuffle(parts).enumerated().map { item in
            item.offset % 3 == 0 ? item.element.uppercased() : item.element
        }
        let junk = ["", "   ", "hello", "ur:bytes/zzzz", "UR:BYTES/1-3/LPAD"] + foreign + otherType
        for (index, line) in junk.enumerated() { lines.insert(line, at: (index * 7) % lines.count) }
        let input = Data(lines.joined(separator: "\n").utf8)

        let raw = try runCLI(["ur", "decode", "--stats"], input: input)
        #expect(raw.status == 0, "\(raw.stderr)")
        #expect([UInt8](raw.stdoutBytes) == payload)
        #expect(raw.stderr.contains("skipped"))
        let statsLine = try #require(raw.stderr.split(separator: "\n").last)
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(statsLine.utf8)) as? [String: Any])
        #expect(stats["type"] as? String == "bytes")
        #expect(stats["messageLength"] as? Int == payload.count)
        let seqLen = try #require(stats["seqLen"] as? Int)
        let received = try #require(stats["partsReceived"] as? Int)
        #expect(seqLen == 3_000 / 60)
        #expect(received >= seqLen && received < parts.count)

        let hex = try runCLI(["ur", "decode", "--hex"], input: input)
        #expect(hex.status == 0)
        let expectedHex = payload.map { String(format: "%02x", $0) }.joined() + "\n"
        #expect(hex.stdout == expectedHex)
    }

    @Test func decodesASinglePartUR() throws {
        let lines = try encode(cborByteString(Array("Hello".utf8)), type: "bytes", firstPart: 1, count: 1)
        let result = try runCLI(["ur", "decode", "--hex", "--stats"], input: Data(("\n" + lines[0]).utf8))
        #expect(result.status == 0)
        #expect(result.stdout == "4548656c6c6f\n")
        #expect(result.stderr.contains("\"seqLen\":1,\"partsReceived\":1,\"messageLength\":6"))
    }

    @Test func truncatedInputExitsNonZeroAndSaysHowFarItGot() throws {
        var scrambler = Scrambler(state: 11)
        let parts = try encode(cborByteString(scrambler.bytes(2_997)), type: "bytes", firstPart: 1, count: 20)
        let result = try runCLI(["ur", "decode"], input: Data(parts.joined(separator: "\n").utf8))
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("rank 20/50"))
        let empty = try runCLI(["ur", "decode"], input: Data("junk\n".utf8))
        #expect(empty.status != 0)
    }

    @Test func limitsCanBeRaisedFromTheCommandLine() throws {
        var scrambler = Scrambler(state: 13)
        let payload = cborByteString(scrambler.bytes(2_997))
        let parts = try encode(payload, type: "bytes", firstPart: 1, count: 50)
        let input = Data(parts.joined(separator: "\n").utf8)
        let refused = try runCLI(["ur", "decode", "--max-fragments", "49"], input: input)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("limit of 49"))
        let accepted = try runCLI(["ur", "decode", "--max-fragments", "50", "--max-message-length", "3000"],
                                      input: input)
        #expect(accepted.status == 0 && [UInt8](accepted.stdoutBytes) == payload)
    }
}
