var ceremonyBenchmarks: [Benchmark] { [] }
