/// Heliograph's own search for QR codes it may not be able to read: zxing-cpp 1.4 drops every code whose data fails
/// error correction, and zbar reports only what it decodes, so "found 9 codes, read 6" needs a locator of its own.
/// A QR code has three finder patterns (7x7 squares, dark:light:dark:light:dark in 1:1:3:1:1 along any line
/// through the centre); three of them at the corners of a near-square make one code.
struct FinderPattern: Sendable, Equatable {
    /// Centre in pixels.
    var x: Double
    var y: Double
    /// Estimated module size in pixels.
    var module: Double
    /// Rows that agreed on this pattern.
    var hits: Int
}

extension GrayImage {
    /// Finder patterns in the image: rows scanned every `rowStep` pixels against a local threshold (the mean of
    /// 32x32 blocks around each pixel's block), each row hit checked down its column, hits clustered; a pattern
    /// needs two rows. At most `limit` patterns (a hostile frame of thousands gives the first `limit`).
    func finderPatterns(rowStep: Int = 2, limit: Int = 256, mask: [Bool]? = nil) -> [FinderPattern] {
        guard width >= 21, height >= 21, pixels.count == width * height, rowStep > 0 else { return [] }
        let dark = mask.flatMap { $0.count == pixels.count ? $0 : nil } ?? localThresholdMask()
        var found: [FinderPattern] = []
        var candidates = 0
        for y in stride(from: 0, to: height, by: rowStep) {
            var runs = [0, 0, 0, 0, 0]
            var count = 0
            var previous = false
            let row = y * width
            for x in 0...width {
                let isDark = x < width && dark[row + x]
                if x < width, x > 0, isDark == previous {
                    runs[4] += 1
                    continue
                }
                // A run ends at x: when five runs ending in a dark one match, test the pattern.
                if x > 0, previous, count >= 5, Self.isFinderRatio(runs) {
                    let centerX = Double(x - runs[4] - runs[3]) - Double(runs[2]) / 2
                    let total = Double(runs.reduce(0, +))
                    if let vertical = verticalCheck(dark, x: Int(centerX), y: y, total: total) {
                        candidates += 1
                        Self.add(FinderPattern(x: centerX, y: vertical.y, module: (total + vertical.total) / 14,
                            hits: 1), to: &found)
                        if found.count >= limit * 4 || candidates > 64 * limit { break }
                    }
                }
                guard x < width else { break }
                runs.removeFirst()
                runs.append(1)
                count += 1
                previous = isDark
            }
            if found.count >= limit * 4 || candidates > 64 * limit { break }
        }
        return Array(found.filter { $0.hits >= 2 }.prefix(limit))
    }

    /// Codes outlined by the finder patterns in the image, each as its four corners (see `FinderPattern.codes`).
    func locatedCodes(limit: Int = 64) -> [[(x: Double, y: Double)]] {
        guard width >= 21, height >= 21, pixels.count == width * height else { return [] }
        let mask = localThresholdMask()
        let binary = GrayImage(width: width, height: height, pixels: mask.map { $0 ? 0 : 255 })
        return FinderPattern.codes(from: finderPatterns(mask: mask), timing: binary, limit: limit)
    }

    /// Dark pixels: darker than the mean of the 5x5 blocks of 8x8 around their block, and by at least 4 levels.
    func localThresholdMask() -> [Bool] {
        let block = 8
        let columns = (width + block - 1) / block, rows = (height + block - 1) / block
        var sums = [Int](repeating: 0, count: columns * rows)
        var counts = [Int](repeating: 0, count: columns * rows)
        for y in 0..<height {
            let blockRow = (y / block) * columns
            for x in 0..<width {
                sums[blockRow + x / block] += Int(pixels[y * width + x])
                counts[blockRow + x / block] += 1
            }
        }
        var thresholds = [Int](repeating: 0, count: columns * rows)
        for by in 0..<rows {
            for bx in 0..<columns {
                var sum = 0, count = 0
                for ny in max(0, by - 2)...min(rows - 1, by + 2) {
                    for nx in max(0, bx - 2)...min(columns - 1, bx + 2) {
                        sum += sums[ny * columns + nx]
                        count += counts[ny * columns + nx]
                    }
                }
                thresholds[by * columns + bx] = sum / max(count, 1) - 4
            }
        }
        var mask = [Bool](repeating: false, count: pixels.count)
        for y in 0..<height {
            let blockRow = (y / block) * columns
            for x in 0..<width where Int(pixels[y * width + x]) < thresholds[blockRow + x / block] {
                mask[y * width + x] = true
            }
        }
        return mask
    }

    /// 1:1:3:1:1 within half a module on the outer runs and a module and a half on the centre, at least a pixel a
    /// module.
    private static func isFinderRatio(_ runs: [Int]) -> Bool {
        let total = runs.reduce(0, +)
        guard total >= 7 else { return false }
        let module = Double(total) / 7, slack = module / 2
        return abs(Double(runs[0]) - module) < slack && abs(Double(runs[1]) - module) < slack
            && abs(Double(runs[2]) - 3 * module) < 3 * slack && abs(Double(runs[3]) - module) < slack
            && abs(Double(runs[4]) - module) < slack
    }

    /// The same pattern down column `x` through row `y`: the centre's vertical middle and the pattern's height, or
    /// nil when the column does not show 1:1:3:1:1 of about the row's size.
    private func verticalCheck(_ dark: [Bool], x: Int, y: Int, total: Double) -> (y: Double, total: Double)? {
        guard x >= 0, x < width, dark[y * width + x] else { return nil }
        let reach = Int(total * 1.5) + 2
        func run(from start: Int, step: Int, isDark: Bool) -> Int {
            var length = 0, row = start
            while row >= 0, row < height, dark[row * width + x] == isDark, length <= reach {
                length += 1
                row += step
            }
            return length
        }
        let up = run(from: y, step: -1, isDark: true), down = run(from: y + 1, step: 1, isDark: true)
        let top = y - up + 1, bottom = y + down + 1
        let lightAbove = run(from: top - 1, step: -1, isDark: false)
        let lightBelow = run(from: bottom, step: 1, isDark: false)
        let darkAbove = run(from: top - 1 - lightAbove, step: -1, isDark: true)
        let darkBelow = run(from: bottom + lightBelow, step: 1, isDark: true)
        let runs = [darkAbove, lightAbove, up + down, lightBelow, darkBelow]
        let vertical = Double(runs.reduce(0, +))
        guard Self.isFinderRatio(runs), vertical > total / 2, vertical < total * 2 else { return nil }
        return (Double(top) + Double(up + down) / 2, vertical)
    }

    /// Merges a row's hit into a pattern within two modules of it, or adds it.
    private static func add(_ hit: FinderPattern, to found: inout [FinderPattern]) {
        for index in found.indices {
            let other = found[index]
            let reach = max(2 * max(other.module, hit.module), 3)
            guard abs(other.x - hit.x) <= reach, abs(other.y - hit.y) <= reach else { continue }
            let weight = Double(other.hits)
            found[index].x = (other.x * weight + hit.x) / (weight + 1)
            found[index].y = (other.y * weight + hit.y) / (weight + 1)
            found[index].module = (other.module * weight + hit.module) / (weight + 1)
            found[index].hits += 1
            return
        }
        found.append(hit)
    }
}

extension FinderPattern {
    /// Codes that `patterns` outline: each a corner pattern with two others at about the same distance (14 to 180
    /// modules) at about a right angle, of about the same module size; each pattern used once. Corners are the
    /// code's outer corners (top left, top right, bottom right, bottom left), a parallelogram through the three
    /// centres pushed out by 3.5 modules: close enough for the upright resampling to find the code in its margin.
    /// `timing`, when given, is the thresholded image the patterns came from: a triple is then kept only if the
    /// timing patterns (alternating modules three modules in from the finder centres) run between its corner and
    /// both others, which tells a code's own finders from the neighbours' on a page of codes in a grid.
    static func codes(from patterns: [FinderPattern], timing: GrayImage? = nil, limit: Int = 64)
        -> [[(x: Double, y: Double)]]
    {
        // The search below is cubic in the patterns: the first 96 (32 codes' worth) are enough for a page.
        let patterns = Array(patterns.prefix(96))
        var used = [Bool](repeating: false, count: patterns.count)
        var codes: [[(x: Double, y: Double)]] = []
        for (a, corner) in patterns.enumerated() where !used[a] {
            var best: (b: Int, c: Int, score: Double)?
            for b in patterns.indices where b != a && !used[b] {
                for c in patterns.indices where c > b && c != a && !used[c] {
                    guard let score = triangleScore(corner, patterns[b], patterns[c]),
                        timing.map({ hasTiming($0, corner, patterns[b], patterns[c]) }) ?? true
                    else { continue }
                    if best.map({ score < $0.score }) ?? true { best = (b, c, score) }
                }
            }
            guard let best else { continue }
            var right = patterns[best.b], down = patterns[best.c]
            // Clockwise in image coordinates (y down): top left, top right, then bottom left.
            if (right.x - corner.x) * (down.y - corner.y) - (right.y - corner.y) * (down.x - corner.x) < 0 {
                swap(&right, &down)
            }
            used[a] = true
            used[best.b] = true
            used[best.c] = true
            let across = (x: right.x - corner.x, y: right.y - corner.y)
            let along = (x: down.x - corner.x, y: down.y - corner.y)
            let acrossLength = (across.x * across.x + across.y * across.y).squareRoot()
            let alongLength = (along.x * along.x + along.y * along.y).squareRoot()
            // 3.5 modules out along each axis, as a fraction of the centre-to-centre distance.
            let pushAcross = 3.5 * corner.module / acrossLength, pushAlong = 3.5 * corner.module / alongLength
            func point(_ u: Double, _ v: Double) -> (x: Double, y: Double) {
                (corner.x + u * across.x + v * along.x, corner.y + u * across.y + v * along.y)
            }
            codes.append([point(-pushAcross, -pushAlong), point(1 + pushAcross, -pushAlong),
                point(1 + pushAcross, 1 + pushAlong), point(-pushAcross, 1 + pushAlong)])
            if codes.count >= limit { break }
        }
        return codes
    }

    /// Whether the timing patterns run from `a` towards `b` and `c`: along the line three modules in from the
    /// line of centres, on the side of the third pattern, at least 70% of the module steps change colour.
    private static func hasTiming(_ image: GrayImage, _ a: FinderPattern, _ b: FinderPattern, _ c: FinderPattern)
        -> Bool
    {
        func alternates(to end: FinderPattern, inward other: FinderPattern) -> Bool {
            let dx = end.x - a.x, dy = end.y - a.y, length = (dx * dx + dy * dy).squareRoot()
            let ox = other.x - a.x, oy = other.y - a.y, otherLength = (ox * ox + oy * oy).squareRoot()
            let module = (a.module + end.module) / 2
            let steps = Int(length / module) - 7
            guard length > 0, otherLength > 0, steps >= 4, steps <= 200 else { return false }
            var changes = 0
            var last: Bool?
            for step in 0...steps {
                let t = (3.5 * module + Double(step) * module) / length
                let x = a.x + t * dx + 3 * module * ox / otherLength, y = a.y + t * dy + 3 * module * oy / otherLength
                guard x >= 0, y >= 0, x < Double(image.width), y < Double(image.height) else { return false }
                let isDark = image[Int(x), Int(y)] < 128
                if let last, last != isDark { changes += 1 }
                last = isDark
            }
            return Double(changes) >= 0.7 * Double(steps)
        }
        return alternates(to: b, inward: c) && alternates(to: c, inward: b)
    }

    /// How far `a`, `b`, `c` are from a right isosceles triangle with its right angle at `a`, nil when too far.
    private static func triangleScore(_ a: FinderPattern, _ b: FinderPattern, _ c: FinderPattern) -> Double? {
        let module = a.module
        guard module > 0, b.module / module > 0.6, b.module / module < 1.6, c.module / module > 0.6,
            c.module / module < 1.6
        else { return nil }
        let ab = (x: b.x - a.x, y: b.y - a.y), ac = (x: c.x - a.x, y: c.y - a.y)
        let lengthB = (ab.x * ab.x + ab.y * ab.y).squareRoot(), lengthC = (ac.x * ac.x + ac.y * ac.y).squareRoot()
        guard lengthB >= 14 * module, lengthC >= 14 * module, lengthB <= 180 * module, lengthC <= 180 * module
        else { return nil }
        let ratio = lengthB / lengthC
        let cosine = (ab.x * ac.x + ab.y * ac.y) / (lengthB * lengthC)
        guard ratio > 0.7, ratio < 1.43, abs(cosine) < 0.35 else { return nil }
        return abs(1 - ratio) + abs(cosine)
    }
}
