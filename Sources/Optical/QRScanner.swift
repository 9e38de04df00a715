import Foundation

/// One rung of the scanner's ladder: an image zbar is run on. The ladder runs its rungs in order until one finds
/// a code or the frame's time budget is spent. Decoded text is never trusted because of the rung that produced
/// it: any rung may misread, and only UR parsing with its CRC-32 (BCR-2020-005) accepts a part.
public enum ScanRung: String, CaseIterable, Sendable, Codable {
    /// The whole frame as it is (what `zbarimg` does).
    case plain
    /// The busiest region of the frame (where a code probably is), cropped: a fraction of the pixels.
    case region
    /// The whole frame, 2x2 mean downscale: big modules, noise, JPEG blocks.
    case halved
    /// The region upscaled x2, bilinear: modules of 1.5-2.5 px.
    case doubled
    /// The region, integral-image adaptive threshold: uneven light, glare, low contrast.
    case thresholded
    /// The region, percentile contrast stretch: dim or washed-out captures.
    case stretched
    /// The region, unsharp mask: defocus and motion blur.
    case sharpened
    /// The region, 5x5 box blur then stretch: screen moiré.
    case blurred
    /// The region, inverted: light-on-dark codes.
    case inverted

    /// The image zbar is run on for this rung; `region` is the crop the region rungs work on.
    func image(frame: GrayImage, region: GrayImage) -> GrayImage {
        switch self {
        case .plain: return frame
        case .region: return region
        case .halved: return frame.halved()
        case .doubled: return region.doubled()
        case .thresholded:
            // A window of about a tenth of the region's short side spans a few modules at the sizes we expect.
            return region.adaptiveThresholded(radius: max(4, min(region.width, region.height) / 12))
        case .stretched: return region.stretched()
        case .sharpened: return region.sharpened()
        case .blurred: return region.boxBlurred(radius: 2).stretched()
        case .inverted: return region.inverted()
        }
    }

    /// Pixels zbar will see, and the transform's own cost in zbar-pixel equivalents (measured by the benchmark
    /// "scan-ladder"), so that a rung that would overrun the budget can be skipped before it starts.
    func estimatedWork(frame: GrayImage, region: GrayImage) -> Double {
        let framePixels = Double(frame.pixels.count), regionPixels = Double(region.pixels.count)
        switch self {
        case .plain: return framePixels
        case .region: return regionPixels
        case .halved: return framePixels * 0.4
        case .doubled: return regionPixels * 5
        case .thresholded: return regionPixels * 1.6
        case .stretched: return regionPixels * 1.2
        case .sharpened: return regionPixels * 1.5
        case .blurred: return regionPixels * 1.5
        case .inverted: return regionPixels * 1.1
        }
    }
}

/// What one scan of one frame found, and how.
public struct ScanResult: Sendable, Equatable {
    /// Texts of all QR codes found, without duplicates, in the order found.
    public var texts: [String]
    /// The rung that found them, or nil when nothing did.
    public var rung: ScanRung?
    /// Rungs run, in order (skipped ones are not listed).
    public var rungsTried: [ScanRung]
    /// Wall time spent on this frame, in seconds.
    public var seconds: Double
}

/// Finds QR codes in grayscale frames with zbar: the ladder's rungs in order until one finds something or the
/// per-frame time budget is spent. The first rung always runs; later ones run only if their estimated cost fits.
public struct QRScanner: Sendable {
    /// The rungs, in order.
    public var ladder: [ScanRung]
    /// Per-frame time budget in seconds.
    public var budget: Double

    /// For still images that may hold several codes (a printed sheet): the whole frame first, then the ladder.
    public static let defaultLadder: [ScanRung] = [.plain, .thresholded, .doubled, .region, .stretched, .sharpened,
        .halved, .blurred, .inverted]

    /// For camera frames that show one code at a time: the busiest region first (a few ms instead of ~20 ms for
    /// 1280x720), then the rest in the order measured on the simulator's training seeds (benchmark "scan-ladder").
    public static let cameraLadder: [ScanRung] = [.region, .thresholded, .doubled, .stretched, .sharpened, .plain,
        .halved, .blurred, .inverted]

    /// A scanner with `ladder` and a budget, by default 50 ms (a 20 frames/s camera keeps up).
    public init(ladder: [ScanRung] = QRScanner.defaultLadder, budget: Double = 0.050) {
        self.ladder = ladder
        self.budget = budget
    }

    /// One plain zbar pass over the whole frame and nothing else: the reference (`zbarimg`).
    public static let plain = QRScanner(ladder: [.plain], budget: 0)

    /// The scanner for camera frames (the animated receiver and `heliograph scan`).
    public static let camera = QRScanner(ladder: QRScanner.cameraLadder)

    /// Texts of all QR codes in `image`, with the default ladder and budget.
    public static func scan(_ image: GrayImage) -> [String] {
        QRScanner().read(image).texts
    }

    /// Scans `image` through the ladder.
    public func read(_ image: GrayImage) -> ScanResult {
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        var result = ScanResult(texts: [], rung: nil, rungsTried: [], seconds: 0)
        guard image.width > 0, image.height > 0 else { return result }
        var region: GrayImage?
        // Seconds per unit of estimated work, learned from the first rung of this very frame.
        var secondsPerWork: Double?
        for rung in ladder {
            if region == nil, rung != .plain, rung != .halved {
                if let box = image.busiestRegion() {
                    region = image.cropped(x: box.x, y: box.y, width: box.width, height: box.height)
                } else {
                    region = image
                }
            }
            let working = region ?? image
            let work = rung.estimatedWork(frame: image, region: working)
            if let secondsPerWork, !result.rungsTried.isEmpty, elapsed() + work * secondsPerWork > budget { continue }
            if rung == .region, working.pixels.count == image.pixels.count, result.rungsTried.contains(.plain) {
                continue
            }
            let rungStart = elapsed()
            result.rungsTried.append(rung)
            let texts = Self.unique(ZBarPass.texts(in: rung.image(frame: image, region: working)))
            // The slowest rate seen so far, so that a preempted or cache-cold rung makes the estimate cautious.
            secondsPerWork = max(secondsPerWork ?? 0, (elapsed() - rungStart) / max(work, 1))
            if !texts.isEmpty {
                result.texts = texts
                result.rung = rung
                break
            }
        }
        result.seconds = elapsed()
        return result
    }

    private static func unique(_ texts: [String]) -> [String] {
        var seen = Set<String>()
        return texts.filter { seen.insert($0).inserted }
    }
}

extension QRScanner {
    /// One zbar pass at a given scan density, for the benchmarks' experiments.
    public static func experimentalPass(_ image: GrayImage, density: Int32) -> [String] {
        ZBarPass.texts(in: image, density: density)
    }
}
