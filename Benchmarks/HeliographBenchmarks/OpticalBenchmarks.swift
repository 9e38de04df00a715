var opticalBenchmarks: [Benchmark] { [] }
