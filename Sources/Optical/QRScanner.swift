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
    /// The region upscaled x2, then adaptive threshold: small modules under uneven light.
    case doubledThresholded
    /// The region upscaled x2, then adaptive threshold over a window of a few modules with almost no offset:
    /// small, blurred, low-contrast modules, where a wide window follows glare too slowly.
    case doubledLocal
    /// The region upscaled x2, then a strong wide unsharp mask: defocus of a few pixels on small modules.
    case doubledSharpened

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
        case .doubledThresholded:
            let doubled = region.doubled()
            return doubled.adaptiveThresholded(radius: max(8, min(doubled.width, doubled.height) / 12))
        // Radius, offset and amount chosen on the training seeds (benchmark "scan-probe"): a 17 px window is two
        // to four doubled modules of the 2-4 px the hard tier produces.
        case .doubledLocal: return region.doubled().adaptiveThresholded(radius: 8, offset: 1)
        case .doubledSharpened: return region.doubled().sharpened(amount: 4, radius: 6)
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
        case .doubledThresholded: return regionPixels * 7
        case .doubledLocal: return regionPixels * 7
        case .doubledSharpened: return regionPixels * 8.5
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
    /// CPU time of the scanning thread spent on this frame, in seconds.
    public var cpuSeconds: Double = 0
}

/// Finds QR codes in grayscale frames with zbar: the ladder's rungs in order until one finds something or the
/// frame's time is spent. The first rung always runs; later ones run only if their estimated cost fits.
///
/// Two clocks bound a frame. `budget` is CPU time of the scanning thread: the work the ladder may do, the same
/// whatever else the machine runs. `wallLimit` is wall time: a camera must keep up with its frames, and on a loaded
/// machine the thread gets only part of a core, so the ladder also stops when the wall clock, scaled by how much
/// slower than CPU time it has run on this frame, says the next step would not finish in time. On an idle machine
/// the CPU budget decides; on a loaded one the wall ceiling cuts the ladder short and fewer hard captures decode.
/// Both are checked before each rung and again before its zbar pass, so the only overrun left is a step preempted
/// for longer than its estimate's margin.
public struct QRScanner: Sendable {
    /// The rungs, in order.
    public var ladder: [ScanRung]
    /// Per-frame budget in seconds of the scanning thread's CPU time.
    public var budget: Double
    /// Per-frame ceiling in seconds of wall time.
    public var wallLimit: Double

    /// For still images that may hold several codes (a printed sheet): the whole frame first, then the ladder.
    public static let defaultLadder: [ScanRung] = [.plain, .thresholded, .doubled, .doubledThresholded, .region,
        .stretched, .sharpened, .halved, .blurred, .inverted]

    /// For camera frames that show one code at a time: the busiest region first (a few ms instead of ~20 ms for
    /// 1280x720), then the rest in the order of captures rescued per ms on the simulator's training seeds
    /// (benchmarks "scan-ladder" and "scan-probe"). The whole frame comes last: it costs ~20 ms and, on those seeds,
    /// finds nothing the region rungs miss; it is there for a region that picked clutter instead of the code.
    public static let cameraLadder: [ScanRung] = [.region, .thresholded, .doubledThresholded, .doubledLocal, .doubled,
        .stretched, .sharpened, .doubledSharpened, .halved, .inverted, .blurred, .plain]

    /// A scanner with `ladder`, a CPU budget (by default 40 ms) and a wall ceiling (by default 10 ms above the
    /// budget), so that a frame stays under 60 ms even when a step in flight is preempted: a camera at 16-20
    /// frames/s keeps up.
    public init(ladder: [ScanRung] = QRScanner.defaultLadder, budget: Double = 0.040, wallLimit: Double? = nil) {
        self.ladder = ladder
        self.budget = budget
        self.wallLimit = wallLimit ?? budget + 0.010
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
        let clock = FrameClock()
        var result = ScanResult(texts: [], rung: nil, rungsTried: [], seconds: 0)
        guard image.width > 0, image.height > 0 else { return result }
        var region: GrayImage?
        // CPU seconds per unit of estimated work, learned from the rungs already run on this very frame.
        var secondsPerWork: Double?
        // Whether `work` more units fit both clocks, with a quarter to spare on CPU time and half on wall time
        // (a thread sharing a loaded core is preempted in bursts): a step that would end just inside the limit is
        // not worth the risk of overrunning it.
        func fits(_ work: Double) -> Bool {
            guard let secondsPerWork else { return true }
            let cpu = work * secondsPerWork
            return clock.cpu() + 1.25 * cpu <= budget && clock.wall() + 1.5 * cpu * clock.slowdown() <= wallLimit
        }
        for rung in ladder {
            let first = result.rungsTried.isEmpty
            if region == nil, rung != .plain, rung != .halved {
                if !first, !fits(Double(image.pixels.count) * 0.1) { break }
                if let box = image.busiestRegion() {
                    region = image.cropped(x: box.x, y: box.y, width: box.width, height: box.height)
                } else {
                    region = image
                }
            }
            let working = region ?? image
            // With no busier region the region is the frame: plain and region are then the same pass.
            let same: ScanRung? = rung == .region ? .plain : rung == .plain ? .region : nil
            if let same, working.pixels.count == image.pixels.count, result.rungsTried.contains(same) { continue }
            let work = rung.estimatedWork(frame: image, region: working)
            if !first, !fits(work) { continue }
            let rungStart = clock.cpu()
            let input = rung.image(frame: image, region: working)
            // The transform is done; zbar costs about one unit per pixel it sees.
            if !first, !fits(Double(input.pixels.count)) { continue }
            result.rungsTried.append(rung)
            let texts = Self.unique(ZBarPass.texts(in: input))
            // The slowest rate seen so far, so that a cache-cold rung makes the estimate cautious.
            secondsPerWork = max(secondsPerWork ?? 0, (clock.cpu() - rungStart) / max(work, 1))
            if !texts.isEmpty {
                result.texts = texts
                result.rung = rung
                break
            }
        }
        result.seconds = clock.wall()
        result.cpuSeconds = clock.cpu()
        return result
    }

    private static func unique(_ texts: [String]) -> [String] {
        var seen = Set<String>()
        return texts.filter { seen.insert($0).inserted }
    }
}

extension QRScanner {
    /// One zbar pass over `image` at a scan density (1 scans every row and column, 2 every other): the
    /// building block of the ladder, exposed for benchmarks that compare first passes.
    public static func singlePass(_ image: GrayImage, density: Int32) -> [String] {
        ZBarPass.texts(in: image, density: density)
    }
}
