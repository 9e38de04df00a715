// Scanning benchmarks: decode rate and time per frame on simulated camera captures, plain zbar vs our pipeline.
import CQRencode
import Foundation
import Optical

var opticalBenchmarks: [Benchmark] {
    [
        Benchmark(name: "scan", summary: "decode rate and ms/frame per tier, 1280x720, held-out seeds") { scanBenchmark() },
        Benchmark(name: "scan-ladder", summary: "what each ladder rung rescues on the training seeds") {
            ladderBenchmark()
        },
    ]
}

/// Seeds 0..<100_000 are for tuning (scan-ladder); the scan benchmark and the tests use seeds from 1_000_000 on.
private let heldOutSeeds: Range<UInt64> = 1_000_000..<1_000_100
private let trainingSeeds: Range<UInt64> = 0..<60

/// A multipart-UR-shaped text of `length` characters, uppercase, as a QR frame of an animation would carry.
private func benchmarkPart(seed: UInt64, length: Int = 260) -> String {
    var random = SeededGenerator(seed: seed)
    let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    let header = "UR:CRYPTO-PSBT/\(seed % 97 + 1)-57/"
    return header + String((header.count..<length).map { _ in letters[Int(random.next() % 26)] })
}

/// The code image (one pixel per module, quiet zone included) of `text`, from libqrencode at level L.
private func benchmarkCode(_ text: String) -> GrayImage? {
    guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1) else { return nil }
    defer { QRcode_free(code) }
    let size = Int(code.pointee.width)
    let modules = (0..<size).map { y in (0..<size).map { x in code.pointee.data[y * size + x] & 1 == 1 } }
    return CaptureSimulator.codeImage(modules: modules)
}

private func percentile(_ values: [Double], _ fraction: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
}

private func milliseconds(_ body: () -> Void) -> Double {
    let start = monotonicSeconds()
    body()
    return (monotonicSeconds() - start) * 1000
}

private func ms(_ value: Double) -> String { String(format: "%.1f", value) }

private func scanBenchmark() {
    print("CPU ms of the scanning thread (one core); wall ms on this shared machine in the last column.")
    print("| tier | captures | plain zbar decoded | pipeline decoded | plain median / p99 ms | pipeline median / p99 ms "
        + "| pipeline ms when plain succeeds (median) | pipeline max ms | pipeline wall median / max ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    let dump = ProcessInfo.processInfo.environment["HELIOGRAPH_DUMP_CAPTURES"]
    for tier in CaptureSimulator.Tier.allCases {
        var plainHits = 0, pipelineHits = 0, plainTimes: [Double] = [], pipelineTimes: [Double] = []
        var plainSuccessTimes: [Double] = [], pipelineWall: [Double] = []
        for seed in heldOutSeeds {
            let text = benchmarkPart(seed: seed)
            guard let code = benchmarkCode(text) else { continue }
            let capture = CaptureSimulator.capture(code, parameters: .init(tier: tier, seed: seed))
            if let dump {
                let path = "\(dump)/\(tier)-\(seed).pgm"
                _ = FileManager.default.createFile(atPath: path, contents: Data("P5\n1280 720\n255\n".utf8 + capture.pixels))
            }
            var plain: [String] = [], pipeline: [String] = []
            plainTimes.append(cpuMilliseconds { plain = QRScanner.plain.read(capture).texts })
            var wall = 0.0
            let pipelineTime = cpuMilliseconds { wall = milliseconds { pipeline = QRScanner.camera.read(capture).texts } }
            pipelineTimes.append(pipelineTime)
            pipelineWall.append(wall)
            if plain.contains(text) {
                plainHits += 1
                plainSuccessTimes.append(pipelineTime)
            }
            if pipeline.contains(text) { pipelineHits += 1 }
        }
        let n = plainTimes.count
        print("| \(tier) | \(n) | \(plainHits) (\(plainHits * 100 / max(n, 1))%) | \(pipelineHits) "
            + "(\(pipelineHits * 100 / max(n, 1))%) | \(ms(percentile(plainTimes, 0.5))) / \(ms(percentile(plainTimes, 0.99))) "
            + "| \(ms(percentile(pipelineTimes, 0.5))) / \(ms(percentile(pipelineTimes, 0.99))) "
            + "| \(ms(percentile(plainSuccessTimes, 0.5))) | \(ms(pipelineTimes.max() ?? .nan)) "
            + "| \(ms(percentile(pipelineWall, 0.5))) / \(ms(pipelineWall.max() ?? .nan)) |")
    }
}

private func ladderBenchmark() {
    for tier in CaptureSimulator.Tier.allCases {
        var plainHits = 0, rescued: [ScanRung: Int] = [:], cost: [ScanRung: [Double]] = [:], plainTimes: [Double] = []
        var failures = 0
        for seed in trainingSeeds {
            let text = benchmarkPart(seed: seed)
            guard let code = benchmarkCode(text) else { continue }
            let capture = CaptureSimulator.capture(code, parameters: .init(tier: tier, seed: seed))
            var plain: [String] = []
            plainTimes.append(cpuMilliseconds { plain = QRScanner.plain.read(capture).texts })
            if plain.contains(text) {
                plainHits += 1
                continue
            }
            failures += 1
            for rung in ScanRung.allCases {
                var texts: [String] = []
                cost[rung, default: []].append(cpuMilliseconds {
                    texts = QRScanner(ladder: [rung], budget: 100).read(capture).texts
                })
                if texts.contains(text) { rescued[rung, default: 0] += 1 }
            }
        }
        print("\(tier): plain \(plainHits)/\(trainingSeeds.count), plain median \(ms(percentile(plainTimes, 0.5))) ms; "
            + "of \(failures) failures each rung alone rescues:")
        for rung in ScanRung.allCases.sorted(by: { rescued[$0, default: 0] > rescued[$1, default: 0] }) {
            print("  \(rung.rawValue): \(rescued[rung, default: 0]), median \(ms(percentile(cost[rung] ?? [], 0.5))) ms "
                + "CPU")
        }
    }
}

/// CPU time of the calling thread in milliseconds: what one core spends, whatever else the machine is doing.
private func cpuMilliseconds(_ body: () -> Void) -> Double {
    func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
    }
    let start = now()
    body()
    return now() - start
}

var opticalExperiments: [Benchmark] {
    [
        Benchmark(name: "scan-speed", summary: "CPU ms and hits of first-pass variants") {
            for tier in CaptureSimulator.Tier.allCases {
                var results: [String: (hits: Int, times: [Double])] = [:]
                for seed in trainingSeeds.prefix(30) {
                    let text = benchmarkPart(seed: seed)
                    guard let code = benchmarkCode(text) else { continue }
                    let capture = CaptureSimulator.capture(code, parameters: .init(tier: tier, seed: seed))
                    let variants: [(String, () -> [String])] = [
                        ("full d1", { QRScanner.plain.read(capture).texts }),
                        ("full d2", { QRScanner.experimentalPass(capture, density: 2) }),
                        ("halved d1", { QRScanner.experimentalPass(capture.halved(), density: 1) }),
                        ("roi d1", {
                            guard let r = capture.busiestRegion() else { return [] }
                            return QRScanner.experimentalPass(capture.cropped(x: r.x, y: r.y, width: r.width, height: r.height), density: 1)
                        }),
                    ]
                    for (name, body) in variants {
                        var texts: [String] = []
                        let time = cpuMilliseconds { texts = body() }
                        results[name, default: (0, [])].times.append(time)
                        if texts.contains(text) { results[name, default: (0, [])].hits += 1 }
                    }
                }
                for (name, result) in results.sorted(by: { $0.key < $1.key }) {
                    print("\(tier) \(name): \(result.hits)/30, median \(ms(percentile(result.times, 0.5))) ms CPU")
                }
            }
        }
    ]
}
