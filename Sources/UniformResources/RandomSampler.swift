/// A sampler of indexes with given weights by the Walker-Vose alias method, built exactly as bc-ur's
/// `RandomSampler` (BCR-2024-001 "Degree selection"): same normalisation, same index order, same two draws
/// per sample, so that degree choices agree with every other implementation.
public struct RandomSampler: Sendable, Hashable {
    /// Per column, the probability of keeping the column rather than taking its alias.
    public let probabilities: [Double]
    /// Per column, the index taken when the column is not kept.
    public let aliases: [Int]

    /// Builds the tables. Throws `URError.invalidSamplerWeights` when the weights are empty, a weight is
    /// negative or not finite, or they do not sum to a positive value.
    public init(weights: [Double]) throws {
        guard !weights.isEmpty else { throw URError.invalidSamplerWeights("no weights") }
        for weight in weights where !(weight >= 0) || !weight.isFinite {
            throw URError.invalidSamplerWeights("weight \(weight) is negative or not finite")
        }
        let sum = weights.reduce(0, +)
        guard sum > 0, sum.isFinite else {
            throw URError.invalidSamplerWeights("weights sum to \(sum), not a positive value")
        }
        self.init(validWeights: weights, sum: sum)
    }

    /// Builds the tables for weights already known to be valid (non-negative, positive finite sum).
    init(validWeights weights: [Double], sum: Double) {
        let n = weights.count
        var scaled = weights.map { $0 * Double(n) / sum }
        var small: [Int] = []
        var large: [Int] = []
        small.reserveCapacity(n)
        large.reserveCapacity(n)
        // The reference walks the indexes from last to first; the table depends on that order.
        for index in stride(from: n - 1, through: 0, by: -1) {
            if scaled[index] < 1 { small.append(index) } else { large.append(index) }
        }
        var probabilities = [Double](repeating: 0, count: n)
        var aliases = [Int](repeating: 0, count: n)
        while let less = small.last, let more = large.last {
            small.removeLast()
            large.removeLast()
            probabilities[less] = scaled[less]
            aliases[less] = more
            scaled[more] += scaled[less] - 1
            if scaled[more] < 1 { small.append(more) } else { large.append(more) }
        }
        for index in large { probabilities[index] = 1 }
        // Left-over small columns only arise from rounding; the reference keeps them outright.
        for index in small { probabilities[index] = 1 }
        self.probabilities = probabilities
        self.aliases = aliases
    }

    /// The next sampled index, drawing two values from `random` (column first, then keep-or-alias).
    public func next(_ random: () -> Double) -> Int {
        let r1 = random()
        let r2 = random()
        let column = min(Int(Double(probabilities.count) * r1), probabilities.count - 1)
        return r2 < probabilities[column] ? column : aliases[column]
    }

    /// The next sampled index, drawing two `nextDouble()` values from the generator.
    public func next(using rng: inout Xoshiro256StarStar) -> Int {
        let r1 = rng.nextDouble()
        let r2 = rng.nextDouble()
        let column = min(Int(Double(probabilities.count) * r1), probabilities.count - 1)
        return r2 < probabilities[column] ? column : aliases[column]
    }
}
