import ArgumentParser
import VectorSuites

struct VectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Check this implementation against the test vectors.",
        subcommands: [Verify.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every vector file under the paths and print a line per family, then `N passed, M failed`."
        )

        @Argument(help: "Vector files or folders (default: Vectors/).")
        var paths: [String] = ["Vectors"]

        func run() throws {
            let report = VectorReport.verify(paths: paths)
            for line in report.lines() { print(line) }
            if report.failed > 0 || report.outcomes.isEmpty { throw ExitCode.failure }
        }
    }
}
