import Testing
import UniformResources

struct RandomSamplerTests {
    @Test(arguments: [[Double](), [1, -1], [0, 0], [.nan], [.infinity, 1]])
    func rejectsInvalidWeights(_ weights: [Double]) {
        #expect {
            _ = try RandomSampler(weights: weights)
        } throws: { error in
            if case .invalidSamplerWeights = error as? URError { return true }
            return false
        }
    }

    /// Each column's own probability plus what aliases to it adds up to its share of the weights.
    @Test(arguments: [[1.0, 2, 4, 8], [1.0], [3, 0, 1], [1.0, 1, 1, 1, 1, 1, 1]])
    func tablesPreserveTheDistribution(_ weights: [Double]) throws {
        let sampler = try RandomSampler(weights: weights)
        let n = weights.count
        var mass = [Double](repeating: 0, count: n)
        for column in 0..<n {
            mass[column] += sampler.probabilities[column] / Double(n)
            mass[sampler.aliases[column]] += (1 - sampler.probabilities[column]) / Double(n)
        }
        let sum = weights.reduce(0, +)
        for index in 0..<n { #expect(abs(mass[index] - weights[index] / sum) < 1e-12) }
    }

    /// bc-ur test.cpp random_sampler: the first draws with weights 1, 2, 4, 8.
    @Test func referenceSamples() throws {
        let sampler = try RandomSampler(weights: [1, 2, 4, 8])
        var rng = Xoshiro256StarStar(string: "Wolf")
        #expect((0..<10).map { _ in sampler.next(using: &rng) } == [3, 3, 3, 3, 3, 3, 3, 0, 2, 3])
    }

    @Test func closureAndGeneratorFormsAgree() throws {
        let sampler = try RandomSampler(weights: [5, 1, 1])
        var a = Xoshiro256StarStar(string: "same")
        var b = Xoshiro256StarStar(string: "same")
        for _ in 0..<100 { #expect(sampler.next(using: &a) == sampler.next { b.nextDouble() }) }
    }

    @Test func zeroWeightIsNeverDrawn() throws {
        let sampler = try RandomSampler(weights: [1, 0, 1])
        var rng = Xoshiro256StarStar(string: "zero")
        for _ in 0..<1000 { #expect(sampler.next(using: &rng) != 1) }
    }

    @Test func drawOfOneStaysInRange() throws {
        let sampler = try RandomSampler(weights: [1, 2])
        #expect((0..<2).contains(sampler.next { 1.0 }))
    }
}
