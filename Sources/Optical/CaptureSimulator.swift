import Foundation

/// A deterministic pseudo-random generator (SplitMix64), so that a capture is a pure function of its seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose whole output is determined by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Simulates a camera photographing a screen or a sheet of paper that shows a QR code: perspective, rotation,
/// module size, defocus and motion blur, noise, uneven light and glare, low contrast, screen moiré, background
/// clutter, partial occlusion and JPEG compression. Every capture is determined by its parameters, and the
/// parameters by a tier and a seed, so benchmark corpora are reproducible without storing images.
public struct CaptureSimulator: Sendable {
    /// How hard the capture conditions are.
    public enum Tier: String, CaseIterable, Sendable, Codable {
        /// From mild rotation, noise and JPEG 70-90 (easy), through defocus, motion blur, glare and JPEG 50-80
        /// (medium), to any rotation, heavier blur and glare, occlusion and JPEG 30-60 (hard).
        case easy, medium, hard
    }

    /// What the camera is pointed at.
    public enum Surface: String, Sendable, Codable {
        /// A display (with moiré from its pixel grid) or a printed sheet (without).
        case screen, paper
    }

    /// Everything that determines one capture.
    public struct Parameters: Sendable, Equatable, Codable {
        /// Size of the capture in pixels.
        public var canvasWidth = 1280
        /// Height of the capture in pixels.
        public var canvasHeight = 720
        /// Screen or paper.
        public var surface = Surface.screen
        /// Pixels per QR module on the canvas (before perspective).
        public var moduleSize = 4.0
        /// Rotation in radians.
        public var rotation = 0.0
        /// Each corner moves by up to this fraction of the code's side (perspective).
        public var tilt = 0.0
        /// Where the code's centre lies, as fractions of the canvas.
        public var centerX = 0.5
        /// Vertical position of the code's centre, as a fraction of the canvas.
        public var centerY = 0.5
        /// Defocus: box-blur radius in pixels (two passes, close to a Gaussian).
        public var defocus = 0
        /// Motion blur: length in pixels and direction in radians.
        public var motionLength = 0
        /// Direction of the motion blur in radians.
        public var motionAngle = 0.0
        /// Standard deviation of sensor noise, in gray levels.
        public var noise = 0.0
        /// Linear light gradient across the canvas (fraction of brightness lost from one side to the other).
        public var lightGradient = 0.0
        /// Direction in which the light falls off, in radians.
        public var lightAngle = 0.0
        /// Glare: peak added brightness (gray levels), radius in pixels, centre as canvas fractions.
        public var glare = 0.0
        /// Radius of the glare spot in pixels.
        public var glareRadius = 100.0
        /// Horizontal position of the glare spot, as a fraction of the canvas.
        public var glareX = 0.5
        /// Vertical position of the glare spot, as a fraction of the canvas.
        public var glareY = 0.5
        /// Darkest and brightest levels the code's modules reach (low contrast brings them together).
        public var inkLevel = 20.0
        /// Brightest level the light modules reach.
        public var whiteLevel = 235.0
        /// Screen moiré: depth of the screen's pixel grid and screen pixels per module.
        public var moire = 0.0
        /// Screen pixels per QR module (the period of the screen's pixel grid).
        public var screenPixelsPerModule = 3.0
        /// Background clutter: number of random shapes around the surface.
        public var clutter = 0
        /// An occluding blob (a finger) over this fraction of the code's side, at an edge; 0 for none.
        public var occlusion = 0.0
        /// JPEG quality 1-100, or nil for no compression.
        public var jpegQuality: Int? = nil
        /// Seed for the per-pixel randomness (noise, clutter) of this capture.
        public var noiseSeed: UInt64 = 0

        /// A clean, frontal, sharp capture of a screen: the starting point for hand-set parameters.
        public init() {}
    }

    /// Parameters drawn for `tier` from `seed`; the same tier and seed always give the same parameters.
    public static func parameters(tier: Tier, seed: UInt64, canvasWidth: Int = 1280, canvasHeight: Int = 720)
        -> Parameters
    {
        Parameters(tier: tier, seed: seed, canvasWidth: canvasWidth, canvasHeight: canvasHeight)
    }
}

extension CaptureSimulator.Parameters {
    /// Parameters drawn for `tier` from `seed`; the same tier and seed always give the same parameters.
    public init(tier: CaptureSimulator.Tier, seed: UInt64, canvasWidth: Int = 1280, canvasHeight: Int = 720) {
        var random = SeededGenerator(seed: seed &* 0x2545_F491_4F6C_DD1D ^ UInt64(tier.hashSeed))
        func uniform(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &random) }
        func chance(_ probability: Double) -> Bool { uniform(0...1) < probability }
        var p = CaptureSimulator.Parameters()
        p.canvasWidth = canvasWidth
        p.canvasHeight = canvasHeight
        p.surface = chance(0.5) ? .screen : .paper
        p.noiseSeed = random.next()
        p.centerX = uniform(0.35...0.65)
        p.centerY = uniform(0.4...0.6)
        p.lightAngle = uniform(0...(2 * .pi))
        p.glareX = uniform(0.2...0.8)
        p.glareY = uniform(0.2...0.8)
        p.motionAngle = uniform(0...(2 * .pi))
        switch tier {
        case .easy:
            p.moduleSize = uniform(3...6)
            p.rotation = uniform(-0.15...0.15)
            p.tilt = uniform(0...0.04)
            p.defocus = chance(0.3) ? 1 : 0
            p.noise = uniform(0...4)
            p.lightGradient = uniform(0...0.2)
            p.inkLevel = uniform(10...40)
            p.whiteLevel = uniform(200...245)
            p.moire = p.surface == .screen ? uniform(0...0.1) : 0
            p.clutter = Int(uniform(0...4))
            p.jpegQuality = Int(uniform(70...90))
        case .medium:
            p.moduleSize = uniform(2.2...5)
            p.rotation = uniform(-0.6...0.6)
            p.tilt = uniform(0.02...0.1)
            p.defocus = Int(uniform(0...2.5))
            p.motionLength = chance(0.4) ? Int(uniform(2...5)) : 0
            p.noise = uniform(3...8)
            p.lightGradient = uniform(0.1...0.4)
            p.glare = chance(0.4) ? uniform(30...90) : 0
            p.glareRadius = uniform(60...200)
            p.inkLevel = uniform(30...70)
            p.whiteLevel = uniform(150...230)
            p.moire = p.surface == .screen ? uniform(0.05...0.25) : 0
            p.clutter = Int(uniform(3...10))
            p.jpegQuality = Int(uniform(50...80))
        case .hard:
            p.moduleSize = uniform(1.8...4)
            p.rotation = uniform(-Double.pi...Double.pi)
            p.tilt = uniform(0.04...0.12)
            p.defocus = Int(uniform(0...2.5))
            p.motionLength = chance(0.5) ? Int(uniform(3...6)) : 0
            p.noise = uniform(5...12)
            p.lightGradient = uniform(0.3...0.6)
            p.glare = chance(0.6) ? uniform(60...140) : 0
            p.glareRadius = uniform(80...250)
            p.inkLevel = uniform(40...80)
            p.whiteLevel = uniform(130...210)
            p.moire = p.surface == .screen ? uniform(0.1...0.35) : 0
            p.clutter = Int(uniform(8...20))
            p.occlusion = chance(0.3) ? uniform(0.04...0.1) : 0
            p.jpegQuality = Int(uniform(30...60))
        }
        p.screenPixelsPerModule = uniform(2...4)
        self = p
    }
}

extension CaptureSimulator {
    /// A capture of `code` (a QR code rendered at one pixel per module, quiet zone included) under `parameters`.
    public static func capture(_ code: GrayImage, parameters: Parameters) -> GrayImage {
        capture(CodeSource(current: code), parameters: parameters)
    }

    /// A capture of a screen caught while refreshing from `previous` to `next`: rows of the code above
    /// `refreshLine` (0 top, 1 bottom) already show `next`, rows below still show `previous`, with a soft band.
    public static func captureBlend(
        from previous: GrayImage, to next: GrayImage, refreshLine: Double, parameters: Parameters
    ) -> GrayImage {
        capture(CodeSource(current: previous, next: next, refreshLine: refreshLine), parameters: parameters)
    }

    /// A code image at one pixel per module from a module matrix (true = dark), with a `quietZone`-module margin.
    public static func codeImage(modules: [[Bool]], quietZone: Int = 4) -> GrayImage {
        let side = modules.count + 2 * quietZone
        var image = GrayImage(width: side, height: side)
        for (y, row) in modules.enumerated() {
            for (x, dark) in row.enumerated() where dark && x < modules.count {
                image[x + quietZone, y + quietZone] = 0
            }
        }
        return image
    }

    struct CodeSource {
        var current: GrayImage
        var next: GrayImage?
        var refreshLine = 0.0

        /// Darkness 0 (light) ... 1 (dark) at code coordinates `u`, `v` in 0..<1.
        func darkness(_ u: Double, _ v: Double) -> Double {
            func sample(_ image: GrayImage) -> Double {
                let x = min(image.width - 1, max(0, Int(u * Double(image.width))))
                let y = min(image.height - 1, max(0, Int(v * Double(image.height))))
                return 1 - Double(image.pixels[y * image.width + x]) / 255
            }
            guard let next else { return sample(current) }
            // The band where the refresh is mid-way is about 5% of the code high.
            let weight = min(1, max(0, (refreshLine - v) / 0.05 + 0.5))
            return weight * sample(next) + (1 - weight) * sample(current)
        }
    }

    static func capture(_ source: CodeSource, parameters p: Parameters) -> GrayImage {
        let width = max(1, p.canvasWidth), height = max(1, p.canvasHeight)
        var random = SeededGenerator(seed: p.noiseSeed)
        var canvas = [Double](repeating: 0, count: width * height)
        paintBackground(&canvas, width: width, height: height, clutter: p.clutter, random: &random)

        // A code too big for the canvas is shown smaller, as a person would step back until it fits.
        let side = min(Double(max(1, source.current.width)) * p.moduleSize, 0.8 * Double(min(width, height)))
        let corners = codeCorners(side: side, parameters: p, random: &random)
        let toCanvas = Homography(unitSquareTo: corners)
        guard let toCode = toCanvas.inverse else { return GrayImage(width: width, height: height, fill: 128) }
        // The screen or sheet extends a third of the code's side beyond it on each side.
        let margin = 0.35
        let gridPeriod = 1 / (Double(max(1, source.current.width)) * p.screenPixelsPerModule)
        for y in 0..<height {
            for x in 0..<width {
                let (u, v) = toCode.apply(Double(x) + 0.5, Double(y) + 0.5)
                guard u > -margin, u < 1 + margin, v > -margin, v < 1 + margin else { continue }
                var dark = 0.0
                if u > -0.02, u < 1.02, v > -0.02, v < 1.02 {
                    // 2x2 supersampling inside the code: module edges are anti-aliased as a lens would.
                    for (dx, dy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
                        let (su, sv) = toCode.apply(Double(x) + dx, Double(y) + dy)
                        if su >= 0, su < 1, sv >= 0, sv < 1 { dark += source.darkness(su, sv) / 4 }
                    }
                }
                var level = p.whiteLevel - (p.whiteLevel - p.inkLevel) * dark
                if p.surface == .screen, p.moire > 0 {
                    // The screen's pixel grid: dark gaps between screen pixels, aliased by the camera's sampling.
                    let gu = (u / gridPeriod).truncatingRemainder(dividingBy: 1)
                    let gv = (v / gridPeriod).truncatingRemainder(dividingBy: 1)
                    let gap = (abs(gu) < 0.25 ? 1.0 : 0.0) + (abs(gv) < 0.25 ? 1.0 : 0.0)
                    level *= 1 - p.moire * gap / 2
                } else if p.surface == .paper {
                    level -= 6 * (sin(u * 37 + v * 11) * cos(v * 23 - u * 5))
                }
                canvas[y * width + x] = level
            }
        }
        if p.occlusion > 0 {
            // A finger: a dark-ish rounded blob covering one edge of the code.
            let (ex, ey) = toCanvas.apply(Double.random(in: 0...1, using: &random), Bool.random(using: &random) ? 1 : 0)
            let radius = p.occlusion * side
            fillDisc(&canvas, width: width, height: height, x: ex, y: ey, radius: radius, level: 90)
        }
        light(&canvas, width: width, height: height, parameters: p)
        var blurred = canvas.map { UInt8(clamping: Int($0.rounded())) }
        var image = GrayImage(width: width, height: height, pixels: blurred) ?? GrayImage(width: width, height: height)
        if p.defocus > 0 { image = image.boxBlurred(radius: p.defocus).boxBlurred(radius: p.defocus) }
        if p.motionLength > 1 { image = motionBlurred(image, length: p.motionLength, angle: p.motionAngle) }
        if p.noise > 0 {
            blurred = image.pixels
            for index in blurred.indices {
                // The sum of three uniforms is close enough to Gaussian for sensor noise.
                let sample = (Double.random(in: -1...1, using: &random) + Double.random(in: -1...1, using: &random)
                    + Double.random(in: -1...1, using: &random)) * p.noise
                blurred[index] = UInt8(clamping: Int((Double(blurred[index]) + sample).rounded()))
            }
            image.pixels = blurred
        }
        if let quality = p.jpegQuality, let bytes = try? JPEGCodec.encode(image, quality: quality),
            let decoded = try? JPEGCodec.decode(bytes, limits: .default)
        {
            image = decoded
        }
        return image
    }

    private static func codeCorners(side: Double, parameters p: Parameters, random: inout SeededGenerator)
        -> [(Double, Double)]
    {
        let cx = p.centerX * Double(p.canvasWidth), cy = p.centerY * Double(p.canvasHeight)
        let half = side / 2
        return [(-half, -half), (half, -half), (half, half), (-half, half)].map { corner in
            let jx = Double.random(in: -1...1, using: &random) * p.tilt * side
            let jy = Double.random(in: -1...1, using: &random) * p.tilt * side
            let x = corner.0 + jx, y = corner.1 + jy
            return (cx + x * cos(p.rotation) - y * sin(p.rotation), cy + x * sin(p.rotation) + y * cos(p.rotation))
        }
    }

    private static func paintBackground(
        _ canvas: inout [Double], width: Int, height: Int, clutter: Int, random: inout SeededGenerator
    ) {
        let base = Double.random(in: 60...160, using: &random)
        let slope = Double.random(in: -40...40, using: &random)
        for y in 0..<height {
            let level = base + slope * Double(y) / Double(height)
            for x in 0..<width { canvas[y * width + x] = level }
        }
        for _ in 0..<clutter {
            // Rectangles and discs of random gray: desks, keyboards, cables.
            let level = Double.random(in: 0...255, using: &random)
            let x0 = Int.random(in: 0..<width, using: &random), y0 = Int.random(in: 0..<height, using: &random)
            if Bool.random(using: &random) {
                let w = Int.random(in: 4...max(5, width / 4), using: &random)
                let h = Int.random(in: 4...max(5, height / 4), using: &random)
                for y in y0..<min(height, y0 + h) { for x in x0..<min(width, x0 + w) { canvas[y * width + x] = level } }
            } else {
                fillDisc(&canvas, width: width, height: height, x: Double(x0), y: Double(y0),
                    radius: Double.random(in: 3...60, using: &random), level: level)
            }
        }
    }

    private static func fillDisc(
        _ canvas: inout [Double], width: Int, height: Int, x: Double, y: Double, radius: Double, level: Double
    ) {
        let x0 = max(0, Int(x - radius)), x1 = min(width - 1, Int(x + radius))
        let y0 = max(0, Int(y - radius)), y1 = min(height - 1, Int(y + radius))
        guard x0 <= x1, y0 <= y1 else { return }
        for py in y0...y1 {
            let dy = Double(py) - y
            for px in x0...x1 where (Double(px) - x) * (Double(px) - x) + dy * dy <= radius * radius {
                canvas[py * width + px] = level
            }
        }
    }

    private static func light(_ canvas: inout [Double], width: Int, height: Int, parameters p: Parameters) {
        let dx = cos(p.lightAngle), dy = sin(p.lightAngle)
        let gx = p.glareX * Double(width), gy = p.glareY * Double(height)
        let spread = 2 * p.glareRadius * p.glareRadius
        for y in 0..<height {
            for x in 0..<width {
                let nx = Double(x) / Double(width) - 0.5, ny = Double(y) / Double(height) - 0.5
                var value = canvas[y * width + x] * (1 - p.lightGradient * (0.5 + nx * dx + ny * dy))
                if p.glare > 0 {
                    let distance = (Double(x) - gx) * (Double(x) - gx) + (Double(y) - gy) * (Double(y) - gy)
                    value += p.glare * exp(-distance / spread)
                }
                canvas[y * width + x] = value
            }
        }
    }

    private static func motionBlurred(_ image: GrayImage, length: Int, angle: Double) -> GrayImage {
        let offsets = (0..<length).map { step -> Int in
            let t = Double(step) - Double(length - 1) / 2
            return Int((t * sin(angle)).rounded()) * image.width + Int((t * cos(angle)).rounded())
        }
        var out = image.pixels
        let count = image.pixels.count
        for index in 0..<count {
            var sum = 0
            for offset in offsets {
                let source = index + offset
                sum += Int(image.pixels[source >= 0 && source < count ? source : index])
            }
            out[index] = UInt8(sum / length)
        }
        return GrayImage(width: image.width, height: image.height, pixels: out) ?? image
    }
}

extension CaptureSimulator.Tier {
    /// A fixed per-tier constant mixed into the seed, so tiers never share a random stream.
    var hashSeed: UInt64 {
        switch self {
        case .easy: return 0x1111
        case .medium: return 0x2222
        case .hard: return 0x3333
        }
    }
}

/// A projective map of the unit square onto a quadrilateral (Heckbert, "Fundamentals of Texture Mapping", §2.2).
struct Homography {
    var a, b, c, d, e, f, g, h, i: Double

    /// The map sending (0,0), (1,0), (1,1), (0,1) to `corners` in that order.
    init(unitSquareTo corners: [(Double, Double)]) {
        let (x0, y0) = corners[0], (x1, y1) = corners[1], (x2, y2) = corners[2], (x3, y3) = corners[3]
        let dx1 = x1 - x2, dx2 = x3 - x2, dx3 = x0 - x1 + x2 - x3
        let dy1 = y1 - y2, dy2 = y3 - y2, dy3 = y0 - y1 + y2 - y3
        let det = dx1 * dy2 - dx2 * dy1
        let g = abs(det) < 1e-12 ? 0 : (dx3 * dy2 - dx2 * dy3) / det
        let h = abs(det) < 1e-12 ? 0 : (dx1 * dy3 - dx3 * dy1) / det
        self.init(a: x1 - x0 + g * x1, b: x3 - x0 + h * x3, c: x0, d: y1 - y0 + g * y1, e: y3 - y0 + h * y3, f: y0,
            g: g, h: h, i: 1)
    }

    init(a: Double, b: Double, c: Double, d: Double, e: Double, f: Double, g: Double, h: Double, i: Double) {
        (self.a, self.b, self.c, self.d, self.e, self.f, self.g, self.h, self.i) = (a, b, c, d, e, f, g, h, i)
    }

    func apply(_ x: Double, _ y: Double) -> (Double, Double) {
        let w = g * x + h * y + i
        return ((a * x + b * y + c) / w, (d * x + e * y + f) / w)
    }

    /// The inverse map (the adjugate; the scale does not matter for a homography), nil when degenerate.
    var inverse: Homography? {
        let det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
        guard abs(det) > 1e-12 else { return nil }
        return Homography(a: e * i - f * h, b: c * h - b * i, c: b * f - c * e, d: f * g - d * i, e: a * i - c * g,
            f: c * d - a * f, g: d * h - e * g, h: b * g - a * h, i: a * e - b * d)
    }
}

/// A camera filming a screen that plays an animated QR code: one capture per displayed frame, some frames lost
/// (the camera or the scanner missed them) and some caught mid-refresh, showing the top of the next code over the
/// bottom of the previous one. The camera is hand-held: the geometry stays put, noise changes every frame.
public struct FilmedAnimation: Sendable {
    /// The animation's QR codes at one pixel per module, in display order (repeats allowed).
    public var codes: [GrayImage]
    /// The capture conditions shared by all frames.
    public var parameters: CaptureSimulator.Parameters
    /// Fraction of frames lost, and fraction of the rest caught mid-refresh.
    public var dropRate: Double
    /// Fraction of the delivered frames caught mid-refresh.
    public var blendRate: Double
    /// Seed for which frames are lost or blended.
    public var seed: UInt64

    /// A film of `codes` under `tier` conditions; all randomness comes from `seed`.
    public init(codes: [GrayImage], tier: CaptureSimulator.Tier, seed: UInt64, dropRate: Double = 0.2,
        blendRate: Double = 0.1, canvasWidth: Int = 1280, canvasHeight: Int = 720)
    {
        self.codes = codes
        parameters = CaptureSimulator.Parameters(tier: tier, seed: seed, canvasWidth: canvasWidth,
            canvasHeight: canvasHeight)
        self.dropRate = dropRate
        self.blendRate = blendRate
        self.seed = seed
    }

    /// What the camera delivered for displayed frame `index`: nil when the frame was lost.
    public func frame(_ index: Int) -> GrayImage? {
        guard !codes.isEmpty, index >= 0 else { return nil }
        var random = SeededGenerator(seed: seed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
        if Double.random(in: 0..<1, using: &random) < dropRate { return nil }
        var frameParameters = parameters
        frameParameters.noiseSeed = random.next()
        // A hand-held camera drifts by a pixel or two between frames.
        frameParameters.centerX += Double.random(in: -0.002...0.002, using: &random)
        frameParameters.centerY += Double.random(in: -0.002...0.002, using: &random)
        let code = codes[index % codes.count]
        if Double.random(in: 0..<1, using: &random) < blendRate {
            let next = codes[(index + 1) % codes.count]
            return CaptureSimulator.captureBlend(from: code, to: next,
                refreshLine: Double.random(in: 0.2...0.8, using: &random), parameters: frameParameters)
        }
        return CaptureSimulator.capture(code, parameters: frameParameters)
    }
}
