import Testing
import UniformResources

struct FountainCodeTests {
    @Test func referenceFragmentLengths() {
        #expect(
            FountainCode.fragmentLength(messageLength: 12345, maxFragmentLength: 1955, minFragmentLength: 1005) == 1764)
        #expect(
            FountainCode.fragmentLength(messageLength: 12345, maxFragmentLength: 30000, minFragmentLength: 1005)
                == 12345)
        #expect(FountainCode.fragmentLength(messageLength: 256, maxFragmentLength: 30) == 29)
    }

    @Test func shortMessagesAreOneFragment() {
        #expect(FountainCode.fragmentLength(messageLength: 5, maxFragmentLength: 200) == 5)
        #expect(FountainCode.fragmentLength(messageLength: 0, maxFragmentLength: 200) == 0)
    }

    /// The closed form agrees with the reference's search loop over fragment counts.
    @Test func matchesTheReferenceLoop() {
        var rng = Xoshiro256StarStar(string: "lengths")
        for _ in 0..<2000 {
            let length = rng.nextInt(1, 5000)
            let minLength = rng.nextInt(1, 50)
            let maxLength = rng.nextInt(minLength, 400)
            var expected = 0
            for count in 1...max(1, length / minLength) {
                expected = (length + count - 1) / count
                if expected <= maxLength { break }
            }
            #expect(
                FountainCode.fragmentLength(
                    messageLength: length, maxFragmentLength: maxLength,
                    minFragmentLength: minLength) == expected)
        }
    }

    @Test func partitionPadsTheLastFragment() {
        let message = makeMessage(25)
        let fragments = FountainCode.partition(message, fragmentLength: 10)
        #expect(fragments.count == 3)
        #expect(fragments.allSatisfy { $0.count == 10 })
        #expect(Array(fragments.joined().prefix(25)) == message)
        #expect(fragments[2].suffix(5) == [0, 0, 0, 0, 0])
        #expect(FountainCode.partition([], fragmentLength: 10).isEmpty)
    }

    @Test func pureAndMixedChoices() {
        #expect(FountainCode.chooseFragments(seqNum: 3, seqLen: 11, checksum: 0) == [2])
        #expect(FountainCode.chooseFragments(seqNum: 13, seqLen: 11, checksum: 790_229_947) == [2, 5, 6, 8, 9, 10])
        #expect(FountainCode.chooseFragments(seqNum: 0, seqLen: 11, checksum: 0).isEmpty)
        #expect(FountainCode.chooseFragments(seqNum: 5, seqLen: 0, checksum: 0).isEmpty)
        // A hostile seqLen gives nothing rather than a gigantic allocation.
        #expect(FountainCode.chooseFragments(seqNum: .max, seqLen: Int(UInt32.max), checksum: 0).isEmpty)
    }

    @Test func mixedChoicesAreSortedDistinctAndInRange() {
        for seqNum in UInt32(12)...UInt32(400) {
            let indexes = FountainCode.chooseFragments(seqNum: seqNum, seqLen: 11, checksum: 12345)
            #expect(!indexes.isEmpty && indexes.count <= 11)
            #expect(indexes == Array(Set(indexes)).sorted())
            #expect(indexes.allSatisfy { (0..<11).contains($0) })
        }
    }

    @Test func degreesStayInRange() {
        var rng = Xoshiro256StarStar(string: "degrees")
        for seqLen in [1, 2, 3, 50] {
            for _ in 0..<200 { #expect((1...seqLen).contains(FountainCode.chooseDegree(seqLen: seqLen, rng: &rng))) }
        }
    }

    @Test func xor() {
        #expect(FountainCode.xor([0x0f, 0xf0, 0xaa], [0xff, 0xff, 0xaa]) == [0xf0, 0x0f, 0x00])
        var target: [UInt8] = [1, 2, 3]
        FountainCode.xor(into: &target, [1, 2, 3])
        #expect(target == [0, 0, 0])
        #expect(FountainCode.xor([1, 2, 3], [1]) == [0])
    }
}
