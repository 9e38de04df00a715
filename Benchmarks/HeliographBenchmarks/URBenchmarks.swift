var uniformResourceBenchmarks: [Benchmark] { [] }
