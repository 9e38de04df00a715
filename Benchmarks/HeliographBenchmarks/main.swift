// Benchmarks: `swift run -c release HeliographBenchmarks [NAME...]`. Each benchmark prints a table.
import Foundation

let requested = Set(CommandLine.arguments.dropFirst())
for benchmark in allBenchmarks where requested.isEmpty || requested.contains(benchmark.name) {
    print("== \(benchmark.name): \(benchmark.summary)")
    benchmark.run()
}
