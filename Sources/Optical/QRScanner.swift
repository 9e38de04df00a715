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
    /// The whole frame through zxing-cpp instead of zbar: corrects perspective, locates codes it cannot read.
    case zxing
    /// The region through zxing-cpp.
    case zxingRegion
    /// The region upscaled x2 through zxing-cpp: small modules.
    case zxingDoubled
    /// The whole frame through zbar scanning every other row and column: half a plain pass, for the codes of a
    /// page of several that zxing-cpp missed (modules of 3 px and more).
    case sparse
    /// The whole frame sharpened (unsharp mask over 5x5) through zxing-cpp binarizing with one global threshold:
    /// a photo of a printed page, small modules softened by the lens, lit evenly enough for one threshold.
    case zxingSharpened
    /// Heliograph's own finder-pattern search over the whole frame (FinderPatterns.swift): three finder patterns at
    /// the corners of a near-square are a code, read or not. Codes no decoder located go to the upright rung and
    /// into the count of codes seen but not read (zxing-cpp 1.4 drops the codes it cannot decode).
    case located
    /// Each code located but not read so far, resampled upright through its corners (a homography) at a few
    /// pixels per module, then zbar and zxing-cpp on that: codes seen at an angle, which zbar does not correct.
    case upright
    /// A page's codes sit on a grid (rows and columns of codes of one size): from the codes found so far (or a
    /// single code small in the frame), the cells of that grid holding none are predicted, cropped with a margin
    /// and read by zxing-cpp; cells inked like the codes read then get the crop doubled, zbar, and the crop
    /// resampled upright through the predicted corners. A few small crops instead of another whole-page pass.
    case gridCells

    /// Which library reads this rung's image.
    public var decoder: ScanDecoder {
        switch self {
        case .zxing, .zxingRegion, .zxingDoubled, .zxingSharpened: return .zxing
        case .upright, .gridCells: return .both
        case .located: return .finder
        default: return .zbar
        }
    }

    /// Whether the rung works on the busiest region (cropped once per frame, on first need).
    var needsRegion: Bool {
        switch self {
        case .plain, .halved, .zxing, .upright, .sparse, .located, .zxingSharpened, .gridCells: return false
        default: return true
        }
    }

    /// Where a point of this rung's image lies in the frame: the region's offset and the rung's scale.
    func toFrame(region: (x: Int, y: Int)) -> (x: Double, y: Double, scale: Double) {
        switch self {
        case .plain, .zxing, .upright, .sparse, .located, .zxingSharpened, .gridCells: return (0, 0, 1)
        case .halved: return (0, 0, 0.5)
        case .doubled, .doubledThresholded, .doubledLocal, .doubledSharpened, .zxingDoubled:
            return (Double(region.x), Double(region.y), 2)
        default: return (Double(region.x), Double(region.y), 1)
        }
    }

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
        case .zxing, .upright, .sparse, .located, .gridCells: return frame
        case .zxingSharpened: return frame.sharpened(amount: 1, radius: 2)
        case .zxingRegion: return region
        case .zxingDoubled: return region.doubled()
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
        case .zxing: return framePixels * 0.6
        case .sparse: return framePixels * 0.5
        case .zxingRegion: return regionPixels * 0.6
        case .zxingDoubled: return regionPixels * 4
        case .upright, .gridCells: return 250_000
        case .located: return framePixels * 0.8
        case .zxingSharpened: return framePixels * 1.6
        }
    }
}

/// The library a rung runs.
public enum ScanDecoder: String, Sendable, Codable {
    /// zbar: fast scan lines, tolerant of blur; no perspective correction.
    case zbar
    /// zxing-cpp (Debian's 1.4): finder-pattern detection with a homography; locates codes it cannot read.
    case zxing
    /// Both, one after the other.
    case both
    /// Heliograph's finder-pattern search: locates codes, reads none.
    case finder
}

/// What one scan of one frame found, and how.
public struct ScanResult: Sendable, Equatable {
    /// Texts of all QR codes found, without duplicates, in the order found.
    public var texts: [String]
    /// The rung that found them, or nil when nothing did.
    public var rung: ScanRung?
    /// The rung that read each text, in the order of `texts`.
    public var readBy: [ScanRung] = []
    /// Rungs run, in order (skipped ones are not listed).
    public var rungsTried: [ScanRung]
    /// Wall time spent on this frame, in seconds.
    public var seconds: Double
    /// CPU time of the scanning thread spent on this frame, in seconds.
    public var cpuSeconds: Double = 0
    /// QR codes located in the frame that no rung could read (zxing-cpp reports codes it finds but cannot
    /// decode): a photo with unread codes should be taken again, closer.
    public var unreadCodes: Int = 0

    /// Codes seen in the frame, read or not.
    public var codesFound: Int { texts.count + unreadCodes }

    /// "found 9 codes, read 6: photograph the rest closer", or nil when every code seen was read.
    public var unreadNote: String? {
        unreadCodes > 0 ? Self.unreadNote(found: codesFound, read: texts.count) : nil
    }

    /// "found 9 QR codes, read 6: photograph the rest closer".
    public static func unreadNote(found: Int, read: Int) -> String {
        "found \(found) QR code\(found == 1 ? "" : "s"), read \(read): "
            + (read == 0 ? "photograph them closer, straight on and in even light" : "photograph the rest closer")
    }
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
    /// Whether the caller gets the frame's result by `wallLimit` (plus `ScanWatch.grace`) whatever happens to the
    /// scanning thread (`read`): the camera scanner and the commands' scanners; off for a scanner whose first rung
    /// must always finish (the plain reference, a zero budget).
    public var stopsAtWallLimit = false
    /// The rungs that run, if they have not yet, once a rung has read a code, so that every code in the frame is
    /// found: whole-frame passes and the upright resampling of codes located but not read. Empty: the scan stops at
    /// the first rung that reads anything (the zbar-only pipeline before zxing-cpp came, kept for comparison).
    public var completion: [ScanRung]
    /// The completion rungs that run only when the frame shows two codes or more (a photo of a page): a single
    /// code on a screen does not pay for them.
    public var pageRungs: Set<ScanRung>

    /// For still images that may hold several codes (a printed sheet): both decoders over the whole frame first,
    /// then the finder-pattern search and the upright resampling of codes located but not read, then the rest of
    /// the ladder.
    public static let defaultLadder: [ScanRung] = [.zxing, .plain, .located, .upright, .thresholded, .zxingDoubled,
        .doubled, .doubledThresholded, .region, .stretched, .sharpened, .halved, .blurred, .inverted]

    /// For camera frames: zxing-cpp over the whole frame first (about 3 ms at 1280x720, as cheap as zbar on the
    /// busiest region, and it corrects perspective), then the rest in the order of captures rescued per ms on the
    /// simulator's training seeds (benchmark "scan-ladder", docs/PERFORMANCE.md): zbar on the region, zxing-cpp on
    /// the region doubled (small modules: the most rescues on the hard tier, 19 of 57 at 3 ms), threshold, the
    /// doubled zbar rungs. The whole frame through zbar comes late (~25 ms); the finder-pattern search (8 ms, no
    /// rescue of a single code) and the upright resampling come last, for a photo of a page read by no other rung
    /// ("found 6 codes, read 0"), when the budget is not spent.
    public static let cameraLadder: [ScanRung] = [.zxing, .region, .zxingDoubled, .thresholded, .doubledThresholded,
        .doubledLocal, .doubledSharpened, .doubled, .stretched, .sharpened, .halved, .inverted, .blurred, .plain,
        .located, .upright]

    /// After a camera frame's first code: zxing-cpp over the whole frame if it has not run; the cells of a page's
    /// grid around the codes found (also around a single code small in the frame, which may be a page's first);
    /// and, when the frame shows two codes or more (a photo of a page; `cameraPageRungs`), zxing-cpp on the
    /// sharpened frame, the finder-pattern search for codes no decoder located (to count them, and to resample them
    /// upright) and zbar over the whole frame every other line.
    public static let cameraCompletion: [ScanRung] = [.zxing, .gridCells, .zxingSharpened, .located, .upright, .sparse]

    /// The camera completion rungs that wait for a second code (the grid cells: for a second code or a single
    /// small one): one code on a screen does not pay for them.
    public static let cameraPageRungs: Set<ScanRung> = [.gridCells, .located, .zxingSharpened, .sparse]

    /// A scanner with `ladder`, a CPU budget (by default 40 ms) and a wall ceiling (by default 5 ms above the
    /// budget), so that a frame stays under 60 ms even on a loaded machine, where waking the waiting caller can take
    /// several more milliseconds (`stopsAtWallLimit`): a camera at 16-20 frames/s keeps up.
    public init(
        ladder: [ScanRung] = QRScanner.defaultLadder, budget: Double = 0.040, wallLimit: Double? = nil,
        completion: [ScanRung] = [.zxing, .gridCells, .plain, .zxingSharpened, .located, .upright],
        pageRungs: Set<ScanRung> = [.gridCells, .zxingSharpened, .sparse]
    ) {
        self.pageRungs = pageRungs
        self.ladder = ladder
        self.budget = budget
        self.wallLimit = wallLimit ?? budget + 0.005
        self.completion = completion
    }

    /// One plain zbar pass over the whole frame and nothing else: the reference (`zbarimg`).
    public static let plain = QRScanner(ladder: [.plain], budget: 0, completion: [])

    /// The scanner for camera frames (the animated receiver and `heliograph scan`): it returns by its wall ceiling.
    public static let camera: QRScanner = {
        var scanner = QRScanner(
            ladder: QRScanner.cameraLadder, completion: QRScanner.cameraCompletion,
            pageRungs: QRScanner.cameraPageRungs)
        scanner.stopsAtWallLimit = true
        return scanner
    }()

    /// The camera ladder as it was with zbar alone, stopping at the first code: what the benchmarks compare with.
    public static let zbarOnlyCameraLadder: [ScanRung] = [.region, .thresholded, .doubledThresholded, .doubledLocal,
        .doubled, .stretched, .sharpened, .doubledSharpened, .halved, .inverted, .blurred, .plain]

    /// The zbar-only camera scanner, for comparison.
    public static let zbarOnlyCamera = QRScanner(ladder: zbarOnlyCameraLadder, completion: [])

    /// Texts of all QR codes in `image`, with the default ladder and budget.
    public static func scan(_ image: GrayImage) -> [String] {
        QRScanner().read(image).texts
    }

    /// Scans `image` through the ladder. Once a rung reads a code, the scan makes sure the whole frame had its
    /// pass (zxing-cpp over the frame, if no rung so far covered it) and that codes located but not read got
    /// their upright resampling, then stops: a frame's result holds every code in it that the budget allowed.
    ///
    /// When it `stopsAtWallLimit` the ladder runs on a worker thread and this call returns by the ceiling plus
    /// `ScanWatch.grace` whatever happens to that thread: on a machine loaded past its cores a rung in flight can
    /// be preempted far longer than any estimate allows, and a camera loop must not stall on it. The result is then
    /// what the rungs finished so far; the worker sees the frame is over before its next step and stops.
    public func read(_ image: GrayImage) -> ScanResult {
        guard stopsAtWallLimit, wallLimit.isFinite, budget.isFinite else { return scan(image, watch: nil) }
        let watch = ScanWatch()
        let scanner = self
        Thread.detachNewThread {
            watch.finish(scanner.scan(image, watch: watch))
        }
        return watch.wait(until: wallLimit + ScanWatch.grace)
    }

    /// The ladder on this thread; `watch` (when given) sees each rung's result and can end the frame early.
    func scan(_ image: GrayImage, watch: ScanWatch?) -> ScanResult {
        let clock = FrameClock()
        var result = ScanResult(texts: [], rung: nil, rungsTried: [], seconds: 0)
        guard image.width > 0, image.height > 0 else { return result }
        var region: GrayImage?
        var regionOrigin = (x: 0, y: 0)
        var found: [LocatedCode] = []
        var uprighted = 0
        // The grid cells already looked at (their centres), so that a later round does not look again; and the ink
        // of the codes read, taken once a frame.
        var triedCells: [(x: Double, y: Double)] = []
        var pageInk: Double?
        // CPU seconds per unit of estimated work, learned from the rungs already run on this very frame.
        var secondsPerWork: Double?
        // Whether `work` more units fit both clocks, with a quarter to spare on CPU time and half on wall time
        // (a thread sharing a loaded core is preempted in bursts): a step that would end just inside the limit is
        // not worth the risk of overrunning it.
        func fits(_ work: Double) -> Bool {
            if watch?.isOver == true { return false }
            guard let secondsPerWork else { return true }
            let cpu = work * secondsPerWork
            return clock.cpu() + 1.25 * cpu <= budget && clock.wall() + 1.5 * cpu * clock.slowdown() <= wallLimit
        }
        // Runs one rung; false when it was skipped for time or had nothing to do.
        func run(_ rung: ScanRung) -> Bool {
            let first = result.rungsTried.isEmpty
            if region == nil, rung.needsRegion {
                if !first, !fits(Double(image.pixels.count) * 0.1) { return false }
                if let box = image.busiestRegion() {
                    region = image.cropped(x: box.x, y: box.y, width: box.width, height: box.height)
                    regionOrigin = (box.x, box.y)
                } else {
                    region = image
                }
            }
            let working = region ?? image
            // With no busier region the region is the frame: plain and region are then the same pass.
            let same: ScanRung? = rung == .region ? .plain : rung == .plain ? .region : nil
            if let same, working.pixels.count == image.pixels.count, result.rungsTried.contains(same) { return false }
            let rungStart = clock.cpu()
            var located: [LocatedCode] = []
            var work: Double
            if rung == .gridCells {
                let cells = Self.gridCells(found, tried: triedCells, width: image.width, height: image.height)
                guard !cells.isEmpty else { return false }
                work = 0
                // Every cell's cheap look first (zxing-cpp on its crop, under a millisecond): it reads nearly
                // every code a cell holds, and most guessed cells hold none.
                var unread: [(corners: [(x: Double, y: Double)], box: (x: Int, y: Int, width: Int, height: Int),
                    crop: GrayImage, ink: Double)] = []
                let ink = pageInk ?? Self.medianInk(of: found, in: image)
                pageInk = ink
                let attested = found.filter { $0.text != nil }.count >= 2
                for corners in cells {
                    let box = Self.box(around: corners, margin: 0.2, width: image.width, height: image.height)
                    guard box.width >= 21, box.height >= 21 else { continue }
                    let pixels = Double(box.width * box.height)
                    if !first || work > 0, !fits(pixels * 0.8) { break }
                    triedCells.append(LocatedCode(corners: corners, text: nil).center)
                    // The crop and its ink cost about a fifth of a decoder's pass.
                    work += pixels * 0.2
                    let crop = image.cropped(x: box.x, y: box.y, width: box.width, height: box.height)
                    let cellInk = crop.meanDeviation()
                    // Around a single code (a camera frame, most often) a guessed cell must look inked first.
                    if !attested, cellInk < 0.6 * ink { continue }
                    work += pixels * 0.6
                    if result.rungsTried.last != .gridCells { result.rungsTried.append(.gridCells) }
                    let codes = ZXingPass.codes(in: crop).filter { $0.text != nil }
                    if codes.isEmpty { unread.append((corners, box, crop, cellInk)) }
                    located += Self.shifted(codes, by: box)
                }
                // Then the costlier looks, only at cells holding about as much ink as the codes read. Around a single
                // code too: a page photographed in poor light may give the first passes one code, and its
                // neighbours need these looks as much (the budget bounds them, and a screen's one code has no inked
                // neighbours most often).
                for cell in unread where cell.ink >= 0.75 * ink {
                    let pixels = Double(cell.box.width * cell.box.height)
                    var codes: [LocatedCode] = []
                    if fits(pixels * 4) {
                        // Small modules: the crop doubled, as zxingDoubled does for the region.
                        work += pixels * 4
                        codes = ZXingPass.codes(in: cell.crop.doubled()).filter { $0.text != nil }.map { code in
                            var code = code
                            code.corners = code.corners.map { (x: $0.x / 2, y: $0.y / 2) }
                            return code
                        }
                    }
                    if codes.isEmpty, fits(pixels) {
                        work += pixels
                        codes = ZBarPass.codes(in: cell.crop).filter { $0.text != nil }
                    }
                    if codes.isEmpty {
                        // The crop resampled upright through the predicted corners, pushed out by a module or two.
                        let grown = Self.grown(cell.corners, by: 0.06)
                        let side = Self.uprightSide(LocatedCode(corners: grown, text: nil))
                        let cost = Double(side * side) * 2.5
                        if fits(cost) {
                            work += cost
                            if let text = Self.readUpright(image, corners: grown, side: side) {
                                located.append(LocatedCode(corners: cell.corners, text: text))
                            }
                            continue
                        }
                    }
                    located += Self.shifted(codes, by: cell.box)
                }
                guard work > 0 else { return false }
            } else if rung == .upright {
                let pending = found.enumerated().filter { $0.element.text == nil && $0.offset >= uprighted }
                uprighted = found.count
                guard !pending.isEmpty else { return false }
                work = 0
                for (_, code) in pending {
                    let side = Self.uprightSide(code)
                    let cost = Double(side * side) * 2.5
                    if !first || work > 0, !fits(cost) { break }
                    work += cost
                    if result.rungsTried.last != .upright { result.rungsTried.append(.upright) }
                    if let text = Self.readUpright(image, corners: code.corners, side: side) {
                        located.append(LocatedCode(corners: code.corners, text: text))
                    }
                }
                guard work > 0 else { return false }
            } else {
                work = rung.estimatedWork(frame: image, region: working)
                if !first, !fits(work) { return false }
                let input = rung.image(frame: image, region: working)
                // The transform is done; a decoder costs about one unit per pixel it sees.
                if !first, !fits(Double(input.pixels.count) * (rung.decoder == .zxing ? 0.6 : 1)) { return false }
                result.rungsTried.append(rung)
                let raw: [LocatedCode]
                switch rung.decoder {
                case .zxing: raw = ZXingPass.codes(in: input, globalThreshold: rung == .zxingSharpened)
                case .finder:
                    raw = input.locatedCodes().map { LocatedCode(corners: $0, text: nil) }
                default: raw = ZBarPass.codes(in: input, density: rung == .sparse ? 2 : 1)
                }
                let map = rung.toFrame(region: regionOrigin)
                located = raw.map { code in
                    var code = code
                    code.corners = code.corners.map { (x: $0.x / map.scale + map.x, y: $0.y / map.scale + map.y) }
                    return code
                }
            }
            // The slowest rate seen so far, so that a cache-cold rung makes the estimate cautious.
            secondsPerWork = max(secondsPerWork ?? 0, (clock.cpu() - rungStart) / max(work, 1))
            let before = result.texts.count
            Self.merge(located, into: &found)
            for text in found.compactMap(\.text) where !result.texts.contains(text) {
                result.texts.append(text)
                result.readBy.append(rung)
            }
            if result.texts.count > before, result.rung == nil { result.rung = rung }
            return true
        }
        // What the caller gets if the frame's wall time ends while the next step runs.
        func publish() {
            guard let watch else { return }
            var snapshot = result
            snapshot.unreadCodes = found.filter { $0.text == nil }.count
            snapshot.cpuSeconds = clock.cpu()
            watch.publish(snapshot)
        }
        for rung in ladder {
            if watch?.isOver == true { break }
            _ = run(rung)
            publish()
            if !result.texts.isEmpty { break }
        }
        if !result.texts.isEmpty {
            for rung in completion where rung == .upright || !result.rungsTried.contains(rung) {
                if rung == .upright, !found.contains(where: { $0.text == nil }) { continue }
                // A page of several codes (two or more seen) gets the second decoder's look at the whole frame. The
                // grid cells also look around a single code small in the frame (`gridCells`): the first code read
                // from a page may be its only one read so far.
                if pageRungs.contains(rung), found.count < (rung == .gridCells ? 1 : 2) { continue }
                // Each round of grid cells gives the next more lines: from one code its neighbours, then theirs.
                for _ in 0..<(rung == .gridCells ? 3 : 1) {
                    if watch?.isOver == true { break }
                    let before = result.texts.count
                    _ = run(rung)
                    publish()
                    if result.texts.count == before { break }
                }
            }
        }
        result.unreadCodes = found.filter { $0.text == nil }.count
        result.seconds = clock.wall()
        result.cpuSeconds = clock.cpu()
        return result
    }

    /// The cells of a page's grid that hold no code found yet, as predicted corners (each the corners of the found
    /// code nearest to the cell, moved there). Codes on a sheet are equal squares in rows and columns: the found
    /// codes' centres, in the page's own directions (its turn read from the codes' edges), give the rows and
    /// columns (one column or row each within half a code's side). Each direction's pitch is its smallest step
    /// between two lines, or the other direction's when it has none (a sheet spaces its rows and columns about
    /// alike), halved while a code would fit between; with one row and one column, a
    /// sheet's usual spacing (a fifth of a side between codes). Lines missing between found ones are filled in at
    /// that pitch, one line is guessed beyond each end, and every crossing where a whole code fits in the frame and
    /// no code found or cell `tried` lies within half a side is a cell, the crossings of found and filled lines
    /// first. A single code counts only when it is small in the frame (`singleCodeShare`): a code filling a screen
    /// has no neighbours. Corners that are not finite are left out. At most 16 cells.
    static func gridCells(_ found: [LocatedCode], tried: [(x: Double, y: Double)] = [], width: Int, height: Int)
        -> [[(x: Double, y: Double)]]
    {
        let codes = found.filter { code in
            code.corners.count == 4 && code.corners.allSatisfy { $0.x.isFinite && $0.y.isFinite }
                && code.longestSide > 20 && code.longestSide.isFinite
        }
        guard !codes.isEmpty else { return [] }
        let sides = codes.map(\.longestSide).sorted()
        let side = sides[sides.count / 2]
        guard sides.allSatisfy({ $0 > 0.7 * side && $0 < 1.4 * side }) else { return [] }
        if codes.count == 1, side > singleCodeShare * Double(min(width, height)) { return [] }
        // Groups coordinates lying within half a side of each other; returns each group's mean.
        func lines(_ values: [Double]) -> [Double] {
            var groups: [[Double]] = []
            for value in values.sorted() {
                if let last = groups.last?.last, value - last < 0.5 * side {
                    groups[groups.count - 1].append(value)
                } else {
                    groups.append([value])
                }
            }
            return groups.map { $0.reduce(0, +) / Double($0.count) }
        }
        // The page's turn, from the codes' edges (each edge's angle taken modulo a quarter turn, averaged on the
        // circle): rows and columns are grouped and filled in along the page, not the frame, so that a page
        // turned by ten degrees keeps its lines.
        var sine = 0.0, cosine = 0.0
        for code in codes {
            let a = code.corners[0], b = code.corners[1]
            let angle = 4 * atan2(b.y - a.y, b.x - a.x)
            sine += sin(angle)
            cosine += cos(angle)
        }
        let turn = atan2(sine, cosine) / 4
        let (c, s) = (cos(turn), sin(turn))
        // Page coordinates: the frame turned back by the page's turn, and forth again.
        let centers = codes.map { code in
            let p = code.center
            return (x: p.x * c + p.y * s, y: -p.x * s + p.y * c)
        }
        func frame(_ x: Double, _ y: Double) -> (x: Double, y: Double) { (x * c - y * s, x * s + y * c) }
        let columnLines = lines(centers.map(\.x)), rowLines = lines(centers.map(\.y))
        func step(_ lines: [Double]) -> Double? { zip(lines, lines.dropFirst()).map { $1 - $0 }.filter { $0 > side }.min() }
        // Each direction's pitch: its own smallest step, or the other direction's when it has none; halved while a
        // code would fit between (two lines found two pitches apart, a code missing between them).
        func pitch(_ own: Double?, _ other: Double?) -> Double {
            var pitch = own ?? other ?? 1.2 * side
            while pitch > 2 * side { pitch /= 2 }
            return pitch
        }
        let columnStep = step(columnLines), rowStep = step(rowLines)
        // Lines missing between two found ones (one pitch apart each), and one pitch beyond each outermost one:
        // the latter are guesses, tried last.
        func completed(_ lines: [Double], pitch: Double) -> (inner: [Double], outer: [Double]) {
            var inner: [Double] = []
            for (a, b) in zip(lines, lines.dropFirst()) {
                inner.append(a)
                let gaps = Int(((b - a) / pitch).rounded())
                if gaps >= 2, gaps <= 3 {
                    for k in 1..<gaps { inner.append(a + Double(k) * (b - a) / Double(gaps)) }
                }
            }
            if let last = lines.last { inner.append(last) }
            return (inner, [lines.first.map { $0 - pitch }, lines.last.map { $0 + pitch }].compactMap { $0 })
        }
        let columns = completed(columnLines, pitch: pitch(columnStep, rowStep))
        let rows = completed(rowLines, pitch: pitch(rowStep, columnStep))
        var crossings: [(x: Double, y: Double)] = []
        for y in rows.inner { for x in columns.inner { crossings.append(frame(x, y)) } }
        for y in rows.inner + rows.outer {
            for x in columns.inner + columns.outer where columns.outer.contains(x) || rows.outer.contains(y) {
                crossings.append(frame(x, y))
            }
        }
        var cells: [[(x: Double, y: Double)]] = []
        // A cell counts where a whole code would fit in the frame and no code found lies within half a side.
        let half = 0.5 * side
        for (x, y) in crossings where cells.count < 16 {
            guard x >= half, y >= half, x + half <= Double(width), y + half <= Double(height) else { continue }
            let taken = found.map(\.center) + tried
            guard !taken.contains(where: { (x - $0.x) * (x - $0.x) + (y - $0.y) * (y - $0.y) < 0.25 * side * side })
            else { continue }
            // The nearest code keeps the perspective most alike.
            guard
                let nearest = codes.min(by: {
                    let a = $0.center, b = $1.center
                    return (a.x - x) * (a.x - x) + (a.y - y) * (a.y - y) < (b.x - x) * (b.x - x) + (b.y - y) * (b.y - y)
                })
            else { continue }
            let c = nearest.center
            cells.append(nearest.corners.map { (x: $0.x - c.x + x, y: $0.y - c.y + y) })
        }
        return cells
    }

    /// `codes` read in a crop at `box`, with their corners moved back into the frame's pixels.
    static func shifted(_ codes: [LocatedCode], by box: (x: Int, y: Int, width: Int, height: Int)) -> [LocatedCode] {
        codes.map { code in
            var code = code
            code.corners = code.corners.map { (x: $0.x + Double(box.x), y: $0.y + Double(box.y)) }
            return code
        }
    }

    /// The median ink (`GrayImage.meanDeviation`) of the first four read codes' crops, each taken as a grid cell
    /// is: what a cell holding a code of this page looks like.
    static func medianInk(of found: [LocatedCode], in image: GrayImage) -> Double {
        let read = found.filter { code in
            code.text != nil && code.corners.count == 4 && code.corners.allSatisfy { $0.x.isFinite && $0.y.isFinite }
        }
        let inks = read.prefix(4).map { code in
            let box = box(around: code.corners, margin: 0.2, width: image.width, height: image.height)
            return image.cropped(x: box.x, y: box.y, width: box.width, height: box.height).meanDeviation()
        }.sorted()
        return inks.isEmpty ? 0 : inks[inks.count / 2]
    }

    /// A single code up to this share of the frame's shorter side may be one of a page's (a sheet photographed
    /// whole shows codes of a sixth of its height), so the grid cells look around it; a larger one fills a screen.
    static let singleCodeShare = 0.2

    /// The corners moved out from their centre by `fraction` of their longest side.
    static func grown(_ corners: [(x: Double, y: Double)], by fraction: Double) -> [(x: Double, y: Double)] {
        let code = LocatedCode(corners: corners, text: nil)
        let c = code.center
        let scale = 1 + 2 * fraction
        return corners.map { (x: c.x + ($0.x - c.x) * scale, y: c.y + ($0.y - c.y) * scale) }
    }

    /// The pixel box around `corners`, grown by `margin` of the longest side each way and clipped to the frame.
    static func box(around corners: [(x: Double, y: Double)], margin: Double, width: Int, height: Int)
        -> (x: Int, y: Int, width: Int, height: Int)
    {
        let side = LocatedCode(corners: corners, text: nil).longestSide
        let left = max(0, Int((corners.map(\.x).min() ?? 0) - margin * side))
        let top = max(0, Int((corners.map(\.y).min() ?? 0) - margin * side))
        let right = min(width, Int((corners.map(\.x).max() ?? 0) + margin * side) + 1)
        let bottom = min(height, Int((corners.map(\.y).max() ?? 0) + margin * side) + 1)
        return (left, top, max(0, right - left), max(0, bottom - top))
    }

    /// The text of the code whose corners are `corners`, resampled upright into a `side`-pixel square (a homography)
    /// and read by zbar, then zxing-cpp; nil when neither reads it.
    static func readUpright(_ image: GrayImage, corners: [(x: Double, y: Double)], side: Int) -> String? {
        guard let upright = image.upright(corners: corners, side: side) else { return nil }
        return ZBarPass.codes(in: upright).compactMap(\.text).first
            ?? ZXingPass.codes(in: upright).compactMap(\.text).first
    }

    /// The side of the upright square for `code`: about four pixels per module for the largest QR versions,
    /// never smaller than the code appears in the frame.
    static func uprightSide(_ code: LocatedCode) -> Int {
        Int(min(720, max(240, code.longestSide * 1.5)))
    }

    /// Adds `codes` to `found`: a code whose centre lies inside one already found (about the same place) is the
    /// same code, and its text replaces an unread one's; anything else is a new code. Unread codes whose text
    /// is already known elsewhere are dropped.
    static func merge(_ codes: [LocatedCode], into found: inout [LocatedCode]) {
        for code in codes {
            let center = code.center
            let same = found.firstIndex { other in
                let otherCenter = other.center
                let dx = otherCenter.x - center.x, dy = otherCenter.y - center.y
                let reach = 0.35 * max(other.longestSide, code.longestSide, 8)
                return dx * dx + dy * dy <= reach * reach
            }
            if let same {
                if found[same].text == nil, code.text != nil { found[same] = code }
            } else if code.text == nil || !found.contains(where: { $0.text == code.text }) {
                found.append(code)
            }
        }
    }
}

extension QRScanner {
    /// One zbar pass over `image` at a scan density (1 scans every row and column, 2 every other): the
    /// building block of the ladder, exposed for benchmarks that compare first passes.
    public static func singlePass(_ image: GrayImage, density: Int32) -> [String] {
        ZBarPass.texts(in: image, density: density)
    }
}

/// The meeting point of a frame's caller and the worker thread that scans it (`QRScanner.read`): the worker
/// publishes what each rung found; the caller waits until the worker is done or the frame's wall time is over, and
/// then marks it over, which the worker checks before every step.
final class ScanWatch: @unchecked Sendable {
    /// How long past the ceiling the caller waits for a worker that is about to finish: a thread handing its result
    /// over is not worth cutting off, and waking the caller takes a little time too.
    static let grace = 0.002

    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var latest = ScanResult(texts: [], rung: nil, rungsTried: [], seconds: 0)
    private var final: ScanResult?
    private var over = false
    private let start = DispatchTime.now().uptimeNanoseconds

    /// Whether the caller has stopped waiting.
    var isOver: Bool { lock.withLock { over } }

    func publish(_ result: ScanResult) { lock.withLock { latest = result } }

    func finish(_ result: ScanResult) {
        lock.withLock { final = result }
        done.signal()
    }

    /// The worker's result, or, once `seconds` of wall time have passed, what it had published by then.
    func wait(until seconds: Double) -> ScanResult {
        _ = done.wait(timeout: .now() + .nanoseconds(Int(seconds * 1e9)))
        return lock.withLock {
            over = true
            if let final { return final }
            var result = latest
            result.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return result
        }
    }
}
