import Foundation

/// One named benchmark; each area adds its own to `allBenchmarks`.
struct Benchmark {
    let name: String
    let summary: String
    let run: () -> Void
}

/// Seconds on a monotonic clock.
func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

var allBenchmarks: [Benchmark] {
    uniformResourceBenchmarks + frostBenchmarks + bip445Benchmarks + chillDKGBenchmarks + opticalBenchmarks + renderBenchmarks
        + ceremonyBenchmarks + scanJudgeBenchmarks + psbtBenchmarks + oneRoundBenchmarks + sheetPhotoBenchmarks
}
