import Foundation
import UniformResources

/// The UR vector records that need the fountain decoder: round trips, rejects, duplicates, a bad message checksum.
enum URVectorsDecoding {
    /// Feeds `UREncoder` strings to a `URDecoder` until it completes (at most 4 * seqLen + 20 strings) and
    /// checks it returns the identical UR.
    static func roundTrip(ur: UR, maxFragmentLength: Int, firstSeqNum: Int) throws -> String? {
        var encoder = try UREncoder(ur, maxFragmentLength: maxFragmentLength, firstSeqNum: UInt32(firstSeqNum))
        var decoder = URDecoder()
        let budget = 4 * encoder.seqLen + 20
        for _ in 0..<budget where !decoder.isComplete {
            let part = encoder.nextPart()
            if let seqNum = part.split(separator: "/").dropFirst().first?.split(separator: "-").first,
                let number = Int(seqNum), number <= firstSeqNum
            {
                return "part \(part) is not past the first seqNum \(firstSeqNum)"
            }
            try decoder.receive(part)
        }
        guard let result = decoder.result else { return "not complete after \(budget) parts" }
        return result == ur ? nil : "the decoded UR differs"
    }

    /// The same at the fountain level: `FountainEncoder` parts into a `FountainDecoder`.
    static func fountainRoundTrip(message: [UInt8], maxFragmentLength: Int, firstSeqNum: Int) throws -> String? {
        var encoder = try FountainEncoder(
            message: message, maxFragmentLength: maxFragmentLength,
            firstSeqNum: UInt32(firstSeqNum))
        var decoder = FountainDecoder()
        let budget = 4 * encoder.seqLen + 20
        for _ in 0..<budget where !decoder.isComplete { try decoder.receive(encoder.nextPart()) }
        guard let result = decoder.message else { return "not complete after \(budget) parts" }
        return result == message ? nil : "the decoded message differs"
    }

    /// ur-rs: a part whose type was changed is refused with a type mismatch; the unmodified part, upper-cased,
    /// is then accepted and completes the message.
    static func reject(_ record: URVectorRecords.URText) throws -> String? {
        let message = Array(try URVectors.required(record.messageUtf8, "message_utf8").utf8)
        var encoder = try FountainEncoder(
            message: message, maxFragmentLength: try URVectors.required(record.maxFragmentLen, "max_fragment_len"),
            minFragmentLength: 1)
        let first = URPart.multipart(type: "first-type", part: encoder.nextPart()).string
        let second = URPart.multipart(type: "first-type", part: encoder.nextPart()).string
        var decoder = URDecoder()
        try decoder.receive(first)
        let mutated = second.replacingOccurrences(of: "first-type", with: "second-type")
        let expected = try URVectors.required(record.error, "error")
        let failure = URVectors.expectError(expected, { try decoder.receive(mutated) }) {
            $0 as? URError == .typeMismatch(expected: "first-type", got: "second-type")
        }
        if let failure { return failure }
        try decoder.receive(second.uppercased())
        guard let result = decoder.result else { return "the unmodified second part did not complete the message" }
        return URVectors.first(
            URVectors.compare("type", result.type, "first-type"),
            URVectors.compare("message", result.cbor, message))
    }

    /// hummingbird: parts fed with repeats; the count of distinct parts processed after each.
    static func duplicates(_ record: URVectorRecords.URText) throws -> String? {
        let parts = try URVectors.required(record.parts, "parts")
        let order = try URVectors.required(record.feedOrder, "feed_order")
        let expected = try URVectors.required(record.expectedProcessedCounts, "expected_processed_counts")
        var decoder = URDecoder()
        var counts: [Int] = []
        for index in order {
            let outcome = try decoder.receive(parts[index])
            let progress = decoder.progress
            counts.append(progress.partsReceived - progress.duplicateParts)
            if outcome == .duplicate, counts.count >= 2, counts[counts.count - 1] != counts[counts.count - 2] {
                return "a duplicate changed the count"
            }
        }
        return URVectors.compareLists("processed counts", counts, expected)
    }

    /// ur-rs: a one-part message whose CRC-32 does not match the part's checksum field.
    static func badChecksum(_ record: URVectorRecords.FountainEncoder) throws -> String? {
        guard let fields = record.part else { return "no part" }
        let part = try FountainPart(cbor: URVectors.part(fields).cbor)
        var decoder = FountainDecoder()
        return URVectors.expectError(try URVectors.required(record.error, "error"), { try decoder.receive(part) }) {
            if case .messageChecksumMismatch(expected: part.checksum, actual: CRC32.checksum([0x62, 0x61, 0x64])) =
                $0 as? URError
            {
                return true
            }
            return false
        }
    }

    /// A fresh `FountainDecoder` refuses the part with `URError.invalidPart`.
    static func decoderRejects(_ part: FountainPart, expected: String) -> String? {
        var decoder = FountainDecoder()
        return URVectors.expectError(expected, { try decoder.receive(part) }, matches: URVectors.isInvalidPart)
    }
}
