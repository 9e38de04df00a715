/// QR error-correction level (ISO/IEC 18004:2015 §7.5.1): the share of codewords that can be lost and recovered,
/// about 7 % (L), 15 % (M), 25 % (Q) and 30 % (H).
public enum QRErrorCorrection: String, Sendable, CaseIterable, Hashable {
    /// About 7 % of codewords recoverable.
    case low = "L"
    /// About 15 % of codewords recoverable.
    case medium = "M"
    /// About 25 % of codewords recoverable.
    case quartile = "Q"
    /// About 30 % of codewords recoverable.
    case high = "H"

    /// Position in the ISO/IEC 18004 tables, which list L, M, Q, H in that order.
    var tableIndex: Int {
        switch self {
        case .low: return 0
        case .medium: return 1
        case .quartile: return 2
        case .high: return 3
        }
    }
}

/// The data mode a symbol's payload was written in (ISO/IEC 18004:2015 §7.4.4 and §7.4.5).
public enum QRMode: String, Sendable, Hashable {
    /// 45-character alphabet, 11 bits per 2 characters: an uppercase UR costs 5.5 bits a character.
    case alphanumeric
    /// 8 bits per byte, for text outside the alphanumeric alphabet.
    case byte
}

/// One QR symbol as a square matrix of modules, without the quiet zone (renderers add it).
/// A plain value: libqrencode's buffer is copied out and freed before this exists.
public struct QRCode: Sendable, Equatable {
    /// QR version, 1...40; the symbol is `17 + 4 * version` modules on a side (ISO/IEC 18004:2015 §5.3.1).
    public let version: Int
    /// Error-correction level the symbol was built with.
    public let ecc: QRErrorCorrection
    /// Data mode of the payload.
    public let mode: QRMode
    /// Modules on a side, quiet zone excluded.
    public let size: Int
    /// Row-major modules, `true` is dark.
    public let modules: [Bool]

    /// The quiet zone ISO/IEC 18004:2015 §5.3.8 requires around a symbol, in modules.
    public static let quietZone = 4

    /// Builds a symbol from its modules; `modules.count` must be `size * size` and `size` must match `version`.
    public init?(version: Int, ecc: QRErrorCorrection, mode: QRMode, modules: [Bool]) {
        let size = 17 + 4 * version
        guard (1...40).contains(version), modules.count == size * size else { return nil }
        self.version = version
        self.ecc = ecc
        self.mode = mode
        self.size = size
        self.modules = modules
    }

    /// Whether the module at column `x`, row `y` is dark; positions outside the symbol (the quiet zone) are light.
    public subscript(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    /// Number of dark modules.
    public var darkModuleCount: Int { modules.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// Runs of dark modules per row, as (x, y, length) in module units: what the vector renderers draw as one
    /// rectangle each, so that a symbol is a few hundred rectangles instead of thousands.
    public var darkRuns: [(x: Int, y: Int, length: Int)] {
        var runs: [(x: Int, y: Int, length: Int)] = []
        for y in 0..<size {
            var x = 0
            while x < size {
                guard modules[y * size + x] else {
                    x += 1
                    continue
                }
                let start = x
                while x < size, modules[y * size + x] { x += 1 }
                runs.append((start, y, x - start))
            }
        }
        return runs
    }
}

/// Size and margin of a rendered symbol, shared by every renderer.
public struct QRRenderStyle: Sendable, Equatable {
    /// Pixels (or points, or terminal cells) per module.
    public var moduleSize: Int
    /// Light border in modules; ISO/IEC 18004:2015 §5.3.8 asks for 4.
    public var margin: Int

    /// A style; throws `OpticalError.invalidRenderParameter` for a module size outside 1...100 or a margin
    /// outside 0...100, bounds that keep every image allocation small.
    public init(moduleSize: Int = 8, margin: Int = QRCode.quietZone) throws {
        guard (1...100).contains(moduleSize) else {
            throw OpticalError.invalidRenderParameter(name: "module size", value: String(moduleSize))
        }
        guard (0...100).contains(margin) else {
            throw OpticalError.invalidRenderParameter(name: "margin", value: String(margin))
        }
        self.moduleSize = moduleSize
        self.margin = margin
    }

    /// The style most renderers default to: 8 pixels a module and the standard 4-module quiet zone.
    public static let standard = QRRenderStyle(checkedModuleSize: 8, margin: QRCode.quietZone)

    private init(checkedModuleSize: Int, margin: Int) {
        moduleSize = checkedModuleSize
        self.margin = margin
    }

    /// Side of the rendered square in pixels for a symbol of `size` modules.
    public func side(for size: Int) -> Int { (size + 2 * margin) * moduleSize }
}

extension QRCode {
    /// Rasterizes the symbol with its margin: dark modules 0, light 255. Rows are built once per module row and
    /// copied, so a 1280x720-sized frame costs a few memory copies.
    public func image(style: QRRenderStyle = .standard) -> GrayImage {
        let side = style.side(for: size)
        var image = GrayImage(width: side, height: side, fill: 255)
        drawRows(into: &image, originX: 0, originY: 0, style: style)
        return image
    }

    /// Rasterizes the symbol centred on a `width` x `height` light canvas with the largest whole module size that
    /// fits with the margin: the frame of a screen or a video. Throws when even one pixel a module does not fit.
    public func image(fitting width: Int, _ height: Int, margin: Int = QRCode.quietZone) throws -> GrayImage {
        guard (0...100).contains(margin) else {
            throw OpticalError.invalidRenderParameter(name: "margin", value: String(margin))
        }
        let span = size + 2 * margin
        let moduleSize = min(width, height) / span
        guard moduleSize >= 1, width <= 16_384, height <= 16_384 else {
            throw OpticalError.invalidRenderParameter(name: "canvas", value: "\(width)x\(height)")
        }
        let style = try QRRenderStyle(moduleSize: min(moduleSize, 100), margin: margin)
        let side = style.side(for: size)
        var image = GrayImage(width: width, height: height, fill: 255)
        drawRows(into: &image, originX: (width - side) / 2, originY: (height - side) / 2, style: style)
        return image
    }

    private func drawRows(into image: inout GrayImage, originX: Int, originY: Int, style: QRRenderStyle) {
        let unit = style.moduleSize
        let left = originX + style.margin * unit
        let top = originY + style.margin * unit
        let width = image.width
        var row = [UInt8](repeating: 255, count: size * unit)
        for y in 0..<size {
            for x in 0..<size {
                let value: UInt8 = modules[y * size + x] ? 0 : 255
                for i in 0..<unit { row[x * unit + i] = value }
            }
            for line in 0..<unit {
                let start = (top + y * unit + line) * width + left
                image.pixels.replaceSubrange(start..<(start + row.count), with: row)
            }
        }
    }
}
