// The judging benchmark: the scanner on frames from scripts/make-judging-set.py, a generator it was never tuned
// on, side by side with plain zbar, the zbar-only pipeline it replaced and zxing-cpp 3.x (PyPI).
import Foundation
import Optical

var scanJudgeBenchmarks: [Benchmark] {
    [
        Benchmark(name: "scan-judge", summary: "read rate and ms/frame per tier on the judging set, four readers") {
            judgeBenchmark()
        }
    ]
}

/// One frame of the judging set: its file, tier and the texts of the codes it shows.
private struct JudgedFrame {
    let path: String
    let tier: String
    let texts: [String]
}

/// What one reader did on one tier.
private struct Tally {
    var codes = 0, read = 0, framesWhole = 0, cpu: [Double] = [], wall: [Double] = []

    mutating func add(expected: [String], found: [String], cpu: Double, wall: Double) {
        let upper = Set(found.map { $0.uppercased() })
        let hits = expected.filter { upper.contains($0.uppercased()) }.count
        codes += expected.count
        read += hits
        if hits == expected.count { framesWhole += 1 }
        self.cpu.append(cpu)
        self.wall.append(wall)
    }

    func cell(frames: Int) -> String {
        let rate = codes == 0 ? 0 : read * 100 / codes
        return frames == codes
            ? "\(read)/\(codes) (\(rate)%)" : "\(read)/\(codes) codes (\(rate)%), \(framesWhole) whole"
    }

    func times() -> String {
        let sorted = cpu.sorted()
        guard !sorted.isEmpty else { return "-" }
        return String(format: "%.1f / %.1f", sorted[sorted.count / 2], sorted.last ?? 0)
    }
}

private func judgeBenchmark() {
    let environment = ProcessInfo.processInfo.environment
    guard let directory = environment["HELIOGRAPH_JUDGING_SET"] else {
        print("Set HELIOGRAPH_JUDGING_SET to a folder made by scripts/make-judging-set.py (and HELIOGRAPH_PYTHON to a "
            + "python with zxing-cpp, default .venv/bin/python).")
        return
    }
    let manifest = (try? String(contentsOfFile: directory + "/manifest.tsv", encoding: .utf8)) ?? ""
    let frames = manifest.split(separator: "\n").compactMap { line -> JudgedFrame? in
        let fields = line.split(separator: "\t").map(String.init)
        guard fields.count >= 2 else { return nil }
        return JudgedFrame(path: directory + "/" + fields[0], tier: fields[1], texts: Array(fields.dropFirst(2)))
    }
    let readers: [(String, QRScanner)] = [
        ("plain zbar", .plain), ("Heliograph before (zbar only)", .zbarOnlyCamera), ("Heliograph now", .camera),
        // What the pipeline can read when time does not stop it: the budget's share of the misses, whatever the
        // machine's load.
        ("Heliograph now, no budget", QRScanner(ladder: QRScanner.cameraLadder, budget: .infinity,
            completion: QRScanner.cameraCompletion, pageRungs: QRScanner.cameraPageRungs)),
    ]
    var tallies: [String: [String: Tally]] = [:]
    var slowest: (ms: Double, path: String) = (0, "")
    // HELIOGRAPH_JUDGE_TRACE=1: one line per multi-code frame and reader (codes read, rungs run).
    let trace = environment["HELIOGRAPH_JUDGE_TRACE"] != nil
    for frame in frames {
        guard let image = try? ImageDecoder.load(path: frame.path) else { continue }
        for (name, scanner) in readers {
            // Wall time as the caller sees it: the whole call, the worker thread's start and hand-over included.
            let start = DispatchTime.now().uptimeNanoseconds
            let result = scanner.read(image)
            let wallMs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            tallies[frame.tier, default: [:]][name, default: Tally()].add(
                expected: frame.texts, found: result.texts, cpu: result.cpuSeconds * 1000, wall: wallMs)
            if name == "Heliograph now", wallMs > slowest.ms {
                slowest = (wallMs, frame.path)
            }
            if trace, frame.texts.count > 1 || result.rungsTried.contains(.gridCells) {
                // Which of the frame's codes (1-based, in manifest order) each reader read, and by which rung.
                let read = frame.texts.indices.compactMap { index -> String? in
                    guard let at = result.texts.firstIndex(where: { $0.uppercased() == frame.texts[index].uppercased() })
                    else { return nil }
                    return "\(index + 1):\(result.readBy[at])"
                }
                print(String(format: "trace %@ | %@ | read %@ | found %d | %.1f ms CPU | %@",
                    (frame.path as NSString).lastPathComponent, name, read.joined(separator: ","), result.codesFound,
                    result.cpuSeconds * 1000, result.rungsTried.map { "\($0)" }.joined(separator: " ")))
            }
        }
    }
    let python = environment["HELIOGRAPH_PYTHON"] ?? ".venv/bin/python"
    let reference = "zxing-cpp 3.x (PyPI)"
    if let results = runReference(python, script: "scripts/zxing-reference.py", paths: frames.map(\.path)) {
        let byPath = Dictionary(results.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for frame in frames {
            guard let result = byPath[frame.path] else { continue }
            tallies[frame.tier, default: [:]][reference, default: Tally()].add(
                expected: frame.texts, found: result.texts, cpu: result.ms, wall: result.ms)
        }
    } else {
        print("(zxing-cpp 3.x not run: \(python) scripts/zxing-reference.py failed; pip install zxing-cpp)")
    }
    let names = readers.map(\.0) + [reference]
    print("Read rate (codes read / codes shown) and median / max CPU ms per frame, misses included; \(frames.count) "
        + "frames from \(directory).")
    print("| tier | frames | " + names.map { "\($0) read" }.joined(separator: " | ") + " | "
        + names.map { "\($0) median / max ms" }.joined(separator: " | ") + " |")
    print("|---|---|" + String(repeating: "---|", count: names.count * 2))
    let order = ["easy", "medium", "hard", "sheet"]
    for tier in tallies.keys.sorted(by: { (order.firstIndex(of: $0) ?? 9) < (order.firstIndex(of: $1) ?? 9) }) {
        let row = tallies[tier] ?? [:]
        let count = frames.filter { $0.tier == tier }.count
        print("| \(tier) | \(count) | " + names.map { row[$0]?.cell(frames: count) ?? "-" }.joined(separator: " | ")
            + " | " + names.map { row[$0]?.times() ?? "-" }.joined(separator: " | ") + " |")
    }
    // Every frame of every tier together: the median the 5x goal is about.
    var overall: [String: Tally] = [:]
    for row in tallies.values {
        for (name, tally) in row {
            overall[name, default: Tally()].cpu += tally.cpu
            overall[name, default: Tally()].codes += tally.codes
            overall[name, default: Tally()].read += tally.read
        }
    }
    print("| all | \(frames.count) | " + names.map { overall[$0].map { "\($0.read)/\($0.codes)" } ?? "-" }
        .joined(separator: " | ") + " | " + names.map { overall[$0]?.times() ?? "-" }.joined(separator: " | ") + " |")
    let all = tallies.values.compactMap { $0["Heliograph now"] }
    let wall = all.flatMap(\.wall).sorted()
    if !wall.isEmpty {
        print(String(format: "Heliograph now, wall ms per frame: median %.1f, max %.1f (%@)",
            wall[wall.count / 2], wall.last ?? 0, slowest.path))
    }
}

/// Runs scripts/zxing-reference.py on `paths`; nil if it cannot be run.
private func runReference(_ python: String, script: String, paths: [String])
    -> [(path: String, ms: Double, texts: [String])]?
{
    runReader(python, arguments: [script], paths: paths, requireSuccess: true)
}

/// Runs a reference reader that takes image paths on stdin, one a line, and prints `path<TAB>ms<TAB>text...` per
/// image; nil if it cannot be started (or, with `requireSuccess`, if it fails).
func runReader(_ executable: String, arguments: [String] = [], paths: [String], requireSuccess: Bool = false)
    -> [(path: String, ms: Double, texts: [String])]?
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    do { try process.run() } catch { return nil }
    input.fileHandleForWriting.write(Data((paths.joined(separator: "\n") + "\n").utf8))
    try? input.fileHandleForWriting.close()
    let data = (try? output.fileHandleForReading.readToEnd()) ?? nil
    process.waitUntilExit()
    if requireSuccess, process.terminationStatus != 0 { return nil }
    return String(decoding: data ?? Data(), as: UTF8.self).split(separator: "\n").compactMap { line in
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 2, let time = Double(fields[1]) else { return nil }
        return (fields[0], time, Array(fields.dropFirst(2)))
    }
}
