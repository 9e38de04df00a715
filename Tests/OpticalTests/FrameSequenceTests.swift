import Testing
import UniformResources

@testable import Optical

@Suite struct FrameSequenceTests {
    /// The frames follow the `FountainSchedule` loop and repeat it, every frame at the profile's version.
    @Test(arguments: FrameDensity.allCases)
    func framesFollowTheScheduleAtOneVersion(density: FrameDensity) throws {
        var generator = SeededGenerator(seed: 99)
        let payload = (0..<2_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var frames = try FrameSequence(ur: UR(type: "crypto-psbt", cbor: payload), density: density, ecc: .medium)
        #expect(frames.seqLen > 1)
        #expect(frames.fragmentLength <= frames.profile.maxFragmentLength)
        #expect(frames.period == frames.schedule.period)
        var loop: [String] = []
        for frame in 0..<(frames.period + 3) {
            let (part, code) = try frames.next()
            let expected = frames.schedule.seqNum(frame: frame)
            #expect(frames.seqNum == expected)
            #expect(part.hasPrefix("ur:crypto-psbt/\(expected)-\(frames.seqLen)/"))
            #expect(code.version == density.version)
            if frame < frames.period { loop.append(part) } else { #expect(part == loop[frame - frames.period]) }
        }
    }

    @Test func singlePartRepeatsAndScans() throws {
        var frames = try FrameSequence(ur: UR(type: "bytes", cbor: [0x43, 1, 2, 3]), density: .low)
        let first = try frames.next()
        let second = try frames.next()
        #expect(frames.seqLen == 1)
        #expect(first.part == second.part)
        #expect(first.code.version == 8)
        #expect(QRScanner.plain.read(first.code.image()).texts == [first.part.uppercased()])
    }

    @Test func emptyPayloadIsRefused() throws {
        #expect(throws: (any Error).self) { try FrameSequence(ur: UR(type: "bytes", cbor: []), density: .low) }
    }
}
