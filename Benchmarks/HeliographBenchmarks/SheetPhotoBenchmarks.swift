import Foundation
import Optical
import Sheets
import UniformResources

/// The tuning set for photos of printed sheets (issue 14): a signing sheet whose six codes are the six parts of one
/// 850-byte multipart UR, rendered to PDF, rasterized by pdftoppm (120 and 200 dpi, unlike the judging set's 150),
/// padded square and photographed by Heliograph's own CaptureSimulator on paper (easy tier, 1280×960 and 1600×1200),
/// 24 photos. The judging set (`scan-judge`, scripts/make-judging-set.py) comes from another
/// generator (OpenCV) and is not tuned on. Codes read of those shown and median / max CPU ms, with the camera
/// scanner's budget and without it.
var sheetPhotoBenchmarks: [Benchmark] {
    [
        Benchmark(
            name: "scan-sheets",
            summary: "tuning set of sheet photos (CaptureSimulator on rasterized sheet pages): codes read, CPU ms",
            run: runSheetPhotoBenchmarks)
    ]
}

private func runSheetPhotoBenchmarks() {
    do {
        try measureSheetPhotos()
    } catch {
        print("scan-sheets benchmark failed: \(error)")
    }
}

private func measureSheetPhotos() throws {
    let directory = NSTemporaryDirectory() + "heliograph-sheet-photos-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var payload = [UInt8](repeating: 0, count: 850)
    for index in payload.indices { payload[index] = UInt8(truncatingIfNeeded: index &* 131 &+ 7) }
    var encoder = try UREncoder(try UR(type: "bytes", cbor: [0x59, 0x03, 0x52] + payload), maxFragmentLength: 150)
    let parts = (0..<encoder.seqLen).map { _ in encoder.nextPart() }
    let sheet = SigningSheet(
        sessionID: "tune-1", summary: "Tuning set", messageDigest: [UInt8](repeating: 0xab, count: 32),
        groupKeyFingerprint: "able acid also apex aqua arch atom aunt", signers: ["Alice", "Carol"],
        signature: [UInt8](repeating: 0xcd, count: 64), signatureParts: parts)
    let pdf = directory + "/sheet.pdf"
    try SheetRenderer.render(sheet, paper: .a4, to: pdf)
    var photos: [(GrayImage, Int)] = []
    for resolution in [120, 200] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftoppm")
        process.arguments = ["-r", "\(resolution)", "-gray", "-png", pdf, directory + "/p\(resolution)"]
        try process.run()
        process.waitUntilExit()
        // The page that holds the codes (the signature's parts).
        let pages = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix("p\(resolution)") && $0.hasSuffix(".png") }.sorted()
            .map { try ImageDecoder.load(path: directory + "/" + $0) }
        let counted = pages.map { ($0, QRScanner(budget: .infinity).read($0).texts.count) }
        guard let (page, shown) = counted.max(by: { $0.1 < $1.1 }), shown > 1 else {
            throw OpticalError.unknownImageFormat
        }
        // Square, white around: the simulator maps a square onto the canvas.
        let side = max(page.width, page.height)
        var square = GrayImage(width: side, height: side, fill: 255)
        let left = (side - page.width) / 2, top = (side - page.height) / 2
        for y in 0..<page.height {
            for x in 0..<page.width { square[x + left, y + top] = page[x, y] }
        }
        for tier in [CaptureSimulator.Tier.easy] {
            for seed in UInt64(1)...12 {
                let size = seed % 2 == 0 ? (1600, 1200) : (1280, 960)
                var parameters = CaptureSimulator.parameters(
                    tier: tier, seed: seed * 101 + UInt64(resolution), canvasWidth: size.0, canvasHeight: size.1)
                parameters.surface = .paper
                parameters.moduleSize = 10
                parameters.moire = 0
                photos.append((CaptureSimulator.capture(square, parameters: parameters), shown))
            }
        }
    }
    print("| scanner | codes read | photos whole | median / max CPU ms | max wall ms |")
    print("|---|---:|---:|---|---:|")
    for (name, scanner) in [
        ("camera (40 ms budget)", QRScanner.camera),
        ("camera, no budget", QRScanner(
            ladder: QRScanner.cameraLadder, budget: .infinity, completion: QRScanner.cameraCompletion,
            pageRungs: QRScanner.cameraPageRungs)),
    ] {
        var read = 0, shown = 0, whole = 0
        var cpu: [Double] = [], wall: [Double] = []
        for (photo, codes) in photos {
            let result = scanner.read(photo)
            read += min(result.texts.count, codes)
            shown += codes
            if result.texts.count >= codes { whole += 1 }
            cpu.append(result.cpuSeconds * 1000)
            wall.append(result.seconds * 1000)
        }
        cpu.sort()
        print("| \(name) | \(read) / \(shown) | \(whole) / \(photos.count) | "
            + String(format: "%.1f / %.1f", cpu[cpu.count / 2], cpu.last ?? 0) + " | "
            + String(format: "%.1f", wall.max() ?? 0) + " |")
    }
}
