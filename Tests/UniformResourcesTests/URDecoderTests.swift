import DeterministicCBOR
import Foundation
import Testing

@testable import UniformResources

private func loadRecords(_ file: String) throws -> [[String: Any]] {
    let url = packageRoot.appendingPathComponent("Vectors/ur/\(file)")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
    return json?["records"] as? [[String: Any]] ?? []
}

/// make_message(len, "Wolf") wrapped as a CBOR byte string (Vectors/ur/message_generator.json).
private func wolfPayload(_ length: Int) -> [UInt8] {
    var rng = Xoshiro256StarStar(string: "Wolf")
    let message = (0..<length).map { _ in UInt8(rng.nextDouble() * 256) }
    return CBOR.bytes(message).encoded
}

@Suite struct URDecoderTests {
    @Test func decodesTheWolfMultipartVectors() throws {
        let record = try #require(try loadRecords("ur_multipart.json").first)
        let parts = try #require(record["parts"] as? [String])
        #expect(parts.count == 20)
        var decoder = URDecoder()
        for (index, part) in parts.enumerated() {
            let outcome = try decoder.receive(part)
            #expect(outcome == (index < 8 ? .progressed : index == 8 ? .completed : .alreadyComplete), "part \(index)")
            #expect(decoder.progress.rank == min(index + 1, 9), "part \(index)")
        }
        #expect(decoder.result?.type == "bytes")
        #expect(decoder.result?.cbor == wolfPayload(256))
    }

    @Test func decodesUppercaseMixedPartsInAnyOrder() throws {
        let record = try #require(try loadRecords("ur_multipart.json").first)
        let parts = try #require(record["parts"] as? [String])
        // Mixed parts first (20 down to 10), then the pure ones, upper-cased as a QR code carries them.
        var decoder = URDecoder()
        var reference = ReferenceRank(columns: 9)
        for string in parts.reversed() where !decoder.isComplete {
            guard case let .multipart(_, part) = try URPart(parsing: string) else { continue }
            _ = reference.add(part.indexes)
            try decoder.receive(string.uppercased())
            #expect(decoder.isComplete == (reference.rank == 9))
            #expect(decoder.progress.rank == reference.rank)
        }
        #expect(decoder.result?.cbor == wolfPayload(256))
    }

    @Test func decodesSinglePartVectorsAtOnce() throws {
        for record in try loadRecords("ur_single_part.json") {
            guard let string = record["ur"] as? String, let type = record["type"] as? String else { continue }
            let expected: [UInt8]
            if let hex = record["payload_cbor_hex"] as? String {
                expected = hexBytes(hex)
            } else if let payload = record["payload"] as? [String: Any], let length = payload["len"] as? Int {
                expected = wolfPayload(length)
            } else {
                continue
            }
            var decoder = URDecoder()
            #expect(try decoder.receive(string.uppercased()) == .completed, "\(string)")
            #expect(decoder.result?.type == type && decoder.result?.cbor == expected, "\(string)")
            #expect(decoder.progress.rank == 1 && decoder.progress.seqLen == 1)
        }
    }

    @Test func countsDuplicatePartsAsTheHummingbirdVectorSays() throws {
        let records = try loadRecords("ur_multipart.json")
        let record = try #require(records.first { $0["kind"] as? String == "duplicate_parts" })
        let parts = try #require(record["parts"] as? [String])
        let order = try #require(record["feed_order"] as? [Int])
        let counts = try #require(record["expected_processed_counts"] as? [Int])
        var decoder = URDecoder()
        for (index, partIndex) in order.enumerated() {
            try decoder.receive(parts[partIndex])
            let progress = decoder.progress
            #expect(progress.partsReceived - progress.duplicateParts == counts[index], "step \(index)")
            #expect(progress.partsReceived == index + 1)
        }
    }

    @Test func rejectsAnotherTypeAndKeepsProgress() throws {
        // dspicher/ur-rs: the second part with its type changed is refused; the original, upper-cased, completes.
        let ur = try UR(type: "first-type", cbor: Array("Ten chars!".utf8))
        var encoder = try UREncoder(ur, maxFragmentLength: 5, minFragmentLength: 1)
        let first = encoder.nextPart()
        let second = encoder.nextPart()
        var decoder = URDecoder()
        try decoder.receive(first)
        #expect(throws: URError.typeMismatch(expected: "first-type", got: "second-type")) {
            try decoder.receive(second.replacingOccurrences(of: "first-type", with: "second-type"))
        }
        #expect(decoder.progress.rank == 1)
        #expect(try decoder.receive(second.uppercased()) == .completed)
        #expect(decoder.result == ur)
    }

    @Test func rejectsPartsOfAnotherMessageJunkAndSinglePartsMidway() throws {
        var random = TestRandom("ur-interleaved")
        let ur = try UR(type: "bytes", cbor: CBOR.bytes(random.bytes(3_000)).encoded)
        let other = try UR(type: "bytes", cbor: CBOR.bytes(random.bytes(3_000)).encoded)
        var encoder = try UREncoder(ur, maxFragmentLength: 100, firstSeqNum: 500)
        var intruder = try UREncoder(other, maxFragmentLength: 100, firstSeqNum: 500)
        var decoder = URDecoder()
        var rejected = 0
        while !decoder.isComplete {
            try decoder.receive(encoder.nextPart())
            let rank = decoder.progress.rank
            if decoder.isComplete { break }
            for junk in [intruder.nextPart(), "ur:bytes/hello", "not a ur", "", "ur:bytes/1-0/lpad"] {
                #expect(throws: URError.self) { try decoder.receive(junk) }
            }
            #expect(throws: URError.partMismatch(field: "checksum", expected: UInt64(CRC32.checksum(ur.cbor)),
                                                 got: UInt64(CRC32.checksum(other.cbor)))) {
                try decoder.receive(intruder.nextPart())
            }
            #expect(throws: URError.self) { try decoder.receive(try UR(type: "bytes", cbor: [0x40]).string) }
            rejected += 2
            #expect(decoder.progress.rank == rank)
        }
        #expect(decoder.result == ur)
        #expect(decoder.progress.rejectedParts == rejected)
    }

    @Test func roundTripsRandomURs() throws {
        var random = TestRandom("ur-round-trip")
        for trial in 0..<25 {
            let size = max(1, Int(pow(10.0, Double(random.int(0...4700)) / 1000.0)))
            let ur = try UR(type: "crypto-test-\(trial)", cbor: CBOR.bytes(random.bytes(size)).encoded)
            var encoder = try UREncoder(ur, maxFragmentLength: random.int(10...300),
                                        firstSeqNum: UInt32(random.int(0...10_000)))
            var decoder = URDecoder()
            var sent = 0
            while !decoder.isComplete && sent < 50_000 {
                let string = encoder.nextPart()
                sent += 1
                if random.chance(0.25) { continue }
                try decoder.receive(random.chance(0.5) ? string.uppercased() : string)
            }
            #expect(decoder.result == ur, "trial \(trial), \(size) bytes")
            #expect(decoder.progress.seqLen == encoder.seqLen)
        }
    }

    @Test func enforcesTheLimitsOnMultipartHeaders() throws {
        let ur = try UR(type: "bytes", cbor: CBOR.bytes(TestRandom.bytes(seed: "ur-limits", count: 5_000)).encoded)
        var encoder = try UREncoder(ur, maxFragmentLength: 100)
        var decoder = URDecoder(limits: .init(maxMessageLength: 4_000))
        #expect(throws: URError.limitExceeded(what: "messageLen", value: UInt64(ur.cbor.count), limit: 4_000)) {
            try decoder.receive(encoder.nextPart())
        }
        #expect(decoder.type == nil && decoder.header == nil)
    }
}
