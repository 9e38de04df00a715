import UniformResources

/// LifeHash, Blockchain Commons' visual hash: a small symmetric picture of a digest that people can compare at a
/// glance (bc-lifehash; "LifeHash: A Beautiful Method for Digest Visualization").
///
/// The digest seeds Conway's Game of Life on a toroidal grid, which runs until a state repeats or a generation
/// limit; the generations are overlaid, newest brightest, into a grid of fractions, which a gradient chosen by the
/// digest's bits colours and a chosen symmetry mirrors. Images match the C++ reference bit for bit.
public enum LifeHash {
    /// The LifeHash versions of the reference (`lifehash.hpp`, `enum class Version`).
    public enum Version: String, CaseIterable, Sendable {
        /// The first version (HSB gamut); deprecated by the reference but still drawn identically.
        case version1
        /// The recommended version: CMYK-friendly gamut, 32×32.
        case version2
        /// Double resolution (a 32×32 Life grid, a 64×64 image).
        case detailed
        /// High-contrast, without symmetry, for machine vision; 32×32.
        case fiducial
        /// A grayscale fiducial; 32×32.
        case grayscaleFiducial = "grayscale_fiducial"
    }

    /// The LifeHash of a UTF-8 string: the image of its SHA-256 digest (`make_from_utf8`). The caller normalises
    /// the Unicode if it needs to.
    public static func image(utf8 text: String, version: Version = .version2) -> RGBImage {
        image(data: Array(text.utf8), version: version)
    }

    /// The LifeHash of arbitrary bytes: the image of their SHA-256 digest (`make_from_data`).
    public static func image(data: [UInt8], version: Version = .version2) -> RGBImage {
        drawDigest(SHA256.hash(data), version: version)
    }

    /// The picture the sheets and the devices draw for a hash: a 32-byte digest directly (`make_from_digest`),
    /// anything else through its SHA-256 (`make_from_data`).
    public static func image(hash: [UInt8], version: Version = .version2) -> RGBImage {
        hash.count == 32 ? drawDigest(hash, version: version) : image(data: hash, version: version)
    }

    /// The LifeHash of a 32-byte digest (`make_from_digest`).
    /// - Throws: `SheetError.invalidDigestLength` unless there are exactly 32 bytes.
    public static func image(digest: [UInt8], version: Version = .version2) throws -> RGBImage {
        guard digest.count == 32 else { throw SheetError.invalidDigestLength(digest.count) }
        return drawDigest(digest, version: version)
    }

    static func drawDigest(_ digest: [UInt8], version: Version) -> RGBImage {
        let side: Int
        let maxGenerations: Int
        let seed: [UInt8]
        switch version {
        case .version1:
            (side, maxGenerations, seed) = (16, 150, digest)
        case .version2:
            // Hashed once more so that version2 in no way resembles version1.
            (side, maxGenerations, seed) = (16, 150, SHA256.hash(digest))
        case .detailed, .fiducial, .grayscaleFiducial:
            // Hashed once more for grayscale so it does not resemble the colour fiducial; then four chained
            // digests fill the 32×32 grid's 1024 bits.
            let first = version == .grayscaleFiducial ? SHA256.hash(digest) : digest
            let second = SHA256.hash(first)
            let third = SHA256.hash(second)
            (side, maxGenerations, seed) = (32, 300, first + second + third + SHA256.hash(third))
        }

        let history = LifeGrid(side: side, bits: seed).history(maxGenerations: maxGenerations)
        var fractions = overlay(history, side: side)
        // The reference normalises to [0, 1] for every version after version1, which it left as it was.
        if version != .version1, let low = fractions.min(), let high = fractions.max() {
            fractions = fractions.map { LifeHashMath.lerpFrom(low, high, $0) }
        }

        var entropy = LifeHashBits(digest)
        switch version {
        case .detailed:
            // Bits thrown away so detailed picks different colours and patterns from version1...
            _ = entropy.next()
        case .version2:
            // ...and version2 from both.
            _ = entropy.nextUInt2()
        default:
            break
        }
        let gradient = LifeHashGradient.select(&entropy, version: version)
        let symmetry = LifeHashSymmetry.select(&entropy, version: version)
        return symmetry.paint(fractions, side: side, gradient: gradient)
    }

    /// Onion-skins the generations: each live cell takes the fraction (i + 1) / count of the latest generation
    /// i in which it is alive, and cells never alive stay 0.
    static func overlay(_ history: [[Bool]], side: Int) -> [Double] {
        var fractions = [Double](repeating: 0, count: side * side)
        let count = Double(history.count)
        for (index, generation) in history.enumerated() {
            let fraction = LifeHashMath.clamped(LifeHashMath.lerpFrom(0, count, Double(index + 1)))
            for cell in generation.indices where generation[cell] {
                fractions[cell] = fraction
            }
        }
        return fractions
    }
}

/// The symmetry that turns the fraction grid into the picture (`patterns.cpp`, `color-grid.cpp`).
enum LifeHashSymmetry {
    /// Mirrored about both central axes into a grid twice the size.
    case snowflake
    /// Rotated about the centre into a grid twice the size.
    case pinwheel
    /// Drawn as it is.
    case fiducial

    static func select(_ entropy: inout LifeHashBits, version: LifeHash.Version) -> LifeHashSymmetry {
        switch version {
        case .fiducial, .grayscaleFiducial: return .fiducial
        default: return entropy.next() ? .snowflake : .pinwheel
        }
    }

    /// Each copy as (transpose, reflect x, reflect y), applied in that order.
    var transforms: [(transpose: Bool, reflectX: Bool, reflectY: Bool)] {
        switch self {
        case .snowflake:
            return [(false, false, false), (false, true, false), (false, false, true), (false, true, true)]
        case .pinwheel: return [(false, false, false), (true, true, false), (true, false, true), (false, true, true)]
        case .fiducial: return [(false, false, false)]
        }
    }

    func paint(_ fractions: [Double], side: Int, gradient: LifeHashGradient) -> RGBImage {
        let outSide = self == .fiducial ? side : side * 2
        let last = outSide - 1
        var rgb = [UInt8](repeating: 0, count: outSide * outSide * 3)
        for y in 0..<side {
            for x in 0..<side {
                let color = gradient(fractions[y * side + x])
                let bytes = [color.r, color.g, color.b].map { UInt8(LifeHashMath.clamped($0) * 255) }
                for transform in transforms {
                    var (px, py) = transform.transpose ? (y, x) : (x, y)
                    if transform.reflectX { px = last - px }
                    if transform.reflectY { py = last - py }
                    let offset = (py * outSide + px) * 3
                    rgb[offset] = bytes[0]
                    rgb[offset + 1] = bytes[1]
                    rgb[offset + 2] = bytes[2]
                }
            }
        }
        return RGBImage(width: outSide, height: outSide, rgb: rgb)
    }
}

/// A square toroidal Game of Life board, cells row-major.
struct LifeGrid {
    let side: Int
    var cells: [Bool]

    /// A board from bits, most significant bit of each byte first, row-major (`CellGrid::set_data`).
    init(side: Int, bits: [UInt8]) {
        self.side = side
        cells = (0..<(side * side)).map { index in
            bits[index / 8] & (0x80 >> UInt8(index % 8)) != 0
        }
    }

    /// Every generation from this one until one repeats an earlier state (which is left out) or the limit.
    func history(maxGenerations: Int) -> [[Bool]] {
        var seen = Set<[Bool]>()
        var generations: [[Bool]] = []
        var current = self
        while generations.count < maxGenerations {
            if !seen.insert(current.cells).inserted { break }
            generations.append(current.cells)
            current = current.nextGeneration()
        }
        return generations
    }

    /// Conway's rules (born with 3 neighbours, survives with 2 or 3), the edges wrapping around.
    func nextGeneration() -> LifeGrid {
        var next = self
        for y in 0..<side {
            for x in 0..<side {
                var neighbours = 0
                for dy in -1...1 {
                    for dx in -1...1 where dx != 0 || dy != 0 {
                        let nx = (x + dx + side) % side
                        let ny = (y + dy + side) % side
                        if cells[ny * side + nx] { neighbours += 1 }
                    }
                }
                let alive = cells[y * side + x]
                next.cells[y * side + x] = neighbours == 3 || (alive && neighbours == 2)
            }
        }
        return next
    }
}

/// Reads a digest's bits, most significant first, singly or in small unsigned groups (`BitEnumerator`).
struct LifeHashBits {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next bit; past the end (never reached by any version's choices) it reads as 0.
    mutating func next() -> Bool {
        defer { position += 1 }
        guard position / 8 < bytes.count else { return false }
        return bytes[position / 8] & (0x80 >> UInt8(position % 8)) != 0
    }

    mutating func next(bits count: Int) -> Int {
        var value = 0
        for _ in 0..<count { value = value << 1 | (next() ? 1 : 0) }
        return value
    }

    mutating func nextUInt2() -> Int { next(bits: 2) }
    mutating func nextUInt8() -> Int { next(bits: 8) }

    /// Sixteen bits as a fraction of 65535.
    mutating func nextFraction() -> Double { Double(next(bits: 16)) / 65535.0 }
}
