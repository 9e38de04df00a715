import DeterministicCBOR
import Foundation
import Testing

@testable import UniformResources

/// make_message(256, "Wolf") as a CBOR byte string: the payload of the multipart vector in Vectors/ur/ur_multipart.json.
private func wolfUR() throws -> UR {
    var rng = Xoshiro256StarStar(string: "Wolf")
    let message = (0..<256).map { _ in UInt8(rng.nextDouble() * 256) }
    return try UR(type: "bytes", cbor: CBOR.bytes(message).encoded)
}

private func wolfParts() throws -> [String] {
    let url = packageRoot.appendingPathComponent("Vectors/ur/ur_multipart.json")
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
    let records = json?["records"] as? [[String: Any]] ?? []
    return try #require(records.first?["parts"] as? [String])
}

@Suite struct FountainScheduleTests {
    @Test func everyShownPartIsTheStandardPartForItsSeqNum() throws {
        let ur = try wolfUR()
        let vector = try wolfParts()
        let encoder = try UREncoder(ur, maxFragmentLength: 30)
        #expect(encoder.seqLen == 9)
        for (offset, want) in vector.enumerated() {
            #expect(encoder.part(seqNum: UInt32(offset + 1)) == want, "seqNum \(offset + 1)")
        }
        let schedule = encoder.schedule
        let shown = try UREncoder.animation(of: ur, maxFragmentLength: 30, count: 2 * schedule.period)
        #expect(shown.count == 2 * schedule.period)
        for (frame, string) in shown.enumerated() {
            let seqNum = schedule.seqNum(frame: frame)
            // The standard encoder started just before that seqNum gives the same string.
            var standard = try UREncoder(ur, maxFragmentLength: 30, firstSeqNum: seqNum - 1)
            #expect(string == standard.nextPart(), "frame \(frame)")
            if Int(seqNum) <= vector.count { #expect(string == vector[Int(seqNum) - 1], "frame \(frame)") }
            #expect(string == shown[frame % schedule.period])
        }
    }

    @Test func theScheduleIsDeterministicAndOneLoopIsEnoughForAPeelingReceiver() {
        for seqLen in [2, 3, 5, 9, 50] {
            let schedule = FountainSchedule(seqLen: seqLen, checksum: 0xDEAD_BEEF)
            #expect(schedule == FountainSchedule(seqLen: seqLen, checksum: 0xDEAD_BEEF))
            #expect(schedule.period >= FountainSchedule.periodFactor * seqLen)
            let frames = schedule.seqNums.map {
                FountainCode.chooseFragments(seqNum: $0, seqLen: seqLen, checksum: 0xDEAD_BEEF)
            }
            #expect(frames.allSatisfy { !$0.isEmpty }, "seqLen \(seqLen)")
            #expect(FountainSchedule.unpeeled(frames, seqLen: seqLen).isEmpty, "seqLen \(seqLen)")
        }
        let long = FountainSchedule.maxScheduledSeqLen + 1
        #expect(FountainSchedule(seqLen: long, checksum: 7).seqNums == (1...(4 * long)).map { UInt32($0) })
        #expect(FountainSchedule(seqLen: 1, checksum: 7).seqNums == [1])
        #expect(FountainSchedule(seqLen: 0, checksum: 7).seqNums.isEmpty)
        #expect(FountainSchedule(seqLen: 9, checksum: 1) != FountainSchedule(seqLen: 9, checksum: 2))
    }

    /// Receivers joining the loop at every fourth frame, with and without losing a fifth of the frames: the peeling
    /// model of bc-ur completes every time, on average within 1.35 × seqLen parts received at this seqLen of
    /// 20 (the standard order needs about 1.8 × at seqLen 50, docs/PERFORMANCE.md), and the rank decoder within 1.2 ×.
    @Test(arguments: [0.0, 0.2])
    func receiversJoiningAnywhereComplete(loss: Double) throws {
        var random = Xoshiro256StarStar(string: "schedule-test-\(loss)")
        let message = random.nextData(count: 4_000)
        let encoder = try FountainEncoder(message: message, maxFragmentLength: 200)
        let seqLen = encoder.seqLen
        let schedule = FountainSchedule(seqLen: seqLen, checksum: encoder.checksum)
        var peelingTotal = 0
        var rankTotal = 0
        var joins = 0
        for join in stride(from: 0, to: schedule.period, by: 4) {
            var peeling = PeelingFountainDecoder()
            var rank = FountainDecoder()
            var received = 0
            var peelingAt: Int?
            var rankAt: Int?
            var frame = join
            while peelingAt == nil || rankAt == nil, received < 10 * seqLen {
                let part = encoder.part(seqNum: schedule.seqNum(frame: frame))
                frame += 1
                if random.nextDouble() < loss { continue }
                received += 1
                if peelingAt == nil, try peeling.receive(part) { peelingAt = received }
                if rankAt == nil, try rank.receive(part) == .completed { rankAt = received }
            }
            #expect(peeling.message == message, "join \(join)")
            #expect(rank.message == message, "join \(join)")
            peelingTotal += peelingAt ?? 10 * seqLen
            rankTotal += rankAt ?? 10 * seqLen
            joins += 1
        }
        let peelingMean = Double(peelingTotal) / Double(joins * seqLen)
        let rankMean = Double(rankTotal) / Double(joins * seqLen)
        #expect(peelingMean <= 1.35, "peeling: \(peelingMean) × seqLen")
        #expect(rankMean <= 1.2, "rank: \(rankMean) × seqLen")
    }
}
