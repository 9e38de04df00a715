import Testing
import UniformResources

@testable import Optical

@Suite struct FrameSequenceTests {
    /// The stream runs past seqLen (mixed parts), every frame at the profile's version, seqNum counting up.
    @Test(arguments: FrameDensity.allCases)
    func framesContinuePastSeqLenAtOneVersion(density: FrameDensity) throws {
        var generator = SeededGenerator(seed: 99)
        let payload = (0..<2_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var frames = try FrameSequence(ur: UR(type: "crypto-psbt", cbor: payload), density: density, ecc: .medium)
        #expect(frames.seqLen > 1)
        #expect(frames.fragmentLength <= frames.profile.maxFragmentLength)
        for expected in 1...(frames.seqLen + 5) {
            let (part, code) = try frames.next()
            #expect(frames.seqNum == UInt32(expected))
            #expect(part.hasPrefix("ur:crypto-psbt/\(expected)-\(frames.seqLen)/"))
            #expect(code.version == density.version)
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
