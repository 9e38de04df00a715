import Testing
import UniformResources

struct Xoshiro256StarStarTests {
    /// bc-ur test.cpp rng_1: next() % 100 from the seed "Wolf".
    @Test func firstOutputsOfWolf() {
        var rng = Xoshiro256StarStar(string: "Wolf")
        #expect((0..<10).map { _ in rng.next() % 100 } == [42, 81, 85, 8, 82, 84, 76, 73, 70, 88])
    }

    @Test func seedsAgree() {
        var fromString = Xoshiro256StarStar(string: "Wolf")
        var fromBytes = Xoshiro256StarStar(seed: Array("Wolf".utf8))
        var fromDigest = Xoshiro256StarStar(digest: SHA256.hash(Array("Wolf".utf8)))
        let a = (0..<5).map { _ in fromString.next() }
        #expect(a == (0..<5).map { _ in fromBytes.next() })
        #expect(a == (0..<5).map { _ in fromDigest.next() })
        var fromCRC = Xoshiro256StarStar(crc32: 0x598c_84dc)
        var fromCRCBytes = Xoshiro256StarStar(seed: [0x59, 0x8c, 0x84, 0xdc])
        #expect(fromCRC.next() == fromCRCBytes.next())
    }

    @Test func doubleIsNextOverTwoToThe64() {
        var rng = Xoshiro256StarStar(string: "UR")
        var copy = rng
        let value = copy.next()
        #expect(rng.nextDouble() == Double(value) / 18_446_744_073_709_551_616.0)
    }

    @Test func unitIntervalStaysBelowOne() {
        #expect(Xoshiro256StarStar.unitInterval(0) == 0)
        #expect(Xoshiro256StarStar.unitInterval(.max) < 1)
        #expect(Xoshiro256StarStar.unitInterval(1 << 63) == 0.5)
    }

    @Test(arguments: [(0, 0), (1, 10), (0, 255), (-5, 5), (7, 7)])
    func nextIntStaysInRange(low: Int, high: Int) {
        var rng = Xoshiro256StarStar(string: "range \(low) \(high)")
        for _ in 0..<500 {
            let value = rng.nextInt(low, high)
            #expect(value >= low && value <= high)
        }
    }

    /// A one-value range still consumes a draw, as the reference does, so later draws stay in step.
    @Test func singleValueRangeConsumesADraw() {
        var a = Xoshiro256StarStar(string: "Wolf")
        var b = Xoshiro256StarStar(string: "Wolf")
        _ = a.nextInt(3, 3)
        _ = b.next()
        #expect(a.next() == b.next())
    }

    @Test func nextDataIsNextBytes() {
        var a = Xoshiro256StarStar(string: "data")
        var b = Xoshiro256StarStar(string: "data")
        #expect(a.nextData(count: 16) == (0..<16).map { _ in b.nextByte() })
        #expect(a.nextData(count: 0).isEmpty)
    }

    @Test func shuffleIsAPermutationAndPartialShuffleItsPrefix() {
        var rng = Xoshiro256StarStar(string: "shuffle")
        var copy = rng
        let items = Array(0..<50)
        let full = rng.shuffled(items)
        #expect(full.sorted() == items)
        #expect(copy.shuffled(items, count: 7) == Array(full.prefix(7)))
    }

    /// bc-ur test.cpp shuffle: the first shuffle of 1...10 with the seed "Wolf".
    @Test func referenceShuffle() {
        var rng = Xoshiro256StarStar(string: "Wolf")
        #expect(rng.shuffled(Array(1...10)) == [6, 4, 9, 3, 10, 5, 7, 8, 1, 2])
        #expect(rng.shuffled(Array(1...10)) == [10, 8, 6, 5, 1, 2, 3, 9, 7, 4])
    }
}
