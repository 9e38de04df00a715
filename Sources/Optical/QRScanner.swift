import Foundation

/// One rung of the scanner's preprocessing ladder: a transform of the frame that zbar is run on again when the
/// plain pass found nothing. Decoded text is never trusted because of where it came from: a rung may produce a
/// misread as easily as the plain pass, and only UR parsing with its CRC-32 (BCR-2020-005) accepts a part.
public enum ScanRung: String, CaseIterable, Sendable, Codable {
    /// 2x2 mean downscale: big modules, noise, JPEG blocks.
    case halved
    /// Percentile contrast stretch: dim, washed-out or low-contrast captures.
    case stretched
    /// Integral-image adaptive threshold: uneven light and glare.
    case thresholded
    /// Unsharp mask: defocus and motion blur.
    case sharpened
    /// Crop to the busiest region and upscale x2: modules of 1.5-2 px.
    case doubledRegion
    /// 5x5 box blur, then contrast stretch: screen moiré.
    case blurred
    /// Light on dark codes.
    case inverted

    /// The transformed image zbar is run on.
    public func apply(to image: GrayImage) -> GrayImage {
        switch self {
        case .halved: return image.halved()
        case .stretched: return image.stretched()
        case .thresholded:
            // A window of about 1/30 of the short side covers a few modules at any of the module sizes we expect.
            return image.adaptiveThresholded(radius: max(4, min(image.width, image.height) / 30))
        case .sharpened: return image.sharpened()
        case .doubledRegion:
            guard let region = image.busiestRegion() else { return image.doubled() }
            return image.cropped(x: region.x, y: region.y, width: region.width, height: region.height).doubled()
        case .blurred: return image.boxBlurred(radius: 2).stretched()
        case .inverted: return image.inverted()
        }
    }

    /// Rough cost of this rung relative to one plain zbar pass over the same frame, from the scan benchmark;
    /// used to skip a rung that would overrun the frame's time budget.
    var relativeCost: Double {
        switch self {
        case .halved: return 0.4
        case .stretched: return 1.1
        case .thresholded: return 1.5
        case .sharpened: return 1.3
        case .doubledRegion: return 1.6
        case .blurred: return 1.3
        case .inverted: return 1.05
        }
    }
}

/// What one scan of one frame found, and how.
public struct ScanResult: Sendable, Equatable {
    /// Texts of all QR codes found, without duplicates, in the order found.
    public var texts: [String]
    /// The rung that found them, or nil when the plain pass did (or nothing did).
    public var rung: ScanRung?
    /// Rungs tried after the plain pass, in order.
    public var rungsTried: [ScanRung]
    /// Wall time spent on this frame.
    public var seconds: Double
}

/// Finds QR codes in grayscale frames with zbar: one plain pass, then, if nothing was found, a bounded ladder of
/// preprocessing rungs in order of measured usefulness, stopped by a per-frame time budget.
public struct QRScanner: Sendable {
    /// The rungs tried in order after an empty plain pass.
    public var ladder: [ScanRung]
    /// Per-frame time budget in seconds; a rung whose expected cost would overrun it is skipped.
    public var budget: Double

    /// The ladder order measured on the capture simulator's training seeds (see OpticalBenchmarks "scan").
    public static let defaultLadder: [ScanRung] = [
        .halved, .doubledRegion, .thresholded, .stretched, .sharpened, .blurred, .inverted,
    ]

    /// A scanner with the measured ladder and a 50 ms budget (a 20 frames/s camera keeps up).
    public init(ladder: [ScanRung] = QRScanner.defaultLadder, budget: Double = 0.050) {
        self.ladder = ladder
        self.budget = budget
    }

    /// A scanner that makes one plain zbar pass and nothing else (what `zbarimg` does).
    public static let plain = QRScanner(ladder: [], budget: 0)

    /// Texts of all QR codes in `image`, with the default ladder and budget.
    public static func scan(_ image: GrayImage) -> [String] {
        QRScanner().read(image).texts
    }

    /// Scans `image`: the plain pass, then the ladder until something is found or the budget is spent.
    public func read(_ image: GrayImage) -> ScanResult {
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        let plainTexts = Self.unique(ZBarPass.texts(in: image))
        let plainSeconds = elapsed()
        var result = ScanResult(texts: plainTexts, rung: nil, rungsTried: [], seconds: plainSeconds)
        guard plainTexts.isEmpty else { return result }
        for rung in ladder {
            let spent = elapsed()
            guard spent + plainSeconds * rung.relativeCost <= budget else { continue }
            result.rungsTried.append(rung)
            let texts = Self.unique(ZBarPass.texts(in: rung.apply(to: image)))
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
