import Testing

@testable import SSKR

struct ShamirTests {
    @Test(arguments: [(1, 1), (2, 2), (2, 3), (3, 5), (5, 9), (16, 16)])
    func anyThresholdOfSharesRecoversAndFewerDoNot(threshold: Int, count: Int) throws {
        var random = SystemSSKRRandom()
        let secret = random.randomBytes(count: 16 + 2 * Int.random(in: 0...8))
        let shares = Shamir.split(threshold: threshold, count: count, secret: secret, random: &random)
        #expect(shares.count == count)
        for _ in 0..<8 {
            let chosen = Array((0..<count).shuffled().prefix(threshold))
            let recovered = try Shamir.recover(
                threshold: threshold, xs: chosen.map(UInt8.init), shares: chosen.map { shares[$0] })
            #expect(recovered == secret)
        }
        if threshold >= 2 {
            // t − 1 real shares and a guess cannot pass the digest (but for 2^-32).
            let chosen = Array((0..<count).shuffled().prefix(threshold))
            var damaged = chosen.map { shares[$0] }
            damaged[0][0] ^= 0x01
            #expect(throws: SSKRError.checksumFailure) {
                try Shamir.recover(threshold: threshold, xs: chosen.map(UInt8.init), shares: damaged)
            }
        }
    }

    /// bc-shamir's draw order: nothing for threshold 1, else t − 2 draws of the secret's length and one of its
    /// length minus 4; the first t − 2 shares are those draws themselves.
    @Test func drawsInTheReferenceOrder() {
        struct Counting: SSKRRandomSource {
            var sizes: [Int] = []
            mutating func randomBytes(count: Int) -> [UInt8] {
                sizes.append(count)
                return [UInt8](repeating: UInt8(sizes.count), count: count)
            }
        }
        var random = Counting()
        let shares = Shamir.split(threshold: 4, count: 6, secret: [UInt8](repeating: 7, count: 20), random: &random)
        #expect(random.sizes == [20, 20, 16])
        #expect(shares[0] == [UInt8](repeating: 1, count: 20) && shares[1] == [UInt8](repeating: 2, count: 20))
        var single = Counting()
        #expect(Shamir.split(threshold: 1, count: 1, secret: [1, 2], random: &single) == [[1, 2]])
        #expect(single.sizes.isEmpty)
    }
}
