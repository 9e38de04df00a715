import Testing
import UniformResources

struct FountainEncoderTests {
    @Test func pureFragmentsFirstThenMixedParts() throws {
        let message = makeMessage(1000, seed: "encoder")
        var encoder = try FountainEncoder(message: message, maxFragmentLength: 100)
        #expect(encoder.seqLen == 10)
        #expect(!encoder.isComplete)
        var pure: [UInt8] = []
        for seqNum in 1...encoder.seqLen {
            let part = encoder.nextPart()
            #expect(part.seqNum == UInt32(seqNum))
            #expect(part.indexes == [seqNum - 1])
            pure += part.fragment
        }
        #expect(encoder.isComplete)
        #expect(Array(pure.prefix(message.count)) == message)
        let fragments = FountainCode.partition(message, fragmentLength: encoder.fragmentLength)
        for _ in 0..<40 {
            let part = encoder.nextPart()
            var expected = [UInt8](repeating: 0, count: encoder.fragmentLength)
            for index in part.indexes { FountainCode.xor(into: &expected, fragments[index]) }
            #expect(part.fragment == expected)
            #expect(part.messageLen == message.count && part.checksum == CRC32.checksum(message))
        }
    }

    @Test func firstSeqNumIsSettable() throws {
        var encoder = try FountainEncoder(message: makeMessage(500), maxFragmentLength: 60, firstSeqNum: 100)
        #expect(encoder.nextPart().seqNum == 101)
        #expect(encoder.seqNum == 101)
        #expect(encoder.part(seqNum: 101) == encoder.part(seqNum: 101))
    }

    @Test func randomAccessMatchesSequence() throws {
        var encoder = try FountainEncoder(message: makeMessage(777), maxFragmentLength: 60)
        let fixed = encoder
        for _ in 0..<30 {
            let part = encoder.nextPart()
            #expect(fixed.part(seqNum: part.seqNum) == part)
        }
    }

    @Test func counterWrapsAtTwoToThe32() throws {
        var encoder = try FountainEncoder(message: makeMessage(300), maxFragmentLength: 100, firstSeqNum: .max)
        #expect(encoder.nextPart().seqNum == 0)
    }

    @Test func singleFragmentMessage() throws {
        var encoder = try FountainEncoder(message: makeMessage(11), maxFragmentLength: 200)
        #expect(encoder.isSinglePart)
        #expect(encoder.nextPart().fragment == makeMessage(11))
        #expect(encoder.nextPart().fragment == makeMessage(11))
    }

    @Test(arguments: [(0, 100, 10), (5, 0, 10), (5, 5, 0), (5, 9, 10)])
    func rejectsImpossibleSettings(length: Int, maxLength: Int, minLength: Int) {
        #expect(throws: URError.self) {
            _ = try FountainEncoder(
                message: makeMessage(length), maxFragmentLength: maxLength,
                minFragmentLength: minLength)
        }
    }
}
