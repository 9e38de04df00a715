var frostBenchmarks: [Benchmark] { [] }
